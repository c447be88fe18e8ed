/* SPDX-License-Identifier: GPL-2.0 */
/* The job ioctls of /dev/vtjob, with the size-first structs filled in. */
#ifndef VTJOBCTL_VTJOB_JOB_IOCTL_H
#define VTJOBCTL_VTJOB_JOB_IOCTL_H

#include <signal.h>
#include <stdint.h>
#include <linux/vtjob.h>

/*
 * VTJOB_CREATE_JOB on /dev/vtjob. @args' size is set here; the caller
 * fills in the rest, and gets cpu and job_id back in it. Returns the job
 * fd, or -errno.
 */
int vtjob_create_job(int dev_fd, struct vtjob_create_job *args);

/* Each returns 0 or -errno; the size is set here. */
int vtjob_get_regs(int job_fd, struct vtjob_regs *regs);
int vtjob_set_regs(int job_fd, struct vtjob_regs *regs);
int vtjob_run(int job_fd, struct vtjob_run *run);
int vtjob_set_mm(int job_fd, struct vtjob_mm *mm);
/* @stats' nr_exit_reasons and exits are the caller's to set (0 and 0: none). */
int vtjob_get_stats(int job_fd, struct vtjob_stats *stats);
/* VTJOB_SIGNAL: @info is queued for the job as it is. */
int vtjob_signal(int job_fd, const siginfo_t *info);
/* VTJOB_UNSHARE: the job's own copy of the pages it shares with files there. */
int vtjob_unshare(int job_fd, uint64_t addr, uint64_t len);
/*
 * VTJOB_SET_FD_MAP: the job's fd table is @count entries of @stride bytes
 * at @entries, each starting with the host fd (an int) behind that job
 * fd, negative for none; the module reads the job's regular files
 * through it. @count 0 forgets it.
 */
int vtjob_set_fd_map(int job_fd, const void *entries, uint32_t count, uint32_t stride);

#endif /* VTJOBCTL_VTJOB_JOB_IOCTL_H */
