// SPDX-License-Identifier: GPL-2.0
#include "client/vtjob_job_ioctl.h"

#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>

int vtjob_create_job(int dev_fd, struct vtjob_create_job *args)
{
	int fd;

	args->size = sizeof(*args);
	fd = ioctl(dev_fd, VTJOB_CREATE_JOB, args);
	return fd < 0 ? -errno : fd;
}

int vtjob_get_regs(int job_fd, struct vtjob_regs *regs)
{
	regs->size = sizeof(*regs);
	regs->flags = 0;
	return ioctl(job_fd, VTJOB_GET_REGS, regs) < 0 ? -errno : 0;
}

int vtjob_set_regs(int job_fd, struct vtjob_regs *regs)
{
	regs->size = sizeof(*regs);
	return ioctl(job_fd, VTJOB_SET_REGS, regs) < 0 ? -errno : 0;
}

int vtjob_run(int job_fd, struct vtjob_run *run)
{
	run->size = sizeof(*run);
	return ioctl(job_fd, VTJOB_RUN, run) < 0 ? -errno : 0;
}

int vtjob_set_mm(int job_fd, struct vtjob_mm *mm)
{
	mm->size = sizeof(*mm);
	return ioctl(job_fd, VTJOB_SET_MM, mm) < 0 ? -errno : 0;
}

int vtjob_get_stats(int job_fd, struct vtjob_stats *stats)
{
	stats->size = sizeof(*stats);
	stats->flags = 0;
	stats->__pad = 0;
	return ioctl(job_fd, VTJOB_GET_STATS, stats) < 0 ? -errno : 0;
}

int vtjob_signal(int job_fd, const siginfo_t *info)
{
	struct vtjob_signal signal = { .size = sizeof(signal) };

	_Static_assert(sizeof(*info) == sizeof(signal.siginfo), "siginfo_t is x86-64's");
	memcpy(signal.siginfo, info, sizeof(signal.siginfo));
	return ioctl(job_fd, VTJOB_SIGNAL, &signal) < 0 ? -errno : 0;
}

int vtjob_unshare(int job_fd, uint64_t addr, uint64_t len)
{
	struct vtjob_range range = { .size = sizeof(range), .addr = addr, .len = len };

	return ioctl(job_fd, VTJOB_UNSHARE, &range) < 0 ? -errno : 0;
}

int vtjob_set_fd_map(int job_fd, const void *entries, uint32_t count, uint32_t stride)
{
	struct vtjob_fd_map map = {
		.size = sizeof(map),
		.stride = stride,
		.addr = (uintptr_t)entries,
		.count = count,
	};

	return ioctl(job_fd, VTJOB_SET_FD_MAP, &map) < 0 ? -errno : 0;
}
