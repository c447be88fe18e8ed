/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A job's fork, mirrored on the host: the runner forks itself, and the
 * child runner makes the child job from its copy of the runner's memory
 * and the parent job's state (VTJOB_JOB_FORK). The host's fork copies
 * the job's memory, its pinned pages eagerly, and the runner's fds, so
 * the child inherits the job's fd table, cwd and path policy as Linux's
 * child would.
 */
#ifndef VTJOBCTL_JOB_FORK_H
#define VTJOBCTL_JOB_FORK_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include "runtime/job_process.h"
#include "runtime/sys/job_process_call.h"
#include "runtime/sys/job_signals.h"

/*
 * Fork @proc's job, which waits at the fork call @call. Returns twice,
 * as fork() does. In the parent: the child's pid, or -errno for the job
 * (-EAGAIN or -ENOMEM when no child could be made), with nothing left
 * behind; for a vfork, once the child has exec'd or exited. In the child, with *@in_child set: 0, and
 * @proc is the child's, its new job ready to run from the fork on, with
 * the call already answered, and none of the signals caught in @signals
 * for the parent.
 */
int64_t job_fork(struct job_process *proc, const struct job_fork_call *call,
		 struct job_signal_queue *signals, bool *in_child);

/*
 * In a vfork's child that execs or exits: the pages its job wrote since
 * the vfork go to the parent, which writes them into its own job's
 * memory before it goes on, as if the two had shared it (the parent does
 * not run meanwhile); then the parent is let go. Mappings the child made
 * or removed are not the parent's. Nothing to do in any other process.
 */
void job_fork_vfork_release(struct job_process *proc);

#endif /* VTJOBCTL_JOB_FORK_H */
