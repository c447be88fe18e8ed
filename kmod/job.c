// SPDX-License-Identifier: GPL-2.0
/*
 * Jobs: creation, the job fd and its ioctls, the run loop, and teardown.
 *
 * A job is bound to one reserved CPU for its life. VTJOB_RUN runs it on
 * the calling thread, which it binds to that CPU, and goes back to the
 * guest after every VM exit the module can serve itself, returning to the
 * scheduler only when a reschedule or a signal is pending.
 */
#include "vtjob.h"

#include <linux/anon_inodes.h>
#include <linux/atomic.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/idr.h>
#include <linux/math64.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <asm/debugreg.h>
#include <asm/desc.h>
#include <asm/io.h>
#include <asm/hw_breakpoint.h>
#include <asm/segment.h>
#include <asm/tsc.h>
#include <asm/unistd.h>

#include "cpus.h"
#include "ioctl.h"
#include "job.h"
#include "vmx/caps.h"
#include "vmx/exit.h"
#include "vmx/vmcs.h"
#include "vmx/vmx_ops.h"

static unsigned long max_job_mem = 1UL << 30;
module_param(max_job_mem, ulong, 0644);
MODULE_PARM_DESC(max_job_mem, "Largest job memory in bytes (default 1 GiB)");

static atomic64_t vtj_next_job_id = ATOMIC64_INIT(0);
static DEFINE_IDA(vtj_vpids);

/* Flags a job may set; IF is forced on and IOPL to 0 (Linux does too). */
#define VTJ_USER_RFLAGS	(X86_EFLAGS_CF | X86_EFLAGS_PF | X86_EFLAGS_AF | \
			 X86_EFLAGS_ZF | X86_EFLAGS_SF | X86_EFLAGS_TF | \
			 X86_EFLAGS_DF | X86_EFLAGS_OF | X86_EFLAGS_AC | \
			 X86_EFLAGS_ID)

static u64 vtj_ns_to_tsc(u64 ns)
{
	return mul_u64_u32_div(ns, tsc_khz, NSEC_PER_MSEC);
}

/**
 * vtj_job_tsc_to_ns() - TSC ticks in nanoseconds
 * @tsc: ticks
 *
 * Return: nanoseconds.
 */
u64 vtj_job_tsc_to_ns(u64 tsc)
{
	return tsc_khz ? mul_u64_u32_div(tsc, NSEC_PER_MSEC, tsc_khz) : 0;
}

/**
 * vtj_job_run_ns() - how long a job has run
 * @job: the job
 *
 * Return: nanoseconds spent in the guest so far.
 */
u64 vtj_job_run_ns(const struct vtj_job *job)
{
	return vtj_job_tsc_to_ns(job->run_tsc);
}

static void vtj_job_charge_tsc(struct vtj_job *job, u64 used)
{
	if (job->budget_tsc != U64_MAX)
		job->budget_tsc -= min(used, job->budget_tsc);
}

/**
 * vtj_job_charge_ns() - count time against the job's time limit
 * @job: the job
 * @ns: nanoseconds it spent, asleep for example
 */
void vtj_job_charge_ns(struct vtj_job *job, u64 ns)
{
	/* At least a tick, so that sleeping to the limit always reaches it. */
	vtj_job_charge_tsc(job, max_t(u64, vtj_ns_to_tsc(ns), 1));
}

static bool vtj_canonical(u64 addr)
{
	return (u64)(((s64)addr << 16) >> 16) == addr;
}

static long vtj_job_get_regs(void *ctx, void *arg)
{
	struct vtj_job *job = ctx;
	struct vtjob_regs *regs = arg;

	if (regs->flags)
		return -EINVAL;
	mutex_lock(&job->lock);
	regs->rax = job->gpr[VTJ_RAX];
	regs->rbx = job->gpr[VTJ_RBX];
	regs->rcx = job->gpr[VTJ_RCX];
	regs->rdx = job->gpr[VTJ_RDX];
	regs->rsi = job->gpr[VTJ_RSI];
	regs->rdi = job->gpr[VTJ_RDI];
	regs->rbp = job->gpr[VTJ_RBP];
	regs->r8 = job->gpr[VTJ_R8];
	regs->r9 = job->gpr[VTJ_R9];
	regs->r10 = job->gpr[VTJ_R10];
	regs->r11 = job->gpr[VTJ_R11];
	regs->r12 = job->gpr[VTJ_R12];
	regs->r13 = job->gpr[VTJ_R13];
	regs->r14 = job->gpr[VTJ_R14];
	regs->r15 = job->gpr[VTJ_R15];
	regs->rsp = job->rsp;
	regs->rip = job->rip;
	regs->rflags = job->rflags;
	regs->fs_base = job->fs_base;
	regs->gs_base = job->gs_base;
	regs->cr3 = job->cr3;
	mutex_unlock(&job->lock);
	return 0;
}

static long vtj_job_set_regs(void *ctx, void *arg)
{
	struct vtj_job *job = ctx;
	const struct vtjob_regs *regs = arg;

	if (regs->flags)
		return -EINVAL;
	/* VM entry would fail on these rather than fault in the job. */
	if (!vtj_canonical(regs->rip) || !vtj_canonical(regs->fs_base) ||
	    !vtj_canonical(regs->gs_base))
		return -EINVAL;
	if (!PAGE_ALIGNED(regs->cr3) || regs->cr3 >= job->ept.size)
		return -EINVAL;

	mutex_lock(&job->lock);
	job->gpr[VTJ_RAX] = regs->rax;
	job->gpr[VTJ_RBX] = regs->rbx;
	job->gpr[VTJ_RCX] = regs->rcx;
	job->gpr[VTJ_RDX] = regs->rdx;
	job->gpr[VTJ_RSI] = regs->rsi;
	job->gpr[VTJ_RDI] = regs->rdi;
	job->gpr[VTJ_RBP] = regs->rbp;
	job->gpr[VTJ_R8] = regs->r8;
	job->gpr[VTJ_R9] = regs->r9;
	job->gpr[VTJ_R10] = regs->r10;
	job->gpr[VTJ_R11] = regs->r11;
	job->gpr[VTJ_R12] = regs->r12;
	job->gpr[VTJ_R13] = regs->r13;
	job->gpr[VTJ_R14] = regs->r14;
	job->gpr[VTJ_R15] = regs->r15;
	job->rsp = regs->rsp;
	job->rip = regs->rip;
	job->rflags = (regs->rflags & VTJ_USER_RFLAGS) | X86_EFLAGS_FIXED |
		      X86_EFLAGS_IF;
	job->fs_base = regs->fs_base;
	job->gs_base = regs->gs_base;
	job->cr3 = regs->cr3;
	/* New page tables, maybe: what was found through the old ones goes. */
	job->mm.generation++;
	job->regs_set = true;
	job->syscall_pending = false;
	mutex_unlock(&job->lock);
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
	u64 timer, start;
	int fail;

	if (!job->vmcs_ready) {
		if (vtj_vmcs_load_and_setup(job))
			return -EIO;
		job->vmcs_ready = true;
		memset(&job->host, 0, sizeof(job->host));
	}
	vtj_vmcs_refresh_host(&job->host);
	if (vtj_vmcs_put_guest(job))
		return -EIO;
	/* Without a VPID, every VM entry flushes the job's translations. */
	if (job->mm.flush_tlb && job->vpid)
		vtj_invvpid(job->vpid);
	job->mm.flush_tlb = false;
	/* A context switch since the last entry put the job's FPU away. */
	if (test_thread_flag(TIF_NEED_FPU_LOAD))
		switch_fpu_return();

	timer = job->budget_tsc >> vtj_vmx_caps.preemption_timer_shift;
	vtj_vmcs_write32(VMX_PREEMPTION_TIMER_VALUE,
			 min_t(u64, timer, U32_MAX));

	start = rdtsc();
	fail = __vtj_vmx_run(job->gpr, job->launched);
	job->run_tsc += rdtsc() - start;

	/* A VM exit leaves the GDT limit at 0xffff and TR's at 0x67. */
	load_fixmap_gdt(job->cpu);
	invalidate_tss_limit();
	/* ...and DR7 and IA32_DEBUGCTL cleared. */
	if (hw_breakpoint_active())
		hw_breakpoint_restore();
	if (debugctl)
		update_debugctlmsr(debugctl);

	if (fail) {
		pr_err("job %llu: VM entry failed (%s), VM-instruction error %u\n",
		       job->id, fail == 1 ? "VMfail" : "fault",
		       fail == 1 ? vtj_vmcs_read32(VM_INSTRUCTION_ERROR) : 0);
		return -EIO;
	}
	job->launched = true;

	vtj_exit_read(info);
	vtj_vmcs_get_guest(job);
	vtj_exit_handle_irqoff(info);
	return 0;
}


static int vtj_job_run_loop(struct vtj_job *job, struct vtjob_exit *exit)
{
	for (;;) {
		struct vtj_exit_info info;
		u64 before;
		int ret;

		if (READ_ONCE(job->evicted)) {
			exit->reason = VTJOB_EXIT_KILLED;
			exit->killed.reason = job->evict_reason;
			return 0;
		}
		if (!job->budget_tsc) {
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

		local_irq_disable();
		/* Checked again with interrupts off, so no wakeup is missed. */
		if (need_resched() || signal_pending(current) ||
		    READ_ONCE(job->evicted) ||
		    smp_processor_id() != job->cpu) {
			local_irq_enable();
			if (raw_smp_processor_id() != job->cpu &&
			    set_cpus_allowed_ptr(current, cpumask_of(job->cpu)))
				return -EBUSY;
			continue;
		}
		before = job->run_tsc;
		ret = vtj_job_enter_irqoff(job, &info);
		local_irq_enable();
		if (ret)
			return ret;
		vtj_job_charge_tsc(job, job->run_tsc - before);

		ret = vtj_exit_handle(job, &info, exit);
		if (ret <= 0)
			return ret;
	}
}

/**
 * struct vtj_host_segments - what a VM exit resets and Linux expects back
 * @ds: data segment selector
 * @es: extra segment selector
 * @fs: FS selector
 * @gs: GS selector
 * @fs_base: the runner's FS base
 * @user_gs_base: the runner's GS base, which is in MSR_KERNEL_GS_BASE
 */
struct vtj_host_segments {
	u16 ds, es, fs, gs;
	unsigned long fs_base, user_gs_base;
};

static void vtj_save_segments(struct vtj_host_segments *seg)
{
	savesegment(ds, seg->ds);
	savesegment(es, seg->es);
	savesegment(fs, seg->fs);
	savesegment(gs, seg->gs);
	rdmsrl(MSR_FS_BASE, seg->fs_base);
	rdmsrl(MSR_KERNEL_GS_BASE, seg->user_gs_base);
}

/* The host selector fields are null; put back any the runner had. */
static void vtj_restore_segments(const struct vtj_host_segments *seg)
{
	if (seg->ds)
		loadsegment(ds, seg->ds);
	if (seg->es)
		loadsegment(es, seg->es);
	if (seg->fs) {
		loadsegment(fs, seg->fs);
		wrmsrl(MSR_FS_BASE, seg->fs_base);
	}
	if (seg->gs) {
		load_gs_index(seg->gs);
		wrmsrl(MSR_KERNEL_GS_BASE, seg->user_gs_base);
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
	}
}

static long vtj_job_run(void *ctx, void *arg)
{
	struct vtj_host_segments seg;
	struct vtj_job *job = ctx;
	struct vtjob_run *run = arg;
	long ret;

	if (run->flags & ~VTJOB_RUN_SYSCALL_RESULT)
		return -EINVAL;
	memset(&run->exit, 0, sizeof(run->exit));

	/* Bind first: with the job locked, nothing may wait on hotplug. */
	ret = set_cpus_allowed_ptr(current, cpumask_of(job->cpu));
	if (ret)
		return ret;

	mutex_lock(&job->lock);
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
	WRITE_ONCE(job->runner, task_tgid_nr(current));

	ret = fpu_swap_kvm_fpstate(&job->guest_fpu, true);
	if (ret)
		goto out_unlock;
	vtj_save_segments(&seg);
	ret = vtj_job_run_loop(job, &run->exit);
	if (!ret)
		vtj_job_note_end(job, &run->exit);
	vtj_restore_segments(&seg);
	fpu_swap_kvm_fpstate(&job->guest_fpu, false);

out_unlock:
	mutex_unlock(&job->lock);
	return ret;
}

static long vtj_job_set_mm(void *ctx, void *arg)
{
	struct vtj_job *job = ctx;
	long ret;

	mutex_lock(&job->lock);
	ret = vtj_sys_mm_init(job, arg);
	mutex_unlock(&job->lock);
	return ret;
}

static const struct vtj_ioctl_op vtj_job_ioctl_ops[] = {
	VTJ_IOCTL_OP(VTJOB_NR_GET_REGS, vtj_job_get_regs,
		     struct vtjob_regs, cr3),
	VTJ_IOCTL_OP(VTJOB_NR_SET_REGS, vtj_job_set_regs,
		     struct vtjob_regs, cr3),
	VTJ_IOCTL_OP(VTJOB_NR_RUN, vtj_job_run, struct vtjob_run, exit),
	VTJ_IOCTL_OP(VTJOB_NR_SET_MM, vtj_job_set_mm, struct vtjob_mm,
		     stack_size),
};

static long vtj_job_ioctl(struct file *file, unsigned int cmd,
			  unsigned long arg)
{
	return vtj_ioctl_dispatch(vtj_job_ioctl_ops,
				  ARRAY_SIZE(vtj_job_ioctl_ops),
				  file->private_data, cmd, arg);
}

static void vtj_job_nudge(void *unused)
{
}

static void vtj_job_vmclear(void *data)
{
	struct vtj_job *job = data;

	vtj_vmclear(page_to_phys(job->vmcs));
}

/* Clears the VMCS on the job's CPU, where it may be current. */
static void vtj_job_put_vmcs(struct vtj_job *job)
{
	if (!job->vmcs_ready)
		return;
	if (smp_call_function_single(job->cpu, vtj_job_vmclear, job, 1))
		pr_err("job %llu: CPU%u gone before its VMCS was cleared\n",
		       job->id, job->cpu);
	job->vmcs_ready = false;
}

/**
 * vtj_job_evict() - take a job's CPU away from it
 * @job: the job
 * @reason: why, for its runner
 *
 * Stops a run in progress (an IPI makes the guest exit), waits for the
 * run to return and clears the job's VMCS, so that the CPU can leave VMX
 * operation. The job's runner is told @reason; the job cannot run again.
 *
 * Context: process context; the caller holds the CPU reservation lock.
 */
void vtj_job_evict(struct vtj_job *job, enum vtjob_release_reason reason)
{
	job->evict_reason = reason;
	WRITE_ONCE(job->evicted, true);
	/* Any interrupt ends a run in the guest; the loop sees the flag. */
	smp_call_function_single(job->cpu, vtj_job_nudge, NULL, 0);
	/* ...and a sleeping job's runner wakes to see it. */
	wake_up(&job->wake);
	mutex_lock(&job->lock);
	vtj_job_put_vmcs(job);
	if (job->end == VTJOB_JOB_END_NONE) {
		job->end = VTJOB_JOB_END_KILLED;
		job->end_status = SIGKILL;
	}
	mutex_unlock(&job->lock);
}

static void vtj_job_destroy(struct vtj_job *job)
{
	vtj_job_put_vmcs(job);
	vtj_cpus_unclaim(job);
	fpu_free_guest_fpstate(&job->guest_fpu);
	if (job->vmcs)
		__free_page(job->vmcs);
	if (job->vpid)
		ida_free(&vtj_vpids, job->vpid);
	vtj_ept_destroy(&job->ept);
	kfree(job);
}

static int vtj_job_release(struct inode *inode, struct file *file)
{
	vtj_job_destroy(file->private_data);
	return 0;
}

static const struct file_operations vtj_job_fops = {
	.owner = THIS_MODULE,
	.release = vtj_job_release,
	.unlocked_ioctl = vtj_job_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.llseek = noop_llseek,
};

/**
 * vtj_job_create() - create a job and a file for it
 * @args: VTJOB_CREATE_JOB's argument; cpu and job_id are filled in
 * @fd: out: a reserved file descriptor for the job
 * @file: out: the job's file, for the caller to install at @fd once the
 *	arguments are written back, or to put if that fails
 *
 * Return: @fd; -EINVAL for bad arguments or a CPU that is not reserved;
 * -EBUSY if the CPU (or, for VTJOB_CPU_ANY, every reserved CPU) runs a
 * job; -ENOMEM; -EFAULT if the memory is not the caller's to write.
 */
long vtj_job_create(struct vtjob_create_job *args, int *fd,
		    struct file **file)
{
	struct vtj_job *job;
	long ret;

	if ((args->flags & ~VTJOB_JOB_TRACE_SYSCALLS) || args->__reserved ||
	    !args->mem_addr ||
	    !PAGE_ALIGNED(args->mem_addr) || !args->mem_size ||
	    !PAGE_ALIGNED(args->mem_size) || args->mem_size > max_job_mem)
		return -EINVAL;

	job = kzalloc(sizeof(*job), GFP_KERNEL_ACCOUNT);
	if (!job)
		return -ENOMEM;
	mutex_init(&job->lock);
	init_waitqueue_head(&job->wake);
	vtj_sys_init(job, args->flags & VTJOB_JOB_TRACE_SYSCALLS);
	job->id = atomic64_inc_return(&vtj_next_job_id);
	job->runner = task_tgid_nr(current);
	job->budget_tsc = args->timeout_ns ? vtj_ns_to_tsc(args->timeout_ns) ?: 1 :
					     U64_MAX;

	ret = vtj_cpus_claim(job, args->cpu);
	if (ret < 0)
		goto err_free;
	job->cpu = ret;

	if (!fpu_alloc_guest_fpstate(&job->guest_fpu)) {
		ret = -ENOMEM;
		goto err_unclaim;
	}
	job->vmcs = vtj_vmcs_alloc(job->cpu);
	if (!job->vmcs) {
		ret = -ENOMEM;
		goto err_fpu;
	}
	if (vtj_cpu_has(VTJOB_FEAT_VPID)) {
		ret = ida_alloc_range(&vtj_vpids, 1, U16_MAX, GFP_KERNEL);
		if (ret < 0)
			goto err_vmcs;
		job->vpid = ret;
	}
	ret = vtj_ept_map_user(&job->ept, args->mem_addr, args->mem_size);
	if (ret)
		goto err_vpid;

	ret = get_unused_fd_flags(O_CLOEXEC);
	if (ret < 0)
		goto err_ept;
	*fd = ret;
	*file = anon_inode_getfile("vtjob-job", &vtj_job_fops, job, O_RDWR);
	if (IS_ERR(*file)) {
		ret = PTR_ERR(*file);
		put_unused_fd(*fd);
		goto err_ept;
	}
	args->cpu = job->cpu;
	args->job_id = job->id;
	return *fd;

err_ept:
	vtj_ept_destroy(&job->ept);
err_vpid:
	if (job->vpid)
		ida_free(&vtj_vpids, job->vpid);
err_vmcs:
	__free_page(job->vmcs);
err_fpu:
	fpu_free_guest_fpstate(&job->guest_fpu);
err_unclaim:
	vtj_cpus_unclaim(job);
err_free:
	kfree(job);
	return ret;
}
