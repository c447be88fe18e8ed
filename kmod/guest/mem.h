/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A job's memory as the job sees it: its own x86-64 page tables, which map
 * every page it has to the same guest-physical address.
 */
#ifndef VTJOB_GUEST_MEM_H
#define VTJOB_GUEST_MEM_H

#include <linux/bits.h>
#include <linux/types.h>
#include <asm/pgtable_types.h>

/*
 * A job's page tables are x86-64's own, so their bits are the kernel's
 * (_PAGE_PRESENT, _PAGE_RW, _PAGE_USER, _PAGE_PSE, _PAGE_NX, ...). Two are
 * vtjob's, in bits the CPU ignores (11:9 are free for software): one set
 * on the pages of a mapping that the module made, present or not, so
 * that a PROT_NONE page is still known to be mapped; one on the pages of
 * a shared mapping of a file open read-only, which Linux never lets
 * become writable (its VM_MAYWRITE is clear).
 */
#define VTJ_PTE_MAPPED		BIT_ULL(_PAGE_BIT_SOFTW1)
#define VTJ_PTE_NO_WRITE	BIT_ULL(_PAGE_BIT_SOFTW2)
/* The guest-physical address in an entry: the architecture's, not the host's mask. */
#define VTJ_PTE_ADDR		GENMASK_ULL(51, 12)

enum vtj_guest_access {
	VTJ_ACCESS_READ,
	VTJ_ACCESS_WRITE,
	VTJ_ACCESS_FETCH,
};

struct file;
struct vtj_job;

int vtj_job_fetch(struct vtj_job *job, u64 gva, void *buf, size_t len);
bool vtj_job_at_syscall(struct vtj_job *job, u64 rip);
int vtj_job_read(struct vtj_job *job, u64 gva, void *buf, size_t len);
int vtj_job_write(struct vtj_job *job, u64 gva, const void *buf, size_t len);
ssize_t vtj_job_read_file(struct vtj_job *job, struct file *file, u64 gva,
			  size_t len, loff_t *pos);

#endif /* VTJOB_GUEST_MEM_H */
