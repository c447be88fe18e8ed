// SPDX-License-Identifier: GPL-2.0
/*
 * Calls that change a file's attributes rather than its bytes or its
 * name: chmod, fchmod, fchmodat, chown, lchown, fchown, fchownat and
 * utimensat (cp -p, install and tar call them as root). Like a write, each
 * needs the file in a writable tree (job_paths.h), else -EROFS, as on a
 * read-only mount; Linux checks that before the caller's permissions,
 * which the host then checks with vtjobctl's own credentials, the job's.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "runtime/sys/job_sys.h"

/*
 * Whether the job may change what host fd @fd is open on: a writable tree
 * holds it, or it is a pipe or socket of no file system at all (a pipe's
 * mode is its own). Returns 0 or -EROFS.
 */
static int may_change(const struct job_syscall_env *env, int fd)
{
	const struct job_tree *tree = job_path_tree_of(env->paths, fd);
	char path[PATH_MAX];
	struct stat st;

	if (tree)
		return tree->writable ? 0 : -EROFS;
	if (fstat(fd, &st) == 0 && (S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode)) &&
	    job_path_of_fd(fd, path, sizeof(path)) == -ENOENT)
		return 0;
	return -EROFS;
}

/*
 * The host fd behind job fd @job_fd for an f*() call that changes what it
 * is open on: -EBADF for none or an O_PATH one, -EROFS where the job may
 * not change it.
 */
static int fd_to_change(const struct job_syscall_env *env, uint64_t job_fd)
{
	int fd = job_fd_host(env->fds, job_fd), flags, err;

	if (fd < 0)
		return fd;
	flags = fcntl(fd, F_GETFL);
	if (flags < 0 || (flags & O_PATH))
		return -EBADF;
	err = may_change(env, fd);
	return err ? err : fd;
}

int64_t job_sys_fchmod(const struct job_syscall_env *env, const uint64_t *args)
{
	int fd = fd_to_change(env, args[0]);

	if (fd < 0)
		return fd;
	return fchmod(fd, (mode_t)args[1] & 07777) < 0 ? -errno : 0;
}

int64_t job_sys_fchmodat(const struct job_syscall_env *env, const uint64_t *args)
{
	char proc_path[64];
	int fd, err;

	/* Linux 6.1's fchmodat has no flags: it follows symlinks. */
	fd = job_sys_path_target(env, args[0], args[1], 0);
	if (fd < 0)
		return fd;
	err = may_change(env, fd);
	if (!err) {
		/* chmod() has no AT_EMPTY_PATH: the fd's /proc link names it. */
		snprintf(proc_path, sizeof(proc_path), "/proc/self/fd/%d", fd);
		err = chmod(proc_path, (mode_t)args[2] & 07777) < 0 ? -errno : 0;
	}
	close(fd);
	return err;
}

int64_t job_sys_chmod(const struct job_syscall_env *env, const uint64_t *args)
{
	const uint64_t at[6] = { (uint64_t)AT_FDCWD, args[0], args[1] };

	return job_sys_fchmodat(env, at);
}

int64_t job_sys_fchown(const struct job_syscall_env *env, const uint64_t *args)
{
	int fd = fd_to_change(env, args[0]);

	if (fd < 0)
		return fd;
	/* Linux takes the ids as 32 bits: -1 leaves one as it is. */
	return fchown(fd, (uid_t)args[1], (gid_t)args[2]) < 0 ? -errno : 0;
}

int64_t job_sys_fchownat(const struct job_syscall_env *env, const uint64_t *args)
{
	int flags = job_sys_int(args[4]), fd, err;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	fd = job_sys_path_target(env, args[0], args[1], flags);
	if (fd < 0)
		return fd;
	err = may_change(env, fd);
	if (!err)
		err = fchownat(fd, "", (uid_t)args[2], (gid_t)args[3], AT_EMPTY_PATH) < 0 ?
		      -errno : 0;
	close(fd);
	return err;
}

int64_t job_sys_chown(const struct job_syscall_env *env, const uint64_t *args)
{
	const uint64_t at[6] = { (uint64_t)AT_FDCWD, args[0], args[1], args[2], 0 };

	return job_sys_fchownat(env, at);
}

int64_t job_sys_lchown(const struct job_syscall_env *env, const uint64_t *args)
{
	const uint64_t at[6] = { (uint64_t)AT_FDCWD, args[0], args[1], args[2],
				 AT_SYMLINK_NOFOLLOW };

	return job_sys_fchownat(env, at);
}

/* x86-64's struct timespec, two of them: access, then modification. */
struct job_timespec {
	int64_t tv_sec;
	int64_t tv_nsec;
};

static bool nsec_valid(int64_t nsec)
{
	return (nsec >= 0 && nsec < 1000000000) || nsec == UTIME_NOW || nsec == UTIME_OMIT;
}

int64_t job_sys_utimensat(const struct job_syscall_env *env, const uint64_t *args)
{
	int flags = job_sys_int(args[3]), fd, err;
	struct job_timespec job_times[2];
	struct timespec times[2];
	unsigned int i;

	if (args[2]) {
		if (guestmem_copy_from(&env->view, job_times, args[2], sizeof(job_times)))
			return -EFAULT;
		/* Nothing to do: Linux does not even look at the path. */
		if (job_times[0].tv_nsec == UTIME_OMIT && job_times[1].tv_nsec == UTIME_OMIT)
			return 0;
		for (i = 0; i < 2; i++) {
			if (!nsec_valid(job_times[i].tv_nsec))
				return -EINVAL;
			times[i].tv_sec = job_times[i].tv_sec;
			times[i].tv_nsec = job_times[i].tv_nsec;
		}
	}
	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if (!args[1]) {
		/* futimens(): no path, the fd itself, no flags. */
		if (job_sys_int(args[0]) == AT_FDCWD)
			return -EFAULT;
		if (flags)
			return -EINVAL;
		fd = fd_to_change(env, args[0]);
		if (fd < 0)
			return fd;
		return futimens(fd, args[2] ? times : NULL) < 0 ? -errno : 0;
	}
	fd = job_sys_path_target(env, args[0], args[1], flags);
	if (fd < 0)
		return fd;
	err = may_change(env, fd);
	if (!err)
		err = utimensat(fd, "", args[2] ? times : NULL, AT_EMPTY_PATH) < 0 ? -errno : 0;
	close(fd);
	return err;
}
