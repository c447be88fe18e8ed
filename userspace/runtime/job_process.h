/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The process a runner is to its job, while job_run() runs it: the job it
 * runs now and what it takes to start others. Each process of a job tree
 * is one runner with one job at a time: fork() makes a runner process
 * with a copy of the job (job_fork.c), execve() a new job in place of
 * the old (job_exec.c), and a child runner ends the way its job did
 * (job_end.c), so that its parent sees it end that way.
 */
#ifndef VTJOBCTL_JOB_PROCESS_H
#define VTJOBCTL_JOB_PROCESS_H

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include <unistd.h>

#include "guestmem/file_maps.h"
#include "guestmem/uaccess.h"
#include "runtime/job_stats.h"

/* What a job needs to start children and new programs (fork, execve). */
struct job_maker {
	int dev_fd;		/* /dev/vtjob, for their jobs */
	uint32_t cpu;		/* a reserved CPU, or VTJOB_CPU_ANY */
	uint64_t timeout_ns;	/* each job's own time limit, or 0 */
	bool trace_syscalls;	/* --strace: theirs too */
	pid_t tree_root;	/* the top runner, which every other descends from */
};

struct job_process {
	const struct job_maker *maker;
	/*
	 * The job fd: one number for the process's life. A fork's child
	 * and an execve() put their new job there, which closes the old.
	 */
	int job_fd;
	/* The job's memory now, and its page tables. */
	struct guestmem_view view;
	/* Where files are mapped in it: @view.file_maps points here. */
	struct guestmem_file_maps file_maps;
	/* @view.mem came from an execve() here, and is freed here. */
	bool mem_ours;
	/* The program, for /proc/self/exe; @exe_path_ours when malloc'd here. */
	const char *exe_path;
	char *exe_path_ours;
	/*
	 * In a vfork's child, until it execs or exits: the pipe its parent
	 * waits on, which closing ends the wait; else -1.
	 */
	int vfork_done_fd;
	/* A fork's child: it ends as its job ended, and says less. */
	bool child;
	/* --stats: where each job's figures go as it ends; NULL: nowhere. */
	struct job_stats *stats;
};

/*
 * The new job @job_fd takes the number of @proc's job fd, which ends the
 * job that had it (or drops the parent's, in a fork's child). @job_fd is
 * closed either way. Returns 0 or -errno, with nothing changed.
 */
static inline int job_process_take_job(const struct job_process *proc, int job_fd)
{
	int err = dup3(job_fd, proc->job_fd, O_CLOEXEC) < 0 ? -errno : 0;

	close(job_fd);
	return err;
}

#endif /* VTJOBCTL_JOB_PROCESS_H */
