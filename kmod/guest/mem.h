/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A job's memory as the job sees it: its own x86-64 page tables, which map
 * every page it has to the same guest-physical address.
 */
#ifndef VTJOB_GUEST_MEM_H
#define VTJOB_GUEST_MEM_H

#include <linux/bits.h>
#include <linux/types.h>

/* Page table entry bits (SDM 4.5, Table 4-19). */
#define VTJ_PTE_PRESENT		BIT_ULL(0)
#define VTJ_PTE_WRITE		BIT_ULL(1)
#define VTJ_PTE_USER		BIT_ULL(2)
#define VTJ_PTE_ACCESSED	BIT_ULL(5)
#define VTJ_PTE_DIRTY		BIT_ULL(6)
#define VTJ_PTE_LARGE		BIT_ULL(7)
/*
 * Ignored by the CPU (bits 11:9 are free for software): set on the pages
 * of a mapping that the module made, present or not, so that a PROT_NONE
 * page is still known to be mapped.
 */
#define VTJ_PTE_MAPPED		BIT_ULL(9)
#define VTJ_PTE_NX		BIT_ULL(63)
#define VTJ_PTE_ADDR		GENMASK_ULL(51, 12)

enum vtj_guest_access {
	VTJ_ACCESS_READ,
	VTJ_ACCESS_WRITE,
	VTJ_ACCESS_FETCH,
};

struct vtj_job;

int vtj_job_fetch(const struct vtj_job *job, u64 gva, void *buf, size_t len);
bool vtj_job_at_syscall(struct vtj_job *job, u64 rip);
int vtj_job_read(const struct vtj_job *job, u64 gva, void *buf, size_t len);
int vtj_job_write(struct vtj_job *job, u64 gva, const void *buf, size_t len);

#endif /* VTJOB_GUEST_MEM_H */
