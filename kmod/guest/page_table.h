/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Editing a job's page tables: the mappings its memory system calls make.
 */
#ifndef VTJOB_GUEST_PAGE_TABLE_H
#define VTJOB_GUEST_PAGE_TABLE_H

#include <linux/types.h>

struct vtj_job;

u64 vtj_gpt_prot_flags(unsigned long prot);
bool vtj_gpt_range_free(struct vtj_job *job, u64 start, u64 end);
bool vtj_gpt_range_mapped(struct vtj_job *job, u64 start, u64 end);
u64 vtj_gpt_page_flags(struct vtj_job *job, u64 va);
int vtj_gpt_find_free(struct vtj_job *job, u64 len, u64 low, u64 high,
		      u64 *addr);
int vtj_gpt_map(struct vtj_job *job, u64 start, u64 end, u64 flags);
int vtj_gpt_alloc_page(struct vtj_job *job, u64 *gpa);
int vtj_gpt_map_ring0(struct vtj_job *job, u64 va, u64 gpa, u64 flags);
int vtj_gpt_unmap(struct vtj_job *job, u64 start, u64 end);
int vtj_gpt_clear(struct vtj_job *job, u64 start, u64 end);
int vtj_gpt_protect(struct vtj_job *job, u64 start, u64 end, u64 flags);
void vtj_gpt_zero(struct vtj_job *job, u64 start, u64 end);
void vtj_gpt_copy(struct vtj_job *job, u64 to, u64 from, u64 len);

#endif /* VTJOB_GUEST_PAGE_TABLE_H */
