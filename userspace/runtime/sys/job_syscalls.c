// SPDX-License-Identifier: GPL-2.0
#include "runtime/sys/job_syscalls.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>

#include "runtime/sys/job_sys.h"

/*
 * A job is one thread, so exit ends it as exit_group does. The status is
 * the low byte of the argument, as wait() would report it; the caller
 * knows it for one by VTJ_SYS_F_ENDS_JOB, not by the number.
 */
static int64_t job_sys_exit_group(const struct job_syscall_env *env, const uint64_t *args)
{
	(void)env;
	return (int64_t)(args[0] & 0xff);
}

static int64_t job_sys_exit(const struct job_syscall_env *env, const uint64_t *args)
{
	return job_sys_exit_group(env, args);
}

/**
 * struct job_sys_entry - how vtjobctl serves one forwarded call
 * @serve: job_sys_<name>(): the value for RAX, or the exit status of a
 *	call that ends the job
 * @flags: VTJ_SYS_F_* from the owner table
 */
struct job_sys_entry {
	job_sys_fn *serve;
	unsigned int flags;
};

/*
 * Built from the owner table, common/syscall_owners.h, which says who
 * serves what: a VTJOBCTL or SPLIT row has its job_sys_<name>() here, by
 * x86-64 number (JOB_NR_*, not the host's __NR_*: a job's ABI is x86-64's
 * whatever vtjobctl was built for). MODULE and NONE rows, and numbers in
 * no row, have nothing: such a call that still reaches vtjobctl (one the
 * module forwards before VTJOB_SET_MM, say) is -ENOSYS.
 */
#define JOB_SYS_ENTRY_VTJOBCTL(name, f) \
	[JOB_NR_##name] = { job_sys_##name, f },
#define JOB_SYS_ENTRY_SPLIT(name, f) \
	[JOB_NR_##name] = { job_sys_##name, f },
#define JOB_SYS_ENTRY_MODULE(name, f)
#define JOB_SYS_ENTRY_NONE(name, f)

static const struct job_sys_entry handlers[JOB_NR_LIMIT] = {
#define VTJ_SYSCALL(name, owner, f) JOB_SYS_ENTRY_##owner(name, f)
#include "common/syscall_owners.h"
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

int job_sys_path_target(const struct job_syscall_env *env, uint64_t dirfd, uint64_t path_addr,
			int flags)
{
	char path[PATH_MAX];
	int base, fd;

	fd = job_sys_read_path(env, path_addr, path, flags & AT_EMPTY_PATH);
	if (fd)
		return fd;
	base = job_sys_path_base(env, dirfd, path);
	if (base < 0 && base != JOB_PATH_CWD)
		return base;
	if (path[0] == '\0') {
		fd = base == JOB_PATH_CWD ? env->paths->cwd_fd : base;
		if (fd < 0)
			return -ENOENT;
		fd = fcntl(fd, F_DUPFD_CLOEXEC, 0);
		return fd < 0 ? -errno : fd;
	}
	return job_path_open(env->paths, base, path,
			     O_PATH | (flags & AT_SYMLINK_NOFOLLOW ? O_NOFOLLOW : 0), 0);
}

enum job_syscall_outcome job_syscall_serve(const struct job_syscall_env *env,
					   const struct vtjob_exit *exit,
					   int64_t *result, int *status)
{
	uint64_t nr = exit->syscall.nr, args[6];
	const struct job_sys_entry *entry;
	int64_t value;
	size_t i;

	entry = nr < JOB_NR_LIMIT ? &handlers[nr] : NULL;
	if (!entry || !entry->serve) {
		*result = -ENOSYS;
		return JOB_SYSCALL_RETURN;
	}
	/* __u64 is unsigned long long; uint64_t, unsigned long. */
	for (i = 0; i < 6; i++)
		args[i] = exit->syscall.args[i];
	if (env->process)
		env->process->kind = JOB_PROCESS_NONE;
	value = entry->serve(env, args);
	if (entry->flags & VTJ_SYS_F_ENDS_JOB) {
		*status = (int)value;
		return JOB_SYSCALL_EXIT;
	}
	if (env->process && env->process->kind != JOB_PROCESS_NONE)
		return JOB_SYSCALL_PROCESS;
	*result = value;
	return JOB_SYSCALL_RETURN;
}
