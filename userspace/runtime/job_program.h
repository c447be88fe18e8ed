/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A program's start in a job, the part that `vtjobctl exec` and a job's
 * own execve() share once the loader has planned the program: what it
 * is told about itself, and fresh job memory with it laid out there.
 */
#ifndef VTJOBCTL_JOB_PROGRAM_H
#define VTJOBCTL_JOB_PROGRAM_H

#include <stdint.h>

#include "loader/job_elf.h"
#include "loader/job_layout.h"

/*
 * What a process that execve() started finds about itself: @argv, @envp
 * and @execfn (AT_EXECFN) as given, which must outlive @start; random
 * bytes for AT_RANDOM, the CPU's AT_HWCAP and the runner's ids. Returns
 * 0, or -errno when no random bytes could be had.
 */
int job_start_from_host(char *const *argv, char *const *envp, const char *execfn,
			struct job_start *start);

/*
 * @mem_size bytes of fresh job memory (guestmem_alloc()) with the
 * program of @plan laid out in it (job_layout_build()): 0 with *@mem and
 * @layout filled in; -E2BIG when it needs more, with @layout->needed
 * what it needs; -ENOMEM when the memory cannot be had; -ENOSPC when its
 * page tables do not fit below JOB_TABLES_END. Nothing is left allocated
 * on failure.
 */
int job_program_place(const struct job_elf_plan *plan, const struct job_start *start,
		      uint64_t mem_size, uint8_t **mem, struct job_layout *layout);

#endif /* VTJOBCTL_JOB_PROGRAM_H */
