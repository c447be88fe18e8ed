// SPDX-License-Identifier: GPL-2.0
/*
 * A job's fork, as userspace mirrors it: the module forwards the fork to
 * the job's runner, which forks itself; the host copies the runner's
 * memory, the job's included (pinned pages are copied at fork, not
 * shared), and the child runner creates the child job over its copy with
 * VTJOB_JOB_FORK. What the memory does not hold, the job's registers,
 * FPU and the state its system calls set in the module, is copied here
 * from the parent job, which waits at its fork until its runner answers.
 *
 * The copy is taken under the parent's lock and given to the child once
 * the parent's lock is dropped: the child's creation claims a CPU, and
 * the reservation's lock comes before any job's (cpus.c).
 */
#include "vtjob.h"

#include <linux/err.h>
#include <linux/file.h>
#include <linux/lockdep.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <asm/fpu/api.h>
#include <asm/unistd.h>

#include "job.h"
#include "job_fork.h"
#include "vmx/cpuid.h"

/* Whether the caller is a child of the process that created @parent. */
static bool vtj_fork_caller_is_child(const struct vtj_job *parent)
{
	struct task_struct *task;
	bool child;

	/*
	 * Compared, not used: the job holds its creator's mm with mmgrab(),
	 * so the pointer cannot name another mm while the job lives.
	 */
	rcu_read_lock();
	task = rcu_dereference(current->real_parent);
	child = READ_ONCE(task->mm) == parent->owner_mm;
	rcu_read_unlock();
	return child;
}

/* Whether @job waits at a fork the module forwarded, not yet answered. */
static bool vtj_fork_pending(const struct vtj_job *job)
{
	/* A forwarded call leaves its number in RAX until it is answered. */
	unsigned long nr = job->gpr[VTJ_RAX];

	lockdep_assert_held(&job->lock);
	if (!job->regs_set || !job->syscall_pending || vtj_job_evicted(job) ||
	    job->end != VTJOB_JOB_END_NONE)
		return false;
	return nr == __NR_fork || nr == __NR_vfork || nr == __NR_clone ||
	       nr == __NR_clone3;
}

static void vtj_fork_copy(struct vtj_job_fork *fork,
			  const struct vtj_job *parent)
{
	lockdep_assert_held(&parent->lock);
	fork->mem_size = parent->ept.size;
	memcpy(fork->gpr, parent->gpr, sizeof(fork->gpr));
	fork->rip = parent->rip;
	fork->rsp = parent->rsp;
	fork->rflags = parent->rflags;
	fork->fs_base = parent->fs_base;
	fork->gs_base = parent->gs_base;
	fork->cr3 = parent->cr3;
	fork->mm = parent->mm;
	fork->sys = parent->sys;
}

/**
 * vtj_job_fork_take() - copy what a child job takes from its parent
 * @parent_fd: the parent job's fd, in the calling process
 *
 * The caller must be a child process of the parent job's creator, and
 * the parent job must wait at a fork, vfork, clone or clone3 that the
 * module forwarded to its runner.
 *
 * Return: the copy, for vtj_job_fork_give() and then kfree(); ERR_PTR of
 * -EBADF if @parent_fd is not a job fd, -EPERM if the caller is not a
 * child of the job's creator, -ESRCH if the job does not wait at such a
 * call, -ENOMEM, or -EINTR if a fatal signal came while waiting for the
 * parent's lock.
 */
struct vtj_job_fork *vtj_job_fork_take(int parent_fd)
{
	struct fd parent_file = fdget(parent_fd);
	struct vtj_job_fork *fork;
	struct vtj_job *parent;
	long ret;

	if (!parent_file.file)
		return ERR_PTR(-EBADF);
	parent = vtj_job_from_file(parent_file.file);
	if (!parent) {
		ret = -EBADF;
		goto err_put;
	}
	if (!vtj_fork_caller_is_child(parent)) {
		ret = -EPERM;
		goto err_put;
	}
	fork = kzalloc(sizeof(*fork), GFP_KERNEL_ACCOUNT);
	if (!fork) {
		ret = -ENOMEM;
		goto err_put;
	}
	if (mutex_lock_killable(&parent->lock)) {
		ret = -EINTR;
		goto err_free;
	}
	if (!vtj_fork_pending(parent)) {
		ret = -ESRCH;
		goto err_unlock;
	}
	vtj_fork_copy(fork, parent);
	/* Saved there by the parent's last run: it is not in the registers. */
	fpu_copy_guest_fpstate_to_uabi(&parent->guest_fpu, fork->fpu,
				       sizeof(fork->fpu), vtj_job_xcr0, 0);
	mutex_unlock(&parent->lock);
	fdput(parent_file);
	return fork;

err_unlock:
	mutex_unlock(&parent->lock);
err_free:
	kfree(fork);
err_put:
	fdput(parent_file);
	return ERR_PTR(ret);
}

/**
 * vtj_job_fork_give() - start a new job as the child of a fork
 * @job: the new job, with its memory mapped, not yet given to userspace
 * @fork: what vtj_job_fork_take() copied from the parent
 *
 * Return: 0, or -EINVAL if the FPU state does not load (it came from a
 * job of this module, so it always does).
 */
int vtj_job_fork_give(struct vtj_job *job, const struct vtj_job_fork *fork)
{
	bool trace = job->sys.trace;
	u32 pkru;
	int ret;

	/* Not yet in userspace's hands, but an eviction may find it. */
	mutex_lock(&job->lock);
	ret = fpu_copy_uabi_to_guest_fpstate(&job->guest_fpu, fork->fpu,
					     vtj_job_xcr0, &pkru);
	if (ret)
		goto out;
	memcpy(job->gpr, fork->gpr, sizeof(job->gpr));
	/* What fork() returns in the child. */
	job->gpr[VTJ_RAX] = 0;
	job->rip = fork->rip;
	job->rsp = fork->rsp;
	job->rflags = fork->rflags;
	job->fs_base = fork->fs_base;
	job->gs_base = fork->gs_base;
	job->cr3 = fork->cr3;

	job->mm = fork->mm;
	job->mm.generation = 0;
	job->mm.flush_tlb = true;
	job->mm.file_map_addr = 0;
	job->mm.file_map_len = 0;

	job->sys = fork->sys;
	job->sys.trace = trace;
	job->sys.sleeping = false;
	/*
	 * A new process's own: Linux's child starts without a robust list,
	 * and with a clear_child_tid only by CLONE_CHILD_CLEARTID, which
	 * matters to threads alone.
	 */
	job->sys.clear_child_tid = 0;
	job->sys.robust_list = 0;
	/* Nor does it inherit its parent's pending signals. */
	job->sys.pending = 0;
	job->sys.fault.signal = 0;

	job->regs_set = true;
out:
	mutex_unlock(&job->lock);
	return ret;
}
