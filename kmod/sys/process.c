// SPDX-License-Identifier: GPL-2.0
/*
 * The job's identity and environment: who it is, its thread pointer, its
 * limits, its CPU, random bytes. A job is one process with one thread; its
 * process id is its runner's (vtjobctl's), and it has its runner's
 * credentials, as a program vtjobctl had execve()d would.
 */
#include "../vtjob.h"

#include <linux/cpumask.h>
#include <linux/cred.h>
#include <linux/random.h>
#include <linux/resource.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/utsname.h>
#include <asm/prctl.h>

#include "../guest/mem.h"
#include "../job.h"
#include "sys.h"

/* The largest getrandom() Linux serves in one call (MAX_RW_COUNT). */
#define VTJ_MAX_RW_COUNT	(INT_MAX & PAGE_MASK)
#define VTJ_RANDOM_CHUNK	256
#define VTJ_GRND_FLAGS		(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE)

/**
 * vtj_sys_init() - the job's system call state at creation
 * @job: the job
 * @trace: report every call served in the module
 *
 * The job starts with its runner's resource limits; vtj_sys_mm_init()
 * puts in the job's own stack and memory sizes.
 */
void vtj_sys_init(struct vtj_job *job, bool trace)
{
	int i;

	job->sys.trace = trace;
	for (i = 0; i < RLIM_NLIMITS; i++) {
		job->sys.rlimits[i].rlim_cur = rlimit(i);
		job->sys.rlimits[i].rlim_max = rlimit_max(i);
	}
}

/**
 * vtj_sys_exec_inherit() - what a job keeps of its system call state
 *	across an execve
 * @sys: the new job's state, as vtj_sys_init() left it
 * @old: the state of the job it replaces
 *
 * As Linux's execve: the signal mask, the pending signals, the resource
 * limits and the open files (the runner's map of them, here) are kept,
 * ignored signals stay ignored, and a signal with a handler goes back to
 * its default action, since the handler is gone with the old program
 * (flush_signal_handlers()). The rest is the new process's own.
 */
void vtj_sys_exec_inherit(struct vtj_job_sys *sys, const struct vtj_job_sys *old)
{
	int i;

	sys->sigmask = old->sigmask;
	sys->pending = old->pending;
	memcpy(sys->pending_info, old->pending_info, sizeof(sys->pending_info));
	memcpy(sys->rlimits, old->rlimits, sizeof(sys->rlimits));
	/* The runner's table of fds, which the execve leaves where it is. */
	sys->fd_map = old->fd_map;
	for (i = 0; i < VTJ_NSIG; i++) {
		memset(&sys->actions[i], 0, sizeof(sys->actions[i]));
		if (old->actions[i].handler == VTJ_SIG_IGN)
			sys->actions[i].handler = VTJ_SIG_IGN;
	}
}

long vtj_sys_enosys(struct vtj_job *job, struct vtj_syscall *call)
{
	return -VTJ_JOB_ENOSYS;
}

long vtj_sys_arch_prctl(struct vtj_job *job, struct vtj_syscall *call)
{
	u64 addr = call->args[1];

	switch (call->args[0]) {
	case ARCH_SET_FS:
	case ARCH_SET_GS:
		if (addr >= VTJ_TASK_SIZE_MAX)
			return -EPERM;
		if (call->args[0] == ARCH_SET_FS)
			job->fs_base = addr;
		else
			job->gs_base = addr;
		return 0;
	case ARCH_GET_FS:
		return vtj_job_write(job, addr, &job->fs_base, sizeof(u64));
	case ARCH_GET_GS:
		return vtj_job_write(job, addr, &job->gs_base, sizeof(u64));
	default:
		return -EINVAL;
	}
}

long vtj_sys_getpid(struct vtj_job *job, struct vtj_syscall *call)
{
	return task_tgid_vnr(current);
}

long vtj_sys_gettid(struct vtj_job *job, struct vtj_syscall *call)
{
	/* One thread: its thread id is its process id. */
	return task_tgid_vnr(current);
}

long vtj_sys_set_tid_address(struct vtj_job *job, struct vtj_syscall *call)
{
	job->sys.clear_child_tid = call->args[0];
	return task_tgid_vnr(current);
}

long vtj_sys_set_robust_list(struct vtj_job *job, struct vtj_syscall *call)
{
	/* sizeof(struct robust_list_head) on x86-64 */
	if (call->args[1] != 3 * sizeof(u64))
		return -EINVAL;
	job->sys.robust_list = call->args[0];
	return 0;
}

long vtj_sys_getppid(struct vtj_job *job, struct vtj_syscall *call)
{
	pid_t pid;

	rcu_read_lock();
	pid = task_tgid_vnr(rcu_dereference(current->real_parent));
	rcu_read_unlock();
	return pid;
}

long vtj_sys_getuid(struct vtj_job *job, struct vtj_syscall *call)
{
	return from_kuid_munged(current_user_ns(), current_uid());
}

long vtj_sys_geteuid(struct vtj_job *job, struct vtj_syscall *call)
{
	return from_kuid_munged(current_user_ns(), current_euid());
}

long vtj_sys_getgid(struct vtj_job *job, struct vtj_syscall *call)
{
	return from_kgid_munged(current_user_ns(), current_gid());
}

long vtj_sys_getegid(struct vtj_job *job, struct vtj_syscall *call)
{
	return from_kgid_munged(current_user_ns(), current_egid());
}

long vtj_sys_uname(struct vtj_job *job, struct vtj_syscall *call)
{
	struct new_utsname name;

	/*
	 * uts_sem is not exported: a copy racing with sethostname() may mix
	 * the old and new name, which a job can live with.
	 */
	memcpy(&name, utsname(), sizeof(name));
	return vtj_job_write(job, call->args[0], &name, sizeof(name));
}

/* Resource @resource of the job, after @new if given; the old in @old. */
static long vtj_job_rlimit(struct vtj_job *job, unsigned int resource,
			   u64 new_addr, u64 old_addr)
{
	struct rlimit64 new, *limit;
	long err;

	if (resource >= RLIM_NLIMITS)
		return -EINVAL;
	limit = &job->sys.rlimits[resource];
	if (new_addr) {
		err = vtj_job_read(job, new_addr, &new, sizeof(new));
		if (err)
			return err;
		if (new.rlim_cur > new.rlim_max)
			return -EINVAL;
		/* Raising a hard limit takes CAP_SYS_RESOURCE, a job has none. */
		if (new.rlim_max > limit->rlim_max)
			return -EPERM;
	}
	if (old_addr) {
		err = vtj_job_write(job, old_addr, limit, sizeof(*limit));
		if (err)
			return err;
	}
	if (new_addr)
		*limit = new;
	return 0;
}

long vtj_sys_prlimit64(struct vtj_job *job, struct vtj_syscall *call)
{
	pid_t pid = call->args[0];

	/* The job sees no other process. */
	if (pid && pid != task_tgid_vnr(current))
		return -ESRCH;
	return vtj_job_rlimit(job, call->args[1], call->args[2],
			      call->args[3]);
}

long vtj_sys_getrlimit(struct vtj_job *job, struct vtj_syscall *call)
{
	return vtj_job_rlimit(job, call->args[0], 0, call->args[1]);
}

long vtj_sys_setrlimit(struct vtj_job *job, struct vtj_syscall *call)
{
	return vtj_job_rlimit(job, call->args[0], call->args[1], 0);
}

long vtj_sys_sched_getaffinity(struct vtj_job *job, struct vtj_syscall *call)
{
	pid_t pid = call->args[0];
	u64 len = call->args[1];
	unsigned int size = min_t(unsigned int, len, cpumask_size());
	cpumask_var_t mask;
	long ret;

	if (pid && pid != task_tgid_vnr(current))
		return -ESRCH;
	if (len * BITS_PER_BYTE < nr_cpu_ids || (len & (sizeof(long) - 1)))
		return -EINVAL;
	if (!zalloc_cpumask_var(&mask, GFP_KERNEL))
		return -ENOMEM;
	/* The job runs on its CPU and nowhere else. */
	cpumask_set_cpu(job->cpu, mask);
	ret = vtj_job_write(job, call->args[2], cpumask_bits(mask), size);
	free_cpumask_var(mask);
	return ret ?: size;
}

long vtj_sys_sched_yield(struct vtj_job *job, struct vtj_syscall *call)
{
	/* The run loop gives way to anything that needs the CPU anyway. */
	return 0;
}

/* x86-64's struct rusage: two struct timevals, then 14 longs. */
struct vtj_rusage {
	s64 utime_sec;
	s64 utime_usec;
	s64 stime_sec;
	s64 stime_usec;
	s64 counts[14];
};

long vtj_sys_getrusage(struct vtj_job *job, struct vtj_syscall *call)
{
	struct vtj_rusage usage = {};
	u64 ns;

	switch ((int)call->args[0]) {
	case RUSAGE_SELF:
	case RUSAGE_THREAD:
		/*
		 * User time is the job's CPU time, as its CPU-time clocks
		 * count it; nothing else is measured, so the rest is zero.
		 */
		ns = vtj_job_time_run_ns(&job->time);
		usage.utime_sec = ns / NSEC_PER_SEC;
		usage.utime_usec = ns % NSEC_PER_SEC / NSEC_PER_USEC;
		break;
	case RUSAGE_CHILDREN:
		/* A job has no children. */
		break;
	default:
		return -EINVAL;
	}
	return vtj_job_write(job, call->args[1], &usage, sizeof(usage));
}

long vtj_sys_getrandom(struct vtj_job *job, struct vtj_syscall *call)
{
	u64 buf = call->args[0], len = call->args[1], done = 0;
	u8 bytes[VTJ_RANDOM_CHUNK];
	long err = 0;

	if (call->args[2] & ~VTJ_GRND_FLAGS)
		return -EINVAL;
	if ((call->args[2] & GRND_INSECURE) && (call->args[2] & GRND_RANDOM))
		return -EINVAL;
	len = min_t(u64, len, VTJ_MAX_RW_COUNT);
	while (done < len) {
		size_t n = min_t(u64, len - done, sizeof(bytes));

		get_random_bytes(bytes, n);
		err = vtj_job_write(job, buf + done, bytes, n);
		if (err)
			break;
		done += n;
		if (vtj_job_time_yield(&job->time))
			break;
	}
	memzero_explicit(bytes, sizeof(bytes));
	return done ?: err;
}
