/* SPDX-License-Identifier: GPL-2.0 */
/*
 * `vtjobctl exec --stats`: what a job tree did, summed over its jobs as
 * each ends. Every process of the tree is a runner of its own (a fork's
 * child runner is a forked vtjobctl, job_fork.c), so the sum lives in a
 * shared mapping that those runners inherit, and each adds its job's
 * figures with atomic operations when the job ends: at the end of its
 * process (job_run()), or when execve() replaces it (job_exec.c).
 *
 * The figures of a job are the module's (VTJOB_GET_STATS): its run time,
 * the calls it served on the CPU and those it forwarded, and its VM
 * exits by basic reason; the largest resident set of a runner is the
 * kernel's (getrusage()), the job's memory included, since the job's
 * pages are the runner's.
 */
#ifndef VTJOBCTL_JOB_STATS_H
#define VTJOBCTL_JOB_STATS_H

#include <stdatomic.h>
#include <stdint.h>

/* More than the module counts: SDM Vol. 3D, Appendix C ends below 80. */
#define JOB_STATS_EXIT_REASONS	128

/* A plain copy of the sum, to read and print. */
struct job_stats_totals {
	uint64_t processes;		/* runners that ended */
	uint64_t jobs;			/* jobs counted: one a process and program */
	uint64_t run_ns;
	uint64_t syscalls_served;	/* on the job's CPU, by the module */
	uint64_t syscalls_forwarded;	/* to vtjobctl */
	uint64_t max_rss_kib;		/* the largest runner's */
	uint64_t exits[JOB_STATS_EXIT_REASONS];
	/* The first job whose figures could not be read: -errno, or 0. */
	int error;
};

struct job_stats;

/*
 * A zeroed sum in a shared anonymous mapping, that a fork of the caller
 * adds to as well. Returns NULL with errno set.
 */
struct job_stats *job_stats_create(void);
void job_stats_destroy(struct job_stats *stats);

/*
 * Add the figures of the job behind @job_fd. Returns 0, or -errno (also
 * noted in the sum) if the module cannot tell them.
 */
int job_stats_add_job(struct job_stats *stats, int job_fd);

/* Count the calling runner as ended, with its largest resident set. */
void job_stats_add_process(struct job_stats *stats);

void job_stats_read(struct job_stats *stats, struct job_stats_totals *totals);

/*
 * The module's figures of one job, read before the job goes and added
 * only once it has (execve() fails with the old job still running).
 */
struct job_stats_snapshot {
	uint64_t run_ns;
	uint64_t syscalls_served;
	uint64_t syscalls_forwarded;
	uint64_t exits[JOB_STATS_EXIT_REASONS];
	int error;
};

void job_stats_snapshot(int job_fd, struct job_stats_snapshot *snapshot);
void job_stats_add_snapshot(struct job_stats *stats, const struct job_stats_snapshot *snapshot);

#endif /* VTJOBCTL_JOB_STATS_H */
