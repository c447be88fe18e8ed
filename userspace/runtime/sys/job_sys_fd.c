// SPDX-License-Identifier: GPL-2.0
/* The job's fd table: close, dup, fcntl, ioctl, pipe. */
#include <errno.h>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <unistd.h>

/* The kernel's struct termios, which TCGETS fills (not glibc's, larger). */
#include <asm/termbits.h>

#include "runtime/sys/job_sys.h"

int64_t job_sys_close(const struct job_syscall_env *env, const uint64_t *args)
{
	return job_fd_close(env->fds, args[0]);
}

/* A new host fd for the same open file, close-on-exec in vtjobctl. */
static int host_dup(int host_fd)
{
	int fd = fcntl(host_fd, F_DUPFD_CLOEXEC, 0);

	return fd < 0 ? -errno : fd;
}

/* Job fd @min or the lowest free above it, for a copy of job fd @old. */
static int64_t dup_above(const struct job_syscall_env *env, uint64_t old, uint64_t min,
			 bool cloexec)
{
	int host = job_fd_host(env->fds, old), fd;

	if (host < 0)
		return host;
	if (min >= env->fds->limit)
		return -EINVAL;
	host = host_dup(host);
	if (host < 0)
		return host;
	fd = job_fd_install(env->fds, host, cloexec, min);
	if (fd < 0)
		close(host);
	return fd;
}

/* dup2() and dup3(): job fd @new becomes a copy of job fd @old. */
static int64_t dup_onto(const struct job_syscall_env *env, uint64_t old, uint64_t new,
			bool cloexec)
{
	int host = job_fd_host(env->fds, old), fd;

	if (host < 0)
		return host;
	host = host_dup(host);
	if (host < 0)
		return host;
	fd = job_fd_install_at(env->fds, new, host, cloexec);
	if (fd < 0)
		close(host);
	return fd;
}

int64_t job_sys_dup(const struct job_syscall_env *env, const uint64_t *args)
{
	int64_t fd = dup_above(env, args[0], 0, false);

	/* dup() runs out of fds, not of a range it was given. */
	return fd == -EINVAL ? -EMFILE : fd;
}

int64_t job_sys_dup2(const struct job_syscall_env *env, const uint64_t *args)
{
	int host = job_fd_host(env->fds, args[0]);

	if (host < 0)
		return host;
	if ((uint32_t)args[0] == (uint32_t)args[1])
		return (uint32_t)args[1];
	return dup_onto(env, args[0], args[1], false);
}

int64_t job_sys_dup3(const struct job_syscall_env *env, const uint64_t *args)
{
	int flags = job_sys_int(args[2]);

	if (flags & ~O_CLOEXEC)
		return -EINVAL;
	if ((uint32_t)args[0] == (uint32_t)args[1])
		return -EINVAL;
	return dup_onto(env, args[0], args[1], flags & O_CLOEXEC);
}

int64_t job_sys_fcntl(const struct job_syscall_env *env, const uint64_t *args)
{
	struct job_fd *entry = job_fd_entry(env->fds, args[0]);
	int cmd = job_sys_int(args[1]), value;

	if (!entry)
		return -EBADF;
	switch (cmd) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		/* Linux reads the lowest fd as an unsigned long. */
		return dup_above(env, args[0], args[2], cmd == F_DUPFD_CLOEXEC);
	case F_GETFD:
		return entry->cloexec ? FD_CLOEXEC : 0;
	case F_SETFD:
		entry->cloexec = args[2] & FD_CLOEXEC;
		return 0;
	case F_GETFL:
		value = fcntl(entry->host_fd, F_GETFL);
		return value < 0 ? -errno : value;
	case F_SETFL:
		return fcntl(entry->host_fd, F_SETFL, job_sys_int(args[2])) < 0 ? -errno : 0;
	default:
		/* Locks, leases, seals, pipe sizes: not for jobs yet. */
		return -EINVAL;
	}
}

/*
 * Terminal queries as Linux answers them (isatty() is TCGETS); every
 * other request, and these on what is not a terminal, -ENOTTY.
 */
int64_t job_sys_ioctl(const struct job_syscall_env *env, const uint64_t *args)
{
	int fd = job_fd_host(env->fds, args[0]);
	unsigned int request = (unsigned int)args[1];
	struct winsize size;
	struct termios mode;

	if (fd < 0)
		return fd;
	switch (request) {
	case TCGETS:
		if (ioctl(fd, TCGETS, &mode) < 0)
			return -errno;
		return guestmem_copy_to(&env->view, args[2], &mode, sizeof(mode));
	case TIOCGWINSZ:
		if (ioctl(fd, TIOCGWINSZ, &size) < 0)
			return -errno;
		return guestmem_copy_to(&env->view, args[2], &size, sizeof(size));
	default:
		return -ENOTTY;
	}
}

int64_t job_sys_pipe2(const struct job_syscall_env *env, const uint64_t *args)
{
	int flags = job_sys_int(args[1]), host[2], fds[2];
	bool cloexec = flags & O_CLOEXEC;

	if (flags & ~(O_CLOEXEC | O_NONBLOCK | O_DIRECT))
		return -EINVAL;
	if (!guestmem_can_write(&env->view, args[0], sizeof(fds)))
		return -EFAULT;
	if (pipe2(host, flags | O_CLOEXEC) < 0)
		return -errno;
	fds[0] = job_fd_install(env->fds, host[0], cloexec, 0);
	if (fds[0] < 0) {
		close(host[0]);
		close(host[1]);
		return fds[0] == -EINVAL ? -EMFILE : fds[0];
	}
	fds[1] = job_fd_install(env->fds, host[1], cloexec, 0);
	if (fds[1] < 0) {
		job_fd_close(env->fds, (unsigned int)fds[0]);
		close(host[1]);
		return fds[1] == -EINVAL ? -EMFILE : fds[1];
	}
	return guestmem_copy_to(&env->view, args[0], fds, sizeof(fds));
}

int64_t job_sys_pipe(const struct job_syscall_env *env, const uint64_t *args)
{
	const uint64_t pipe2_args[6] = { args[0], 0 };

	return job_sys_pipe2(env, pipe2_args);
}
