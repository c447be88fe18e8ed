/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CPU reservation: which CPUs belong to jobs rather than to the host.
 */
#ifndef VTJOB_CPUS_H
#define VTJOB_CPUS_H

#include <linux/cpumask.h>
#include <linux/notifier.h>
#include <linux/types.h>
#include <uapi/linux/vtjob.h>

#include "vmx/exit.h"

struct vtj_job;

/**
 * struct vtj_cpu_info - a snapshot of one CPU, for status and events
 * @cpu: the CPU
 * @state: enum vtjob_cpu_state
 * @vmx: whether vtjob has it in VMX operation
 * @jobs_run: jobs run since it was reserved
 * @job_time_ns: time spent in jobs since it was reserved, the running
 *	jobs' time so far included
 * @nr_jobs: how many jobs are bound to it now
 * @job_id: its oldest job, if busy
 * @job_pid: that job's runner, if busy
 * @exits: VM exits since it was reserved, by basic reason, the running
 *	jobs' so far included
 */
struct vtj_cpu_info {
	unsigned int cpu;
	enum vtjob_cpu_state state;
	bool vmx;
	unsigned int nr_jobs;
	u64 jobs_run;
	u64 job_time_ns;
	u64 job_id;
	pid_t job_pid;
	u32 job_end;
	u32 job_status;
	u64 exits[VTJ_NR_EXIT_REASONS];
};

/**
 * struct vtj_cpus_error - why a reservation request failed
 * @cpu: the CPU it failed on
 * @why: what was wrong with it, for the requester; a string literal, as
 *	netlink may read it after the request has returned
 */
struct vtj_cpus_error {
	unsigned int cpu;
	const char *why;
};

/**
 * enum vtj_cpus_event_type - what a reservation notifier is told
 * @VTJ_CPUS_RESERVED: a CPU was reserved
 * @VTJ_CPUS_RELEASED: a CPU was released, for @reason
 * @VTJ_CPUS_JOB_START: a job was bound to a CPU
 * @VTJ_CPUS_JOB_EXIT: a job let go of its CPU, after running @run_ns
 */
enum vtj_cpus_event_type {
	VTJ_CPUS_RESERVED,
	VTJ_CPUS_RELEASED,
	VTJ_CPUS_JOB_START,
	VTJ_CPUS_JOB_EXIT,
};

/**
 * struct vtj_cpus_event - the data of a reservation notifier call
 * @info: the CPU; for a release, as it was just before; for a job exit,
 *	with the job's own id, runner, VM exits and end
 * @reason: for VTJ_CPUS_RELEASED, why
 * @run_ns: for VTJ_CPUS_JOB_EXIT, how long the job ran
 */
struct vtj_cpus_event {
	const struct vtj_cpu_info *info;
	enum vtjob_release_reason reason;
	u64 run_ns;
};

int vtj_cpus_register_notifier(struct notifier_block *nb);
void vtj_cpus_unregister_notifier(struct notifier_block *nb);
void vtj_cpus_assert_locked(void);

int vtj_cpus_init(void);
void vtj_cpus_close(void);
void vtj_cpus_exit(void);

int vtj_cpus_reserve(const struct cpumask *cpus, bool allow_smt_sibling,
		     struct vtj_cpus_error *err);
int vtj_cpus_release(const struct cpumask *cpus, bool force,
		     struct vtj_cpus_error *err);
int vtj_cpus_release_all(bool force);
void vtj_cpu_info(unsigned int cpu, struct vtj_cpu_info *info);
int vtj_cpus_claim(struct vtj_job *job, u32 cpu);
void vtj_cpus_unclaim(struct vtj_job *job);
void vtj_cpus_run_begin(unsigned int cpu);
void vtj_cpus_run_end(unsigned int cpu);
void vtj_cpus_balance(struct vtj_job *job);
unsigned int vtj_cpus_nr_reserved(void);

#endif /* VTJOB_CPUS_H */
