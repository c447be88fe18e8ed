/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A job's time: what it has run and what its time limit leaves it, in TSC
 * ticks, the unit the VMX-preemption timer counts in. A job is charged
 * the whole of each pass of the run loop, the module's work on its behalf
 * included, as Linux charges a process its system time: a job that loops
 * on calls the module serves runs out of time like one that spins. Time
 * asleep is charged in nanoseconds against the same budget, so --timeout
 * bounds a job that sleeps too.
 */
#ifndef VTJOB_JOB_TIME_H
#define VTJOB_JOB_TIME_H

#include <linux/limits.h>
#include <linux/math64.h>
#include <linux/minmax.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/time64.h>
#include <linux/types.h>
#include <asm/msr.h>
#include <asm/tsc.h>

/**
 * struct vtj_job_time - a job's time
 * @budget_tsc: TSC ticks left before the time limit, or U64_MAX for none
 * @run_tsc: TSC ticks spent running the job so far, in the guest and in
 *	the module on its behalf
 * @mark_tsc: the TSC when the time not yet charged began
 * @guest_tsc: of @run_tsc, TSC ticks from VM entries to their exits
 */
struct vtj_job_time {
	u64 budget_tsc;
	u64 run_tsc;
	u64 mark_tsc;
	u64 guest_tsc;
};

static inline u64 vtj_ns_to_tsc(u64 ns)
{
	return mul_u64_u32_div(ns, tsc_khz, NSEC_PER_MSEC);
}

static inline u64 vtj_tsc_to_ns(u64 tsc)
{
	return tsc_khz ? mul_u64_u32_div(tsc, NSEC_PER_MSEC, tsc_khz) : 0;
}

/* A limit of @timeout_ns, 0 for none; a limit never rounds down to none. */
static inline void vtj_job_time_init(struct vtj_job_time *t, u64 timeout_ns)
{
	t->run_tsc = 0;
	t->guest_tsc = 0;
	t->budget_tsc = timeout_ns ? max_t(u64, vtj_ns_to_tsc(timeout_ns), 1) :
				     U64_MAX;
}

static inline bool vtj_job_time_limited(const struct vtj_job_time *t)
{
	return t->budget_tsc != U64_MAX;
}

static inline bool vtj_job_time_expired(const struct vtj_job_time *t)
{
	return !t->budget_tsc;
}

static inline u64 vtj_job_time_run_ns(const struct vtj_job_time *t)
{
	return vtj_tsc_to_ns(t->run_tsc);
}

static inline u64 vtj_job_time_guest_ns(const struct vtj_job_time *t)
{
	return vtj_tsc_to_ns(t->guest_tsc);
}

/*
 * Just after a VM exit: the time since the mark, taken just before the
 * entry, was the guest's. It is charged with the module's, later.
 */
static inline void vtj_job_time_note_guest(struct vtj_job_time *t)
{
	t->guest_tsc += rdtsc() - t->mark_tsc;
}

static inline void vtj_job_time_charge_tsc(struct vtj_job_time *t, u64 used)
{
	if (vtj_job_time_limited(t))
		t->budget_tsc -= min(used, t->budget_tsc);
}

/* The job's time runs from now: see vtj_job_time_charge_since_mark(). */
static inline void vtj_job_time_mark(struct vtj_job_time *t)
{
	t->mark_tsc = rdtsc();
}

/* Charge the job the time since the mark, and mark again. */
static inline void vtj_job_time_charge_since_mark(struct vtj_job_time *t)
{
	u64 now = rdtsc(), used = now - t->mark_tsc;

	t->mark_tsc = now;
	t->run_tsc += used;
	vtj_job_time_charge_tsc(t, used);
}

/**
 * vtj_job_time_yield() - a break in a long piece of work for the job
 * @t: the job's time, marked when its current pass of the run loop began
 *
 * A system call the module serves can take long (zeroing or copying much
 * of the job's memory, filling a large buffer): between its pieces it
 * lets the host run, charges the job, and stops once the job is out of
 * time or its runner is being killed. What it leaves undone does not
 * matter then: the job never runs again.
 *
 * Return: true if the work should stop.
 */
static inline bool vtj_job_time_yield(struct vtj_job_time *t)
{
	vtj_job_time_charge_since_mark(t);
	cond_resched();
	/* Time spent by others while we gave way is not the job's. */
	vtj_job_time_mark(t);
	return vtj_job_time_expired(t) || fatal_signal_pending(current);
}

/* At least a tick, so that sleeping to the limit always reaches it. */
static inline void vtj_job_time_charge_ns(struct vtj_job_time *t, u64 ns)
{
	vtj_job_time_charge_tsc(t, max_t(u64, vtj_ns_to_tsc(ns), 1));
}

#endif /* VTJOB_JOB_TIME_H */
