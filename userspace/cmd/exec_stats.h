/* SPDX-License-Identifier: GPL-2.0 */
/*
 * `vtjobctl exec --stats` and `--stats-json=FILE`: what the job did, once
 * it ended, as `time -v` and `strace -c` tell of a process: the wall
 * clock time, the job's time, where its system calls were served, the
 * largest resident set, and its VM exits by reason. The figures cover the
 * whole job tree, every process that ended before the top one did
 * (runtime/job_stats.h says how they are gathered).
 *
 *	vtjob stats: 1 process, 1 job
 *		Wall clock time: 0.0123 s
 *		Job time (in the guest, and in the module for it): 0.0041 s
 *		System calls served on the CPU: 12
 *		System calls forwarded to vtjobctl: 3
 *		Maximum resident set size: 9344 KiB
 *		Exit status: 0
 *		VM exits: 17
 *		       15 EXCEPTION_NMI (0)
 *		        2 EXTERNAL_INTERRUPT (1)
 */
#ifndef VTJOBCTL_EXEC_STATS_H
#define VTJOBCTL_EXEC_STATS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "runtime/job_stats.h"

/* The version of the JSON's shape: raised when a key changes meaning or goes. */
#define EXEC_STATS_JSON_SCHEMA	1

struct exec_stats_request {
	bool print;			/* --stats: on stderr */
	const char *json_path;		/* --stats-json or --stats-jsonl FILE, or NULL */
	bool json_append;		/* --stats-jsonl: a line appended to FILE */
	uint64_t started_ns;		/* when vtjobctl exec began (job_stats_now_ns()) */
};

struct exec_stats {
	struct job_stats *sum;		/* NULL: no stats asked for */
	FILE *json;
	uint64_t start_ns;
};

/*
 * Before the job starts: the shared sum and the JSON file (opened now, so
 * that a bad path stops vtjobctl before the job runs). The clock runs
 * from @request's started_ns, else from now.
 * Returns 0, or -1 having said why on stderr.
 */
int exec_stats_begin(const struct exec_stats_request *request, struct exec_stats *stats);

/* After the job ended with exit @status: print and write what was asked, and free. */
void exec_stats_end(struct exec_stats *stats, const struct exec_stats_request *request,
		    int status);

/* Free, printing nothing: the job never ran. Nothing to do after exec_stats_end(). */
void exec_stats_free(struct exec_stats *stats);

/*
 * What exec_stats_end() prints; @wall_ns is the time from start to end.
 * After the figures, where the processes' time went, summed over them:
 *
 *	Time of the processes: 0.0412 s, by where it went:
 *		guest compute         0.0031 s
 *		module, on the CPU    0.001 s  (VM exits, calls and page faults served there)
 *		in and out of VTJOB_RUN 0.0008 s (and waits for the CPU)
 *		forwarded calls       0.0102 s
 *		execve                0 s      (loading new programs)
 *		waiting               0 s      (wait4, vfork, sigsuspend, poll)
 *		start-up and end      0.024 s  (vtjobctl, loading, fork, teardown)
 */
void exec_stats_print_text(const struct job_stats_totals *totals, uint64_t wall_ns,
			   int status, FILE *out);
/*
 * {"schema":1,"processes":1,"jobs":1,"wall_ns":...,"job_time_ns":...,
 *  "syscalls_served":12,"syscalls_forwarded":3,"max_rss_kib":9344,
 *  "exit_status":0,"guest_ns":...,"process_ns":...,"in_run_ns":...,
 *  "serving_ns":...,"exec_ns":...,"waiting_ns":...,
 *  "exits":[{"reason":0,"name":"EXCEPTION_NMI","count":15},...]}
 * and a newline, all on one line; "error" when a job's figures could not
 * be read. The times are the sums of struct job_stats_totals.
 */
void exec_stats_print_json(const struct job_stats_totals *totals, uint64_t wall_ns,
			   int status, FILE *out);

#endif /* VTJOBCTL_EXEC_STATS_H */
