/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Making a job ready to run: VTJOB_CREATE_JOB on /dev/vtjob, then the
 * registers and memory layout the loader worked out (job_layout.h), so
 * that the next thing to do with it is job_run().
 */
#ifndef VTJOBCTL_JOB_CREATE_H
#define VTJOBCTL_JOB_CREATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/vtjob.h>

#include "loader/job_layout.h"

struct job_create_params {
	uint32_t cpu;			/* VTJOB_CPU_ANY: the one with fewest jobs */
	uint8_t *mem;			/* the job's memory, laid out as @layout says */
	uint64_t mem_size;
	uint64_t timeout_ns;		/* 0: none */
	bool trace_syscalls;		/* --strace: every call comes to vtjobctl */
	/* At an execve: the new job keeps what it keeps of @replaced_fd's. */
	bool replaces;
	int replaced_fd;
	const struct job_layout *layout;
};

/*
 * Returns the job fd, or -errno with one line in @err saying why, in the
 * words of vtjobctl's options and commands (a CPU not reserved, --mem
 * beyond what the module allows, a module too old for a step). Closing
 * the fd frees the job and unpins its memory.
 */
int job_create(int dev_fd, const struct job_create_params *params, char *err,
	       size_t errlen);

#endif /* VTJOBCTL_JOB_CREATE_H */
