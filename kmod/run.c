// SPDX-License-Identifier: GPL-2.0
/*
 * VTJOB_RUN: running a job on the calling thread, which it binds to the
 * job's CPU. The loop goes back to the guest after every VM exit the
 * module can serve itself, and returns to the scheduler only when a
 * reschedule or a signal is pending: the policy of the loop is here, the
 * hardware state around each entry in vmx/.
 */
#include "vtjob.h"

#include <linux/cpumask.h>
/*
 * For guest_timing_*_irqoff() and guest_state_*_irqoff() alone: the
 * kernel's own account of a CPU that runs a guest, which KVM's entry and
 * exit use, and which does not depend on KVM.
 */
#include <linux/kvm_host.h>
#include <linux/lockdep.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <asm/debugreg.h>
#include <asm/fpu/api.h>
#include <asm/tsc.h>
#include <asm/unistd.h>

#include "cpus.h"
#include "job.h"
#include "vmx/caps.h"
#include "vmx/exit.h"
#include "vmx/host_state.h"
#include "vmx/speculation.h"
#include "vmx/syscall_msrs.h"
#include "vmx/vmcs.h"
#include "vmx/vmx_ops.h"

/*
 * The jobs sharing a CPU take turns, and a job's VMCS must be current for
 * its entry: the first entry sets it up, the first after a move to this
 * CPU gives it this CPU's host state, a later one loads it again if
 * another job ran since. Each change of job is a barrier to the branch
 * predictions the last one trained.
 */
static int vtj_job_load_vmcs(struct vtj_job *job)
{
	lockdep_assert_irqs_disabled();
	if (vtj_vmcs_is_current(job->vmcs))
		return 0;
	vtj_spec_switch_job();
	/* The last job's data may be in L1D, as host data would be. */
	vtj_spec_host_ran(&job->l1d);
	if (job->vmcs_ready)
		return vtj_vmcs_load(job->vmcs);
	/* New, or moved here: cleared on its last CPU, its state kept. */
	if (job->vmcs_filled ? vtj_vmcs_load_moved(job) :
			       vtj_vmcs_load_and_setup(job))
		return -EIO;
	job->vmcs_ready = true;
	job->vmcs_filled = true;
	memset(&job->host, 0, sizeof(job->host));
	return 0;
}

/*
 * One VM entry and exit, with interrupts off throughout. Everything that
 * touches VMX state happens here, so an eviction, which waits for the run
 * to stop, never finds a VMX instruction in flight.
 */
static int vtj_job_enter_irqoff(struct vtj_job *job,
				struct vtj_exit_info *info)
{
	unsigned long debugctl = get_debugctlmsr();
	struct vtj_host_xstate xstate = { };
	u64 timer;
	int fail;

	lockdep_assert_irqs_disabled();
	lockdep_assert_held(&job->lock);
	if (vtj_job_load_vmcs(job))
		return -EIO;
	vtj_vmcs_refresh_host(&job->host);
	if (vtj_vmcs_put_guest(job))
		return -EIO;
	if (job->mm.gate_page)
		vtj_syscall_msrs_load();
	/* Without a VPID, every VM entry flushes the job's translations. */
	if (job->mm.flush_tlb && job->vpid)
		vtj_invvpid(job->vpid);
	job->mm.flush_tlb = false;
	/* A page the EPT no longer maps may be freed: not even cached. */
	vtj_ept_flush(&job->ept);
	/* A context switch since the last entry put the job's FPU away. */
	if (test_thread_flag(TIF_NEED_FPU_LOAD))
		switch_fpu_return();

	vtj_job_time_charge_since_mark(&job->time);
	timer = job->time.budget_tsc >> vtj_vmx_caps.preemption_timer_shift;
	vtj_vmcs_write32(VMX_PREEMPTION_TIMER_VALUE,
			 min_t(u64, timer, U32_MAX));

	vtj_host_enter_xstate(&xstate);
	vtj_spec_before_entry(&job->l1d);
	/*
	 * As KVM: the job's time is guest time, and while it runs the CPU
	 * is in an RCU extended quiescent state, as in user mode, so that a
	 * nohz_full CPU running a job needs no tick for RCU. Nothing between
	 * these and the entry or exit may be instrumented.
	 */
	guest_state_enter_irqoff();
	fail = __vtj_vmx_run(job->gpr, job->vmcs_launched);
	guest_state_exit_irqoff();
	vtj_job_time_note_guest(&job->time);
	vtj_spec_after_exit();
	vtj_host_leave_xstate(&xstate);

	vtj_host_restore_after_exit(job->cpu, debugctl);

	if (fail) {
		pr_err_ratelimited("job %llu: VM entry failed (%s), VM-instruction error %u\n",
				   job->id, fail == 1 ? "VMfail" : "fault",
				   fail == 1 ?
				   vtj_vmcs_read32(VM_INSTRUCTION_ERROR) : 0);
		return -EIO;
	}
	job->vmcs_launched = true;
	job->launched = true;

	vtj_exit_read(info);
	vtj_vmcs_get_guest(job);
	vtj_exit_handle_irqoff(info);
	return vtj_gate_after_exit(job, info) ? -EIO : 0;
}

/*
 * Binds the runner to the job's CPU. A CPU going offline stops being
 * active before the hotplug callback evicts its job, and meanwhile the
 * scheduler pushes the runner off it and refuses to bind it back: wait
 * for that eviction (or for the CPU to stay after all), a tick at a time,
 * rather than fail a run whose job is about to be killed.
 *
 * Return: 0 when bound, or once the job is evicted (the caller sees
 * that); -EINTR for a signal; set_cpus_allowed_ptr()'s error if the CPU
 * is active and still refused.
 */
static int vtj_job_bind(struct vtj_job *job)
{
	int ret;

	for (;;) {
		ret = set_cpus_allowed_ptr(current, cpumask_of(job->cpu));
		if (!ret || vtj_job_evicted(job))
			return 0;
		if (cpu_active(job->cpu))
			return ret;
		if (signal_pending(current))
			return -EINTR;
		schedule_timeout_interruptible(1);
	}
}

/* vtj_job_run_loop() stops for vtj_sig_deliver(), which needs the FPU. */
#define VTJ_RUN_SIGNAL_WORK	1

static int vtj_job_run_loop(struct vtj_job *job, struct vtjob_exit *exit)
{
	for (;;) {
		struct vtj_exit_info info;
		int ret;

		if (vtj_sig_work(&job->sys))
			return VTJ_RUN_SIGNAL_WORK;
		if (vtj_job_evicted(job)) {
			exit->reason = VTJOB_EXIT_KILLED;
			exit->killed.reason = job->evict_reason;
			return 0;
		}
		if (vtj_job_time_expired(&job->time)) {
			exit->reason = VTJOB_EXIT_TIMEOUT;
			return 0;
		}
		if (signal_pending(current)) {
			exit->reason = VTJOB_EXIT_SIGNAL;
			return 0;
		}
		if (job->sys.sleeping) {
			/* Whatever ended the sleep early is checked above. */
			vtj_sys_sleep(job);
			continue;
		}
		cond_resched();

		vtj_job_time_mark(&job->time);
		local_irq_disable();
		/* Checked again with interrupts off, so no wakeup is missed. */
		if (need_resched() || signal_pending(current) ||
		    READ_ONCE(job->evicted) ||
		    smp_processor_id() != job->cpu) {
			local_irq_enable();
			/* A signal while it waits is seen at the top. */
			ret = raw_smp_processor_id() != job->cpu ?
			      vtj_job_bind(job) : 0;
			if (ret && ret != -EINTR)
				return -EBUSY;
			continue;
		}
		guest_timing_enter_irqoff();
		ret = vtj_job_enter_irqoff(job, &info);
		/*
		 * The host interrupt that ended the run is taken here, and its
		 * tick counted as the job's guest time, before timing stops.
		 */
		local_irq_enable();
		local_irq_disable();
		guest_timing_exit_irqoff();
		local_irq_enable();
		if (ret)
			return ret;

		ret = vtj_exit_handle(job, &info, exit);
		vtj_job_time_charge_since_mark(&job->time);
		if (ret <= 0)
			return ret;
	}
}

/* The first stop that ends the job says how it ended, for job-exit-ntf. */
static void vtj_job_note_end(struct vtj_job *job, const struct vtjob_exit *exit)
{
	if (job->end != VTJOB_JOB_END_NONE)
		return;
	switch (exit->reason) {
	case VTJOB_EXIT_SYSCALL:
		if (exit->syscall.nr == __NR_exit ||
		    exit->syscall.nr == __NR_exit_group) {
			job->end = VTJOB_JOB_END_EXITED;
			job->end_status = exit->syscall.args[0] & 0xff;
		}
		break;
	case VTJOB_EXIT_EXCEPTION:
		job->end = VTJOB_JOB_END_FAULTED;
		job->end_status = exit->exception.signal;
		break;
	case VTJOB_EXIT_TIMEOUT:
		job->end = VTJOB_JOB_END_TIMED_OUT;
		break;
	case VTJOB_EXIT_KILLED:
		job->end = VTJOB_JOB_END_KILLED;
		job->end_status = SIGKILL;
		break;
	case VTJOB_EXIT_SIGNALED:
		job->end = VTJOB_JOB_END_KILLED;
		job->end_status = exit->signaled.signal;
		break;
	}
}

/**
 * vtj_job_run() - VTJOB_RUN: run the job until it needs userspace
 * @ctx: the job
 * @arg: struct vtjob_run: in, the answer to a forwarded system call; out,
 *	why the run stopped
 *
 * Return: 0 with @arg's exit filled in; -EINVAL for bad flags or an answer
 * nobody asked for; -ENOEXEC before VTJOB_SET_REGS; -EBUSY if the caller
 * cannot run on the job's CPU; -EIO if the hardware refused the job;
 * -EINTR if a fatal signal came while another thread ran the job;
 * -ENOMEM if a page the job touched cannot be pinned, also when pinning
 * it would pass the runner's RLIMIT_MEMLOCK; -EFAULT if the runner no
 * longer has that page of the job's memory mapped writable.
 */
long vtj_job_run(void *ctx, void *arg)
{
	struct vtj_host_segments seg;
	struct vtj_job *job = ctx;
	struct vtjob_run *run = arg;
	long ret;

	if (run->flags & ~VTJOB_RUN_SYSCALL_RESULT)
		return -EINVAL;
	memset(&run->exit, 0, sizeof(run->exit));

	/* A job kept waiting by another on its CPU moves to an idle one. */
	vtj_cpus_balance(job);

	/*
	 * Bind first: with the job locked, nothing may wait on hotplug. A
	 * job whose CPU went offline cannot be bound, and was evicted: say
	 * so, as a run in progress would have. A runner bound by its last
	 * run and not moved since, the common case of a forwarded call,
	 * skips the runqueue locks and affinity update; the loop binds it
	 * again if it finds itself elsewhere all the same.
	 */
	if (current->nr_cpus_allowed != 1 ||
	    !cpumask_test_cpu(job->cpu, current->cpus_ptr)) {
		ret = vtj_job_bind(job);
		if (ret)
			return ret;
	}
	if (vtj_job_evicted(job)) {
		run->exit.reason = VTJOB_EXIT_KILLED;
		run->exit.killed.reason = job->evict_reason;
		return 0;
	}

	/* Another thread's run holds it; a fatal signal ends the wait. */
	if (mutex_lock_killable(&job->lock))
		return -EINTR;
	vtj_cpus_run_begin(job->cpu);
	if (!job->regs_set) {
		ret = -ENOEXEC;
		goto out_unlock;
	}
	if (job->syscall_pending != !!(run->flags & VTJOB_RUN_SYSCALL_RESULT)) {
		/* A system call must be answered, and only one that was asked. */
		ret = -EINVAL;
		goto out_unlock;
	}
	if (job->syscall_pending) {
		vtj_sys_complete(job, run->syscall_result);
		job->syscall_pending = false;
	}
	/*
	 * Userspace may have rewritten the job's page tables in its memory
	 * while it was stopped: forget what was found through them.
	 */
	job->mm.generation++;
	WRITE_ONCE(job->runner, task_tgid_nr(current));
	ret = vtj_gate_refresh(job);
	if (ret)
		goto out_unlock;
	/* vtjobctl, and the kernel serving it, ran since the last entry. */
	vtj_spec_host_ran(&job->l1d);

	/*
	 * Signals are delivered with the job's FPU state in memory, where the
	 * frame's image is read and written: before the run, and whenever
	 * the loop stops for them.
	 */
	for (;;) {
		ret = vtj_sig_deliver(job, &run->exit);
		if (ret <= 0)
			break;
		ret = fpu_swap_kvm_fpstate(&job->guest_fpu, true);
		if (ret)
			goto out_unlock;
		vtj_host_save_segments(&seg);
		ret = vtj_job_run_loop(job, &run->exit);
		vtj_host_restore_segments(&seg);
		fpu_swap_kvm_fpstate(&job->guest_fpu, false);
		if (ret != VTJ_RUN_SIGNAL_WORK)
			break;
	}
	if (!ret)
		vtj_job_note_end(job, &run->exit);

out_unlock:
	vtj_cpus_run_end(job->cpu);
	mutex_unlock(&job->lock);
	return ret;
}

