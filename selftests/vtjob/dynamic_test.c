// SPDX-License-Identifier: GPL-2.0
/*
 * Debian's own dynamically linked programs as jobs, in the Bochs VM,
 * against the same programs run natively: coreutils' sort, sha256sum, tr
 * and wc, gzip, and dash -c with builtins only (a job cannot fork yet),
 * copied unchanged into the image with their libraries (VTJOB_DEBIAN
 * names another directory of them), and a dynamic program of our own,
 * a PIE and an ET_EXEC. Each pair runs in a fresh copy of the same
 * directory; stdout, stderr, exit status and the files left must be the
 * same, in the C locale and in C.UTF-8, whose files glibc maps
 * MAP_PRIVATE and MAP_SHARED and whose initialisation wakes a futex.
 * Runs as root with the module loadable.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "lib/clock.h"
#include "lib/compare.h"
#include "lib/cpus.h"
#include "lib/fixture.h"
#include "lib/jobs.h"
#include "lib/module.h"
#include "lib/run.h"

#define WORK		"/tmp/dynamic_test"
#define BUSYBOX		"/bin/busybox"

#define EXPECT_SAME_AS_NATIVE(options, ...) \
	VTJ_EXPECT_SAME_AS_NATIVE(WORK, options, __VA_ARGS__)

/* Where Debian's programs are: $VTJOB_DEBIAN, else where the image has them. */
static const char *debian_dir(void)
{
	const char *dir = getenv("VTJOB_DEBIAN");

	return dir && *dir ? dir : "/vtjob/debian";
}

/* The locales each comparison runs in: C, and C.UTF-8 when the image has it. */
static const char *const locales[] = { "C", "C.UTF-8" };

static bool have_locale(const char *locale)
{
	return !strcmp(locale, "C") || access("/usr/lib/locale/C.utf8/LC_CTYPE", R_OK) == 0;
}

FIXTURE(dynamic) {
	struct vtj_output run;
	bool ready;
};

FIXTURE_SETUP(dynamic)
{
	char command[512];

	memset(&self->run, 0, sizeof(self->run));
	self->ready = false;
	VTJ_SETUP_JOB_CPU_1();
	/*
	 * Inputs: numbered lines, words with UTF-8 in them, a subdirectory,
	 * a symlink, and a gzip file made by the native gzip.
	 */
	ASSERT_EQ(0, system("rm -rf " WORK " && mkdir -p " WORK "/in/sub && "
			    "i=0; while [ $i -lt 2000 ]; do "
			    "echo \"line $i value $((i * 7919 % 1000)) alpha beta\"; i=$((i + 1)); "
			    "done > " WORK "/in/text && "
			    "printf 'zebra\\n\\303\\251t\\303\\251\\napple\\nBanana\\n\\303\\211cole\\n"
			    "banana\\n' > " WORK "/in/words && "
			    "echo nested > " WORK "/in/sub/nested && ln -s text " WORK "/in/link"));
	snprintf(command, sizeof(command), "%s/gzip -c " WORK "/in/text > " WORK "/in/text.gz",
		 debian_dir());
	ASSERT_EQ(0, system(command));
	self->ready = true;
}

FIXTURE_TEARDOWN(dynamic)
{
	unsetenv("LC_ALL");
	vtj_release("all");
	vtj_output_free(&self->run);
	system("rm -rf " WORK);
}

TEST_F_TIMEOUT(dynamic, coreutils_match_native, 3600)
{
	const char *bin = debian_dir();
	size_t i;

	VTJ_NEEDS_SETUP();
	for (i = 0; i < sizeof(locales) / sizeof(locales[0]); i++) {
		if (!have_locale(locales[i])) {
			TH_LOG("no %s locale in this image", locales[i]);
			continue;
		}
		/* Native and job alike: vtjobctl hands its environment on. */
		setenv("LC_ALL", locales[i], 1);
		EXPECT_SAME_AS_NATIVE("", "%s/sort -k4 -n in/text", bin);
		EXPECT_SAME_AS_NATIVE("", "%s/sort -r in/words -o sorted", bin);
		EXPECT_SAME_AS_NATIVE("", "%s/sort in/nonexistent", bin);
		EXPECT_SAME_AS_NATIVE("", "%s/sha256sum in/text in/sub/nested in/link", bin);
		EXPECT_SAME_AS_NATIVE("", "%s/tr a-z A-Z < in/text > upper", bin);
		EXPECT_SAME_AS_NATIVE("", "%s/tr -s 'a-z' < in/words", bin);
		EXPECT_SAME_AS_NATIVE("", "%s/wc in/text in/words", bin);
		/* Characters, not bytes: what the locale says a character is. */
		EXPECT_SAME_AS_NATIVE("", "%s/wc -m in/words", bin);
	}
}

/* gzip's file keeps its input's mode and times: fchmod, fchown, utimensat. */
TEST_F_TIMEOUT(dynamic, gzip_matches_native, 3600)
{
	const char *bin = debian_dir();
	struct vtj_output native = { 0 }, job = { 0 };

	VTJ_NEEDS_SETUP();
	EXPECT_SAME_AS_NATIVE("", "%s/gzip -c in/text > text.gz", bin);
	EXPECT_SAME_AS_NATIVE("", "%s/gzip -d -c in/text.gz", bin);
	EXPECT_SAME_AS_NATIVE("", "%s/gzip -t -v in/text.gz", bin);
	EXPECT_SAME_AS_NATIVE("", "%s/gzip -l in/text.gz", bin);
	EXPECT_SAME_AS_NATIVE("", "%s/gzip -d in/nonexistent.gz", bin);
	ASSERT_EQ(0, system("chmod 640 " WORK "/in/sub/nested && " BUSYBOX
			    " touch -d '2021-02-03 04:05:06' " WORK "/in/sub/nested"));
	EXPECT_SAME_AS_NATIVE("", "%s/gzip -k in/sub/nested", bin);
	vtj_shell(&native, WORK "/native", BUSYBOX " stat -c '%%a %%Y %%u %%g' in/sub/nested.gz");
	vtj_shell(&job, WORK "/job", BUSYBOX " stat -c '%%a %%Y %%u %%g' in/sub/nested.gz");
	EXPECT_EQ(0, job.status);
	EXPECT_STREQ(native.out, job.out);
	EXPECT_NE(NULL, strstr(job.out, "640 1612325106"));
	vtj_output_free(&native);
	vtj_output_free(&job);
}

/* Builtins only: pipelines, $(...) and other commands would fork. */
TEST_F_TIMEOUT(dynamic, dash_builtins_match_native, 3600)
{
	const char *bin = debian_dir();

	VTJ_NEEDS_SETUP();
	EXPECT_SAME_AS_NATIVE("", "%s/dash -c 'echo $((6*7)); exit 3'", bin);
	EXPECT_SAME_AS_NATIVE("", "%s/dash -c 'i=0; while [ $i -lt 200 ]; do i=$((i + 1)); "
			      "done; printf \"%%s %%d\\n\" done $i'", bin);
	EXPECT_SAME_AS_NATIVE("", "%s/dash -c 'read first < in/text; echo \"$first\"; "
			      "cd in/sub && echo * && cd ../.. && test -f in/text && echo file'",
			      bin);
	EXPECT_SAME_AS_NATIVE("", "%s/dash -c 'echo out; echo err >&2; set -- a b c; shift; "
			      "echo \"$# $*\"; exit $((1 + 1))'", bin);
	EXPECT_SAME_AS_NATIVE("", "%s/dash -c 'umask 027; echo made > made; umask; "
			      "[ -d in/nothing ] || echo no dir'", bin);
	EXPECT_SAME_AS_NATIVE("", "%s/dash -c 'case x in (y) ;; (*) echo \"${HOME:-none}\";; esac; "
			      "exit 300'", bin);
	EXPECT_SAME_AS_NATIVE("", "%s/dash -c 'echo unterminated \"'", bin);
}

/* Ours: AT_ENTRY, AT_PHDR, AT_BASE checked by the program itself, libm. */
TEST_F_TIMEOUT(dynamic, a_dynamic_pie_and_exec_of_our_own_match_native, 1800)
{
	static const char *const kinds[] = { "pie", "exec" };
	size_t i;

	VTJ_NEEDS_SETUP();
	for (i = 0; i < 2; i++) {
		EXPECT_SAME_AS_NATIVE("", "%s/dyn_tour-%s in/text in/sub/nested", vtj_jobs_dir(),
				      kinds[i]);
		if (have_locale("C.UTF-8"))
			EXPECT_SAME_AS_NATIVE("", "%s/dyn_tour-%s -l C.UTF-8 in/words",
					      vtj_jobs_dir(), kinds[i]);
	}
	vtj_shell(&self->run, WORK, "vtjobctl exec %s/dyn_tour-pie", vtj_jobs_dir());
	EXPECT_EQ(0, self->run.status);
	EXPECT_NE(NULL, strstr(self->run.out, "AT_BASE is an ELF image: yes\n"));
	EXPECT_NE(NULL, strstr(self->run.out, "object: libm.so.6\n"));
}

/*
 * --strace shows the dynamic linker's calls served where they are: the
 * file mappings by vtjobctl, the anonymous ones and mprotect in the
 * module, and C.UTF-8's futex wake in the module too.
 */
TEST_F_TIMEOUT(dynamic, strace_shows_the_dynamic_linker_at_work, 900)
{
	VTJ_NEEDS_SETUP();
	if (have_locale("C.UTF-8"))
		setenv("LC_ALL", "C.UTF-8", 1);
	vtj_shell(&self->run, WORK, "vtjobctl exec --strace %s/sort in/words", debian_dir());
	EXPECT_EQ(0, self->run.status);
	/* The image has no ld.so.cache: ld.so looks in the system's directories. */
	EXPECT_NE(NULL, strstr(self->run.err, "openat(AT_FDCWD, \"/etc/ld.so.cache\", "
				"O_RDONLY|O_CLOEXEC) = "));
	EXPECT_NE(NULL, strstr(self->run.err, "\"/lib/x86_64-linux-gnu/libc.so.6\", "
				"O_RDONLY|O_CLOEXEC) = 3 [vtjobctl]\n"));
	EXPECT_NE(NULL, strstr(self->run.err, "PROT_READ, MAP_PRIVATE|MAP_DENYWRITE, 3, 0) = "));
	EXPECT_NE(NULL, strstr(self->run.err, "MAP_PRIVATE|MAP_FIXED|MAP_DENYWRITE, 3, 0x"));
	EXPECT_NE(NULL, strstr(self->run.err, "MAP_PRIVATE|MAP_FIXED|MAP_ANONYMOUS, -1, 0) = "));
	EXPECT_NE(NULL, strstr(self->run.err, ", PROT_READ) = 0 [module]\n"));
	if (have_locale("C.UTF-8")) {
		EXPECT_NE(NULL, strstr(self->run.err, "MAP_SHARED, 3, 0) = "));
		EXPECT_NE(NULL, strstr(self->run.err, "futex(0x"));
	}
	EXPECT_NE(NULL, strstr(self->run.err, "+++ exited with 0 +++\n"));
}

/* The mean time of @runs runs of @command, in ms; *@status ORs their statuses. */
static double mean_ms(const char *command, int runs, int *status)
{
	double start = vtj_now_s();
	int i;

	*status = 0;
	for (i = 0; i < runs; i++)
		*status |= system(command);
	return (vtj_now_s() - start) * 1000 / runs;
}

/*
 * The start of a dynamic program as a job against natively, and what of
 * it is any job's start (a static program with no C library) and what
 * is its memory (--mem 16M): logged for people; every run must exit 0.
 */
TEST_F_TIMEOUT(dynamic, a_dynamic_true_starts_and_ends, 900)
{
	char native[256], job[256], small[256], hello[256];
	int native_status, job_status, small_status, hello_status;
	double native_ms, job_ms, small_ms, hello_ms;

	VTJ_NEEDS_SETUP();
	snprintf(native, sizeof(native), "%s/true", debian_dir());
	snprintf(job, sizeof(job), "vtjobctl exec %s/true", debian_dir());
	snprintf(small, sizeof(small), "vtjobctl exec --mem 16M %s/true", debian_dir());
	snprintf(hello, sizeof(hello), "vtjobctl exec %s/hello > /dev/null", vtj_jobs_dir());
	native_ms = mean_ms(native, 5, &native_status);
	job_ms = mean_ms(job, 5, &job_status);
	small_ms = mean_ms(small, 5, &small_status);
	hello_ms = mean_ms(hello, 5, &hello_status);
	EXPECT_EQ(0, native_status);
	EXPECT_EQ(0, job_status);
	EXPECT_EQ(0, small_status);
	EXPECT_EQ(0, hello_status);
	TH_LOG("dynamic true, start to exit: %.1f ms natively, %.1f ms as a job (x%.1f), "
	       "%.1f ms with --mem 16M; a static hello job: %.1f ms",
	       native_ms, job_ms, job_ms / native_ms, small_ms, hello_ms);
}

TEST_HARNESS_MAIN
