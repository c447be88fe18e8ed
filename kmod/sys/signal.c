// SPDX-License-Identifier: GPL-2.0
/*
 * The job's signals: what it asks of them (actions, mask, alternate
 * stack, waiting for one), how one is queued for it (VTJOB_SIGNAL from
 * its runner, or its own fault), and how a pending one is delivered
 * before the job runs again: dropped, ending the job, or run by its
 * handler on a frame that signal_frame.c builds.
 */
#include "../vtjob.h"

#include <linux/lockdep.h>
#include <linux/signal.h>
#include <asm/unistd.h>

#include "../guest/mem.h"
#include "../job.h"
#include "sys.h"

#define VTJ_SIGSET_SIZE		sizeof(u64)
#define VTJ_UNBLOCKABLE		VTJ_SIG_UNBLOCKABLE
/*
 * Default action: ignore (SIG_KERNEL_IGNORE_MASK), or stop, which a job
 * cannot do: its runner keeps the stop signals it gets for itself, so a
 * stop signal that reaches the job some other way is ignored too.
 */
#define VTJ_SIG_DFL_IGNORED	(VTJ_SIG_BIT(SIGCHLD) | VTJ_SIG_BIT(SIGURG) | \
				 VTJ_SIG_BIT(SIGWINCH) | VTJ_SIG_BIT(SIGCONT) | \
				 VTJ_SIG_BIT(SIGSTOP) | VTJ_SIG_BIT(SIGTSTP) | \
				 VTJ_SIG_BIT(SIGTTIN) | VTJ_SIG_BIT(SIGTTOU))
/* sigaltstack(): MINSIGSTKSZ, and the flags Linux takes. */
#define VTJ_MINSIGSTKSZ		2048
#define VTJ_SS_FLAG_BITS	SS_AUTODISARM

/* The part of the x86-64 siginfo_t the module reads and writes. */
struct vtj_siginfo_head {
	s32 si_signo;
	s32 si_errno;
	s32 si_code;
	s32 __pad;
	union {
		struct {
			s32 pid;
			u32 uid;
		} kill;
		u64 addr;
	};
};

/* Whether the signal's action now is to drop it. */
static bool vtj_sig_ignored(const struct vtj_job_sys *sys, int sig)
{
	u64 handler = sys->actions[sig - 1].handler;

	return handler == VTJ_SIG_IGN ||
	       (handler == VTJ_SIG_DFL && (VTJ_SIG_DFL_IGNORED & VTJ_SIG_BIT(sig)));
}

/* Queues @sig with the siginfo head in @info (VTJ_SIGINFO_KEPT bytes). */
static void vtj_sig_add(struct vtj_job_sys *sys, int sig, const void *info)
{
	/* As Linux: ignored and not blocked, it is dropped at once. */
	if (vtj_sig_ignored(sys, sig) && !(sys->sigmask & VTJ_SIG_BIT(sig)))
		return;
	/* One of each: a second one while the first waits is lost. */
	if (sys->pending & VTJ_SIG_BIT(sig))
		return;
	memcpy(sys->pending_info[sig - 1], info, VTJ_SIGINFO_KEPT);
	sys->pending |= VTJ_SIG_BIT(sig);
}

/**
 * vtj_sig_queue() - queue a signal for the job
 * @job: the job, locked
 * @siginfo: an x86-64 siginfo_t (VTJOB_SIGINFO_SIZE bytes)
 *
 * Return: 0, or -EINVAL if its si_signo is not 1 to 64.
 */
int vtj_sig_queue(struct vtj_job *job, const void *siginfo)
{
	const struct vtj_siginfo_head *head = siginfo;

	lockdep_assert_held(&job->lock);
	if (head->si_signo < 1 || head->si_signo > VTJ_NSIG)
		return -EINVAL;
	vtj_sig_add(&job->sys, head->si_signo, siginfo);
	return 0;
}

/**
 * vtj_sig_queue_fault() - give the job's handler an exception it caused
 * @job: the job, locked, stopped at the faulting instruction
 * @signal: the signal Linux sends for it
 * @code: its si_code
 * @fault: the vector, error code and address, for the frame
 *
 * Only a handler the job does not block runs for a fault; otherwise the
 * fault ends the job, as Linux's force_sig_fault() unblocks the signal
 * and puts back its default action.
 *
 * Return: true if queued for the handler, false if the fault ends the job.
 */
bool vtj_sig_queue_fault(struct vtj_job *job, int signal, int code,
			 const struct vtj_sig_fault *fault)
{
	struct vtj_job_sys *sys = &job->sys;
	struct vtj_siginfo_head info = {
		.si_signo = signal,
		.si_code = code,
		.addr = fault->address,
	};

	lockdep_assert_held(&job->lock);
	if (!vtj_sys_has_handler(job, signal) ||
	    (sys->sigmask & VTJ_SIG_BIT(signal)))
		return false;
	/* A fault goes first: the instruction cannot go on without it. */
	sys->pending &= ~VTJ_SIG_BIT(signal);
	vtj_sig_add(sys, signal, &info);
	sys->fault = *fault;
	sys->fault.signal = signal;
	return true;
}

/**
 * vtj_sig_force_segv() - end the job with SIGSEGV, as Linux's
 *	force_sigsegv() does when a signal frame cannot be built or read
 * @sys: the job's signal state
 */
void vtj_sig_force_segv(struct vtj_job_sys *sys)
{
	struct vtj_siginfo_head info = {
		.si_signo = SIGSEGV,
		.si_code = SI_KERNEL,
	};

	sys->actions[SIGSEGV - 1].handler = VTJ_SIG_DFL;
	sys->sigmask &= ~VTJ_SIG_BIT(SIGSEGV);
	sys->pending &= ~VTJ_SIG_BIT(SIGSEGV);
	vtj_sig_add(sys, SIGSEGV, &info);
}

/* The call the job stopped at runs again when it goes on. */
static void vtj_sig_restart_call(struct vtj_job *job)
{
	job->rip -= 2;
	job->gpr[VTJ_RAX] = job->sys.call_nr;
}

/* A signal is cut short by a handler: what the interrupted call says. */
static void vtj_sig_interrupt_call(struct vtj_job *job,
				   const struct vtj_sigaction *action)
{
	struct vtj_job_sys *sys = &job->sys;

	if (sys->restart) {
		sys->restart = false;
		if (action->flags & SA_RESTART)
			vtj_sig_restart_call(job);
		else
			job->gpr[VTJ_RAX] = -EINTR;
	}
	/* A sleep the module serves: nanosleep, futex wait, sigsuspend. */
	if (sys->sleeping)
		job->gpr[VTJ_RAX] = vtj_sys_sleep_interrupted(job);
}

static void vtj_sig_end_job(struct vtj_job *job, int sig,
			    struct vtjob_exit *exit)
{
	const struct vtj_siginfo_head *info =
		(const void *)job->sys.pending_info[sig - 1];

	exit->reason = VTJOB_EXIT_SIGNALED;
	exit->signaled.signal = sig;
	exit->signaled.code = info->si_code;
	exit->signaled.pid = info->kill.pid;
}

/**
 * vtj_sig_deliver() - deliver the job's pending signals before it runs
 * @job: the job, locked, stopped, with its FPU state saved in memory
 * @exit: out: why the run stops, if a signal ends the job
 *
 * Every signal the job does not block is taken, lowest first, as Linux
 * takes them on the way back to user mode: an ignored one is dropped, one
 * whose default action ends a process ends the job, and one with a
 * handler gets a frame on the job's stack, so that several handlers nest
 * as they would on Linux. A call a signal cut short is restarted unless a
 * handler without SA_RESTART runs.
 *
 * Return: 1 to run the job, 0 if a signal ended it (@exit says how).
 */
int vtj_sig_deliver(struct vtj_job *job, struct vtjob_exit *exit)
{
	struct vtj_job_sys *sys = &job->sys;

	lockdep_assert_held(&job->lock);
	if (sys->sigreturn_fpu) {
		sys->sigreturn_fpu = false;
		if (vtj_sig_restore_fpu(job, sys->sigreturn_fpstate))
			vtj_sig_force_segv(sys);
	}
	while (vtj_sig_deliverable(sys)) {
		int sig = __ffs64(sys->pending & ~sys->sigmask) + 1;
		struct vtj_sigaction *action = &sys->actions[sig - 1];
		u64 oldmask, mask;

		if (vtj_sig_ignored(sys, sig)) {
			sys->pending &= ~VTJ_SIG_BIT(sig);
			continue;
		}
		/* Left pending: a job that ended this way ends so again. */
		if (action->handler == VTJ_SIG_DFL) {
			vtj_sig_end_job(job, sig, exit);
			return 0;
		}
		vtj_sig_interrupt_call(job, action);
		/*
		 * The frame restores the mask rt_sigsuspend() replaced; the
		 * handler runs with the one in force, as on Linux.
		 */
		oldmask = sys->restore_sigmask ? sys->saved_sigmask : sys->sigmask;
		mask = sys->sigmask | action->mask;
		if (!(action->flags & SA_NODEFER))
			mask |= VTJ_SIG_BIT(sig);
		sys->pending &= ~VTJ_SIG_BIT(sig);
		if (vtj_sig_setup_frame(job, sig, action, oldmask)) {
			vtj_sig_force_segv(sys);
			continue;
		}
		sys->restore_sigmask = false;
		sys->sigmask = mask & ~VTJ_UNBLOCKABLE;
		if (action->flags & SA_RESETHAND)
			action->handler = VTJ_SIG_DFL;
	}
	/* No handler ran: the call goes on as if nothing had come. */
	if (sys->restart) {
		sys->restart = false;
		vtj_sig_restart_call(job);
	}
	return 1;
}

/**
 * vtj_job_signal() - VTJOB_SIGNAL: queue a signal for the job
 * @ctx: the job
 * @arg: struct vtjob_signal
 *
 * Return: 0; -EINVAL for flags or a signal number out of range; -EINTR if
 * a fatal signal came while another thread ran the job.
 */
long vtj_job_signal(void *ctx, void *arg)
{
	struct vtjob_signal *signal = arg;
	struct vtj_job *job = ctx;
	long ret;

	if (signal->flags)
		return -EINVAL;
	if (mutex_lock_killable(&job->lock))
		return -EINTR;
	ret = vtj_sig_queue(job, signal->siginfo);
	mutex_unlock(&job->lock);
	return ret;
}

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
	if (act) {
		*action = new;
		/* As Linux: a signal now ignored is not pending any more. */
		if (vtj_sig_ignored(&job->sys, sig))
			job->sys.pending &= ~VTJ_SIG_BIT(sig);
	}
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

long vtj_sys_rt_sigpending(struct vtj_job *job, struct vtj_syscall *call)
{
	u64 set = job->sys.pending & job->sys.sigmask;

	if (call->args[1] > VTJ_SIGSET_SIZE)
		return -EINVAL;
	return vtj_job_write(job, call->args[0], &set, call->args[1]);
}

/* Waits, with @mask in force, until a handler runs (vtj_sig_deliver()). */
static long vtj_sig_wait(struct vtj_job *job, u64 mask)
{
	struct vtj_job_sys *sys = &job->sys;

	sys->saved_sigmask = sys->sigmask;
	sys->restore_sigmask = true;
	sys->sigmask = mask & ~VTJ_UNBLOCKABLE;
	vtj_sys_sleep_until(job, KTIME_MAX);
	/* What the job sees once a handler cut the sleep short. */
	return -EINTR;
}

long vtj_sys_rt_sigsuspend(struct vtj_job *job, struct vtj_syscall *call)
{
	u64 mask;
	int err;

	if (call->args[1] != VTJ_SIGSET_SIZE)
		return -EINVAL;
	err = vtj_job_read(job, call->args[0], &mask, sizeof(mask));
	if (err)
		return err;
	return vtj_sig_wait(job, mask);
}

long vtj_sys_pause(struct vtj_job *job, struct vtj_syscall *call)
{
	return vtj_sig_wait(job, job->sys.sigmask);
}

/* sigaltstack()'s checks and change, for a job not on the stack now. */
static int vtj_altstack_set(struct vtj_sigaltstack *ss,
			    const struct vtj_stack_t *st)
{
	u32 mode = st->ss_flags & ~VTJ_SS_FLAG_BITS;

	if (mode != SS_DISABLE && mode != SS_ONSTACK && mode != 0)
		return -EINVAL;
	if (mode == SS_DISABLE) {
		ss->sp = 0;
		ss->size = 0;
		ss->flags = SS_DISABLE;
		return 0;
	}
	if (st->ss_size < VTJ_MINSIGSTKSZ)
		return -ENOMEM;
	ss->sp = st->ss_sp;
	ss->size = st->ss_size;
	ss->flags = st->ss_flags & VTJ_SS_FLAG_BITS;
	return 0;
}

/**
 * vtj_sig_set_altstack() - put back the alternate stack a frame saved
 * @job: the job, its registers as rt_sigreturn() restored them
 * @st: the frame's uc_stack
 *
 * As Linux's restore_altstack(): a setting sigaltstack() would refuse
 * is ignored.
 */
void vtj_sig_set_altstack(struct vtj_job *job, const struct vtj_stack_t *st)
{
	struct vtj_sigaltstack *ss = &job->sys.altstack;

	if (!vtj_sig_on_altstack(ss, job->rsp))
		vtj_altstack_set(ss, st);
}

long vtj_sys_sigaltstack(struct vtj_job *job, struct vtj_syscall *call)
{
	struct vtj_sigaltstack *ss = &job->sys.altstack;
	u64 new_addr = call->args[0], old_addr = call->args[1];
	struct vtj_stack_t new, old = {
		.ss_sp = ss->sp,
		.ss_size = ss->size,
		.ss_flags = ss->flags,
	};
	bool on = vtj_sig_on_altstack(ss, job->rsp);
	struct vtj_sigaltstack set = *ss;
	int err;

	if (on)
		old.ss_flags = SS_ONSTACK;
	else if (!ss->size)
		old.ss_flags = SS_DISABLE;
	if (new_addr) {
		err = vtj_job_read(job, new_addr, &new, sizeof(new));
		if (err)
			return err;
		if (on)
			return -EPERM;
		err = vtj_altstack_set(&set, &new);
		if (err)
			return err;
	}
	if (old_addr) {
		err = vtj_job_write(job, old_addr, &old, sizeof(old));
		if (err)
			return err;
	}
	*ss = set;
	return 0;
}
