// SPDX-License-Identifier: GPL-2.0
#include "job_syscalls.h"

#include <errno.h>
#include <unistd.h>

#include "guest_page_table.h"

bool job_can_read(const struct job_memory_view *view, uint64_t addr, uint64_t count)
{
	struct guest_translation where;
	uint64_t page, last;

	if (count == 0)
		return true;
	if (addr + count - 1 < addr)
		return false;
	last = addr + count - 1;
	for (page = addr & ~(GUEST_PAGE_SIZE - 1); ; page += GUEST_PAGE_SIZE) {
		if (!guest_pt_translate(view->mem, view->mem_size, view->cr3, page, &where) ||
		    !where.user || where.phys != page)
			return false;
		if (last - page < GUEST_PAGE_SIZE)
			return true;
	}
}

static int64_t serve_write(const struct job_syscall_env *env, const __u64 *args)
{
	/* Linux's write() takes an unsigned int fd and caps the count. */
	unsigned int fd = (unsigned int)args[0];
	uint64_t buf = args[1], count = args[2], done = 0;
	ssize_t n;

	if (fd != STDOUT_FILENO && fd != STDERR_FILENO)
		return -EBADF;
	if (count > JOB_MAX_RW_COUNT)
		count = JOB_MAX_RW_COUNT;
	if (!job_can_read(&env->view, buf, count))
		return -EFAULT;

	while (done < count) {
		n = env->write((int)fd, env->view.mem + buf + done, count - done);
		if (n < 0 && errno == EINTR && !*env->stop_signal)
			continue;
		if (n < 0)
			return done ? (int64_t)done : -errno;
		if (n == 0)
			break;
		done += (uint64_t)n;
	}
	return (int64_t)done;
}

enum job_syscall_outcome job_syscall_serve(const struct job_syscall_env *env,
					   const struct vtjob_exit *exit,
					   int64_t *result, int *status)
{
	switch (exit->syscall.nr) {
	case JOB_NR_WRITE:
		*result = serve_write(env, exit->syscall.args);
		return JOB_SYSCALL_RETURN;
	case JOB_NR_EXIT:
	case JOB_NR_EXIT_GROUP:
		/* A job is one thread: exit ends it as exit_group does. */
		*status = (int)(exit->syscall.args[0] & 0xff);
		return JOB_SYSCALL_EXIT;
	default:
		/* The kernel answers these itself; be what Linux would be anyway. */
		*result = -ENOSYS;
		return JOB_SYSCALL_RETURN;
	}
}
