/* SPDX-License-Identifier: GPL-2.0 */
/*
 * EPT: a job's guest-physical memory, which is its runner's own pinned
 * memory and nothing else.
 */
#ifndef VTJOB_VMX_EPT_H
#define VTJOB_VMX_EPT_H

#include <linux/types.h>

/**
 * struct vtj_ept - a 4-level EPT
 * @pml4: the top table, or NULL
 * @eptp: the EPT pointer for the VMCS
 * @size: bytes mapped from guest-physical 0
 * @nr_tables: pages of EPT tables, for the cost report
 */
struct vtj_ept {
	u64 *pml4;
	u64 eptp;
	u64 size;
	unsigned int nr_tables;
};

int vtj_ept_map_user(struct vtj_ept *ept, unsigned long uaddr, u64 size);
void vtj_ept_destroy(struct vtj_ept *ept);
void *vtj_ept_gpa_to_kva(const struct vtj_ept *ept, u64 gpa, size_t *avail);

#endif /* VTJOB_VMX_EPT_H */
