/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A job's execve(): the program found as the job names it, through its
 * path policy (its own program for /proc/self/exe), scripts followed to
 * their interpreter (#!), the program loaded by the loader into new job
 * memory, and a new job made there. The old job ends only once the new
 * one stands, so that an execve() that fails leaves the job running as
 * it was, with -errno; the process keeps its pid, its fds (but those
 * marked close-on-exec), its cwd and its policy.
 */
#ifndef VTJOBCTL_JOB_EXEC_H
#define VTJOBCTL_JOB_EXEC_H

#include <stdint.h>

#include "runtime/job_process.h"
#include "runtime/sys/job_fd_table.h"
#include "runtime/sys/job_paths.h"
#include "runtime/sys/job_process_call.h"

/* The new program's job, once job_exec() made it. */
struct job_exec_done {
	uint8_t *mem;		/* its memory, @proc's view.mem_size bytes */
	uint64_t cr3;		/* its page tables */
	char *exe_path;		/* the program loaded, for /proc/self/exe; malloc'd */
	/* Where the loader mapped files in it (its ranges; no unshare). */
	struct guestmem_file_maps file_maps;
};

/*
 * Carry out @call for @proc, under @paths, with @fds (only read here: to
 * name a fexecve()'s file). On success the new job has @proc's job fd
 * number, which ended the old job, and @done says where it is; the old
 * memory is still there for the caller to let go, and the caller closes
 * the fds marked close-on-exec. Returns 0, or -errno as Linux's execve()
 * would fail, with nothing changed: -ENOENT, -EACCES, -ENOEXEC, -ELOOP
 * (scripts nested too deep), -ENOMEM (not enough --mem), ...
 */
int job_exec(const struct job_process *proc, const struct job_paths *paths,
	     const struct job_fd_table *fds, const struct job_exec_call *call,
	     struct job_exec_done *done);

#endif /* VTJOBCTL_JOB_EXEC_H */
