// SPDX-License-Identifier: GPL-2.0
/*
 * CPU reservation. A reserved CPU is in VMX operation and runs jobs; the
 * host keeps the others. Reservation is all or nothing, and at least one
 * online CPU always stays with the host. A reserved CPU going offline, and
 * module unload, release it; each change goes to the reservation
 * notifier chain, which the netlink family (nl.c) listens on.
 *
 * The module's lock order, outermost first; the reservation is where the
 * outermost of vtjob's own locks is taken:
 *
 *   genl_mutex             netlink requests (nl.c), serialized by genetlink
 *   cpus_read_lock()       CPU hotplug, held across a reservation change
 *   vtj_cpus_lock          the reservation and the CPU a job is bound to
 *   vtj_cpus_chain         its notifier chain's rwsem, under vtj_cpus_lock
 *   job->lock              one job (job.c, run.c): eviction takes it under
 *                          vtj_cpus_lock to wait for the job's run to end
 *   vtj_vmx_lock           VMX operation per CPU (vmx/cpu.c)
 *
 * A run holds job->lock and takes none of the outer locks. The hotplug
 * teardown runs with the hotplug lock held for writing and takes
 * vtj_cpus_lock and what nests inside it.
 */
#include "vtjob.h"

#include <linux/cpu.h>
#include <linux/cpuhotplug.h>
#include <linux/lockdep.h>
#include <linux/mutex.h>
#include <linux/notifier.h>
#include <linux/percpu.h>
#include <linux/reboot.h>
#include <linux/topology.h>

#include "cpus.h"
#include "job.h"
#include "vmx/cpu.h"
#include "vmx/speculation.h"

/**
 * struct vtj_cpu - what vtjob keeps for a CPU while it is reserved
 * @jobs: the jobs bound to the CPU, oldest first, linked by their
 *	@cpu_node; they share it as the scheduler shares a CPU among the
 *	tasks bound to it, each job's runner being one of them
 * @nr_jobs: how many there are
 * @jobs_run: jobs run since the CPU was reserved
 * @job_time_ns: time spent in jobs since the CPU was reserved
 * @exits: VM exits of those jobs, by basic reason
 */
struct vtj_cpu {
	struct list_head jobs;
	unsigned int nr_jobs;
	u64 jobs_run;
	u64 job_time_ns;
	u64 exits[VTJ_NR_EXIT_REASONS];
};

static DEFINE_PER_CPU(struct vtj_cpu, vtj_cpu);
/*
 * Jobs of each CPU whose runner is in VTJOB_RUN: running, or ready to.
 * Apart from struct vtj_cpu, which a reservation starts afresh, since a
 * run of an evicted job may end after its CPU was reserved again.
 */
static DEFINE_PER_CPU(atomic_t, vtj_cpu_running);
static DEFINE_MUTEX(vtj_cpus_lock);
static struct cpumask vtj_reserved;
/* Set at unload: nothing may be reserved again. */
static bool vtj_cpus_closed;
static enum cpuhp_state vtj_cpuhp_state;
static BLOCKING_NOTIFIER_HEAD(vtj_cpus_chain);

/**
 * vtj_cpus_register_notifier() - hear of every reservation change
 * @nb: called with an enum vtj_cpus_event_type and a struct vtj_cpus_event,
 *	under vtj_cpus_lock, in process context; it may sleep, and must not
 *	call back into the reservation
 *
 * Return: 0 or -errno.
 */
int vtj_cpus_register_notifier(struct notifier_block *nb)
{
	return blocking_notifier_chain_register(&vtj_cpus_chain, nb);
}

/**
 * vtj_cpus_unregister_notifier() - stop hearing of reservation changes
 * @nb: a notifier vtj_cpus_register_notifier() took
 */
void vtj_cpus_unregister_notifier(struct notifier_block *nb)
{
	blocking_notifier_chain_unregister(&vtj_cpus_chain, nb);
}

/**
 * vtj_cpus_assert_locked() - assert that the caller holds vtj_cpus_lock
 *
 * For the functions outside this file that rely on it, such as eviction.
 */
void vtj_cpus_assert_locked(void)
{
	lockdep_assert_held(&vtj_cpus_lock);
}

static void vtj_cpus_announce(enum vtj_cpus_event_type type,
			      const struct vtj_cpu_info *info,
			      enum vtjob_release_reason reason, u64 run_ns)
{
	struct vtj_cpus_event event = {
		.info = info,
		.reason = reason,
		.run_ns = run_ns,
	};

	lockdep_assert_held(&vtj_cpus_lock);
	blocking_notifier_call_chain(&vtj_cpus_chain, type, &event);
}

static bool vtj_cpu_exists(unsigned int cpu)
{
	return cpu < nr_cpu_ids && cpu_possible(cpu);
}

/*
 * Adds what the jobs bound to @c have run so far, so that a CPU's figures
 * grow while its jobs run, not only as each ends. Read without the jobs'
 * locks, which their runners hold while they run: each counter is a u64
 * that only grows, so a read gives a value it had, at worst a little old.
 */
static void vtj_cpu_add_running(const struct vtj_cpu *c, struct vtj_cpu_info *info)
{
	const struct vtj_job *job;
	unsigned int i;

	lockdep_assert_held(&vtj_cpus_lock);
	list_for_each_entry(job, &c->jobs, cpu_node) {
		/* Its runner adds to it under job->lock: a snapshot will do. */
		info->job_time_ns += vtj_tsc_to_ns(data_race(job->time.run_tsc));
		for (i = 0; i < VTJ_NR_EXIT_REASONS; i++)
			/* As for the time: only ever incremented. */
			info->exits[i] += data_race(job->exits[i]);
	}
}

static void vtj_cpu_info_locked(unsigned int cpu, struct vtj_cpu_info *info)
{
	const struct vtj_cpu *c = per_cpu_ptr(&vtj_cpu, cpu);

	lockdep_assert_held(&vtj_cpus_lock);
	memset(info, 0, sizeof(*info));
	info->cpu = cpu;
	info->vmx = vtj_vmx_is_on(cpu);
	if (!cpumask_test_cpu(cpu, &vtj_reserved)) {
		info->state = VTJOB_CPU_STATE_FREE;
		return;
	}
	info->state = c->nr_jobs ? VTJOB_CPU_STATE_BUSY : VTJOB_CPU_STATE_IDLE;
	info->nr_jobs = c->nr_jobs;
	info->jobs_run = c->jobs_run;
	info->job_time_ns = c->job_time_ns;
	memcpy(info->exits, c->exits, sizeof(info->exits));
	vtj_cpu_add_running(c, info);
	if (c->nr_jobs) {
		const struct vtj_job *oldest =
			list_first_entry(&c->jobs, struct vtj_job, cpu_node);

		info->job_id = oldest->id;
		info->job_pid = READ_ONCE(oldest->runner);
	}
}

/* A CPU's record as it is when the CPU is not reserved: no jobs, no figures. */
static void vtj_cpu_reset(unsigned int cpu)
{
	struct vtj_cpu *c = per_cpu_ptr(&vtj_cpu, cpu);

	memset(c, 0, sizeof(*c));
	INIT_LIST_HEAD(&c->jobs);
}

/*
 * Ends the jobs of a CPU about to be released and unbinds them: each stays
 * reachable through its file until closed, but no longer counts as the
 * CPU's. Runs with the lock held, so no job is bound or unbound meanwhile.
 */
static void vtj_cpu_evict(unsigned int cpu, enum vtjob_release_reason reason)
{
	struct vtj_cpu *c = per_cpu_ptr(&vtj_cpu, cpu);
	struct vtj_job *job, *next;

	lockdep_assert_held(&vtj_cpus_lock);
	list_for_each_entry(job, &c->jobs, cpu_node)
		vtj_job_evict(job, reason);
	list_for_each_entry_safe(job, next, &c->jobs, cpu_node)
		list_del_init(&job->cpu_node);
	c->nr_jobs = 0;
}

/* Releases a reserved CPU that has left VMX operation already. */
static void vtj_cpu_forget(unsigned int cpu, enum vtjob_release_reason reason)
{
	struct vtj_cpu_info info;

	lockdep_assert_held(&vtj_cpus_lock);
	vtj_cpu_info_locked(cpu, &info);
	cpumask_clear_cpu(cpu, &vtj_reserved);
	vtj_cpu_reset(cpu);
	vtj_cpus_announce(VTJ_CPUS_RELEASED, &info, reason, 0);
}

static const char *vtj_enter_error(int err)
{
	switch (err) {
	case -EBUSY:
		return "another hypervisor (kvm_intel?) holds VMX on this CPU";
	case -ESHUTDOWN:
		return "the system is shutting down";
	case -ENOMEM:
		return "out of memory for its VMXON region";
	default:
		return "VMXON failed on this CPU; see the kernel log";
	}
}

/*
 * A job shares a core's L1D, buffers and predictors with whatever runs on
 * the core's other threads: with a sibling left to the host, the
 * cross-thread forms of L1TF, MDS and the branch attacks reach the host
 * while the job runs, whatever is flushed at entry and exit. Returns a
 * CPU of @cpus with an online sibling neither in @cpus nor reserved.
 */
static int vtj_cpus_shared_core(const struct cpumask *cpus)
{
	unsigned int cpu, sibling;

	lockdep_assert_held(&vtj_cpus_lock);
	for_each_cpu(cpu, cpus)
		for_each_cpu_and(sibling, topology_sibling_cpumask(cpu),
				 cpu_online_mask)
			if (!cpumask_test_cpu(sibling, cpus) &&
			    !cpumask_test_cpu(sibling, &vtj_reserved))
				return cpu;
	return -1;
}

/**
 * vtj_cpus_reserve() - reserve CPUs for jobs
 * @cpus: the CPUs; those reserved already are left as they are
 * @allow_smt_sibling: reserve a CPU even if an SMT sibling of it stays
 *	with the host
 * @err: out: the CPU and the reason, when the request is refused
 *
 * Every CPU in @cpus enters VMX operation, or none does.
 *
 * Return: 0; -EINVAL if a CPU does not exist; -ENODEV if one is offline;
 * -EBUSY if the host would have no online CPU left, or another
 * hypervisor holds VMX on one; -EPERM if the CPU has a vulnerability no
 * mitigation covers and allow_unmitigated does not name; -EXDEV if a
 * CPU's SMT sibling would stay with the host and @allow_smt_sibling is
 * false; other errors from entering VMX operation.
 */
int vtj_cpus_reserve(const struct cpumask *cpus, bool allow_smt_sibling,
		     struct vtj_cpus_error *err)
{
	cpumask_var_t wanted, entered;
	unsigned int cpu;
	int ret = 0;

	if (!zalloc_cpumask_var(&wanted, GFP_KERNEL))
		return -ENOMEM;
	if (!zalloc_cpumask_var(&entered, GFP_KERNEL)) {
		free_cpumask_var(wanted);
		return -ENOMEM;
	}

	cpus_read_lock();
	mutex_lock(&vtj_cpus_lock);

	if (vtj_cpus_closed) {
		err->cpu = cpumask_first(cpus);
		err->why = "the vtjob module is unloading";
		ret = -ESHUTDOWN;
		goto out_unlock;
	}
	for_each_cpu(cpu, cpus) {
		err->cpu = cpu;
		if (!vtj_cpu_exists(cpu)) {
			err->why = "no such CPU";
			ret = -EINVAL;
			goto out_unlock;
		}
		if (!cpu_online(cpu)) {
			err->why = "the CPU is offline";
			ret = -ENODEV;
			goto out_unlock;
		}
	}

	err->why = vtj_spec_reservation_refusal();
	if (err->why) {
		err->cpu = cpumask_first(cpus);
		ret = -EPERM;
		goto out_unlock;
	}
	if (!allow_smt_sibling) {
		int shared = vtj_cpus_shared_core(cpus);

		if (shared >= 0) {
			err->cpu = shared;
			err->why = "an SMT sibling of it stays with the host";
			ret = -EXDEV;
			goto out_unlock;
		}
	}

	cpumask_or(wanted, &vtj_reserved, cpus);
	if (cpumask_subset(cpu_online_mask, wanted)) {
		err->cpu = cpumask_last(cpus);
		err->why = "reserving it would leave the host no online CPU";
		ret = -EBUSY;
		goto out_unlock;
	}

	cpumask_andnot(wanted, cpus, &vtj_reserved);
	for_each_cpu(cpu, wanted) {
		ret = vtj_vmx_enter(cpu);
		if (ret) {
			err->cpu = cpu;
			err->why = vtj_enter_error(ret);
			goto out_undo;
		}
		cpumask_set_cpu(cpu, entered);
	}

	cpumask_or(&vtj_reserved, &vtj_reserved, wanted);
	for_each_cpu(cpu, wanted) {
		struct vtj_cpu_info info;

		vtj_cpu_info_locked(cpu, &info);
		vtj_cpus_announce(VTJ_CPUS_RESERVED, &info, 0, 0);
	}
	goto out_unlock;

out_undo:
	for_each_cpu(cpu, entered)
		vtj_vmx_leave(cpu);
out_unlock:
	mutex_unlock(&vtj_cpus_lock);
	cpus_read_unlock();
	free_cpumask_var(entered);
	free_cpumask_var(wanted);
	return ret;
}

/**
 * vtj_cpus_release() - give reserved CPUs back to the host
 * @cpus: the CPUs; those not reserved are left as they are
 * @force: release CPUs even while they run jobs, ending those jobs
 * @err: out: the CPU and the reason, when the request is refused
 *
 * Return: 0; -EINVAL if a CPU does not exist; -EBUSY if one runs a job
 * and @force is not given, in which case nothing is released.
 */
int vtj_cpus_release(const struct cpumask *cpus, bool force,
		     struct vtj_cpus_error *err)
{
	unsigned int cpu;

	for_each_cpu(cpu, cpus) {
		if (!vtj_cpu_exists(cpu)) {
			err->cpu = cpu;
			err->why = "no such CPU";
			return -EINVAL;
		}
	}

	cpus_read_lock();
	mutex_lock(&vtj_cpus_lock);
	if (!force) {
		for_each_cpu_and(cpu, cpus, &vtj_reserved) {
			if (per_cpu_ptr(&vtj_cpu, cpu)->nr_jobs) {
				err->cpu = cpu;
				err->why = "it runs a job; release with force to end it";
				mutex_unlock(&vtj_cpus_lock);
				cpus_read_unlock();
				return -EBUSY;
			}
		}
	}
	for_each_cpu_and(cpu, cpus, &vtj_reserved) {
		vtj_cpu_evict(cpu, VTJOB_RELEASE_ASKED);
		vtj_vmx_leave(cpu);
		vtj_cpu_forget(cpu, VTJOB_RELEASE_ASKED);
	}
	mutex_unlock(&vtj_cpus_lock);
	cpus_read_unlock();
	return 0;
}

static int vtj_cpus_release_every(enum vtjob_release_reason reason,
				  bool force)
{
	unsigned int cpu;
	int ret = 0;

	cpus_read_lock();
	mutex_lock(&vtj_cpus_lock);
	if (!force) {
		for_each_cpu(cpu, &vtj_reserved)
			if (per_cpu_ptr(&vtj_cpu, cpu)->nr_jobs)
				ret = -EBUSY;
		if (ret)
			goto out;
	}
	if (reason == VTJOB_RELEASE_UNLOAD || reason == VTJOB_RELEASE_SHUTDOWN)
		vtj_cpus_closed = true;
	for_each_cpu(cpu, &vtj_reserved) {
		vtj_cpu_evict(cpu, reason);
		vtj_vmx_leave(cpu);
		vtj_cpu_forget(cpu, reason);
	}
out:
	mutex_unlock(&vtj_cpus_lock);
	cpus_read_unlock();
	return ret;
}

/**
 * vtj_cpus_release_all() - give every reserved CPU back to the host
 * @force: release CPUs even while they run jobs, ending those jobs
 *
 * Return: 0, or -EBUSY if a CPU runs a job and @force is not given.
 */
int vtj_cpus_release_all(bool force)
{
	return vtj_cpus_release_every(VTJOB_RELEASE_ASKED, force);
}

/**
 * vtj_cpus_run_begin() - a job's runner enters VTJOB_RUN
 * @cpu: the job's CPU
 *
 * Until vtj_cpus_run_end(), the job counts as running there for the
 * placement of new jobs (vtj_cpus_least_loaded()).
 */
void vtj_cpus_run_begin(unsigned int cpu)
{
	atomic_inc(per_cpu_ptr(&vtj_cpu_running, cpu));
}

/**
 * vtj_cpus_run_end() - a job's runner leaves VTJOB_RUN
 * @cpu: the CPU vtj_cpus_run_begin() was given
 */
void vtj_cpus_run_end(unsigned int cpu)
{
	atomic_dec(per_cpu_ptr(&vtj_cpu_running, cpu));
}

/*
 * The reserved CPU with the fewest running jobs, then the fewest jobs,
 * the lowest-numbered of a tie. Jobs whose runner waits outside
 * VTJOB_RUN (a shell or a compiler driver in wait4, a blocking read) do
 * not hold their CPU: counting them alike would put the compilers of
 * two recipe lines on one CPU, beside the drivers waiting for them.
 */
static int vtj_cpus_least_loaded(void)
{
	unsigned int cpu, fewest_running = UINT_MAX, fewest = UINT_MAX;
	int best = -EBUSY;

	lockdep_assert_held(&vtj_cpus_lock);
	for_each_cpu(cpu, &vtj_reserved) {
		unsigned int running = atomic_read(per_cpu_ptr(&vtj_cpu_running, cpu));
		unsigned int n = per_cpu_ptr(&vtj_cpu, cpu)->nr_jobs;

		if (running < fewest_running ||
		    (running == fewest_running && n < fewest)) {
			fewest_running = running;
			fewest = n;
			best = cpu;
		}
	}
	return best;
}

/**
 * vtj_cpus_balance() - move a job kept waiting to an idle reserved CPU
 * @job: a job whose runner is about to run it (VTJOB_RUN)
 *
 * A job's CPU is chosen when the job is made, and a moment later the CPU
 * may be busy and another idle: a compiler started while a short job ran
 * elsewhere waits behind another compiler while a CPU does nothing. So a
 * job the module placed, about to run where another job runs while a
 * reserved CPU runs none, moves there, to the idle CPU with the fewest
 * jobs. Only a CPU running nothing takes a job: jobs do not follow one
 * another around between busy CPUs.
 *
 * Context: process context, no vtjob lock held.
 */
void vtj_cpus_balance(struct vtj_job *job)
{
	struct vtj_cpu *c;
	unsigned int from;
	int idle;

	/* The common case, a CPU to itself, takes no lock. */
	if (!job->movable ||
	    !atomic_read(per_cpu_ptr(&vtj_cpu_running, READ_ONCE(job->cpu))))
		return;

	mutex_lock(&vtj_cpus_lock);
	from = job->cpu;
	if (list_empty(&job->cpu_node) ||
	    !atomic_read(per_cpu_ptr(&vtj_cpu_running, from)))
		goto out;
	/*
	 * Placement's own choice: an idle CPU, if there is one, with the
	 * fewest jobs. The job's own CPU, which runs a job, is never that.
	 */
	idle = vtj_cpus_least_loaded();
	if (idle < 0 || idle == from ||
	    atomic_read(per_cpu_ptr(&vtj_cpu_running, idle)) ||
	    !vtj_job_move(job, idle))
		goto out;
	c = per_cpu_ptr(&vtj_cpu, idle);
	list_move_tail(&job->cpu_node, &c->jobs);
	c->nr_jobs++;
	per_cpu_ptr(&vtj_cpu, from)->nr_jobs--;
out:
	mutex_unlock(&vtj_cpus_lock);
}

/**
 * vtj_cpus_claim() - bind a new job to a reserved CPU
 * @job: the job
 * @cpu: the CPU, or VTJOB_CPU_ANY for the reserved CPU with the fewest
 *	running jobs, then the fewest jobs
 *
 * A CPU takes any number of jobs: their runners share it as tasks bound to
 * it do, and each job holds it only while it runs in the guest or in a
 * call the module serves.
 *
 * Return: the CPU; -EINVAL if @cpu is not reserved; -EBUSY if, for
 * VTJOB_CPU_ANY, no CPU is reserved.
 */
int vtj_cpus_claim(struct vtj_job *job, u32 cpu)
{
	struct vtj_cpu_info info;
	struct vtj_cpu *c;
	int ret;

	mutex_lock(&vtj_cpus_lock);
	if (cpu == VTJOB_CPU_ANY)
		ret = vtj_cpus_least_loaded();
	else if (!vtj_cpu_exists(cpu) || !cpumask_test_cpu(cpu, &vtj_reserved))
		ret = -EINVAL;
	else
		ret = cpu;
	if (ret >= 0) {
		c = per_cpu_ptr(&vtj_cpu, ret);
		list_add_tail(&job->cpu_node, &c->jobs);
		c->nr_jobs++;
		job->cpu = ret;
		vtj_cpu_info_locked(ret, &info);
		/* The event names the new job, not the CPU's oldest. */
		info.job_id = job->id;
		info.job_pid = job->runner;
		vtj_cpus_announce(VTJ_CPUS_JOB_START, &info, 0, 0);
	}
	mutex_unlock(&vtj_cpus_lock);
	return ret;
}

/**
 * vtj_cpus_unclaim() - unbind a job from its CPU, adding up its figures
 * @job: a job vtj_cpus_claim() bound
 *
 * A job whose CPU was released (vtj_cpu_evict() unbound it) adds nothing
 * to the figures of the CPU's next reservation.
 */
void vtj_cpus_unclaim(struct vtj_job *job)
{
	struct vtj_cpu *c = per_cpu_ptr(&vtj_cpu, job->cpu);
	struct vtj_cpu_info info;
	unsigned int i;

	mutex_lock(&vtj_cpus_lock);
	if (!list_empty(&job->cpu_node)) {
		list_del_init(&job->cpu_node);
		c->nr_jobs--;
		if (job->launched)
			c->jobs_run++;
		c->job_time_ns += vtj_job_time_run_ns(&job->time);
		for (i = 0; i < VTJ_NR_EXIT_REASONS; i++)
			c->exits[i] += job->exits[i];
	}
	vtj_cpu_info_locked(job->cpu, &info);
	/* The job's own, even if its CPU was released and reserved again. */
	info.job_id = job->id;
	info.job_pid = job->runner;
	info.job_end = job->end;
	info.job_status = job->end_status;
	memcpy(info.exits, job->exits, sizeof(info.exits));
	vtj_cpus_announce(VTJ_CPUS_JOB_EXIT, &info, 0,
			  vtj_job_time_run_ns(&job->time));
	mutex_unlock(&vtj_cpus_lock);
}

/**
 * vtj_cpu_info() - a snapshot of one CPU
 * @cpu: a possible CPU
 * @info: out: its state
 */
void vtj_cpu_info(unsigned int cpu, struct vtj_cpu_info *info)
{
	mutex_lock(&vtj_cpus_lock);
	vtj_cpu_info_locked(cpu, info);
	mutex_unlock(&vtj_cpus_lock);
}

/**
 * vtj_cpus_nr_reserved() - how many CPUs are reserved
 *
 * Return: the number, as a snapshot.
 */
unsigned int vtj_cpus_nr_reserved(void)
{
	return cpumask_weight(&vtj_reserved);
}

/* Runs on @cpu itself, in its hotplug thread, before it goes away. */
static int vtj_cpu_going_offline(unsigned int cpu)
{
	mutex_lock(&vtj_cpus_lock);
	if (cpumask_test_cpu(cpu, &vtj_reserved)) {
		vtj_cpu_evict(cpu, VTJOB_RELEASE_OFFLINE);
		vtj_vmx_leave_this_cpu();
		vtj_cpu_forget(cpu, VTJOB_RELEASE_OFFLINE);
		pr_info("CPU%u going offline: released\n", cpu);
	}
	mutex_unlock(&vtj_cpus_lock);
	return 0;
}

/*
 * VMX operation ends at reboot (vmx/cpu.c's notifier), but a job may
 * still be running or hold a current VMCS there: end the jobs first, as
 * a release does, so that no VMCS is live when VMXOFF runs.
 */
static int vtj_cpus_reboot(struct notifier_block *nb, unsigned long action,
			   void *unused)
{
	vtj_cpus_release_every(VTJOB_RELEASE_SHUTDOWN, true);
	return NOTIFY_OK;
}

static struct notifier_block vtj_cpus_reboot_nb = {
	.notifier_call = vtj_cpus_reboot,
	/* Ahead of vtj_vmx_reboot_nb, which has the default 0. */
	.priority = 1,
};

/**
 * vtj_cpus_init() - start following CPU hotplug and reboot
 *
 * Return: 0 or -errno.
 */
int vtj_cpus_init(void)
{
	unsigned int cpu;
	int ret;

	for_each_possible_cpu(cpu)
		vtj_cpu_reset(cpu);

	ret = cpuhp_setup_state_nocalls(CPUHP_AP_ONLINE_DYN, "vtjob:online",
					NULL, vtj_cpu_going_offline);
	if (ret < 0)
		return ret;
	vtj_cpuhp_state = ret;

	ret = register_reboot_notifier(&vtj_cpus_reboot_nb);
	if (ret)
		goto err_cpuhp;
	return 0;

err_cpuhp:
	cpuhp_remove_state_nocalls(vtj_cpuhp_state);
	return ret;
}

/**
 * vtj_cpus_close() - release every CPU and refuse new reservations
 *
 * For module unload, while the netlink family can still announce it.
 */
void vtj_cpus_close(void)
{
	vtj_cpus_release_every(VTJOB_RELEASE_UNLOAD, true);
}

/**
 * vtj_cpus_exit() - stop following CPU hotplug and reboot
 *
 * Called after vtj_cpus_close(): until then a reserved CPU may still go
 * offline and needs the hotplug callback.
 */
void vtj_cpus_exit(void)
{
	unregister_reboot_notifier(&vtj_cpus_reboot_nb);
	cpuhp_remove_state_nocalls(vtj_cpuhp_state);
}
