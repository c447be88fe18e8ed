/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A job's memory: guest-physical 0..mem_size, which the job sees at the
 * same virtual addresses (identity mapped) where it sees it at all.
 *
 *   0          page 0: unused, so that a CR3 of 0 is never a valid one
 *   0x1000     page tables (PML4 first), up to JOB_TABLES_END; not mapped
 *   4 MiB      the program's segments, where it was linked (0x400000 is
 *              the default; static-pie programs are loaded there), each
 *              with its own permissions
 *   ...        unmapped: brk and mmap come later (mmap top down, from
 *              the interpreter or the guard gap down)
 *   interp     a dynamic program's interpreter (PT_INTERP), where
 *              Linux's mmap() would have put it: at the top, right
 *              below the guard gap
 *   guard      JOB_STACK_GUARD bytes, unmapped: an overflow faults
 *   stack      JOB_STACK_SIZE bytes free for the job, then the initial
 *              stack (argv, envp, auxv and their strings) up to mem_size;
 *              read-write, never executable
 *
 * Nothing below JOB_TABLES_END is mapped, so the job can neither read nor
 * rewrite its page tables, and a null pointer faults.
 */
#ifndef VTJOBCTL_JOB_LAYOUT_H
#define VTJOBCTL_JOB_LAYOUT_H

#include <stdint.h>

#include "guestmem/file_maps.h"
#include "guestmem/x86_paging.h"
#include "lib/human_units.h"
#include "loader/job_elf.h"
#include "loader/job_stack.h"

#define JOB_TABLES_START	X86_PAGE_SIZE
#define JOB_TABLES_END		(4 * MIB)
#define JOB_STACK_SIZE		(1 * MIB)
#define JOB_STACK_GUARD		(64 * KIB)
#define JOB_MEM_DEFAULT		(64 * MIB)
/* Enough for any job this tool is for; the kernel pins all of it. */
#define JOB_MEM_MAX		(64 * GIB)
/* IF set, and bit 1, which is always set. */
#define JOB_INITIAL_RFLAGS	UINT64_C(0x202)

/* What the program starts with, besides its own file. */
struct job_start {
	char *const *argv;	/* NULL-terminated; argv[0] is the program */
	char *const *envp;	/* NULL-terminated */
	const char *execfn;	/* the program's path, for AT_EXECFN */
	uint8_t random[JOB_RANDOM_BYTES];
	uint64_t hwcap;		/* AT_HWCAP: CPUID.1:EDX */
	uint64_t hwcap2;	/* AT_HWCAP2: HWCAP2_* bits */
	uint64_t minsigstksz;	/* AT_MINSIGSTKSZ; 0 leaves it out */
	uint64_t uid, euid, gid, egid;
	/*
	 * The interpreter the program's plan names (job_elf_plan_interp()),
	 * as planned at 0; NULL for a static program.
	 */
	const struct job_elf_plan *interp;
};

struct job_layout {
	uint64_t needed;	/* the least mem_size the program fits in */
	uint64_t guard_start;	/* [guard_start, stack_start) is the guard gap */
	uint64_t stack_start;	/* [stack_start, mem_size) is the stack */
	uint64_t tables_size;	/* bytes of page tables */
	uint64_t brk_start;	/* the end of the program's highest segment: brk() starts here */
	uint64_t mmap_base;	/* mmap() places mappings top down from here */
	uint64_t interp_base;	/* AT_BASE: the interpreter's load bias; 0 without one */
	/* For VTJOB_SET_REGS; every other register starts at 0. */
	uint64_t cr3;
	uint64_t rip;
	uint64_t rsp;
	uint64_t rflags;
	/* Where segments were mapped from their files, not copied. */
	struct guestmem_file_maps file_maps;
};

/*
 * Put the program of @plan into @mem (@mem_size bytes, a multiple of
 * 4 KiB, all zero) with its interpreter, page tables and initial stack,
 * and say in @layout how it lies. The job starts at the interpreter's
 * entry when it has one, with AT_ENTRY the program's. Returns 0; -E2BIG
 * if it does not fit, with @layout->needed the memory it needs; -ENOSPC
 * if its page tables do not fit below JOB_TABLES_END; -EINVAL if
 * @start->interp is not there exactly when @plan names an interpreter.
 * @mem is left half-written on failure.
 *
 * A plan with an image_fd has its segments mapped from the file
 * (MAP_PRIVATE), as Linux's loader maps them, which needs @mem to be
 * page-aligned memory of its own mapping (guestmem_alloc()); the others
 * are copied.
 */
int job_layout_build(uint8_t *mem, uint64_t mem_size, const struct job_elf_plan *plan,
		     const struct job_start *start, struct job_layout *layout);

/* The least memory the program fits in, the check job_layout_build() makes. */
uint64_t job_layout_needed(const struct job_elf_plan *plan, const struct job_start *start);

#endif /* VTJOBCTL_JOB_LAYOUT_H */
