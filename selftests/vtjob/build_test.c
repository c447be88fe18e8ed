// SPDX-License-Identifier: GPL-2.0
/*
 * C builds as jobs, in the Bochs VM with one CPU reserved, against the
 * same builds run natively, each in its own copy of examples/build (a
 * header, four sources, an ar archive of three objects and a link):
 * `vtjobctl exec gcc` compiling and linking, where gcc's driver vforks,
 * searches PATH and waits for cc1, as, collect2 and ld, each a job of its
 * own; `vtjobctl make -j2`, make with SHELL='vtjobctl exec dash' and
 * make with CC='vtjobctl exec gcc'; a compile that fails. The objects, the archive's members and the
 * program must be byte-identical to the native build's, the program's
 * output the same, and `vtjobctl status` must count the jobs the build
 * ran. Then a real project, zlib from Debian's source package: its
 * ./configure (50 forks, 70 vforks, 106 execs of dash, busybox and gcc) as
 * one job tree, and six of its library's fifteen objects, five by
 * `vtjobctl make -j2` and one by make with a job shell, against a native
 * configure and build (make bench builds all of zlib and Lua).
 * Runs as root with the module loadable; VTJOB_BUILD_PROJECT names another
 * copy of the first project, VTJOB_ZLIB another zlib tree.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "lib/compare.h"
#include "lib/cpus.h"
#include "lib/files.h"
#include "lib/fixture.h"
#include "lib/json.h"
#include "lib/module.h"
#include "lib/run.h"

#define WORK		"/tmp/build_test"
#define NATIVE		WORK "/native"
#define JOB		WORK "/job"
#define OBJECTS		"main.o table.o sort.o checksum.o"
#define ARCHIVE		"libwordstat.a"
/*
 * The shell of the recipe lines, natively and as a job: Debian's /bin/sh,
 * dash. The image's /bin/sh is busybox, which runs its own applets (its
 * ar) before what PATH holds, where make alone would run binutils' ar.
 */
#define MAKE_SHELL	"/vtjob/debian/dash"
/* A text for the program: its own source. */
#define RUN_PROGRAM	"./wordstat 8 < main.c"
/*
 * The fewest jobs a build of the project runs: each of its four compiles
 * is at least gcc, cc1 and as; the archive is ar; the link gcc,
 * collect2 and ld.
 */
#define MIN_BUILD_JOBS	(4 * 3 + 1 + 3)

static const char *project_dir(void)
{
	const char *dir = getenv("VTJOB_BUILD_PROJECT");

	return dir && *dir ? dir : "/vtjob/build";
}

/* Jobs run on the reserved CPUs so far, from `vtjobctl status --json`; -1 if unknown. */
static long jobs_run(void)
{
	char *out = NULL, *at;
	long total = -1;

	if (vtj_run("vtjobctl status --json", &out) == 0) {
		for (at = strstr(out, "\"jobs_run\":"); at; at = strstr(at + 1, "\"jobs_run\":"))
			total = (total < 0 ? 0 : total) + atol(at + strlen("\"jobs_run\":"));
	}
	free(out);
	return total;
}

/*
 * @dir's files but @unlike, every one of them by its sha256sum, and a
 * listing of @archive's members unless @archive is NULL.
 */
static char *build_products(const char *dir, const char *archive, const char *unlike)
{
	char command[640], *out = NULL;

	snprintf(command, sizeof(command),
		 "cd %s && find . -type f ! -name '%s' | sort | xargs sha256sum && "
		 "for m in $(%s%s); do echo \"member $m $(ar p %s $m | sha256sum)\"; done",
		 dir, unlike, archive ? "ar t " : "true", archive ? archive : "",
		 archive ? archive : "");
	vtj_run(command, &out);
	return out ? out : strdup("");
}

/* Sorted lines: what make -j printed, whatever the order its lines started in. */
static char *sorted(const char *dir, const char *text)
{
	char path[256], command[320], *out = NULL;
	FILE *file;

	snprintf(path, sizeof(path), "%s.lines", dir);
	file = fopen(path, "w");
	if (file) {
		fputs(text, file);
		fclose(file);
	}
	snprintf(command, sizeof(command), "sort %s", path);
	vtj_run(command, &out);
	unlink(path);
	return out ? out : strdup("");
}

FIXTURE(build) {
	struct vtj_output native;
	struct vtj_output job;
	bool ready;
};

FIXTURE_SETUP(build)
{
	char command[512];

	memset(&self->native, 0, sizeof(self->native));
	memset(&self->job, 0, sizeof(self->job));
	self->ready = false;
	VTJ_SETUP_JOB_CPU_1();
	snprintf(command, sizeof(command),
		 "rm -rf " WORK " && mkdir -p " WORK " && cp -a %s " NATIVE " && cp -a %s " JOB,
		 project_dir(), project_dir());
	ASSERT_EQ(0, system(command));
	self->ready = true;
}

FIXTURE_TEARDOWN(build)
{
	vtj_release("all");
	vtj_output_free(&self->native);
	vtj_output_free(&self->job);
	system("rm -rf " WORK);
}

/* The same files, byte for byte, in both copies, and the archive's members too. */
#define EXPECT_SAME_PRODUCTS() do {						\
		char *native_files = build_products(NATIVE, ARCHIVE, "");	\
		char *job_files = build_products(JOB, ARCHIVE, "");		\
										\
		EXPECT_NE(NULL, strstr(native_files, "member checksum.o"));	\
		EXPECT_STREQ(native_files, job_files);				\
		free(native_files);						\
		free(job_files);						\
	} while (0)

/* The program each copy built prints the same, run natively. */
#define EXPECT_SAME_PROGRAM_OUTPUT() do {					\
		vtj_shell(&self->native, NATIVE, RUN_PROGRAM);			\
		vtj_shell(&self->job, JOB, RUN_PROGRAM);			\
		EXPECT_EQ(0, self->native.status);				\
		EXPECT_NE(NULL, strstr(self->native.out, "distinct words"));	\
		EXPECT_EQ(self->native.status, self->job.status);		\
		EXPECT_STREQ(self->native.out, self->job.out);			\
	} while (0)

/*
 * Each step natively and as `vtjobctl exec STEP`: the same status and
 * words. gcc writes its temporary files in /tmp, which vtjobctl exec
 * leaves read-only unless told.
 */
#define EXEC_FOR_GCC	"vtjobctl exec --mem 512M --rw /tmp"
#define EXPECT_STEP_SAME_AS_NATIVE(step) do {					\
		vtj_shell(&self->native, NATIVE, "%s", step);			\
		vtj_shell(&self->job, JOB, EXEC_FOR_GCC " %s", step);		\
		EXPECT_EQ(0, self->native.status);				\
		EXPECT_EQ(self->native.status, self->job.status);		\
		EXPECT_STREQ(self->native.out, self->job.out);			\
		EXPECT_STREQ(self->native.err, self->job.err);			\
	} while (0)

/*
 * gcc found through PATH, its driver running cc1 and as for a compile,
 * and collect2 and ld for the link, each a job; the archive by ar.
 */
TEST_F_TIMEOUT(build, gcc_as_a_job_matches_native, 3600)
{
	long before, after;

	VTJ_NEEDS_SETUP();
	before = jobs_run();
	EXPECT_STEP_SAME_AS_NATIVE("gcc -O2 -c main.c -o main.o");
	after = jobs_run();
	fprintf(stderr, "# jobs run by the compile: %ld\n", after - before);
	/* gcc, cc1 and as at least. */
	EXPECT_LE(before + 3, after) TH_LOG("jobs run: %ld before, %ld after", before, after);
	/* One driver, three compiles. */
	EXPECT_STEP_SAME_AS_NATIVE("gcc -O2 -c table.c sort.c checksum.c");
	/* By its path: busybox sh would run its own ar natively. */
	EXPECT_STEP_SAME_AS_NATIVE("/usr/bin/ar rcs " ARCHIVE " table.o sort.o checksum.o");
	EXPECT_STEP_SAME_AS_NATIVE("gcc -o wordstat main.o -L. -lwordstat");
	EXPECT_SAME_PRODUCTS();
	EXPECT_SAME_PROGRAM_OUTPUT();
}

/* Of every line of @path (JSON Lines), @key's numbers summed; -1 without lines. */
static long long sum_of_lines(const char *path, const char *key, int *lines)
{
	char *text = vtj_read_file(path), *line, *next;
	long long sum = 0;

	*lines = 0;
	if (!text)
		return -1;
	for (line = text; *line; line = next) {
		next = strchrnul(line, '\n');
		if (*next)
			*next++ = '\0';
		sum += vtj_json_number(line, key);
		++*lines;
	}
	free(text);
	return *lines ? sum : -1;
}

/*
 * `vtjobctl make -j2`: make on the host, every recipe line a job tree,
 * each of which appends its figures to one file (--stats-jsonl).
 */
TEST_F_TIMEOUT(build, vtjobctl_make_matches_native, 3600)
{
	char *native_lines, *job_lines;
	long before, between, after;
	int stats_lines, failed_lines;

	VTJ_NEEDS_SETUP();
	unlink("/tmp/vtjob_build_stats.jsonl");
	before = jobs_run();
	vtj_shell(&self->native, NATIVE, "make -j2 SHELL=" MAKE_SHELL);
	between = jobs_run();
	/* make's SHELL= is the shell vtjobctl make runs each line in as a job. */
	vtj_shell(&self->job, JOB, "vtjobctl make --stats-jsonl /tmp/vtjob_build_stats.jsonl "
		  "-j2 SHELL=" MAKE_SHELL);
	after = jobs_run();
	EXPECT_EQ(0, self->native.status);
	EXPECT_EQ(self->native.status, self->job.status);
	EXPECT_STREQ(self->native.err, self->job.err);
	/* The recipe lines make echoed: the same ones. */
	native_lines = sorted(NATIVE, self->native.out);
	job_lines = sorted(JOB, self->job.out);
	EXPECT_STREQ(native_lines, job_lines);
	free(native_lines);
	free(job_lines);
	fprintf(stderr, "# jobs run: %ld by make, %ld by vtjobctl make\n", between - before,
		after - between);
	/* The native build ran no job; every process of the other one was a job. */
	EXPECT_EQ(before, between);
	EXPECT_LE(between + MIN_BUILD_JOBS, after)
		TH_LOG("jobs run: %ld before, %ld after", between, after);
	/* A line of figures a recipe line, each of its whole tree, none failed. */
	EXPECT_EQ(after - between,
		  sum_of_lines("/tmp/vtjob_build_stats.jsonl", "jobs", &stats_lines));
	/* make echoes each of its lines, one line each (examples/build/Makefile). */
	EXPECT_EQ(vtj_lines(self->job.out), stats_lines);
	EXPECT_EQ(0, sum_of_lines("/tmp/vtjob_build_stats.jsonl", "exit_status", &failed_lines));
	EXPECT_LT(0, sum_of_lines("/tmp/vtjob_build_stats.jsonl", "guest_ns", &stats_lines));
	EXPECT_LT(0, sum_of_lines("/tmp/vtjob_build_stats.jsonl", "exec_ns", &stats_lines));
	EXPECT_SAME_PRODUCTS();
	EXPECT_SAME_PROGRAM_OUTPUT();
}

/* The second way: make's SHELL a vtjobctl exec of the shell. */
TEST_F_TIMEOUT(build, make_with_a_job_shell_matches_native, 3600)
{
	long before, after;

	VTJ_NEEDS_SETUP();
	vtj_shell(&self->native, NATIVE, "make -j2 SHELL=" MAKE_SHELL " " ARCHIVE);
	before = jobs_run();
	vtj_shell(&self->job, JOB, "make -j2 SHELL='" EXEC_FOR_GCC " " MAKE_SHELL "' " ARCHIVE);
	after = jobs_run();
	EXPECT_EQ(0, self->native.status);
	EXPECT_EQ(self->native.status, self->job.status);
	EXPECT_STREQ(self->native.err, self->job.err);
	EXPECT_LE(before + 3 * 3 + 1, after) TH_LOG("jobs run: %ld before, %ld after", before,
						    after);
	EXPECT_SAME_PRODUCTS();
}

/* The third way: only the compiler a job, through make's CC. */
TEST_F_TIMEOUT(build, make_with_a_job_compiler_matches_native, 3600)
{
	long before, after;

	VTJ_NEEDS_SETUP();
	vtj_shell(&self->native, NATIVE, "make SHELL=" MAKE_SHELL " main.o");
	before = jobs_run();
	vtj_shell(&self->job, JOB, "make SHELL=" MAKE_SHELL " CC='" EXEC_FOR_GCC " gcc' main.o");
	after = jobs_run();
	EXPECT_EQ(0, self->native.status);
	EXPECT_EQ(self->native.status, self->job.status);
	EXPECT_STREQ(self->native.err, self->job.err);
	/* gcc, cc1 and as; the shell of the line runs natively. */
	EXPECT_LE(before + 3, after) TH_LOG("jobs run: %ld before, %ld after", before, after);
	vtj_shell(&self->native, NATIVE, "cmp main.o " JOB "/main.o");
	EXPECT_EQ(0, self->native.status);
}

/* A syntax error: make fails as it would natively, with gcc's words. */
TEST_F_TIMEOUT(build, failing_compile_exits_as_make_does, 3600)
{
	static const char broken[] = "printf 'int broken(void)\\n{\\n\\treturn 1\\n}\\n' > broken.c";

	VTJ_NEEDS_SETUP();
	vtj_shell(&self->native, NATIVE, broken);
	vtj_shell(&self->job, JOB, broken);
	vtj_shell(&self->native, NATIVE, "make -j2 broken.o");
	vtj_shell(&self->job, JOB, "vtjobctl make -j2 broken.o");
	EXPECT_EQ(2, self->native.status);
	EXPECT_EQ(self->native.status, self->job.status);
	EXPECT_NE(NULL, strstr(self->job.err, "broken.c:3:17: error: expected ';' before '}' token"))
		TH_LOG("stderr: %s", self->job.err);
	EXPECT_STREQ(self->native.err, self->job.err);
	EXPECT_STREQ(self->native.out, self->job.out);
	EXPECT_EQ(0, access(JOB "/broken.c", F_OK));
	EXPECT_NE(0, access(JOB "/broken.o", F_OK));
}

#define ZLIB_NATIVE	WORK "/zlib-native"
#define ZLIB_JOB	WORK "/zlib-job"
/* CC as configure would guess it, said outright; the job gets it too. */
#define ZLIB_CONFIGURE	MAKE_SHELL " ./configure --static"
/*
 * The one product that differs: configure.log has the date on its third
 * line and the names of configure's temporary files, ztestPID.c; the rest
 * of it must match.
 */
#define ZLIB_LOG	"configure.log"
#define ZLIB_LOG_SAME	"sed -e 3d -e 's/ztest[0-9]*/ztestN/g' " ZLIB_LOG

static const char *zlib_dir(void)
{
	const char *dir = getenv("VTJOB_ZLIB");

	return dir && *dir ? dir : "/vtjob/projects/zlib";
}

/*
 * The objects of zlib's library that compile quickest, a tenth of its
 * compile time: all fifteen and the two test programs took 12 minutes
 * natively and 15 as jobs in Bochs beside two other VMs, too long for
 * make check.
 */
#define ZLIB_BY_MAKE	"adler32.o inftrees.o zutil.o compress.o uncompr.o"
#define ZLIB_BY_SHELL	"gzclose.o"

/*
 * ./configure run by dash as a job, every program it starts a job too;
 * objects by vtjobctl make and by make whose SHELL is a job. Every file
 * the same as natively but configure's log, which must differ only by its
 * date and its temporary files' names.
 */
TEST_F_TIMEOUT(build, zlib_configure_and_build_as_jobs_match_native, 3600)
{
	char *native_files, *job_files, command[512];
	long before, after;

	VTJ_NEEDS_SETUP();
	ASSERT_EQ(0, access(zlib_dir(), R_OK)) TH_LOG("no zlib tree at %s", zlib_dir());
	snprintf(command, sizeof(command), "cp -a %s " ZLIB_NATIVE " && cp -a %s " ZLIB_JOB,
		 zlib_dir(), zlib_dir());
	ASSERT_EQ(0, system(command));
	vtj_shell(&self->native, ZLIB_NATIVE, "CC=gcc " ZLIB_CONFIGURE);
	before = jobs_run();
	vtj_shell(&self->job, ZLIB_JOB, "CC=gcc " EXEC_FOR_GCC " " ZLIB_CONFIGURE);
	after = jobs_run();
	fprintf(stderr, "# jobs run by ./configure: %ld\n", after - before);
	EXPECT_EQ(0, self->native.status);
	EXPECT_EQ(self->native.status, self->job.status);
	EXPECT_STREQ(self->native.out, self->job.out);
	EXPECT_STREQ(self->native.err, self->job.err);
	/* dash, and each of configure's 106 execs a job of its own. */
	EXPECT_LE(before + 100, after) TH_LOG("jobs run: %ld before, %ld after", before, after);
	vtj_shell(&self->native, ZLIB_NATIVE, ZLIB_LOG_SAME);
	vtj_shell(&self->job, ZLIB_JOB, ZLIB_LOG_SAME);
	EXPECT_NE(NULL, strstr(self->native.out, "Checking for size_t... Yes."));
	EXPECT_STREQ(self->native.out, self->job.out);

	vtj_shell(&self->native, ZLIB_NATIVE,
		  "make -j2 SHELL=" MAKE_SHELL " " ZLIB_BY_MAKE " " ZLIB_BY_SHELL);
	before = jobs_run();
	vtj_shell(&self->job, ZLIB_JOB,
		  "vtjobctl make -j2 SHELL=" MAKE_SHELL " " ZLIB_BY_MAKE " && make -j2 SHELL='"
		  EXEC_FOR_GCC " " MAKE_SHELL "' " ZLIB_BY_SHELL);
	after = jobs_run();
	fprintf(stderr, "# jobs run by the build: %ld\n", after - before);
	EXPECT_EQ(0, self->native.status);
	EXPECT_EQ(self->native.status, self->job.status);
	EXPECT_STREQ(self->native.err, self->job.err);
	/* Six compiles of gcc, cc1 and as. */
	EXPECT_LE(before + 6 * 3, after) TH_LOG("jobs run: %ld before, %ld after", before, after);
	native_files = build_products(ZLIB_NATIVE, NULL, ZLIB_LOG);
	job_files = build_products(ZLIB_JOB, NULL, ZLIB_LOG);
	EXPECT_NE(NULL, strstr(native_files, "./gzclose.o"));
	EXPECT_NE(NULL, strstr(native_files, "./inftrees.o"));
	EXPECT_STREQ(native_files, job_files);
	free(native_files);
	free(job_files);
}

TEST_HARNESS_MAIN
