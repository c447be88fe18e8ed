/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The forwarded system calls, one function each, grouped by what they
 * work on: job_sys_io.c (reading and writing open files), job_sys_fd.c
 * (the fd table: close, dup, fcntl, ioctl, pipe), job_sys_path.c (names:
 * open, mkdir, unlink, rename, cwd, readlink, access), job_sys_stat.c
 * (stat and statx), job_sys_attr.c (chmod, chown, utimensat),
 * job_sys_info.c (sysinfo), job_sys_process.c (fork, execve, kill:
 * decoded for the runtime), job_sys_wait.c (wait4, waitid, process
 * groups). Each takes the six argument registers as the job set them and
 * returns the value for RAX: a result or -errno.
 */
#ifndef VTJOBCTL_JOB_SYS_H
#define VTJOBCTL_JOB_SYS_H

#include <errno.h>
#include <stdint.h>

#include "runtime/sys/job_syscalls.h"

typedef int64_t job_sys_fn(const struct job_syscall_env *env, const uint64_t *args);

/*
 * What the job's call answers for a host call that failed with errno: a
 * signal for the job that cut the call short (EINTR) leaves it to the
 * module, which restarts it or fails it with EINTR as the job's handler
 * for the signal asks.
 */
static inline int64_t job_sys_errno(void)
{
	return errno == EINTR ? VTJOB_RESULT_RESTART : -errno;
}

/* Linux's int arguments are the low half of their register. */
static inline int job_sys_int(uint64_t arg)
{
	return (int)(uint32_t)arg;
}

/*
 * The base directory for a path argument: JOB_PATH_CWD for AT_FDCWD or
 * an absolute @path (which ignores it, as Linux does), else the host fd
 * behind job fd @dirfd, or -EBADF.
 */
int job_sys_path_base(const struct job_syscall_env *env, uint64_t dirfd, const char *path);

/*
 * The path at @addr into @buf (PATH_MAX): 0, -EFAULT, -ENAMETOOLONG, or
 * -ENOENT for an empty one unless @empty_ok.
 */
int job_sys_read_path(const struct job_syscall_env *env, uint64_t addr, char *buf,
		      bool empty_ok);

/*
 * A host fd (O_PATH, or a dup) for what the path argument at @path_addr
 * names from @dirfd, as the *at() calls with @flags resolve it:
 * AT_SYMLINK_NOFOLLOW; AT_EMPTY_PATH, with which an empty path is @dirfd
 * itself. The fd or -errno.
 */
int job_sys_path_target(const struct job_syscall_env *env, uint64_t dirfd, uint64_t path_addr,
			int flags);

job_sys_fn job_sys_read, job_sys_write, job_sys_readv, job_sys_writev, job_sys_pread64,
	job_sys_pwrite64, job_sys_lseek, job_sys_ftruncate, job_sys_fsync, job_sys_fdatasync,
	job_sys_getdents64, job_sys_mmap, job_sys_fadvise64;
job_sys_fn job_sys_close, job_sys_dup, job_sys_dup2, job_sys_dup3, job_sys_fcntl,
	job_sys_ioctl, job_sys_pipe, job_sys_pipe2;
job_sys_fn job_sys_open, job_sys_openat, job_sys_mkdir, job_sys_mkdirat, job_sys_unlink,
	job_sys_unlinkat, job_sys_symlink, job_sys_symlinkat, job_sys_rmdir, job_sys_rename, job_sys_renameat, job_sys_renameat2,
	job_sys_chdir, job_sys_fchdir, job_sys_getcwd, job_sys_umask, job_sys_readlink,
	job_sys_readlinkat, job_sys_access, job_sys_faccessat, job_sys_faccessat2;
job_sys_fn job_sys_fstat, job_sys_stat, job_sys_lstat, job_sys_newfstatat, job_sys_statx;
job_sys_fn job_sys_chmod, job_sys_fchmod, job_sys_fchmodat, job_sys_fchown, job_sys_utimensat;
job_sys_fn job_sys_chown, job_sys_lchown, job_sys_fchownat;
job_sys_fn job_sys_sysinfo;
job_sys_fn job_sys_fork, job_sys_vfork, job_sys_clone, job_sys_clone3, job_sys_execve,
	job_sys_execveat, job_sys_kill, job_sys_tgkill, job_sys_tkill;
job_sys_fn job_sys_wait4, job_sys_waitid, job_sys_setpgid, job_sys_getpgid, job_sys_getpgrp,
	job_sys_setsid, job_sys_getsid;

#endif /* VTJOBCTL_JOB_SYS_H */
