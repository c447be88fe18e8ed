// SPDX-License-Identifier: GPL-2.0
/*
 * Recursive make as jobs, in the Bochs VM with one CPU reserved:
 * examples/recursive builds examples/build's library and program with a
 * sub-make each, run by $(MAKE). A line make marks recursive runs
 * natively, its sub-make with make's jobserver, and the sub-make's own
 * lines are jobs again. Each way (vtjobctl make -j2; vtjobctl make with
 * no -j, where one reserved CPU means a one-job jobserver in place of -j1;
 * make -j2 with SHELL='vtjobctl exec --make-shell ...') against the same
 * build run natively, in copies of the two projects: the same exit
 * status, output and messages (no "jobserver unavailable" warning), the
 * same files byte for byte, and as many jobs as the compiles, the archive
 * and the link need. Runs as root with the module loadable;
 * VTJOB_BUILD_PROJECT and VTJOB_RECURSIVE_PROJECT name other copies.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kselftest_harness.h"
#include "lib/builds.h"
#include "lib/compare.h"
#include "lib/cpus.h"
#include "lib/fixture.h"
#include "lib/module.h"
#include "lib/run.h"

#define WORK		"/tmp/make_recursion_test"
#define NATIVE		WORK "/native"
#define JOB		WORK "/job"
/* Debian's dash: busybox sh, the image's /bin/sh, would run its own ar. */
#define MAKE_SHELL	"/vtjob/debian/dash"
#define RUN_PROGRAM	"app/wordstat 8 < ../build/main.c"
/*
 * The fewest jobs the build runs: gcc, cc1 and as for each of four
 * compiles, ar, and gcc, collect2 and ld for the link.
 */
#define MIN_BUILD_JOBS	(4 * 3 + 1 + 3)

static const char *env_or(const char *name, const char *otherwise)
{
	const char *value = getenv(name);

	return value && *value ? value : otherwise;
}

FIXTURE(recursion) {
	struct vtj_output native;
	struct vtj_output job;
	bool ready;
};

FIXTURE_SETUP(recursion)
{
	const char *build = env_or("VTJOB_BUILD_PROJECT", "/vtjob/build"),
		   *recursive = env_or("VTJOB_RECURSIVE_PROJECT", "/vtjob/recursive");
	char command[1024];

	memset(&self->native, 0, sizeof(self->native));
	memset(&self->job, 0, sizeof(self->job));
	self->ready = false;
	VTJ_SETUP_JOB_CPU_1();
	snprintf(command, sizeof(command),
		 "rm -rf " WORK " && mkdir -p " NATIVE " " JOB " && "
		 "cp -a %s " NATIVE "/build && cp -a %s " NATIVE "/recursive && "
		 "cp -a %s " JOB "/build && cp -a %s " JOB "/recursive",
		 build, recursive, build, recursive);
	ASSERT_EQ(0, system(command));
	self->ready = true;
}

FIXTURE_TEARDOWN(recursion)
{
	vtj_release("all");
	vtj_output_free(&self->native);
	vtj_output_free(&self->job);
	system("rm -rf " WORK);
}

/*
 * The same status and messages; the same lines, in the same order when
 * @in_order (one job at a time), else in whatever order -j ran them.
 */
#define EXPECT_SAME_RUN(in_order) do {						\
		char *native_lines = vtj_sorted_lines(self->native.out);	\
		char *job_lines = vtj_sorted_lines(self->job.out);		\
										\
		EXPECT_EQ(0, self->native.status);				\
		EXPECT_EQ(self->native.status, self->job.status);		\
		EXPECT_STREQ(self->native.err, self->job.err);			\
		EXPECT_NE(NULL, strstr(native_lines, "ar rcs libwordstat.a"));	\
		EXPECT_STREQ(native_lines, job_lines);				\
		if (in_order)							\
			EXPECT_STREQ(self->native.out, self->job.out);		\
		free(native_lines);						\
		free(job_lines);						\
	} while (0)

/* Every file of both projects, byte for byte, and what the program prints. */
#define EXPECT_SAME_PRODUCTS() do {						\
		char *native_files = vtj_files_left(NATIVE);			\
		char *job_files = vtj_files_left(JOB);				\
										\
		EXPECT_NE(NULL, strstr(native_files, "./recursive/lib/libwordstat.a\n")); \
		EXPECT_NE(NULL, strstr(native_files, "./recursive/app/wordstat\n")); \
		EXPECT_STREQ(native_files, job_files);				\
		free(native_files);						\
		free(job_files);						\
		vtj_shell(&self->native, NATIVE "/recursive", RUN_PROGRAM);	\
		vtj_shell(&self->job, JOB "/recursive", RUN_PROGRAM);		\
		EXPECT_EQ(0, self->native.status);				\
		EXPECT_NE(NULL, strstr(self->native.out, "distinct words"));	\
		EXPECT_STREQ(self->native.out, self->job.out);			\
	} while (0)

/*
 * @native_build natively, then @job_build, each in its copy of the
 * projects: the same run (EXPECT_SAME_RUN(@in_order)), as many jobs as
 * the build needs during the second and none during the first, the same
 * files and program.
 */
#define EXPECT_BUILDS_MATCH(native_build, job_build, in_order) do {		\
		long before, between, after;					\
										\
		before = vtj_jobs_run();					\
		vtj_shell(&self->native, NATIVE "/recursive", native_build);	\
		between = vtj_jobs_run();					\
		vtj_shell(&self->job, JOB "/recursive", job_build);		\
		after = vtj_jobs_run();						\
		EXPECT_SAME_RUN(in_order);					\
		fprintf(stderr, "# jobs run: %ld natively, %ld as jobs\n",	\
			between - before, after - between);			\
		EXPECT_LE(0, before);						\
		EXPECT_EQ(before, between);					\
		EXPECT_LE(between + MIN_BUILD_JOBS, after);			\
		EXPECT_SAME_PRODUCTS();						\
	} while (0)

/* vtjobctl make -j2: make's jobserver pipe reaches both sub-makes. */
TEST_F_TIMEOUT(recursion, vtjobctl_make_runs_sub_makes_natively, 3600)
{
	VTJ_NEEDS_SETUP();
	EXPECT_BUILDS_MATCH("make -j2 SHELL=" MAKE_SHELL, "vtjobctl make -j2 SHELL=" MAKE_SHELL,
			    false);
}

/*
 * No -j and one reserved CPU: make gets a jobserver of one job in place
 * of -j1, which has none, and runs the lines one at a time, in order.
 */
TEST_F_TIMEOUT(recursion, one_cpu_gets_a_one_job_jobserver, 3600)
{
	VTJ_NEEDS_SETUP();
	EXPECT_BUILDS_MATCH("make SHELL=" MAKE_SHELL, "vtjobctl make SHELL=" MAKE_SHELL, true);
}

/* make's SHELL a vtjobctl exec --make-shell of the shell, make's command line the user's. */
TEST_F_TIMEOUT(recursion, make_shell_runs_sub_makes_natively, 3600)
{
	VTJ_NEEDS_SETUP();
	EXPECT_BUILDS_MATCH("make -j2 SHELL=" MAKE_SHELL,
			    "make -j2 SHELL='vtjobctl exec --make-shell --mem 512M --rw /tmp "
			    MAKE_SHELL "'", false);
}

TEST_HARNESS_MAIN
