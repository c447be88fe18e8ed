/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The system calls the module hands to vtjobctl (VTJOB_EXIT_SYSCALL),
 * served on the job's behalf as Linux would serve them: files through
 * the job's own fd table and path policy, every pointer checked against
 * the job's own page tables and memory. Which calls are served here is
 * common/syscall_owners.h's to say (its VTJOBCTL and SPLIT rows); any
 * other number is -ENOSYS.
 */
#ifndef VTJOBCTL_JOB_SYSCALLS_H
#define VTJOBCTL_JOB_SYSCALLS_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include <linux/vtjob.h>

#include "gen/job_syscall_nrs.h"
#include "runtime/sys/job_fd_table.h"
#include "runtime/sys/job_paths.h"
#include "runtime/sys/job_signals.h"
#include "runtime/sys/job_process_call.h"
#include "guestmem/uaccess.h"

/* Linux's cap on one read or write (MAX_RW_COUNT). */
#define JOB_MAX_RW_COUNT	(INT32_MAX & ~UINT64_C(0xfff))

struct job_syscall_env {
	struct guestmem_view view;
	/* write(2), or a test's stand-in for it. */
	ssize_t (*write)(int fd, const void *buf, size_t count);
	/*
	 * Signals caught for the job: a host call a runner blocks in for the
	 * job stops waiting when one comes, and the job's call is answered
	 * VTJOB_RESULT_RESTART, for the module to restart or fail with EINTR
	 * once it has delivered the signal.
	 */
	struct job_signal_queue *signals;
	struct job_fd_table *fds;
	/* What the job may touch; no trees at all for --no-files. */
	struct job_paths *paths;
	/* What readlink("/proc/self/exe") gives: the program, absolute. */
	const char *exe_path;
	/*
	 * The top runner of the job's tree: the host processes the job may
	 * name by pid are it and its descendants (job_tree_pids.h); 0: the
	 * job's own process only.
	 */
	pid_t tree_root;
	/*
	 * Where fork, execve and the signals the job sends itself are left
	 * for the runtime to carry out; NULL: they are -ENOSYS.
	 */
	struct job_process_call *process;
};

enum job_syscall_outcome {
	JOB_SYSCALL_RETURN,	/* *result goes back to the job in RAX */
	JOB_SYSCALL_EXIT,	/* the job is done: *status is its exit status */
	JOB_SYSCALL_PROCESS,	/* env->process says what to do; no *result yet */
};

enum job_syscall_outcome job_syscall_serve(const struct job_syscall_env *env,
					   const struct vtjob_exit *exit,
					   int64_t *result, int *status);

#endif /* VTJOBCTL_JOB_SYSCALLS_H */
