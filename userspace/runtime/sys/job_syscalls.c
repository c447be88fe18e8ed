// SPDX-License-Identifier: GPL-2.0
#include "runtime/sys/job_syscalls.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>

#include "runtime/sys/job_sys.h"

/*
 * What vtjobctl serves, by x86-64 number. Every other number is -ENOSYS:
 * the module serves memory, identity, time and signal bookkeeping itself,
 * and processes and threads (clone, clone3, fork, vfork, execve) are not
 * for jobs yet.
 */
static job_sys_fn *const handlers[JOB_NR_LIMIT] = {
	[JOB_NR_read] = job_sys_read,
	[JOB_NR_write] = job_sys_write,
	[JOB_NR_readv] = job_sys_readv,
	[JOB_NR_writev] = job_sys_writev,
	[JOB_NR_pread64] = job_sys_pread64,
	[JOB_NR_pwrite64] = job_sys_pwrite64,
	[JOB_NR_lseek] = job_sys_lseek,
	[JOB_NR_ftruncate] = job_sys_ftruncate,
	[JOB_NR_fsync] = job_sys_fsync,
	[JOB_NR_fdatasync] = job_sys_fdatasync,
	[JOB_NR_getdents64] = job_sys_getdents64,
	[JOB_NR_mmap] = job_sys_mmap,
	[JOB_NR_close] = job_sys_close,
	[JOB_NR_dup] = job_sys_dup,
	[JOB_NR_dup2] = job_sys_dup2,
	[JOB_NR_dup3] = job_sys_dup3,
	[JOB_NR_fcntl] = job_sys_fcntl,
	[JOB_NR_ioctl] = job_sys_ioctl,
	[JOB_NR_pipe] = job_sys_pipe,
	[JOB_NR_pipe2] = job_sys_pipe2,
	[JOB_NR_open] = job_sys_open,
	[JOB_NR_openat] = job_sys_openat,
	[JOB_NR_mkdir] = job_sys_mkdir,
	[JOB_NR_mkdirat] = job_sys_mkdirat,
	[JOB_NR_unlink] = job_sys_unlink,
	[JOB_NR_unlinkat] = job_sys_unlinkat,
	[JOB_NR_rmdir] = job_sys_rmdir,
	[JOB_NR_rename] = job_sys_rename,
	[JOB_NR_renameat] = job_sys_renameat,
	[JOB_NR_renameat2] = job_sys_renameat2,
	[JOB_NR_chdir] = job_sys_chdir,
	[JOB_NR_fchdir] = job_sys_fchdir,
	[JOB_NR_getcwd] = job_sys_getcwd,
	[JOB_NR_umask] = job_sys_umask,
	[JOB_NR_readlink] = job_sys_readlink,
	[JOB_NR_readlinkat] = job_sys_readlinkat,
	[JOB_NR_access] = job_sys_access,
	[JOB_NR_faccessat] = job_sys_faccessat,
	[JOB_NR_faccessat2] = job_sys_faccessat2,
	[JOB_NR_fstat] = job_sys_fstat,
	[JOB_NR_stat] = job_sys_stat,
	[JOB_NR_lstat] = job_sys_lstat,
	[JOB_NR_newfstatat] = job_sys_newfstatat,
	[JOB_NR_statx] = job_sys_statx,
};

int job_sys_path_base(const struct job_syscall_env *env, uint64_t dirfd, const char *path)
{
	if (path[0] == '/' || job_sys_int(dirfd) == AT_FDCWD)
		return JOB_PATH_CWD;
	return job_fd_host(env->fds, dirfd);
}

int job_sys_read_path(const struct job_syscall_env *env, uint64_t addr, char *buf,
		      bool empty_ok)
{
	int err = guestmem_read_string(&env->view, addr, buf, PATH_MAX);

	if (err)
		return err;
	return buf[0] == '\0' && !empty_ok ? -ENOENT : 0;
}

enum job_syscall_outcome job_syscall_serve(const struct job_syscall_env *env,
					   const struct vtjob_exit *exit,
					   int64_t *result, int *status)
{
	uint64_t nr = exit->syscall.nr, args[6];
	size_t i;

	if (nr == JOB_NR_exit || nr == JOB_NR_exit_group) {
		/* A job is one thread: exit ends it as exit_group does. */
		*status = (int)(exit->syscall.args[0] & 0xff);
		return JOB_SYSCALL_EXIT;
	}
	/* __u64 is unsigned long long; uint64_t, unsigned long. */
	for (i = 0; i < 6; i++)
		args[i] = exit->syscall.args[i];
	if (nr < JOB_NR_LIMIT && handlers[nr])
		*result = handlers[nr](env, args);
	else
		*result = -ENOSYS;
	return JOB_SYSCALL_RETURN;
}
