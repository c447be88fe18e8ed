// SPDX-License-Identifier: GPL-2.0
/*
 * Waiting for children and process groups, on the host: a job's children
 * are its runner's children there, with the same pids, and each ends the
 * way its job did (an exit status, or death by the job's signal), so
 * the host's answers are the job's. What the host wrote goes into the
 * job's memory as Linux writes it. Process groups are the host's too,
 * seen and joined only where they hold processes of the job's tree.
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "runtime/sys/job_sys.h"
#include "runtime/sys/job_tree_pids.h"

/* The job's struct rusage and siginfo_t are x86-64's, as vtjobctl's own. */
_Static_assert(sizeof(struct rusage) == 144, "struct rusage is x86-64's");
_Static_assert(sizeof(siginfo_t) == 128, "siginfo_t is x86-64's");

#define WAIT4_OPTIONS	(WNOHANG | WUNTRACED | WCONTINUED | __WNOTHREAD | __WCLONE | __WALL)
#define WAITID_OPTIONS	(WNOHANG | WNOWAIT | WEXITED | WSTOPPED | WCONTINUED | \
			 __WNOTHREAD | __WCLONE | __WALL)

/* The waits block; a signal for the job ends them, anything else not. */
static bool interrupted(const struct job_syscall_env *env)
{
	return errno == EINTR && !env->signals->any;
}

int64_t job_sys_wait4(const struct job_syscall_env *env, const uint64_t *args)
{
	pid_t pid = job_sys_int(args[0]), child;
	int options = job_sys_int(args[2]), status = 0;
	struct rusage usage;

	if (options & ~WAIT4_OPTIONS)
		return -EINVAL;
	/* -INT_MIN is no process group. */
	if (pid == INT_MIN)
		return -ESRCH;
	memset(&usage, 0, sizeof(usage));
	do {
		child = wait4(pid, &status, options, &usage);
	} while (child < 0 && interrupted(env));
	if (child < 0)
		return job_sys_errno();
	/* As Linux: the child is reaped even when the status cannot be written. */
	if (child > 0 && args[1] &&
	    guestmem_copy_to(&env->view, args[1], &status, sizeof(status)))
		return -EFAULT;
	if (child > 0 && args[3] &&
	    guestmem_copy_to(&env->view, args[3], &usage, sizeof(usage)))
		return -EFAULT;
	return child;
}

/*
 * What waitid() writes of siginfo_t, the fields it sets (si_signo,
 * si_errno, si_code; si_pid, si_uid, si_status), and nothing else.
 */
static int write_wait_info(const struct job_syscall_env *env, uint64_t addr,
			   const siginfo_t *info)
{
	const int head[3] = { info->si_signo, 0, info->si_code };
	const int32_t child[3] = { info->si_pid, (int32_t)info->si_uid, info->si_status };

	if (guestmem_copy_to(&env->view, addr, head, sizeof(head)) ||
	    guestmem_copy_to(&env->view, addr + 16, child, sizeof(child)))
		return -EFAULT;
	return 0;
}

int64_t job_sys_waitid(const struct job_syscall_env *env, const uint64_t *args)
{
	int which = job_sys_int(args[0]), options = job_sys_int(args[3]);
	pid_t id = job_sys_int(args[1]);
	struct rusage usage;
	siginfo_t info;
	long err;

	if (options & ~WAITID_OPTIONS)
		return -EINVAL;
	if (!(options & (WEXITED | WSTOPPED | WCONTINUED)))
		return -EINVAL;
	/* A job has no pidfds: none of its fds is one. */
	if (which == P_PIDFD)
		return -EBADF;
	if (which != P_ALL && which != P_PID && which != P_PGID)
		return -EINVAL;
	memset(&info, 0, sizeof(info));
	memset(&usage, 0, sizeof(usage));
	/* glibc's waitid() has no rusage: the system call has. */
	do {
		err = syscall(SYS_waitid, which, id, &info, options, &usage);
	} while (err < 0 && interrupted(env));
	if (err < 0)
		return job_sys_errno();
	/* With WNOHANG and nothing to report, si_pid is 0 and there is no rusage. */
	if (info.si_pid && args[4] &&
	    guestmem_copy_to(&env->view, args[4], &usage, sizeof(usage)))
		return -EFAULT;
	return args[2] ? write_wait_info(env, args[2], &info) : 0;
}

/*
 * @pid, as the job names one: itself (0 too), or a process of its tree.
 * Another pid is no process to the job (job_tree_pids.h).
 */
static bool names_its_tree(const struct job_syscall_env *env, pid_t pid)
{
	return pid == 0 || pid == getpid() || job_tree_has(env->tree_root, pid);
}

int64_t job_sys_setpgid(const struct job_syscall_env *env, const uint64_t *args)
{
	pid_t pid = job_sys_int(args[0]), group = job_sys_int(args[1]);

	if (group < 0)
		return -EINVAL;
	/*
	 * Linux lets a process join any group of its session, and the
	 * session is the host's: a job may join its tree's groups or
	 * lead a new one, and the host's other groups are not there.
	 */
	if (group && group != (pid ? pid : getpid()) &&
	    !job_tree_has_group(env->tree_root, group))
		return -EPERM;
	return setpgid(pid, group) < 0 ? -errno : 0;
}

/*
 * getpgid() and getsid() of @pid. The tree is checked before and after,
 * so that a pid that ended meanwhile and went to a process outside the
 * tree does not tell its group to the job.
 */
static int64_t id_of(const struct job_syscall_env *env, pid_t pid, pid_t (*get)(pid_t))
{
	pid_t id;

	if (!names_its_tree(env, pid))
		return -ESRCH;
	id = get(pid);
	if (id < 0)
		return -errno;
	return names_its_tree(env, pid) ? id : -ESRCH;
}

int64_t job_sys_getpgid(const struct job_syscall_env *env, const uint64_t *args)
{
	return id_of(env, job_sys_int(args[0]), getpgid);
}

int64_t job_sys_getpgrp(const struct job_syscall_env *env, const uint64_t *args)
{
	(void)env;
	(void)args;
	return getpgrp();
}

int64_t job_sys_setsid(const struct job_syscall_env *env, const uint64_t *args)
{
	pid_t session = setsid();

	(void)env;
	(void)args;
	return session < 0 ? -errno : session;
}

int64_t job_sys_getsid(const struct job_syscall_env *env, const uint64_t *args)
{
	return id_of(env, job_sys_int(args[0]), getsid);
}
