// SPDX-License-Identifier: GPL-2.0
/*
 * stat() and statx() for the job. vtjobctl runs on x86-64, where glibc's
 * struct stat and struct statx are the kernel's: the job gets them as
 * they are.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include "runtime/sys/job_sys.h"

/* x86-64's struct stat; a host where it differs cannot hand it over as is. */
_Static_assert(sizeof(struct stat) == 144, "struct stat is not x86-64's");
_Static_assert(sizeof(struct statx) == 256, "struct statx is not the kernel's");

#define FSTATAT_FLAGS	(AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_EMPTY_PATH)

static int64_t give_stat(const struct job_syscall_env *env, int fd, uint64_t buf)
{
	struct stat st;
	int64_t result;

	result = fstatat(fd, "", &st, AT_EMPTY_PATH) < 0 ? -errno : 0;
	if (result == 0 && guestmem_copy_to(&env->view, buf, &st, sizeof(st)))
		result = -EFAULT;
	return result;
}

int64_t job_sys_fstat(const struct job_syscall_env *env, const uint64_t *args)
{
	int fd = job_fd_host(env->fds, args[0]);

	return fd < 0 ? fd : give_stat(env, fd, args[1]);
}

int64_t job_sys_newfstatat(const struct job_syscall_env *env, const uint64_t *args)
{
	int flags = job_sys_int(args[3]), fd;
	int64_t result;

	if (flags & ~FSTATAT_FLAGS)
		return -EINVAL;
	fd = job_sys_path_target(env, args[0], args[1], flags);
	if (fd < 0)
		return fd;
	result = give_stat(env, fd, args[2]);
	close(fd);
	return result;
}

int64_t job_sys_stat(const struct job_syscall_env *env, const uint64_t *args)
{
	const uint64_t at[6] = { (uint64_t)AT_FDCWD, args[0], args[1], 0 };

	return job_sys_newfstatat(env, at);
}

int64_t job_sys_lstat(const struct job_syscall_env *env, const uint64_t *args)
{
	const uint64_t at[6] = { (uint64_t)AT_FDCWD, args[0], args[1], AT_SYMLINK_NOFOLLOW };

	return job_sys_newfstatat(env, at);
}

int64_t job_sys_statx(const struct job_syscall_env *env, const uint64_t *args)
{
	int flags = job_sys_int(args[2]), fd;
	unsigned int mask = (unsigned int)args[3];
	struct statx stx;
	int64_t result;

	if (flags & ~(FSTATAT_FLAGS | AT_STATX_SYNC_TYPE))
		return -EINVAL;
	if ((flags & AT_STATX_SYNC_TYPE) == AT_STATX_SYNC_TYPE || (mask & STATX__RESERVED))
		return -EINVAL;
	fd = job_sys_path_target(env, args[0], args[1], flags);
	if (fd < 0)
		return fd;
	result = statx(fd, "", AT_EMPTY_PATH | (flags & AT_STATX_SYNC_TYPE), mask, &stx) < 0 ?
		 -errno : 0;
	close(fd);
	if (result == 0 && guestmem_copy_to(&env->view, args[4], &stx, sizeof(stx)))
		result = -EFAULT;
	return result;
}
