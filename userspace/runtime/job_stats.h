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
 *
 * Each runner also times itself (struct job_stats_runner), which the
 * module cannot see: its whole life, its time in VTJOB_RUN, and the
 * forwarded calls it served, so that the sum tells where a tree's time
 * went (exec_stats.h prints the breakdown).
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
	uint64_t guest_ns;		/* of run_ns, from VM entries to exits */
	uint64_t syscalls_served;	/* on the job's CPU, by the module */
	uint64_t syscalls_forwarded;	/* to vtjobctl */
	uint64_t max_rss_kib;		/* the largest runner's */
	/* The runners' own times, summed over those that ended. */
	uint64_t process_ns;		/* from each runner's start to its end */
	uint64_t in_run_ns;		/* in VTJOB_RUN, run_ns included */
	uint64_t serving_ns;		/* serving forwarded calls, all of them */
	uint64_t exec_ns;		/* of serving_ns, execve()s */
	uint64_t waiting_ns;		/* of serving_ns, calls that wait for others */
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

/*
 * What a runner times of itself, from @start_ns (CLOCK_MONOTONIC): a
 * fork's child runner starts again at zero, as its job does.
 */
struct job_stats_runner {
	uint64_t start_ns;
	uint64_t in_run_ns;
	uint64_t serving_ns;
	uint64_t exec_ns;
	uint64_t waiting_ns;
};

/* CLOCK_MONOTONIC in nanoseconds. */
uint64_t job_stats_now_ns(void);

/* A runner that starts now. */
void job_stats_runner_start(struct job_stats_runner *runner);

/* What a forwarded call's time was spent on. */
enum job_stats_call {
	JOB_STATS_CALL_SERVED,	/* serving it */
	JOB_STATS_CALL_EXEC,	/* an execve(), the new program's loading */
	/*
	 * Waiting for another process or a signal: wait4, waitid,
	 * rt_sigsuspend, pause, poll and select, and a vfork, whose caller
	 * waits for its child's exec or exit. Time the tree's other
	 * processes spend too, so summed over a tree it counts twice.
	 */
	JOB_STATS_CALL_WAITING,
};

/* What system call @nr's time goes under, as far as its number tells. */
enum job_stats_call job_stats_call_kind(uint64_t nr);

/* Add @ns spent on a forwarded call of @kind to @runner. */
void job_stats_runner_served(struct job_stats_runner *runner, enum job_stats_call kind,
			     uint64_t ns);

/*
 * Count the calling runner as ended, with its largest resident set and
 * its own times up to now.
 */
void job_stats_add_process(struct job_stats *stats, const struct job_stats_runner *runner);

void job_stats_read(struct job_stats *stats, struct job_stats_totals *totals);

/*
 * The module's figures of one job, read before the job goes and added
 * only once it has (execve() fails with the old job still running).
 */
struct job_stats_snapshot {
	uint64_t run_ns;
	uint64_t guest_ns;
	uint64_t syscalls_served;
	uint64_t syscalls_forwarded;
	uint64_t exits[JOB_STATS_EXIT_REASONS];
	int error;
};

void job_stats_snapshot(int job_fd, struct job_stats_snapshot *snapshot);
void job_stats_add_snapshot(struct job_stats *stats, const struct job_stats_snapshot *snapshot);

#endif /* VTJOBCTL_JOB_STATS_H */
