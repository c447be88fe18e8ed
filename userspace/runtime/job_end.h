/* SPDX-License-Identifier: GPL-2.0 */
/*
 * How a child runner ends: as its job did, so that the parent job's
 * wait4() or waitid(), served by the host, sees what Linux would show
 * for the job: its exit status, or death by the signal that ended it.
 */
#ifndef VTJOBCTL_JOB_END_H
#define VTJOBCTL_JOB_END_H

/* How a job ended: @signal killed it, or it exited with @status. */
struct job_end {
	int status;	/* the exit status; 128 + @signal when a signal ended it */
	int signal;	/* 0 when it exited, or timed out, or the module failed */
};

/*
 * Ends the calling process as @end says: exit(@end->status), or death by
 * @end->signal, whatever the process did with that signal before (its
 * handler, mask, core dumps: none is taken, as a job's core would be the
 * runner's). Does not return.
 */
_Noreturn void job_end_process(const struct job_end *end);

#endif /* VTJOBCTL_JOB_END_H */
