// SPDX-License-Identifier: GPL-2.0
/*
 * fork and its kin, execve, and kill: decoded here, carried out by the
 * runtime (job_process_call.h), which alone can fork the runner or swap
 * its job. A signal to another process of the job's tree goes to its
 * runner, which has the same pid on the host; the host's other processes
 * are not there for a job to signal (job_tree_pids.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

/* Not <sched.h>: its CLONE_* would be defined twice. */
#include <linux/sched.h>

#include "runtime/sys/job_sys.h"
#include "runtime/sys/job_tree_pids.h"

/* The highest signal number, as the job's x86-64 ABI has it (_NSIG - 1). */
#define JOB_MAX_SIGNAL		64
/* The largest struct clone_args Linux reads: more must be zeros (copy_struct_from_user()). */
#define CLONE_ARGS_MAX_SIZE	4096

static int64_t start_fork(const struct job_syscall_env *env, bool vfork)
{
	if (!env->process)
		return -ENOSYS;
	memset(&env->process->fork, 0, sizeof(env->process->fork));
	env->process->fork.vfork = vfork;
	env->process->kind = JOB_PROCESS_FORK;
	return 0;
}

int64_t job_sys_fork(const struct job_syscall_env *env, const uint64_t *args)
{
	(void)args;
	return start_fork(env, false);
}

int64_t job_sys_vfork(const struct job_syscall_env *env, const uint64_t *args)
{
	(void)args;
	return start_fork(env, true);
}

int64_t job_sys_clone(const struct job_syscall_env *env, const uint64_t *args)
{
	/* clone() takes the low half: flags, with the exit signal in CSIGNAL. */
	uint32_t flags = (uint32_t)args[0];
	int err;

	if (!env->process)
		return -ENOSYS;
	err = job_clone_decode(flags & ~CSIGNAL, flags & CSIGNAL, args[1], args[2], args[3],
			       args[4], &env->process->fork);
	if (err)
		return err;
	env->process->kind = JOB_PROCESS_FORK;
	return 0;
}

/* Bytes [@from, @to) of the job's struct: -EFAULT, -E2BIG unless all zero. */
static int tail_is_zero(const struct job_syscall_env *env, uint64_t addr, uint64_t from,
			uint64_t to)
{
	uint8_t byte;

	for (; from < to; from++) {
		if (guestmem_copy_from(&env->view, &byte, addr + from, 1))
			return -EFAULT;
		if (byte)
			return -E2BIG;
	}
	return 0;
}

/* clone3_args_valid() and the checks of copy_clone_args_from_user(). */
static int check_clone_args(const struct clone_args *args, uint64_t size)
{
	if (args->set_tid_size > 32 || (!args->set_tid && args->set_tid_size) ||
	    (args->set_tid && !args->set_tid_size))
		return -EINVAL;
	if ((args->exit_signal & ~(uint64_t)CSIGNAL) || args->exit_signal > JOB_MAX_SIGNAL)
		return -EINVAL;
	if ((args->flags & CLONE_INTO_CGROUP) &&
	    (args->cgroup > INT_MAX || size < CLONE_ARGS_SIZE_VER2))
		return -EINVAL;
	if (args->flags & ~(UINT64_C(0xffffffff) | CLONE_CLEAR_SIGHAND | CLONE_INTO_CGROUP))
		return -EINVAL;
	/* CLONE_DETACHED's and CSIGNAL's bits are for other uses in clone3. */
	if (args->flags & (CLONE_DETACHED | (CSIGNAL & ~CLONE_NEWTIME)))
		return -EINVAL;
	if ((args->flags & (CLONE_SIGHAND | CLONE_CLEAR_SIGHAND)) ==
	    (CLONE_SIGHAND | CLONE_CLEAR_SIGHAND))
		return -EINVAL;
	if ((args->flags & (CLONE_THREAD | CLONE_PARENT)) && args->exit_signal)
		return -EINVAL;
	if (!args->stack != !args->stack_size ||
	    (args->stack && !guestmem_access_ok(args->stack, args->stack_size)))
		return -EINVAL;
	return 0;
}

int64_t job_sys_clone3(const struct job_syscall_env *env, const uint64_t *args)
{
	uint64_t addr = args[0], size = args[1], stack;
	struct clone_args clone;
	int err;

	if (!env->process)
		return -ENOSYS;
	if (size > CLONE_ARGS_MAX_SIZE)
		return -E2BIG;
	if (size < CLONE_ARGS_SIZE_VER0)
		return -EINVAL;
	memset(&clone, 0, sizeof(clone));
	if (size > sizeof(clone)) {
		err = tail_is_zero(env, addr, sizeof(clone), size);
		if (err)
			return err;
	}
	if (guestmem_copy_from(&env->view, &clone, addr,
			       size < sizeof(clone) ? size : sizeof(clone)))
		return -EFAULT;
	err = check_clone_args(&clone, size);
	if (err)
		return err;
	/* Choosing pids and cgroups is for the host's runners, not a job. */
	if (clone.set_tid || (clone.flags & CLONE_INTO_CGROUP))
		return -ENOSYS;
	/* The stack grows down from the top of what it was given. */
	stack = clone.stack ? clone.stack + clone.stack_size : 0;
	err = job_clone_decode(clone.flags, clone.exit_signal, stack, clone.parent_tid,
			       clone.child_tid, clone.tls, &env->process->fork);
	if (err)
		return err;
	env->process->kind = JOB_PROCESS_FORK;
	return 0;
}

/* execve and execveat, once the path is read and its base known. */
static int64_t start_exec(const struct job_syscall_env *env, const char *path, int base,
			  uint64_t dirfd, int flags, uint64_t argv, uint64_t envp)
{
	struct job_exec_call *exec = &env->process->exec;
	int err;

	memset(exec, 0, sizeof(*exec));
	err = job_exec_args_read(&env->view, argv, envp, &exec->argv, &exec->envp);
	if (err)
		return err;
	exec->path = strdup(path);
	if (!exec->path) {
		job_exec_strings_free(exec->argv);
		job_exec_strings_free(exec->envp);
		memset(exec, 0, sizeof(*exec));
		return -ENOMEM;
	}
	exec->base = base;
	exec->dirfd = dirfd;
	exec->empty_path = path[0] == '\0';
	exec->nofollow = flags & AT_SYMLINK_NOFOLLOW;
	env->process->kind = JOB_PROCESS_EXEC;
	return 0;
}

int64_t job_sys_execve(const struct job_syscall_env *env, const uint64_t *args)
{
	char path[PATH_MAX];
	int err;

	if (!env->process)
		return -ENOSYS;
	err = job_sys_read_path(env, args[0], path, false);
	if (err)
		return err;
	return start_exec(env, path, JOB_PATH_CWD, (uint64_t)AT_FDCWD, 0, args[1], args[2]);
}

int64_t job_sys_execveat(const struct job_syscall_env *env, const uint64_t *args)
{
	int flags = job_sys_int(args[4]), base;
	char path[PATH_MAX];
	int err;

	if (!env->process)
		return -ENOSYS;
	if (flags & ~(AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW))
		return -EINVAL;
	err = job_sys_read_path(env, args[1], path, flags & AT_EMPTY_PATH);
	if (err)
		return err;
	if (path[0])
		base = job_sys_path_base(env, args[0], path);
	else if (job_sys_int(args[0]) == AT_FDCWD)
		base = JOB_PATH_CWD;
	else	/* "" with AT_EMPTY_PATH: the file dirfd is open on (fexecve()) */
		base = job_fd_host(env->fds, args[0]);
	if (base < 0 && base != JOB_PATH_CWD)
		return base;
	return start_exec(env, path, base, args[0], flags, args[2], args[3]);
}

/*
 * A signal the job sends itself (@code: SI_USER or SI_TKILL): left for
 * the runtime to queue in the job, whose actions decide what it does.
 * A stop signal stops the runner, as it would the process, until a
 * SIGCONT: a job has no stopped state of its own.
 */
static int64_t signal_self(const struct job_syscall_env *env, int signal, int code)
{
	if (signal < 0 || signal > JOB_MAX_SIGNAL)
		return -EINVAL;
	if (signal == 0)
		return 0;
	if (job_signal_stops(signal))
		return kill(getpid(), signal) < 0 ? -errno : 0;
	if (!env->process)
		return -ENOSYS;
	env->process->kind = JOB_PROCESS_SIGNALED;
	env->process->signal.number = signal;
	env->process->signal.code = code;
	return 0;
}

int64_t job_sys_kill(const struct job_syscall_env *env, const uint64_t *args)
{
	pid_t pid = job_sys_int(args[0]), self = getpid(), group;
	int signal = job_sys_int(args[1]), err;
	bool self_too;

	if (pid == self)
		return signal_self(env, signal, SI_USER);
	/* Linux's own refusal: -INT_MIN is no process group. */
	if (pid == INT_MIN)
		return -ESRCH;
	if (signal < 0 || signal > JOB_MAX_SIGNAL)
		return -EINVAL;
	if (pid > 0)
		return job_tree_signal(env->tree_root, pid, signal);
	/* -1: every process it may signal but itself; 0: its own group. */
	group = pid == -1 ? 0 : pid == 0 ? getpgrp() : -pid;
	err = job_tree_signal_group(env->tree_root, self, group, signal, &self_too);
	/* As Linux does, the others first: a signal that ends it ends it last. */
	return self_too ? signal_self(env, signal, SI_USER) : err;
}

int64_t job_sys_tgkill(const struct job_syscall_env *env, const uint64_t *args)
{
	pid_t tgid = job_sys_int(args[0]), tid = job_sys_int(args[1]);
	int signal = job_sys_int(args[2]);

	if (tgid <= 0 || tid <= 0)
		return -EINVAL;
	/* One thread a runner: its one thread id is its pid. */
	if (tid == getpid())
		return tgid == tid ? signal_self(env, signal, SI_TKILL) : -ESRCH;
	if (signal < 0 || signal > JOB_MAX_SIGNAL)
		return -EINVAL;
	if (tgid != tid)
		return -ESRCH;
	return job_tree_signal(env->tree_root, tid, signal);
}

int64_t job_sys_tkill(const struct job_syscall_env *env, const uint64_t *args)
{
	pid_t tid = job_sys_int(args[0]);
	int signal = job_sys_int(args[1]);

	if (tid <= 0)
		return -EINVAL;
	if (tid == getpid())
		return signal_self(env, signal, SI_TKILL);
	if (signal < 0 || signal > JOB_MAX_SIGNAL)
		return -EINVAL;
	return job_tree_signal(env->tree_root, tid, signal);
}
