/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Running a job to its end on the calling thread: VTJOB_RUN again and
 * again, serving its system calls, until it exits, is killed by an
 * exception, times out, or vtjobctl is told to stop.
 */
#ifndef VTJOBCTL_JOB_RUN_H
#define VTJOBCTL_JOB_RUN_H

#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>
#include <linux/vtjob.h>

#include "runtime/sys/job_fd_table.h"
#include "runtime/sys/job_paths.h"
#include "runtime/job_process.h"
#include "runtime/sys/job_signals.h"
#include "runtime/job_strace.h"

/* What the run loop does to the world; tests script a fake. */
struct job_run_ops {
	/* VTJOB_RUN: 0 or -errno. */
	int (*run)(int job_fd, struct vtjob_run *run);
	/* write(2). */
	ssize_t (*write)(int fd, const void *buf, size_t count);
	/* VTJOB_SIGNAL: 0 or -errno. */
	int (*signal)(int job_fd, const siginfo_t *info);
	/*
	 * VTJOB_SET_FD_MAP (vtjob_set_fd_map()), so that the module reads the
	 * job's regular files itself; NULL: every file call comes here.
	 */
	int (*set_fd_map)(int job_fd, const void *entries, uint32_t count, uint32_t stride);
};

struct job_run_params {
	const struct job_run_ops *ops;
	int job_fd;
	/* The job's memory and page tables, to check its pointers against. */
	uint8_t *mem;
	uint64_t mem_size;
	uint64_t cr3;
	/* Where the loader mapped files in @mem; NULL: nowhere. */
	const struct guestmem_file_maps *file_maps;
	uint64_t timeout_ns;	/* to say how long it ran when it timed out */
	/*
	 * The signals caught for the job (job_signals.h), passed to it before
	 * each run: a signal cuts VTJOB_RUN short, and its action in the job
	 * decides what it does.
	 */
	struct job_signal_queue *signals;
	FILE *messages;		/* stderr */
	/* The job's fds; NULL: just vtjobctl's stdin, stdout and stderr. */
	struct job_fd_table *fds;
	/* What it may touch; NULL: no files at all, as --no-files. */
	struct job_paths *paths;
	const char *exe_path;	/* the program, absolute, for /proc/self/exe */
	/* --strace: every call and the count at the end; NULL: none. */
	struct job_strace *strace;
	/*
	 * --stats: each job of the tree adds its figures as it ends, and
	 * each runner its process (job_stats.h); NULL: none.
	 */
	struct job_stats *stats;
	/* With @stats: when the process began (CLOCK_MONOTONIC ns); 0: now. */
	uint64_t started_ns;
	/*
	 * What fork and execve need to make jobs; NULL: they are -ENOSYS.
	 * With it, the job may become another program (execve): job_fd
	 * keeps its number, and what job_run() allocated for the new
	 * program it frees; @mem stays the caller's to free, and its pages
	 * are given back at the execve.
	 */
	const struct job_maker *maker;
};

/* Exit statuses, as a shell gives them. */
#define JOB_EXIT_TIMEOUT	124	/* as timeout(1) */
#define JOB_EXIT_SIGNAL_BASE	128

/*
 * Run the job until it ends. Returns the exit status vtjobctl exits
 * with: the job's own, 128 + the signal that killed it (a fault it could
 * not handle, or a signal whose default action ends a process: one it
 * sent itself, or one vtjobctl got, such as SIGINT), 124 if it timed
 * out, 137 (as for SIGKILL) if it lost its CPU, or 125
 * (EXIT_OWN_FAILURE) when the module failed. Says on @messages, in one
 * line, why the job ended unless it exited by itself or SIGINT, SIGTERM
 * or SIGPIPE ended it, as a shell says nothing of those. Does not close
 * the job fd.
 *
 * A fork of the job returns here in the child runner as well, which runs
 * the child job; there job_run() does not return: the child runner ends
 * as its job did (job_end.h), saying nothing of a signal that killed the
 * job, as Linux says nothing when a child dies.
 */
int job_run(const struct job_run_params *params);

#endif /* VTJOBCTL_JOB_RUN_H */
