/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Hand-made guests, for jobs through the raw ABI of /dev/vtjob: a few
 * instructions assembled into the test (VTJ_GUEST), copied into job memory
 * whose own page tables identity-map it with 2 MiB pages, and the
 * registers to start them at VTJ_GUEST_CODE in 64-bit mode.
 */
#ifndef VTJOB_SELFTEST_LIB_GUEST_H
#define VTJOB_SELFTEST_LIB_GUEST_H

#include <stdint.h>

/* The layout, in guest-physical (and, identity-mapped, virtual) addresses. */
#define VTJ_GUEST_MEM_SIZE	(4UL << 20)
#define VTJ_GUEST_PML4		0x1000
#define VTJ_GUEST_PDPT		0x2000
#define VTJ_GUEST_PD		0x3000
#define VTJ_GUEST_CODE		0x10000
#define VTJ_GUEST_STACK_TOP	0x3ff000
#define VTJ_GUEST_UNMAPPED	0x800000	/* not in the guest's page tables */
#define VTJ_GUEST_OUTSIDE	0x400000	/* in its page tables, not in its memory */

/* A guest program: the assembly @body as a blob from NAME_start to NAME_end. */
#define VTJ_GUEST(name, body)						\
	extern const char name##_start[], name##_end[];			\
	asm(".pushsection .rodata\n" #name "_start:\n" body		\
	    "\n" #name "_end:\n.popsection")

/*
 * VTJ_GUEST_MEM_SIZE of job memory (vtj_job_mem()) with the page tables
 * in place and the blob from @start to @end at VTJ_GUEST_CODE; NULL on
 * error.
 */
uint8_t *vtj_guest_memory(const char *start, const char *end);

/* VTJOB_SET_REGS to start such a guest: 0, or -1 with errno set. */
int vtj_guest_set_start_regs(int job);

#endif /* VTJOB_SELFTEST_LIB_GUEST_H */
