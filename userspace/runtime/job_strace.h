/* SPDX-License-Identifier: GPL-2.0 */
/*
 * `vtjobctl exec --strace`: each system call of the job as strace(1)
 * prints it, with where it was served, and a count by call at the end:
 *
 *	openat(AT_FDCWD, "/etc/passwd", O_RDONLY) = 3 [vtjobctl]
 *	brk(NULL) = 0x801000 [module]
 *	read(3, "root:x:0:0:root:/root:/bin/bash\n"..., 4096) = 1165 [vtjobctl]
 *	openat(AT_FDCWD, "/nope", O_RDONLY) = -1 ENOENT (No such file or directory) [vtjobctl]
 *	exit_group(0) = ?
 *	+++ exited with 0 +++
 *
 * Arguments are decoded where that is cheap: paths in full, buffers
 * quoted up to 32 bytes, flags by name, pointers in hex; anything else
 * in hex. Buffers the call filled are shown as it left them.
 */
#ifndef VTJOBCTL_JOB_STRACE_H
#define VTJOBCTL_JOB_STRACE_H

#include <stdint.h>
#include <stdio.h>
#include <linux/vtjob.h>

#include "gen/job_syscall_nrs.h"
#include "guestmem/uaccess.h"

enum job_served_by {
	JOB_SERVED_BY_MODULE,
	JOB_SERVED_BY_VTJOBCTL,
	JOB_SERVED_BY_NR,
};

struct job_strace_count {
	uint64_t calls;
	uint64_t errors;
};

struct job_strace {
	FILE *out;
	struct guestmem_view view;
	/* 0, or the pid each line starts with ("[pid 42] "): a fork's child's */
	int pid;
	/* Numbers beyond x86-64's share the last row. */
	struct job_strace_count counts[JOB_NR_LIMIT + 1][JOB_SERVED_BY_NR];
};

/* Makes @out line-buffered: each line is one write, whoever else writes there. */
void job_strace_init(struct job_strace *trace, FILE *out, const struct guestmem_view *view);

/* A call that returned @result to the job. */
void job_strace_call(struct job_strace *trace, const struct vtjob_exit *exit, int64_t result,
		     enum job_served_by by);

/* exit or exit_group, which ends the job with @status. */
void job_strace_exit(struct job_strace *trace, const struct vtjob_exit *exit, int status);

/* The job ended otherwise: killed by @signal, or (0) stopped for @why. */
void job_strace_end(struct job_strace *trace, int signal, const char *why);

/* The count table, most called first. */
void job_strace_summary(const struct job_strace *trace);

#endif /* VTJOBCTL_JOB_STRACE_H */
