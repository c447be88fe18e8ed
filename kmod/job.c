// SPDX-License-Identifier: GPL-2.0
/*
 * Jobs: creation, the job fd and its ioctls, eviction, and teardown. A
 * job is bound to one reserved CPU for its life, which other jobs may
 * share; VTJOB_RUN is run.c's.
 */
#include "vtjob.h"

#include <linux/anon_inodes.h>
#include <linux/atomic.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/idr.h>
#include <linux/lockdep.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <asm/io.h>

#include "cpus.h"
#include "ioctl.h"
#include "job.h"
#include "job_exec.h"
#include "job_fork.h"
#include "vmx/caps.h"
#include "vmx/vmcs.h"
#include "vmx/vmx_ops.h"

static unsigned long max_job_mem = 1UL << 30;
module_param(max_job_mem, ulong, 0644);
MODULE_PARM_DESC(max_job_mem, "Largest job memory in bytes (default 1 GiB)");

static atomic64_t vtj_next_job_id = ATOMIC64_INIT(0);
static DEFINE_IDA(vtj_vpids);

#define VTJ_JOB_FLAGS	(VTJOB_JOB_TRACE_SYSCALLS | VTJOB_JOB_FORK | VTJOB_JOB_EXEC)

/* Flags a job may set; IF is forced on and IOPL to 0 (Linux does too). */
#define VTJ_USER_RFLAGS	(X86_EFLAGS_CF | X86_EFLAGS_PF | X86_EFLAGS_AF | \
			 X86_EFLAGS_ZF | X86_EFLAGS_SF | X86_EFLAGS_TF | \
			 X86_EFLAGS_DF | X86_EFLAGS_OF | X86_EFLAGS_AC | \
			 X86_EFLAGS_ID)

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
	if (mutex_lock_killable(&job->lock))
		return -EINTR;
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
	long ret = 0;

	if (regs->flags)
		return -EINVAL;
	/* VM entry would fail on these rather than fault in the job. */
	if (!vtj_canonical(regs->rip) || !vtj_canonical(regs->fs_base) ||
	    !vtj_canonical(regs->gs_base))
		return -EINVAL;
	if (!PAGE_ALIGNED(regs->cr3) || regs->cr3 >= job->ept.size)
		return -EINVAL;

	if (mutex_lock_killable(&job->lock))
		return -EINTR;
	if (regs->cr3 != job->cr3) {
		u64 old_cr3 = job->cr3;

		/* The job's SYSCALL must find its gate in the new tables. */
		job->cr3 = regs->cr3;
		ret = vtj_gate_map(job);
		if (ret) {
			job->cr3 = old_cr3;
			goto out_unlock;
		}
	}
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
	/*
	 * New page tables, maybe: what was found through the old ones goes,
	 * and so do the job's cached translations (its VPID outlives CR3).
	 */
	job->mm.generation++;
	job->mm.flush_tlb = true;
	job->regs_set = true;
	job->syscall_pending = false;
out_unlock:
	mutex_unlock(&job->lock);
	return ret;
}

static long vtj_job_set_mm(void *ctx, void *arg)
{
	struct vtj_job *job = ctx;
	long ret;

	if (mutex_lock_killable(&job->lock))
		return -EINTR;
	ret = vtj_sys_mm_init(job, arg);
	mutex_unlock(&job->lock);
	return ret;
}

static long vtj_job_get_stats(void *ctx, void *arg)
{
	struct vtj_job *job = ctx;
	struct vtjob_stats *stats = arg;
	u32 nr = min_t(u32, stats->nr_exit_reasons, VTJ_NR_EXIT_REASONS);
	long ret = 0;

	if (stats->flags || stats->__pad)
		return -EINVAL;
	if (mutex_lock_killable(&job->lock))
		return -EINTR;
	stats->run_ns = vtj_job_time_run_ns(&job->time);
	stats->guest_ns = vtj_job_time_guest_ns(&job->time);
	stats->syscalls_served = job->syscalls_served;
	stats->syscalls_forwarded = job->syscalls_forwarded;
	/* Under the lock, so that the counters agree with each other. */
	if (nr && copy_to_user(u64_to_user_ptr(stats->exits), job->exits,
			       nr * sizeof(job->exits[0])))
		ret = -EFAULT;
	mutex_unlock(&job->lock);
	stats->nr_exit_reasons = VTJ_NR_EXIT_REASONS;
	return ret;
}

static long vtj_job_unshare(void *ctx, void *arg)
{
	struct vtj_job *job = ctx;
	struct vtjob_range *range = arg;
	u64 end = range->addr + range->len;
	long ret;

	if (range->flags || end < range->addr || end > job->ept.size)
		return -EINVAL;
	if (mutex_lock_killable(&job->lock))
		return -EINTR;
	ret = vtj_ept_unshare(&job->ept, range->addr, end);
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
	VTJ_IOCTL_OP(VTJOB_NR_GET_STATS, vtj_job_get_stats,
		     struct vtjob_stats, exits),
	VTJ_IOCTL_OP(VTJOB_NR_SIGNAL, vtj_job_signal, struct vtjob_signal,
		     siginfo),
	VTJ_IOCTL_OP(VTJOB_NR_UNSHARE, vtj_job_unshare, struct vtjob_range,
		     len),
	VTJ_IOCTL_OP(VTJOB_NR_SET_FD_MAP, vtj_job_set_fd_map,
		     struct vtjob_fd_map, __reserved),
};

static long vtj_job_ioctl(struct file *file, unsigned int cmd,
			  unsigned long arg)
{
	struct vtj_job *job = file->private_data;

	/*
	 * The job's memory is its creator's: another process (one that
	 * inherited the fd) gets nothing from it, as KVM refuses a vCPU ioctl
	 * from another mm.
	 */
	if (job->owner_mm != current->mm)
		return -EIO;
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

	vtj_vmcs_clear(job->vmcs);
}

/*
 * Clears the VMCS on the job's CPU, where it may be current. Under
 * job->lock: an eviction clears it too, and once it has, the CPU may
 * leave VMX operation, where a late VMCLEAR would fault.
 */
static void vtj_job_put_vmcs(struct vtj_job *job)
{
	lockdep_assert_held(&job->lock);
	if (!job->vmcs_ready)
		return;
	if (smp_call_function_single(job->cpu, vtj_job_vmclear, job, 1))
		pr_err("job %llu: CPU%u gone before its VMCS was cleared\n",
		       job->id, job->cpu);
	job->vmcs_ready = false;
	/* VMCLEAR left it in the clear launch state (SDM 25.11.3). */
	job->vmcs_launched = false;
}

/**
 * vtj_job_move() - bind a job to another reserved CPU
 * @job: a job the module placed, unless another thread's ioctl holds it
 * @cpu: the reserved CPU it moves to
 *
 * Clears the job's VMCS on its old CPU, where it may be current; the
 * job's next entry loads it on @cpu (vtj_vmcs_load_moved()). The caller
 * moves the job from one CPU's list to the other's.
 *
 * Context: process context; the caller holds the CPU reservation lock,
 * under which the job is only tried, never waited for: a run may last.
 * Return: true if the job moved; false if it is busy or was evicted.
 */
bool vtj_job_move(struct vtj_job *job, unsigned int cpu)
{
	vtj_cpus_assert_locked();
	if (!mutex_trylock(&job->lock))
		return false;
	if (vtj_job_evicted(job)) {
		mutex_unlock(&job->lock);
		return false;
	}
	vtj_job_put_vmcs(job);
	WRITE_ONCE(job->cpu, cpu);
	mutex_unlock(&job->lock);
	return true;
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
 * This is why cpus.c calls into job.c as well as job.c into cpus.c: the
 * reservation owns the CPU, so taking a CPU back ends the job bound to it.
 * The only other call from cpus.c into a job moves it (vtj_job_move()).
 *
 * Context: process context; the caller holds the CPU reservation lock.
 */
void vtj_job_evict(struct vtj_job *job, enum vtjob_release_reason reason)
{
	vtj_cpus_assert_locked();
	job->evict_reason = reason;
	/* Pairs with vtj_job_evicted(): the reason is seen with the flag. */
	smp_store_release(&job->evicted, true);
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
	/*
	 * No ioctl runs once the file is released, but an eviction may:
	 * the job stays bound to its CPU, and so reachable, until unclaimed.
	 */
	mutex_lock(&job->lock);
	vtj_job_put_vmcs(job);
	mutex_unlock(&job->lock);
	vtj_cpus_unclaim(job);
	fpu_free_guest_fpstate(&job->guest_fpu);
	if (job->vmcs)
		__free_page(job->vmcs);
	if (job->vpid)
		ida_free(&vtj_vpids, job->vpid);
	vtj_ept_destroy(&job->ept);
	mmdrop(job->owner_mm);
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
 * vtj_job_from_file() - the job behind a file, if it is a job fd's
 * @file: any file
 *
 * Return: the job, valid as long as the caller holds @file; NULL if
 * @file is not a job's.
 */
struct vtj_job *vtj_job_from_file(struct file *file)
{
	return file->f_op == &vtj_job_fops ? file->private_data : NULL;
}

/**
 * vtj_job_create() - create a job and a file for it
 * @args: VTJOB_CREATE_JOB's argument; cpu and job_id are filled in
 * @fd: out: a reserved file descriptor for the job
 * @file: out: the job's file, for the caller to install at @fd once the
 *	arguments are written back, or to put if that fails; both are set
 *	only on success, so that a failure leaves the caller nothing to undo
 *
 * The memory is pinned page by page as the job touches it (vmx/ept.c),
 * not here. With VTJOB_JOB_FORK, the job starts as a copy of the job at
 * @args->parent_fd (see job_fork.c); with VTJOB_JOB_EXEC, it replaces that
 * job at an execve and keeps what execve keeps (see job_exec.c).
 *
 * Return: @fd; -EINVAL for bad arguments or a CPU that is not reserved;
 * -EBUSY if, for VTJOB_CPU_ANY, no CPU is reserved; -ENOMEM; -EFAULT if
 * the memory is not ordinary memory the caller can write;
 * -EMFILE or -ENFILE when no file descriptor or file is left; for
 * VTJOB_JOB_FORK, vtj_job_fork_take()'s refusals, and -EINVAL if the
 * memory's size is not the parent's; for VTJOB_JOB_EXEC,
 * vtj_job_exec_take()'s.
 */
long vtj_job_create(struct vtjob_create_job *args, int *fd,
		    struct file **file)
{
	struct vtj_job_fork *fork = NULL;
	struct vtj_job_sys *exec_sys = NULL;
	struct file *new_file;
	struct vtj_job *job;
	int new_fd;
	long ret;

	if ((args->flags & ~VTJ_JOB_FLAGS) || args->__reserved ||
	    args->__reserved2 ||
	    (args->flags & VTJOB_JOB_FORK && args->flags & VTJOB_JOB_EXEC) ||
	    (!(args->flags & (VTJOB_JOB_FORK | VTJOB_JOB_EXEC)) &&
	     args->parent_fd) ||
	    !args->mem_addr ||
	    !PAGE_ALIGNED(args->mem_addr) || !args->mem_size ||
	    !PAGE_ALIGNED(args->mem_size) || args->mem_size > max_job_mem)
		return -EINVAL;

	if (args->flags & VTJOB_JOB_FORK) {
		fork = vtj_job_fork_take(args->parent_fd);
		if (IS_ERR(fork))
			return PTR_ERR(fork);
		if (fork->mem_size != args->mem_size) {
			ret = -EINVAL;
			goto err_fork;
		}
	}
	if (args->flags & VTJOB_JOB_EXEC) {
		exec_sys = vtj_job_exec_take(args->parent_fd);
		if (IS_ERR(exec_sys))
			return PTR_ERR(exec_sys);
	}

	job = kzalloc(sizeof(*job), GFP_KERNEL_ACCOUNT);
	if (!job) {
		ret = -ENOMEM;
		goto err_fork;
	}
	mutex_init(&job->lock);
	init_waitqueue_head(&job->wake);
	INIT_LIST_HEAD(&job->cpu_node);
	vtj_sys_init(job, args->flags & VTJOB_JOB_TRACE_SYSCALLS);
	if (exec_sys)
		vtj_sys_exec_inherit(&job->sys, exec_sys);
	job->id = atomic64_inc_return(&vtj_next_job_id);
	job->runner = task_tgid_nr(current);
	job->owner_mm = current->mm;
	mmgrab(job->owner_mm);
	vtj_job_time_init(&job->time, args->timeout_ns);

	job->movable = args->cpu == VTJOB_CPU_ANY;
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
	ret = vtj_ept_init(&job->ept, args->mem_addr, args->mem_size);
	if (ret)
		goto err_vpid;
	if (fork) {
		ret = vtj_job_fork_give(job, fork);
		if (ret)
			goto err_ept;
	}

	new_fd = get_unused_fd_flags(O_CLOEXEC);
	if (new_fd < 0) {
		ret = new_fd;
		goto err_ept;
	}
	/* From here on the file owns the job: its release destroys it. */
	new_file = anon_inode_getfile("vtjob-job", &vtj_job_fops, job, O_RDWR);
	if (IS_ERR(new_file)) {
		ret = PTR_ERR(new_file);
		goto err_put_fd;
	}
	args->cpu = job->cpu;
	args->job_id = job->id;
	*fd = new_fd;
	*file = new_file;
	kfree(exec_sys);
	kfree(fork);
	return new_fd;

err_put_fd:
	put_unused_fd(new_fd);
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
	mmdrop(job->owner_mm);
	kfree(job);
err_fork:
	kfree(exec_sys);
	kfree(fork);
	return ret;
}
