// SPDX-License-Identifier: GPL-2.0
/*
 * futex() for a job, which is one thread: no other thread can wait on a
 * futex word of its memory or wake one. So a wake finds no waiter, a
 * requeue nothing to move, a wait whose word no longer holds the value
 * fails with EAGAIN, and a wait that would block sleeps until its timeout
 * and then fails with ETIMEDOUT, or without one sleeps until the job
 * ends, as a lone thread waiting on itself would (--timeout and signals
 * end it). The checks, and their order, are Linux's (kernel/futex/).
 * FUTEX_WAKE_OP and the priority-inheritance calls, which no single
 * thread needs, are ENOSYS.
 */
#include "../vtjob.h"

#include <linux/futex.h>
#include <linux/ktime.h>
#include <linux/time64.h>
#include <linux/timekeeping.h>

#include "../guest/mem.h"
#include "../job.h"
#include "sys.h"

/* The x86-64 layout of the timeout the job passes. */
struct vtj_futex_timespec {
	s64 tv_sec;
	s64 tv_nsec;
};

/*
 * The CLOCK_MONOTONIC deadline of the wait's timeout at @addr, as
 * futex_init_timeout() makes it: FUTEX_WAIT's is relative, the others'
 * absolute on CLOCK_MONOTONIC, or CLOCK_REALTIME with @realtime.
 */
static long vtj_futex_deadline(struct vtj_job *job, u64 addr, int cmd,
			       bool realtime, ktime_t *deadline)
{
	struct vtj_futex_timespec in;
	struct timespec64 ts;
	long err;

	err = vtj_job_read(job, addr, &in, sizeof(in));
	if (err)
		return err;
	ts.tv_sec = in.tv_sec;
	ts.tv_nsec = in.tv_nsec;
	if (!timespec64_valid(&ts))
		return -EINVAL;
	*deadline = timespec64_to_ktime(ts);
	if (cmd == FUTEX_WAIT)
		*deadline = ktime_add_safe(ktime_get(), *deadline);
	else if (realtime)
		*deadline = ktime_add_safe(ktime_get(),
					   ktime_sub(*deadline, ktime_get_real()));
	return 0;
}

/* The futex word at @addr: -EINVAL unaligned, -EFAULT unreadable. */
static long vtj_futex_word(struct vtj_job *job, u64 addr, u32 *word)
{
	if (addr % sizeof(u32))
		return -EINVAL;
	return vtj_job_read(job, addr, word, sizeof(*word));
}

long vtj_sys_futex(struct vtj_job *job, struct vtj_syscall *call)
{
	u64 uaddr = call->args[0], timeout = call->args[3];
	int op = call->args[1], cmd = op & FUTEX_CMD_MASK;
	u32 val = call->args[2], val3 = call->args[5], word;
	bool realtime = op & FUTEX_CLOCK_REALTIME;
	ktime_t deadline = KTIME_MAX;
	long err;

	if ((cmd == FUTEX_WAIT || cmd == FUTEX_WAIT_BITSET) && timeout) {
		err = vtj_futex_deadline(job, timeout, cmd, realtime, &deadline);
		if (err)
			return err;
	}
	if (realtime && cmd != FUTEX_WAIT_BITSET && cmd != FUTEX_WAIT_REQUEUE_PI &&
	    cmd != FUTEX_LOCK_PI2)
		return -VTJ_JOB_ENOSYS;

	switch (cmd) {
	case FUTEX_WAIT:
	case FUTEX_WAIT_BITSET:
		if (cmd == FUTEX_WAIT_BITSET && !val3)
			return -EINVAL;
		err = vtj_futex_word(job, uaddr, &word);
		if (err)
			return err;
		if (word != val)
			return -EAGAIN;
		/* Nobody can wake it: it sleeps to the deadline. */
		vtj_sys_sleep_until(job, deadline);
		return -ETIMEDOUT;
	case FUTEX_WAKE:
	case FUTEX_WAKE_BITSET:
		if (cmd == FUTEX_WAKE_BITSET && !val3)
			return -EINVAL;
		/* A private futex is not looked up, only its address checked. */
		if (uaddr % sizeof(u32))
			return -EINVAL;
		if (!(op & FUTEX_PRIVATE_FLAG))
			return vtj_futex_word(job, uaddr, &word);
		return 0;
	case FUTEX_REQUEUE:
	case FUTEX_CMP_REQUEUE:
		/* The wake and requeue counts: val and the timeout's register. */
		if ((int)val < 0 || (int)timeout < 0)
			return -EINVAL;
		if (uaddr % sizeof(u32) || call->args[4] % sizeof(u32))
			return -EINVAL;
		if (cmd == FUTEX_REQUEUE)
			return 0;
		err = vtj_futex_word(job, uaddr, &word);
		if (err)
			return err;
		return word == val3 ? 0 : -EAGAIN;
	default:
		return -VTJ_JOB_ENOSYS;
	}
}
