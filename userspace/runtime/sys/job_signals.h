/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The signals a runner receives for its job. A runner is the job's
 * process on the host: other jobs of the tree signal it by pid, its
 * children's deaths send it SIGCHLD, a closed pipe SIGPIPE, the terminal
 * SIGINT. It catches each (job_signals_catch()), keeps the siginfo, and
 * the run loop passes it to the job (VTJOB_SIGNAL), whose own actions
 * then decide: its handler runs, it is ignored, or it ends the job.
 *
 * Not caught, so that they act on the runner as on any process: SIGKILL
 * and SIGSTOP, which cannot be; SIGTSTP, SIGTTIN, SIGTTOU and SIGCONT,
 * so that job control stops and continues the runner with its job; and
 * glibc's two internal signals (32, 33), which it does not let anyone
 * catch.
 */
#ifndef VTJOBCTL_JOB_SIGNALS_H
#define VTJOBCTL_JOB_SIGNALS_H

#include <signal.h>
#include <stdbool.h>

/* The highest signal number, as the job's x86-64 ABI has it (_NSIG - 1). */
#define JOB_NSIG	64

/* Signals caught for a job, waiting to be passed to it; one of each. */
struct job_signal_queue {
	/* Set when any is caught: a blocking call for the job stops waiting. */
	volatile sig_atomic_t any;
	volatile sig_atomic_t caught[JOB_NSIG + 1];
	siginfo_t info[JOB_NSIG + 1];
};

/* The queue the runner's handlers fill. */
extern struct job_signal_queue job_signals;

/*
 * Catch the signals a job can receive into job_signals, without
 * SA_RESTART, so that a host call a runner waits in for its job returns
 * EINTR. Returns 0 or -errno.
 */
int job_signals_catch(void);

/*
 * The lowest caught signal of @queue into @info, taken off the queue:
 * true, or false when none is left. Safe against the handlers.
 */
bool job_signals_take(struct job_signal_queue *queue, siginfo_t *info);

/* Forget every caught signal: a fork's child has none pending. */
void job_signals_forget(struct job_signal_queue *queue);

#endif /* VTJOBCTL_JOB_SIGNALS_H */
