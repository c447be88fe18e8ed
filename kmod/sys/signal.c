// SPDX-License-Identifier: GPL-2.0
/*
 * The job's signal calls. The module does not deliver signals to jobs: it
 * records what the job asks, so that the C library's setup succeeds and
 * so that a fatal exception can say the job had a handler that was not
 * run.
 */
#include "../vtjob.h"

#include <linux/signal.h>

#include "../guest/mem.h"
#include "../job.h"
#include "sys.h"

/* The job's sigset_t: one bit per signal, signal 1 in bit 0. */
#define VTJ_SIGSET_SIZE		sizeof(u64)
#define VTJ_SIG_BIT(sig)	BIT_ULL((sig) - 1)
#define VTJ_UNBLOCKABLE		(VTJ_SIG_BIT(SIGKILL) | VTJ_SIG_BIT(SIGSTOP))

long vtj_sys_rt_sigaction(struct vtj_job *job, struct vtj_syscall *call)
{
	int sig = call->args[0];
	u64 act = call->args[1], oldact = call->args[2];
	struct vtj_sigaction new, *action;
	long err;

	if (call->args[3] != VTJ_SIGSET_SIZE)
		return -EINVAL;
	if (sig < 1 || sig > VTJ_NSIG)
		return -EINVAL;
	if (act && (sig == SIGKILL || sig == SIGSTOP))
		return -EINVAL;
	action = &job->sys.actions[sig - 1];
	if (act) {
		err = vtj_job_read(job, act, &new, sizeof(new));
		if (err)
			return err;
		new.mask &= ~VTJ_UNBLOCKABLE;
	}
	if (oldact) {
		err = vtj_job_write(job, oldact, action, sizeof(*action));
		if (err)
			return err;
	}
	if (act)
		*action = new;
	return 0;
}

long vtj_sys_rt_sigprocmask(struct vtj_job *job, struct vtj_syscall *call)
{
	u64 set_addr = call->args[1], oldset = call->args[2], set, mask;
	long err;

	if (call->args[3] != VTJ_SIGSET_SIZE)
		return -EINVAL;
	mask = job->sys.sigmask;
	if (set_addr) {
		err = vtj_job_read(job, set_addr, &set, sizeof(set));
		if (err)
			return err;
		switch (call->args[0]) {
		case SIG_BLOCK:
			mask |= set;
			break;
		case SIG_UNBLOCK:
			mask &= ~set;
			break;
		case SIG_SETMASK:
			mask = set;
			break;
		default:
			return -EINVAL;
		}
		mask &= ~VTJ_UNBLOCKABLE;
	}
	if (oldset) {
		err = vtj_job_write(job, oldset, &job->sys.sigmask,
				    sizeof(job->sys.sigmask));
		if (err)
			return err;
	}
	job->sys.sigmask = mask;
	return 0;
}

/**
 * vtj_sys_has_handler() - whether the job installed a handler for @signal
 * @job: the job
 * @signal: 1 to VTJ_NSIG
 *
 * Return: true for a handler function, false for SIG_DFL and SIG_IGN.
 */
bool vtj_sys_has_handler(const struct vtj_job *job, int signal)
{
	u64 handler;

	if (signal < 1 || signal > VTJ_NSIG)
		return false;
	handler = job->sys.actions[signal - 1].handler;
	return handler != VTJ_SIG_DFL && handler != VTJ_SIG_IGN;
}
