// SPDX-License-Identifier: GPL-2.0
/*
 * What the Debian packages put on a host, at work in the Bochs VM. The
 * image holds the vtjobctl package's files where it installs them and
 * the module that DKMS built from the vtjob-dkms package, where DKMS
 * installs it, with depmod's index and kmod's modprobe and modinfo (the
 * Makefile's PKGROOT). The tests do what an administrator does after
 * installing them: edit /etc/default/vtjob and /etc/modprobe.d/vtjob.conf,
 * and run what vtjob.service runs (there is no systemd here: its command
 * lines, with its environment file, through the shell). exec_test runs
 * jobs as a member of the group the package's udev rule names.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "lib/compare.h"
#include "lib/cpus.h"
#include "lib/files.h"
#include "lib/fixture.h"
#include "lib/jobs.h"
#include "lib/json.h"
#include "lib/module.h"
#include "lib/run.h"

#define UNIT_FILE	"/lib/systemd/system/vtjob.service"
#define DEFAULT_FILE	"/etc/default/vtjob"
#define MODPROBE_FILE	"/etc/modprobe.d/vtjob.conf"
#define STATE_FILE	"/run/vtjob/isolation"
#define WORK		"/tmp/package_test"
/*
 * kmod's, as on a host: busybox sh would run its own applets for the
 * bare names, and those know nothing of signatures.
 */
#define MODINFO		"/sbin/modinfo"
#define MODPROBE	"/sbin/modprobe"

#define EXPECT_SAME_AS_NATIVE(...) VTJ_EXPECT_SAME_AS_NATIVE(WORK, "", __VA_ARGS__)

/* Where DKMS installs the module it built for the running kernel. */
static const char *dkms_module_path(void)
{
	static char path[256];
	struct utsname uts;

	uname(&uts);
	snprintf(path, sizeof(path), "/lib/modules/%s/updates/dkms/vtjob.ko", uts.release);
	return path;
}

/* `modinfo -F @field PATH` of the DKMS-built module, its one line without '\n'. */
static char *modinfo_field(const char *field)
{
	char command[512], *out = NULL;

	snprintf(command, sizeof(command), MODINFO " -F %s %s", field, dkms_module_path());
	if (vtj_run(command, &out) != 0) {
		fprintf(stderr, "# %s: %s\n", command, out ? out : "(no output)");
		free(out);
		return NULL;
	}
	out[strcspn(out, "\n")] = '\0';
	return out;
}

/*
 * The command line of @key (ExecStart, ...) in the installed unit file,
 * in a static buffer, or NULL without one.
 */
static const char *unit_command(const char *key)
{
	static char line[512];
	FILE *unit = fopen(UNIT_FILE, "r");
	size_t key_len = strlen(key);
	bool found = false;

	if (!unit)
		return NULL;
	while (!found && fgets(line, sizeof(line), unit))
		found = !strncmp(line, key, key_len) && line[key_len] == '=';
	fclose(unit);
	if (!found)
		return NULL;
	line[strcspn(line, "\n")] = '\0';
	return line + key_len + 1;
}

/*
 * Runs the unit's @key command as systemd would for vtjob.service: with
 * the variables of its EnvironmentFile, and its RuntimeDirectory made
 * and named in RUNTIME_DIRECTORY. systemd splits an unbraced $VAR on
 * blanks as the shell does, so the shell expands the line.
 */
static void run_unit_command(struct vtj_output *run, const char *key)
{
	const char *command = unit_command(key);
	char line[1024];

	snprintf(line, sizeof(line),
		 "set -a; . " DEFAULT_FILE "; set +a; mkdir -p /run/vtjob; "
		 "RUNTIME_DIRECTORY=/run/vtjob exec %s", command ? command : "false");
	vtj_run_apart(line, run);
	fprintf(stderr, "# %s=%s: exit %d\n# stdout: %s# stderr: %s\n", key,
		command ? command : "(none in " UNIT_FILE ")", run->status, run->out, run->err);
}

/* @text as the whole of @path, which may be shorter than it was. */
static int rewrite_file(const char *path, const char *text)
{
	FILE *file = fopen(path, "w");

	if (!file)
		return -errno;
	fputs(text, file);
	return fclose(file) ? -errno : 0;
}

static long long reserved_cpus(void)
{
	char *out = NULL;
	long long n = -1;

	if (vtj_run("vtjobctl status --json", &out) == 0)
		n = vtj_json_number(out, "nr_reserved");
	free(out);
	return n;
}

/* The DKMS-built module as the package installed it, not yet loaded. */
FIXTURE(package) {
	struct vtj_output run;
	char *default_file, *modprobe_file;
	bool ready;
};

FIXTURE_SETUP(package)
{
	const char *why_not;

	memset(&self->run, 0, sizeof(self->run));
	self->ready = false;
	why_not = vtj_why_no_job_cpu();
	if (why_not)
		SKIP(return, "%s", why_not);
	self->default_file = vtj_read_file(DEFAULT_FILE);
	ASSERT_NE(NULL, self->default_file) TH_LOG("the package's " DEFAULT_FILE " is missing");
	self->modprobe_file = vtj_read_file(MODPROBE_FILE);
	ASSERT_NE(NULL, self->modprobe_file) TH_LOG("the package's " MODPROBE_FILE " is missing");
	ASSERT_EQ(0, access(dkms_module_path(), R_OK))
		TH_LOG("no DKMS-built module at %s: make packaging-check builds it",
		       dkms_module_path());
	if (vtj_module_loaded("vtjob")) {
		vtj_release("all");
		ASSERT_EQ(0, vtj_rmmod("vtjob"));
	}
	ASSERT_EQ(0, system("rm -rf " WORK " && mkdir -p " WORK "/in && "
			    "i=0; while [ $i -lt 500 ]; do echo \"line $i\"; i=$((i + 1)); "
			    "done > " WORK "/in/text"));
	self->ready = true;
}

/* The module the other tests load, and the files as the package left them. */
FIXTURE_TEARDOWN(package)
{
	if (self->ready) {
		/* Not asked unloaded: the kernel would load it to answer. */
		if (vtj_module_loaded("vtjob")) {
			vtj_release("--force all");
			EXPECT_EQ(0, vtj_rmmod("vtjob"));
		}
		EXPECT_EQ(0, vtj_insmod(vtj_module_path()));
		EXPECT_EQ(0, rewrite_file(DEFAULT_FILE, self->default_file));
		EXPECT_EQ(0, rewrite_file(MODPROBE_FILE, self->modprobe_file));
	}
	free(self->default_file);
	free(self->modprobe_file);
	vtj_output_free(&self->run);
	system("rm -rf " WORK);
}

/*
 * modinfo of the installed module: this tree's version, this kernel's
 * vermagic, the signature DKMS gave it with its MOK key (what Secure
 * Boot checks once that key is enrolled), the generic netlink alias;
 * and modprobe picks this file.
 */
TEST_F(package, dkms_module_is_versioned_signed_and_found_by_modprobe)
{
	struct utsname uts;
	char *field, expected[512], *out = NULL;

	VTJ_NEEDS_SETUP();
	uname(&uts);
	field = modinfo_field("version");
	EXPECT_STREQ(VTJOB_VERSION, field ? field : "(none)");
	free(field);
	field = modinfo_field("vermagic");
	ASSERT_NE(NULL, field);
	EXPECT_EQ(0, strncmp(field, uts.release, strlen(uts.release))) TH_LOG("vermagic: %s", field);
	EXPECT_EQ(' ', field[strlen(uts.release)]);
	free(field);
	field = modinfo_field("signer");
	EXPECT_STREQ("DKMS module signing key", field ? field : "(none)");
	free(field);
	field = modinfo_field("sig_hashalgo");
	ASSERT_NE(NULL, field);
	EXPECT_NE(0, strlen(field));
	free(field);
	field = modinfo_field("alias");
	EXPECT_STREQ("net-pf-16-proto-16-family-vtjob", field ? field : "(none)");
	free(field);

	snprintf(expected, sizeof(expected), "insmod %s", dkms_module_path());
	EXPECT_EQ(0, vtj_run(MODPROBE " --show-depends vtjob", &out));
	EXPECT_EQ(0, strncmp(out, expected, strlen(expected))) TH_LOG("modprobe: %s", out);
	free(out);
}

/*
 * What vtjob.service runs, with VTJOB_CPUS=1 in /etc/default/vtjob as an
 * administrator sets it: ExecStartPre loads the DKMS-built module
 * through modprobe, ExecStart reserves the CPU and isolates it, a job
 * then runs as it does natively, and ExecStop releases the CPU and puts
 * the host back.
 */
TEST_F_TIMEOUT(package, unit_commands_load_reserve_and_release, 900)
{
	char *version, *allowed, options[256], *out = NULL;
	FILE *conf;

	VTJ_NEEDS_SETUP();
	ASSERT_EQ(0, vtj_run_quietly("sed -i 's/^VTJOB_CPUS=.*/VTJOB_CPUS=1/' " DEFAULT_FILE));
	/*
	 * Bochs's CPU has vulnerabilities vtjob cannot mitigate: the VM's
	 * module parameters allow them (run-vm.sh), as this file would on a
	 * host.
	 */
	if (*vtj_module_args()) {
		conf = fopen(MODPROBE_FILE, "a");
		ASSERT_NE(NULL, conf);
		fprintf(conf, "options vtjob %s\n", vtj_module_args());
		ASSERT_EQ(0, fclose(conf));
	}
	vtj_run(MODPROBE " --show-depends vtjob", &out);
	fprintf(stderr, "# modprobe will run: %s", out);
	free(out);

	run_unit_command(&self->run, "ExecStartPre");
	EXPECT_EQ(0, self->run.status);
	ASSERT_TRUE(vtj_module_loaded("vtjob"));
	version = vtj_read_file(VTJ_SYSMOD "/version");
	EXPECT_STREQ(VTJOB_VERSION "\n", version ? version : "(none)");
	free(version);
	/* With the parameters of /etc/modprobe.d. */
	if (*vtj_module_args()) {
		allowed = vtj_read_file(VTJ_SYSMOD "/parameters/allow_unmitigated");
		EXPECT_NE(NULL, allowed);
		snprintf(options, sizeof(options), "allow_unmitigated=%s",
			 allowed ? allowed : "(none)");
		options[strcspn(options, "\n")] = '\0';
		EXPECT_STREQ(vtj_module_args(), options);
		free(allowed);
	}

	run_unit_command(&self->run, "ExecStart");
	EXPECT_EQ(0, self->run.status);
	EXPECT_STREQ("", self->run.err);
	/* A line for the reserve, then one per isolation step. */
	EXPECT_EQ(0, strncmp(self->run.out, "reserved CPU 1\ncpuset: ", 23));
	EXPECT_EQ(7, vtj_lines(self->run.out));
	EXPECT_EQ(1, reserved_cpus());
	EXPECT_EQ(0, access(STATE_FILE, F_OK));

	EXPECT_SAME_AS_NATIVE("%s/hello", vtj_jobs_dir());
	EXPECT_SAME_AS_NATIVE("/vtjob/debian/sha256sum in/text");
	EXPECT_SAME_AS_NATIVE("/vtjob/debian/sort -r in/text");

	run_unit_command(&self->run, "ExecStop");
	EXPECT_EQ(0, self->run.status);
	EXPECT_STREQ("", self->run.err);
	EXPECT_EQ(0, reserved_cpus());
	EXPECT_EQ(-1, access(STATE_FILE, F_OK));
}

TEST_HARNESS_MAIN
