// SPDX-License-Identifier: GPL-2.0
/*
 * Loading and unloading the module on a CPU with VMX: what it reports, and
 * that repeated cycles leak nothing.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "lib/cpus.h"
#include "lib/files.h"
#include "lib/kmsg.h"
#include "lib/mem.h"
#include "lib/module.h"
#include "lib/run.h"

#define LOAD_CYCLES		20
#define VMX_CYCLES_PER_LOAD	25	/* as in RESERVE_RELEASE_LOOP */
/*
 * A page leaked per VMX entry would lose LOAD_CYCLES * VMX_CYCLES_PER_LOAD
 * pages, 2000 KiB; allow half of that for per-CPU page caches and slabs.
 */
#define LEAK_LIMIT_KB		1000

#define RESERVE_RELEASE_LOOP						\
	"for i in $(seq 25); do "					\
	"vtjobctl reserve --no-isolate 1 >/dev/null && "		\
	"vtjobctl release 1 >/dev/null || exit 1; done"

FIXTURE(load) {
	int kmsg;
};

FIXTURE_SETUP(load)
{
	ASSERT_TRUE(vtj_cpu_has_vmx());
	if (vtj_module_loaded("vtjob"))
		ASSERT_EQ(0, vtj_rmmod("vtjob"));
	self->kmsg = vtj_kmsg_open();
	ASSERT_LE(0, self->kmsg);
}

FIXTURE_TEARDOWN(load)
{
	close(self->kmsg);
}

TEST_F(load, reports_capabilities)
{
	char *log, *caps;

	ASSERT_EQ(0, vtj_insmod(vtj_module_path()));
	log = vtj_kmsg_read(self->kmsg);
	ASSERT_NE(NULL, log);
	EXPECT_NE(NULL, strstr(log, "vtjob: VMX ready: VMCS revision 0x"))
		TH_LOG("kernel log: %s", log);
	/* Bochs's Haswell model offers every optional feature. */
	EXPECT_NE(NULL, strstr(log, "optional: vpid ept-2m unrestricted-guest"));
	free(log);

	caps = vtj_read_file(VTJ_DEBUGFS "/caps");
	ASSERT_NE(NULL, caps);
	EXPECT_NE(NULL, strstr(caps, "feature ept_4level: yes (required)"));
	EXPECT_NE(NULL, strstr(caps, "feature ept_wb: yes (required)"));
	EXPECT_NE(NULL, strstr(caps, "feature preemption_timer: yes (required)"));
	EXPECT_NE(NULL, strstr(caps, "feature ack_intr_on_exit: yes (required)"));
	EXPECT_NE(NULL, strstr(caps, "feature vpid: yes (optional)"));
	EXPECT_EQ(NULL, strstr(caps, ": no (required)"));
	TH_LOG("%s", caps);
	free(caps);
	EXPECT_EQ(0, vtj_rmmod("vtjob"));
}

TEST_F(load, unload_removes_device)
{
	ASSERT_EQ(0, vtj_insmod(vtj_module_path()));
	EXPECT_EQ(0, access(VTJ_DEV, F_OK));
	ASSERT_EQ(0, vtj_rmmod("vtjob"));
	EXPECT_EQ(-1, access(VTJ_DEV, F_OK));
	EXPECT_EQ(ENOENT, errno);
	EXPECT_FALSE(vtj_module_loaded("vtjob"));
}

TEST_F_TIMEOUT(load, cycles_leak_nothing, 900)
{
	long before, after;
	char *log;
	int i;

	/* Warm up: the first load populates caches that stay. */
	ASSERT_EQ(0, vtj_insmod(vtj_module_path()));
	ASSERT_EQ(0, vtj_rmmod("vtjob"));
	before = vtj_settled_free_kb();
	ASSERT_LT(0, before);

	for (i = 0; i < LOAD_CYCLES; i++) {
		char *out = NULL;

		ASSERT_EQ(0, vtj_insmod(vtj_module_path()));
		ASSERT_EQ(0, vtj_run(RESERVE_RELEASE_LOOP, &out))
			TH_LOG("%s", out);
		free(out);
		/* Unload with a CPU still in VMX operation, too. */
		ASSERT_EQ(0, vtj_reserve_no_isolate("1"));
		ASSERT_EQ(0, vtj_rmmod("vtjob"));
	}

	after = vtj_settled_free_kb();
	TH_LOG("free memory %ld kB before, %ld kB after %d cycles",
	       before, after, LOAD_CYCLES);
	EXPECT_GT(LEAK_LIMIT_KB, before - after);

	log = vtj_kmsg_read(self->kmsg);
	ASSERT_NE(NULL, log);
	EXPECT_EQ(NULL, strstr(log, "WARNING"));
	EXPECT_EQ(NULL, strstr(log, "BUG"));
	EXPECT_EQ(NULL, strstr(log, "leak"));
	free(log);
}

TEST_HARNESS_MAIN
