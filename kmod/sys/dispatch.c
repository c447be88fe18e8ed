// SPDX-License-Identifier: GPL-2.0
/*
 * Which of the job's system calls the module serves, and how a call gets
 * its answer: at once for those served here, on the next VTJOB_RUN for
 * those userspace serves. The numbers are x86-64 Linux's, the only ABI a
 * job has.
 */
#include "../vtjob.h"

#include <asm/unistd.h>

#include "../job.h"
#include "sys.h"

/*
 * Calls that concern only the job. Everything not here, files and the
 * standard streams included, goes to userspace.
 */
static const vtj_sys_handler vtj_sys_table[] = {
	/* memory */
	[__NR_brk] = vtj_sys_brk,
	[__NR_mmap] = vtj_sys_mmap,
	[__NR_munmap] = vtj_sys_munmap,
	[__NR_mremap] = vtj_sys_mremap,
	[__NR_mprotect] = vtj_sys_mprotect,
	[__NR_madvise] = vtj_sys_madvise,
	/* identity and environment */
	[__NR_arch_prctl] = vtj_sys_arch_prctl,
	[__NR_set_tid_address] = vtj_sys_set_tid_address,
	[__NR_set_robust_list] = vtj_sys_set_robust_list,
	/* Optional for the C library, which copes without it. */
	[__NR_rseq] = vtj_sys_enosys,
	[__NR_getpid] = vtj_sys_getpid,
	[__NR_gettid] = vtj_sys_getpid,
	[__NR_getppid] = vtj_sys_getppid,
	[__NR_getuid] = vtj_sys_getuid,
	[__NR_geteuid] = vtj_sys_geteuid,
	[__NR_getgid] = vtj_sys_getgid,
	[__NR_getegid] = vtj_sys_getegid,
	[__NR_uname] = vtj_sys_uname,
	[__NR_prlimit64] = vtj_sys_prlimit64,
	[__NR_getrlimit] = vtj_sys_getrlimit,
	[__NR_setrlimit] = vtj_sys_setrlimit,
	[__NR_sched_getaffinity] = vtj_sys_sched_getaffinity,
	[__NR_sched_yield] = vtj_sys_sched_yield,
	[__NR_getrandom] = vtj_sys_getrandom,
	/* time */
	[__NR_clock_gettime] = vtj_sys_clock_gettime,
	[__NR_clock_getres] = vtj_sys_clock_getres,
	[__NR_gettimeofday] = vtj_sys_gettimeofday,
	[__NR_time] = vtj_sys_time,
	[__NR_nanosleep] = vtj_sys_nanosleep,
	[__NR_clock_nanosleep] = vtj_sys_clock_nanosleep,
	/* signals */
	[__NR_rt_sigaction] = vtj_sys_rt_sigaction,
	[__NR_rt_sigprocmask] = vtj_sys_rt_sigprocmask,
	/* Processes and threads come with a later ABI: not yet. */
	[__NR_clone] = vtj_sys_enosys,
	[__NR_clone3] = vtj_sys_enosys,
	[__NR_fork] = vtj_sys_enosys,
	[__NR_vfork] = vtj_sys_enosys,
	[__NR_execve] = vtj_sys_enosys,
	[__NR_execveat] = vtj_sys_enosys,
};

static bool vtj_sys_is_memory_call(u64 nr)
{
	switch (nr) {
	case __NR_brk:
	case __NR_mmap:
	case __NR_munmap:
	case __NR_mremap:
	case __NR_mprotect:
	case __NR_madvise:
		return true;
	default:
		return false;
	}
}

static void vtj_sys_report(const struct vtj_syscall *call,
			   struct vtjob_exit *exit, u32 reason)
{
	exit->reason = reason;
	exit->syscall.nr = call->nr;
	memcpy(exit->syscall.args, call->args, sizeof(call->args));
}

/**
 * vtj_sys_dispatch() - serve the system call the job just made
 * @job: the job, stopped right after its SYSCALL instruction
 * @exit: out: what userspace is told, when the run stops
 *
 * Return: 1 to resume the job, 0 to stop the run: for userspace to serve
 * the call, or to see one the module served when the job is traced.
 */
int vtj_sys_dispatch(struct vtj_job *job, struct vtjob_exit *exit)
{
	struct vtj_syscall call = {
		.nr = job->gpr[VTJ_RAX],
		.args = {
			job->gpr[VTJ_RDI], job->gpr[VTJ_RSI],
			job->gpr[VTJ_RDX], job->gpr[VTJ_R10],
			job->gpr[VTJ_R8], job->gpr[VTJ_R9],
		},
	};
	vtj_sys_handler handler = NULL;
	long result;

	if (call.nr < ARRAY_SIZE(vtj_sys_table))
		handler = vtj_sys_table[call.nr];
	/* Without the layout the module cannot map: userspace answers. */
	if (handler && vtj_sys_is_memory_call(call.nr) && !job->mm.ready)
		handler = NULL;
	result = handler ? handler(job, &call) : 0;
	if (!handler || call.forward) {
		vtj_sys_report(&call, exit, VTJOB_EXIT_SYSCALL);
		job->syscall_pending = true;
		return 0;
	}

	job->gpr[VTJ_RAX] = result;
	if (!job->sys.trace)
		return 1;
	vtj_sys_report(&call, exit, VTJOB_EXIT_SYSCALL_SERVED);
	exit->syscall.result = result;
	return 0;
}

/**
 * vtj_sys_complete() - give the job userspace's answer to its system call
 * @job: the job, stopped at a call vtj_sys_dispatch() forwarded
 * @result: the answer, a value or -errno
 */
void vtj_sys_complete(struct vtj_job *job, s64 result)
{
	vtj_sys_mm_complete(job, result);
	job->gpr[VTJ_RAX] = result;
}
