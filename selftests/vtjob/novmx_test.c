// SPDX-License-Identifier: GPL-2.0
/*
 * On a CPU without VMX (QEMU's TCG offers AMD SVM instead) the module must
 * refuse to load, say why, and leave nothing behind; vtjobctl doctor must
 * say the host cannot run jobs.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "lib/cpus.h"
#include "lib/kmsg.h"
#include "lib/module.h"
#include "lib/run.h"

TEST(cpu_has_no_vmx)
{
	ASSERT_FALSE(vtj_cpu_has_vmx());
}

TEST(load_fails_enodev_and_names_vmx)
{
	int kmsg = vtj_kmsg_open();
	char *log;

	ASSERT_LE(0, kmsg);
	EXPECT_EQ(-ENODEV, vtj_insmod(vtj_module_path()));
	log = vtj_kmsg_read(kmsg);
	ASSERT_NE(NULL, log);
	EXPECT_NE(NULL, strstr(log, "vtjob: this CPU has no VMX"))
		TH_LOG("kernel log: %s", log);
	free(log);
	close(kmsg);

	EXPECT_FALSE(vtj_module_loaded("vtjob"));
	EXPECT_EQ(-1, access(VTJ_DEV, F_OK));
}

TEST(doctor_says_host_cannot_run_jobs)
{
	char *out = NULL;
	int status;

	status = vtj_run("vtjobctl doctor", &out);
	ASSERT_NE(NULL, out);
	TH_LOG("vtjobctl doctor:\n%s", out);
	EXPECT_EQ(1, status);
	EXPECT_NE(NULL, strstr(out, "vtjob: this host cannot run jobs"));
	EXPECT_NE(NULL, strstr(out, "AuthenticAMD"));
	free(out);
}

/* Without the module, each command says so in one line and exits 125. */
TEST(commands_say_module_not_loaded)
{
	static const char *const commands[] = {
		"vtjobctl status", "vtjobctl reserve 1", "vtjobctl release all",
	};
	unsigned int i;

	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		char *out = NULL;
		int status = vtj_run(commands[i], &out);

		ASSERT_NE(NULL, out);
		/* vtjobctl's own failure, as timeout(1) and env(1) have it. */
		EXPECT_EQ(125, status) TH_LOG("%s", commands[i]);
		EXPECT_NE(NULL, strstr(out, "vtjob module is not loaded"))
			TH_LOG("%s: %s", commands[i], out);
		/* One line: the only newline ends it. */
		EXPECT_EQ(strchr(out, '\n'), out + strlen(out) - 1)
			TH_LOG("%s: %s", commands[i], out);
		free(out);
	}
}

TEST_HARNESS_MAIN
