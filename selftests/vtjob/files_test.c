// SPDX-License-Identifier: GPL-2.0
/*
 * Real programs as jobs, in the Bochs VM, against the same programs run
 * natively: busybox applets (`vtjobctl exec /bin/busybox APPLET ...`) and
 * the C programs of examples/libc/ built with glibc and with musl. Each
 * pair runs in a fresh copy of the same directory; their stdout, stderr,
 * exit status and the files they leave must be the same. Then what a job
 * must not do: write outside its writable trees, follow a symlink out of
 * an --rw directory, ".." out of --ro (refused, and the job goes on), and
 * map more than its --mem (ENOMEM). Runs as root with the module
 * loadable; VTJOB_JOBS names another jobs directory.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "lib/compare.h"
#include "lib/cpus.h"
#include "lib/fixture.h"
#include "lib/jobs.h"
#include "lib/module.h"
#include "lib/run.h"

#define WORK		"/tmp/files_test"
#define BUSYBOX		"/bin/busybox"

#define EXPECT_SAME_AS_NATIVE(options, ...) \
	VTJ_EXPECT_SAME_AS_NATIVE(WORK, options, __VA_ARGS__)

FIXTURE(files) {
	struct vtj_output run;
	bool ready;
};

FIXTURE_SETUP(files)
{
	const char *why_not;

	memset(&self->run, 0, sizeof(self->run));
	self->ready = false;
	why_not = vtj_why_no_job_cpu();
	if (why_not)
		SKIP(return, "%s", why_not);
	ASSERT_EQ(0, vtj_ensure_loaded());
	vtj_shell(&self->run, "/", "vtjobctl release all; vtjobctl reserve --no-isolate 1");
	ASSERT_EQ(0, self->run.status);
	/* Inputs: a text of numbered lines, a subdirectory, a symlink. */
	ASSERT_EQ(0, system("rm -rf " WORK " && mkdir -p " WORK "/in/sub " WORK "/secret && "
			    "i=0; while [ $i -lt 2000 ]; do "
			    "echo \"line $i value $((i * 7919 % 1000)) alpha beta\"; i=$((i + 1)); "
			    "done > " WORK "/in/text && "
			    "echo nested > " WORK "/in/sub/nested && ln -s text " WORK "/in/link"));
	self->ready = true;
}

FIXTURE_TEARDOWN(files)
{
	struct vtj_output run = { 0 };

	vtj_shell(&run, "/", "vtjobctl release all");
	vtj_output_free(&run);
	vtj_output_free(&self->run);
	system("rm -rf " WORK);
}

TEST_F_TIMEOUT(files, busybox_text_applets_match_native, 1800)
{
	VTJ_NEEDS_SETUP();
	EXPECT_SAME_AS_NATIVE("", BUSYBOX " sha256sum in/text in/sub/nested");
	EXPECT_SAME_AS_NATIVE("", BUSYBOX " wc in/text");
	EXPECT_SAME_AS_NATIVE("", BUSYBOX " sort -k4 -n in/text");
	EXPECT_SAME_AS_NATIVE("", BUSYBOX " grep -n 'value 99' in/text");
	EXPECT_SAME_AS_NATIVE("", BUSYBOX " grep -c nothing in/text");
	EXPECT_SAME_AS_NATIVE("", BUSYBOX " sed -e 's/alpha/ALPHA/' -e '/value 1/d' in/text");
	EXPECT_SAME_AS_NATIVE("", BUSYBOX " awk '{ s += $4 } END { print s, NR }' in/text");
	EXPECT_SAME_AS_NATIVE("", BUSYBOX " ls -l in in/sub");
	EXPECT_SAME_AS_NATIVE("", BUSYBOX " cat in/nonexistent");
}

TEST_F_TIMEOUT(files, busybox_gzip_round_trip_matches_native, 1800)
{
	VTJ_NEEDS_SETUP();
	EXPECT_SAME_AS_NATIVE("", BUSYBOX " gzip -c in/text > text.gz");
	/* Both decompress what the native gzip made. */
	ASSERT_EQ(0, system(BUSYBOX " gzip -c " WORK "/in/text > " WORK "/in/text.gz"));
	EXPECT_SAME_AS_NATIVE("", BUSYBOX " gunzip -c in/text.gz");
	EXPECT_SAME_AS_NATIVE("", BUSYBOX " gzip -k in/sub/nested");
}

TEST_F_TIMEOUT(files, busybox_tar_creates_and_extracts_into_an_rw_dir, 1800)
{
	VTJ_NEEDS_SETUP();
	EXPECT_SAME_AS_NATIVE("", BUSYBOX " tar -cf out.tar in");
	ASSERT_EQ(0, system("cd " WORK " && " BUSYBOX " tar -cf in/all.tar in/text in/sub"));
	EXPECT_SAME_AS_NATIVE("", BUSYBOX " tar -xof in/all.tar -C in/sub");
	/* Only /etc (user names) and the directory itself, written as --rw. */
	EXPECT_SAME_AS_NATIVE("--ro /etc --rw .", BUSYBOX " tar -xof in/all.tar -C in/sub");
	EXPECT_SAME_AS_NATIVE("", BUSYBOX " tar -tvf in/all.tar");
}

/* zlib's make runs ln -s for its shared library's names. */
TEST_F_TIMEOUT(files, ln_s_makes_symlinks_as_natively, 1800)
{
	VTJ_NEEDS_SETUP();
	EXPECT_SAME_AS_NATIVE("", BUSYBOX " sh -c '" BUSYBOX " ln -s text in/link && "
			      BUSYBOX " readlink in/link && " BUSYBOX " head -c 20 in/link'");
	EXPECT_SAME_AS_NATIVE("", BUSYBOX " ln -s text in/text");
}

/* Each C program, with glibc and with musl. */
TEST_F_TIMEOUT(files, libc_programs_match_native, 1800)
{
	static const char *const libcs[] = { "glibc", "musl" };
	const char *jobs = vtj_jobs_dir();
	size_t i;

	VTJ_NEEDS_SETUP();
	for (i = 0; i < 2; i++) {
		EXPECT_SAME_AS_NATIVE("", "%s/libc_tour-%s < in/text", jobs, libcs[i]);
		EXPECT_SAME_AS_NATIVE("", "%s/list_dir-%s in", jobs, libcs[i]);
		EXPECT_SAME_AS_NATIVE("", "%s/list_dir-%s", jobs, libcs[i]);
		EXPECT_SAME_AS_NATIVE("", "%s/list_dir-%s /nonexistent", jobs, libcs[i]);
		EXPECT_SAME_AS_NATIVE("", "%s/escape-%s made.txt in/sub/also.txt", jobs, libcs[i]);
	}
}

TEST_F_TIMEOUT(files, escapes_are_refused_and_the_job_goes_on, 1800)
{
	static const char *const libcs[] = { "glibc", "musl" };
	size_t i;

	VTJ_NEEDS_SETUP();
	ASSERT_EQ(0, system("mkdir -p " WORK "/rw && ln -sfn " WORK "/secret " WORK "/rw/out && "
			    "ln -sfn ../secret " WORK "/rw/out_rel"));
	for (i = 0; i < 2; i++) {
		/* By default: all of / read-only, the cwd writable. */
		vtj_shell(&self->run, WORK "/rw",
		          "vtjobctl exec %s/escape-%s /vtjob-escape " WORK "/secret/a out/b "
		          "out_rel/c ../secret/d ok", vtj_jobs_dir(), libcs[i]);
		EXPECT_EQ(0, self->run.status);
		EXPECT_STREQ("/vtjob-escape: EROFS\n" WORK "/secret/a: EROFS\nout/b: EROFS\n"
			     "out_rel/c: EROFS\n../secret/d: EROFS\nok: written\n", self->run.out);
		/* --ro narrows: ".." out of it, and symlinks to what is not there. */
		vtj_shell(&self->run, WORK "/rw",
		          "vtjobctl exec --ro " WORK "/in --rw " WORK "/rw %s/escape-%s "
		          WORK "/in/../secret/e out/f " WORK "/in/g ok2", vtj_jobs_dir(), libcs[i]);
		EXPECT_EQ(0, self->run.status);
		EXPECT_STREQ(WORK "/in/../secret/e: ENOENT\nout/f: ENOENT\n" WORK "/in/g: EROFS\n"
			     "ok2: written\n", self->run.out);
		/* --no-files: nothing at all, but stdout. */
		vtj_shell(&self->run, WORK "/rw", "vtjobctl exec --no-files %s/escape-%s x",
		          vtj_jobs_dir(), libcs[i]);
		EXPECT_EQ(0, self->run.status);
		EXPECT_STREQ("x: ENOENT\n", self->run.out);
	}
	EXPECT_EQ(0, system("! ls " WORK "/secret/* 2>/dev/null && ! ls /vtjob-escape 2>/dev/null"));
}

TEST_F_TIMEOUT(files, mapping_more_than_mem_is_enomem, 900)
{
	static const char *const libcs[] = { "glibc", "musl" };
	size_t i;

	VTJ_NEEDS_SETUP();
	for (i = 0; i < 2; i++) {
		vtj_shell(&self->run, WORK, "vtjobctl exec --mem 64M %s/mem_hog-%s 256", vtj_jobs_dir(),
		          libcs[i]);
		EXPECT_EQ(0, self->run.status);
		EXPECT_STREQ("mmap: ENOMEM\nmalloc: NULL\n", self->run.out);
		vtj_shell(&self->run, WORK, "vtjobctl exec --mem 64M %s/mem_hog-%s 16", vtj_jobs_dir(),
		          libcs[i]);
		EXPECT_STREQ("mapped 16 MiB\n", self->run.out);
	}
}

/* brk, mmap and friends, ids, limits, clocks, sleeps, signal calls. */
TEST_F_TIMEOUT(files, calls_served_in_the_module_behave_as_on_linux, 1800)
{
	static const char *const libcs[] = { "glibc", "musl" };
	char expected[256];
	size_t i;

	VTJ_NEEDS_SETUP();
	for (i = 0; i < 2; i++) {
		snprintf(expected, sizeof(expected), "%s/libc_calls-%s: 0 failed\n",
			 vtj_jobs_dir(), libcs[i]);
		vtj_shell(&self->run, WORK, "%s/libc_calls-%s", vtj_jobs_dir(), libcs[i]);
		EXPECT_EQ(0, self->run.status);
		EXPECT_STREQ(expected, self->run.out);
		vtj_shell(&self->run, WORK, "vtjobctl exec %s/libc_calls-%s", vtj_jobs_dir(), libcs[i]);
		EXPECT_EQ(0, self->run.status);
		EXPECT_STREQ(expected, self->run.out);
		EXPECT_STREQ("", self->run.err);

		/* Its heap and mappings together cannot pass --mem. */
		vtj_shell(&self->run, WORK, "vtjobctl exec --mem 32M %s/libc_calls-%s beyond-mem 48",
		          vtj_jobs_dir(), libcs[i]);
		EXPECT_EQ(0, self->run.status);
		EXPECT_STREQ("malloc(48 MiB): ENOMEM\n", self->run.out);
	}
}

TEST_F_TIMEOUT(files, a_sleeping_job_still_times_out, 900)
{
	VTJ_NEEDS_SETUP();
	vtj_shell(&self->run, WORK, "vtjobctl exec --timeout 1 %s/libc_calls-glibc sleep 100",
	          vtj_jobs_dir());
	EXPECT_EQ(124, self->run.status);
	EXPECT_NE(NULL, strstr(self->run.err, "timed out")) TH_LOG("%s", self->run.err);
	/* A sleep shorter than the limit just ends. */
	vtj_shell(&self->run, WORK, "vtjobctl exec --timeout 5 %s/libc_calls-musl sleep 1",
	          vtj_jobs_dir());
	EXPECT_EQ(0, self->run.status);
}

/* As Linux's force_sig_fault(): a blocked signal cannot run its handler. */
TEST_F_TIMEOUT(files, a_fault_whose_signal_is_blocked_ends_the_job, 900)
{
	VTJ_NEEDS_SETUP();
	vtj_shell(&self->run, WORK, "%s/libc_calls-glibc handled-segv", vtj_jobs_dir());
	EXPECT_EQ(128 + SIGSEGV, self->run.status);
	vtj_shell(&self->run, WORK, "vtjobctl exec %s/libc_calls-glibc handled-segv", vtj_jobs_dir());
	EXPECT_EQ(128 + SIGSEGV, self->run.status);
	EXPECT_NE(NULL, strstr(self->run.err, "its handler was not run: the job blocked the signal"))
		TH_LOG("%s", self->run.err);
}

TEST_F_TIMEOUT(files, strace_shows_where_each_call_was_served, 900)
{
	VTJ_NEEDS_SETUP();
	vtj_shell(&self->run, WORK, "vtjobctl exec --strace " BUSYBOX " cat in/sub/nested");
	EXPECT_EQ(0, self->run.status);
	EXPECT_STREQ("nested\n", self->run.out);
	EXPECT_NE(NULL, strstr(self->run.err, "\"in/sub/nested\", O_RDONLY"));
	EXPECT_NE(NULL, strstr(self->run.err, ") = 3 [vtjobctl]\n"));
	EXPECT_NE(NULL, strstr(self->run.err, " [module]\n"));
	EXPECT_NE(NULL, strstr(self->run.err, "+++ exited with 0 +++\n"));
	EXPECT_NE(NULL, strstr(self->run.err, "    calls    errors served by syscall\n"));
}

TEST_HARNESS_MAIN
