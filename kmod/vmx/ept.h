/* SPDX-License-Identifier: GPL-2.0 */
/*
 * EPT: a job's guest-physical memory, which is its runner's own memory,
 * pinned page by page as the job touches it, and nothing else; the pages
 * of files the runner mapped there are shared read-only until written.
 */
#ifndef VTJOB_VMX_EPT_H
#define VTJOB_VMX_EPT_H

#include <linux/types.h>

struct mm_struct;

/**
 * struct vtj_ept - a 4-level EPT
 * @pml4: the top table, or NULL
 * @eptp: the EPT pointer for the VMCS
 * @size: bytes of guest-physical memory from 0, mapped or not yet
 * @nr_tables: pages of EPT tables, for the cost report
 * @mm: the address space the memory is in (its owner holds it with
 *	mmgrab()), whose locked memory the pinned pages are charged to
 * @uaddr: where the memory starts in @mm
 * @nr_pinned: pages pinned and charged so far
 * @generation: changes each time an entry is removed or maps another
 *	page, which makes a kernel address taken from the EPT before stale
 * @stale: an entry changed since the last INVEPT (vtj_ept_flush())
 */
struct vtj_ept {
	u64 *pml4;
	u64 eptp;
	u64 size;
	unsigned int nr_tables;
	struct mm_struct *mm;
	unsigned long uaddr;
	unsigned long nr_pinned;
	u64 generation;
	bool stale;
};

int vtj_ept_init(struct vtj_ept *ept, unsigned long uaddr, u64 size);
int vtj_ept_populate(struct vtj_ept *ept, u64 gpa, bool write);
int vtj_ept_map_host_page(struct vtj_ept *ept, u64 gpa, unsigned long pfn);
void vtj_ept_destroy(struct vtj_ept *ept);
void *vtj_ept_gpa_to_kva(struct vtj_ept *ept, u64 gpa, size_t *avail,
			 bool write);
bool vtj_ept_runner_file(struct vtj_ept *ept, u64 gpa, u64 *start, u64 *end);
int vtj_ept_discard(struct vtj_ept *ept, u64 start, u64 end);
int vtj_ept_renew(struct vtj_ept *ept, u64 start, u64 end);
int vtj_ept_unshare(struct vtj_ept *ept, u64 start, u64 end);
void vtj_ept_flush(struct vtj_ept *ept);

#endif /* VTJOB_VMX_EPT_H */
