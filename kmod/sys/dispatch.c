// SPDX-License-Identifier: GPL-2.0
/*
 * Which of the job's system calls the module serves, and how a call gets
 * its answer: at once for those served here, on the next VTJOB_RUN for
 * those userspace serves. The numbers are x86-64 Linux's, the only ABI a
 * job has.
 */
#include "../vtjob.h"

#include <linux/lockdep.h>
#include <asm/unistd.h>

#include "../job.h"
#include "../vmx/speculation.h"
#include "sys.h"

/**
 * struct vtj_sys_entry - how the module answers one system call
 * @handler: serves it, or NULL to forward it to userspace
 * @flags: VTJ_SYS_F_* from the owner table
 */
struct vtj_sys_entry {
	vtj_sys_handler handler;
	unsigned int flags;
};

/*
 * Built from the owner table (common/syscall_owners.h): a MODULE or SPLIT
 * call has its handler here, a NONE call vtj_sys_enosys(); a VTJOBCTL
 * call, like a number in no row, has none and goes to userspace.
 */
#define VTJ_SYS_ENTRY_MODULE(name, f) \
	[__NR_##name] = { vtj_sys_##name, f },
#define VTJ_SYS_ENTRY_SPLIT(name, f) \
	[__NR_##name] = { vtj_sys_##name, f },
#define VTJ_SYS_ENTRY_NONE(name, f) \
	[__NR_##name] = { vtj_sys_enosys, f },
#define VTJ_SYS_ENTRY_VTJOBCTL(name, f)

static const struct vtj_sys_entry vtj_sys_table[] = {
#define VTJ_SYSCALL(name, owner, f) VTJ_SYS_ENTRY_##owner(name, f)
#include "common/syscall_owners.h"
};

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
	unsigned int flags = 0;
	long result;

	lockdep_assert_held(&job->lock);
	job->sys.call_nr = call.nr;

	if (call.nr < ARRAY_SIZE(vtj_sys_table)) {
		const struct vtj_sys_entry *entry = &vtj_sys_table[call.nr];

		handler = entry->handler;
		flags = entry->flags;
		/* Without the layout the module cannot map: userspace answers. */
		if ((entry->flags & VTJ_SYS_F_NEEDS_MM) && !job->mm.ready)
			handler = NULL;
	}
	result = handler ? handler(job, &call) : 0;
	if (!handler || call.forward) {
		vtj_sys_report(&call, exit, VTJOB_EXIT_SYSCALL);
		job->syscall_pending = true;
		job->syscalls_forwarded++;
		return 0;
	}
	job->syscalls_served++;

	job->gpr[VTJ_RAX] = result;
	if (!(flags & VTJ_SYS_F_JOB_STATE))
		vtj_spec_host_ran(&job->l1d);
	if (!job->sys.trace)
		return 1;
	vtj_sys_report(&call, exit, VTJOB_EXIT_SYSCALL_SERVED);
	exit->syscall.result = result;
	return 0;
}

/**
 * vtj_sys_complete() - give the job userspace's answer to its system call
 * @job: the job, stopped at a call vtj_sys_dispatch() forwarded
 * @result: the answer, a value or -errno; VTJOB_RESULT_RESTART for a call
 *	a signal cut short, which vtj_sig_deliver() restarts or fails with
 *	EINTR
 */
void vtj_sys_complete(struct vtj_job *job, s64 result)
{
	lockdep_assert_held(&job->lock);
	if (result == VTJOB_RESULT_RESTART) {
		job->sys.restart = true;
		result = -EINTR;
	}
	vtj_sys_mm_complete(job, result);
	job->gpr[VTJ_RAX] = result;
}
