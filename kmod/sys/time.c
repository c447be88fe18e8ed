// SPDX-License-Identifier: GPL-2.0
/*
 * The job's clocks and sleeps. A sleeping job's runner sleeps in the run
 * loop (vtj_sys_sleep()), so its CPU idles rather than spins; the time
 * slept counts against the job's time limit like time run, so --timeout
 * ends a job that sleeps too long.
 */
#include "../vtjob.h"

#include <linux/hrtimer.h>
#include <linux/ktime.h>
#include <linux/sched.h>
#include <linux/time.h>
#include <linux/time64.h>
#include <linux/timekeeping.h>
#include <linux/wait.h>

#include "../guest/mem.h"
#include "../job.h"
#include "sys.h"

/* The x86-64 layouts the job passes. */
struct vtj_timespec {
	s64 tv_sec;
	s64 tv_nsec;
};

struct vtj_timeval {
	s64 tv_sec;
	s64 tv_usec;
};

/* Now on @clock as the job sees it, or false for a clock it cannot read. */
static bool vtj_clock_now(struct vtj_job *job, clockid_t clock,
			  struct timespec64 *now)
{
	switch (clock) {
	case CLOCK_REALTIME:
	case CLOCK_REALTIME_ALARM:
		ktime_get_real_ts64(now);
		return true;
	case CLOCK_MONOTONIC:
		ktime_get_ts64(now);
		return true;
	case CLOCK_MONOTONIC_RAW:
		ktime_get_raw_ts64(now);
		return true;
	case CLOCK_REALTIME_COARSE:
		ktime_get_coarse_real_ts64(now);
		return true;
	case CLOCK_MONOTONIC_COARSE:
		ktime_get_coarse_ts64(now);
		return true;
	case CLOCK_BOOTTIME:
	case CLOCK_BOOTTIME_ALARM:
		ktime_get_boottime_ts64(now);
		return true;
	case CLOCK_TAI:
		ktime_get_clocktai_ts64(now);
		return true;
	case CLOCK_PROCESS_CPUTIME_ID:
	case CLOCK_THREAD_CPUTIME_ID:
		/* The job's CPU time is the time it ran. */
		*now = ns_to_timespec64(vtj_job_time_run_ns(&job->time));
		return true;
	default:
		return false;
	}
}

static long vtj_put_timespec(struct vtj_job *job, u64 addr,
			     const struct timespec64 *ts)
{
	struct vtj_timespec out = { ts->tv_sec, ts->tv_nsec };

	return vtj_job_write(job, addr, &out, sizeof(out));
}

long vtj_sys_clock_gettime(struct vtj_job *job, struct vtj_syscall *call)
{
	struct timespec64 now;

	if (!vtj_clock_now(job, call->args[0], &now))
		return -EINVAL;
	return vtj_put_timespec(job, call->args[1], &now);
}

long vtj_sys_clock_getres(struct vtj_job *job, struct vtj_syscall *call)
{
	clockid_t clock = call->args[0];
	struct timespec64 res;

	if (!vtj_clock_now(job, clock, &res))
		return -EINVAL;
	if (clock == CLOCK_REALTIME_COARSE || clock == CLOCK_MONOTONIC_COARSE)
		res = ns_to_timespec64(TICK_NSEC);
	else
		res = ns_to_timespec64(1);
	return call->args[1] ? vtj_put_timespec(job, call->args[1], &res) : 0;
}

long vtj_sys_gettimeofday(struct vtj_job *job, struct vtj_syscall *call)
{
	struct timespec64 now;
	long err;

	if (call->args[0]) {
		struct vtj_timeval tv;

		ktime_get_real_ts64(&now);
		tv.tv_sec = now.tv_sec;
		tv.tv_usec = now.tv_nsec / NSEC_PER_USEC;
		err = vtj_job_write(job, call->args[0], &tv, sizeof(tv));
		if (err)
			return err;
	}
	if (call->args[1])
		return vtj_job_write(job, call->args[1], &sys_tz,
				     sizeof(sys_tz));
	return 0;
}

long vtj_sys_time(struct vtj_job *job, struct vtj_syscall *call)
{
	s64 now = ktime_get_real_seconds();

	if (call->args[0]) {
		long err = vtj_job_write(job, call->args[0], &now, sizeof(now));

		if (err)
			return err;
	}
	return now;
}

/* The request at @addr, checked as Linux checks it. */
static long vtj_get_request(struct vtj_job *job, u64 addr,
			    struct timespec64 *ts)
{
	struct vtj_timespec in;
	long err;

	err = vtj_job_read(job, addr, &in, sizeof(in));
	if (err)
		return err;
	if (in.tv_sec < 0 || in.tv_nsec < 0 || in.tv_nsec >= NSEC_PER_SEC)
		return -EINVAL;
	ts->tv_sec = in.tv_sec;
	ts->tv_nsec = in.tv_nsec;
	return 0;
}

/**
 * vtj_sys_sleep_until() - put the job to sleep until @deadline
 * @job: the job
 * @deadline: CLOCK_MONOTONIC time; KTIME_MAX sleeps until the job ends
 *
 * The run loop sleeps (vtj_sys_sleep()) before the job runs again.
 */
void vtj_sys_sleep_until(struct vtj_job *job, ktime_t deadline)
{
	job->sys.wake_at = deadline;
	job->sys.sleeping = true;
	job->sys.sleep_rem = 0;
}

/**
 * vtj_sys_sleep_interrupted() - a handler cuts the job's sleep short
 * @job: the job, sleeping
 *
 * The sleep ends; a nanosleep() given a remainder pointer gets the time
 * that was left written there, as Linux writes it.
 *
 * Return: what the sleeping call answers: -EINTR, or -EFAULT if the time
 * left cannot be written.
 */
long vtj_sys_sleep_interrupted(struct vtj_job *job)
{
	struct __kernel_timespec rem;
	struct timespec64 left;
	s64 ns;

	job->sys.sleeping = false;
	if (!job->sys.sleep_rem)
		return -EINTR;
	ns = ktime_to_ns(ktime_sub(job->sys.wake_at, ktime_get()));
	left = ns_to_timespec64(max(ns, 0LL));
	rem.tv_sec = left.tv_sec;
	rem.tv_nsec = left.tv_nsec;
	if (vtj_job_write(job, job->sys.sleep_rem, &rem, sizeof(rem)))
		return -EFAULT;
	return -EINTR;
}

/* Puts the job to sleep for @ns. */
static long vtj_sleep_for(struct vtj_job *job, s64 ns)
{
	vtj_sys_sleep_until(job, ktime_add_safe(ktime_get(), ns_to_ktime(max(ns, 0LL))));
	return 0;
}

long vtj_sys_nanosleep(struct vtj_job *job, struct vtj_syscall *call)
{
	struct timespec64 req;
	long err;

	err = vtj_get_request(job, call->args[0], &req);
	if (err)
		return err;
	vtj_sleep_for(job, timespec64_to_ns(&req));
	job->sys.sleep_rem = call->args[1];
	return 0;
}

long vtj_sys_clock_nanosleep(struct vtj_job *job, struct vtj_syscall *call)
{
	clockid_t clock = call->args[0];
	struct timespec64 req, now;
	s64 ns;
	long err;

	switch (clock) {
	case CLOCK_REALTIME:
	case CLOCK_MONOTONIC:
	case CLOCK_BOOTTIME:
	case CLOCK_TAI:
		break;
	default:
		/* CPU-time clocks too: a sleeping job's CPU time stands still. */
		return -EINVAL;
	}
	err = vtj_get_request(job, call->args[2], &req);
	if (err)
		return err;
	ns = timespec64_to_ns(&req);
	if (call->args[1] & TIMER_ABSTIME) {
		vtj_clock_now(job, clock, &now);
		ns -= timespec64_to_ns(&now);
	}
	vtj_sleep_for(job, ns);
	/* An absolute sleep has no remainder to tell. */
	if (!(call->args[1] & TIMER_ABSTIME))
		job->sys.sleep_rem = call->args[3];
	return 0;
}

/**
 * vtj_sys_sleep() - sleep while the job sleeps
 * @job: the job, whose sys.sleeping is set
 *
 * Returns early for a signal, the job's eviction, or its time limit; the
 * run loop sorts out which, and calls again while the job still sleeps.
 *
 * Return: 0 or -ERESTARTSYS for a signal.
 */
int vtj_sys_sleep(struct vtj_job *job)
{
	ktime_t start = ktime_get();
	s64 left = ktime_to_ns(ktime_sub(job->sys.wake_at, start));
	int ret = 0;

	if (left > 0) {
		if (vtj_job_time_limited(&job->time))
			left = min_t(s64, left,
				     vtj_tsc_to_ns(job->time.budget_tsc));
		ret = wait_event_interruptible_hrtimeout(job->wake,
							 READ_ONCE(job->evicted),
							 ns_to_ktime(left));
		vtj_job_time_charge_ns(&job->time,
				       ktime_to_ns(ktime_sub(ktime_get(), start)));
	}
	if (ktime_compare(ktime_get(), job->sys.wake_at) >= 0)
		job->sys.sleeping = false;
	return ret == -ERESTARTSYS ? ret : 0;
}
