/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A command natively and as a job (`vtjobctl exec OPTIONS COMMAND`), each
 * run by the shell in a fresh copy of the same inputs, WORK/in: the tests
 * that compare the two expect the same stdout, stderr and exit status,
 * and the same files left behind.
 */
#ifndef VTJOB_SELFTEST_LIB_COMPARE_H
#define VTJOB_SELFTEST_LIB_COMPARE_H

#include <stdio.h>
#include <stdlib.h>

#include "run.h"

/*
 * A shell command line, in @dir, its stdout and stderr apart in @run
 * (what it held is freed first); the line, its status and the start of
 * what it said go to the log.
 */
void __attribute__((format(printf, 3, 4)))
vtj_shell(struct vtj_output *run, const char *dir, const char *fmt, ...);

/* What a run left in @dir: the sha256sum of every file, malloc'd. */
char *vtj_files_left(const char *dir);

/*
 * A fresh copy of @work/in in @work/@name (as @work/@name/in). Symlinks
 * get one fixed time, since cp -a cannot keep theirs. Aborts on failure.
 */
void vtj_fresh_copy(const char *work, const char *name);

/*
 * The command of the format and arguments natively and as a job with
 * @options, each in a fresh copy of @work/in: the same stdout, stderr,
 * status and files, or the test fails and says how they differ.
 */
#define VTJ_EXPECT_SAME_AS_NATIVE(work, options, ...) do {			\
		struct vtj_output native = { 0 }, job = { 0 };			\
		char cmd[1024], *native_files, *job_files;			\
										\
		snprintf(cmd, sizeof(cmd), __VA_ARGS__);			\
		vtj_fresh_copy(work, "native");					\
		vtj_fresh_copy(work, "job");					\
		vtj_shell(&native, work "/native", "%s", cmd);			\
		native_files = vtj_files_left(work "/native");			\
		vtj_shell(&job, work "/job", "vtjobctl exec %s %s", options, cmd); \
		job_files = vtj_files_left(work "/job");			\
		EXPECT_EQ(native.status, job.status);				\
		EXPECT_STREQ(native.out, job.out);				\
		EXPECT_STREQ(native.err, job.err);				\
		EXPECT_STREQ(native_files, job_files);				\
		vtj_output_free(&native);					\
		vtj_output_free(&job);						\
		free(native_files);						\
		free(job_files);						\
	} while (0)

#endif /* VTJOB_SELFTEST_LIB_COMPARE_H */
