// SPDX-License-Identifier: GPL-2.0
/*
 * Reading a job's memory the way the job sees it: through its own 4-level
 * page tables (SDM 4.5) and then its EPT. Used to look at the instruction
 * that raised #UD, which may be a SYSCALL.
 */
#include "vtjob.h"

#include <linux/bits.h>
#include <linux/minmax.h>
#include <linux/string.h>

#include "job.h"

#define VTJ_PTE_PRESENT		BIT_ULL(0)
#define VTJ_PTE_USER		BIT_ULL(2)
#define VTJ_PTE_LARGE		BIT_ULL(7)
#define VTJ_PTE_NX		BIT_ULL(63)
#define VTJ_PTE_ADDR		GENMASK_ULL(51, 12)

/* Guest-physical address of @gva for a user instruction fetch, or ~0. */
static u64 vtj_job_translate_fetch(const struct vtj_job *job, u64 gva,
				   u64 *page_left)
{
	u64 table = job->cr3 & VTJ_PTE_ADDR;
	int level;

	for (level = 3; level >= 0; level--) {
		unsigned int shift = 12 + 9 * level;
		u64 gpa = table + ((gva >> shift) & 511) * sizeof(u64);
		size_t avail;
		u64 *entry = vtj_ept_gpa_to_kva(&job->ept, gpa, &avail);
		u64 pte;

		if (!entry)
			return ~0ULL;
		pte = READ_ONCE(*entry);
		if (!(pte & VTJ_PTE_PRESENT) || !(pte & VTJ_PTE_USER) ||
		    (pte & VTJ_PTE_NX))
			return ~0ULL;
		if (level == 0 || (level <= 2 && (pte & VTJ_PTE_LARGE))) {
			u64 page_mask = (1ULL << shift) - 1;

			*page_left = page_mask + 1 - (gva & page_mask);
			return ((pte & VTJ_PTE_ADDR) & ~page_mask) |
			       (gva & page_mask);
		}
		table = pte & VTJ_PTE_ADDR;
	}
	return ~0ULL;
}

/**
 * vtj_job_fetch() - read bytes the job could execute
 * @job: the job
 * @gva: guest-virtual address
 * @buf: out: the bytes
 * @len: how many
 *
 * Return: 0, or -EFAULT if any byte is not mapped user-executable.
 */
int vtj_job_fetch(const struct vtj_job *job, u64 gva, void *buf, size_t len)
{
	while (len) {
		u64 page_left, gpa = vtj_job_translate_fetch(job, gva, &page_left);
		size_t avail, n;
		void *kva;

		if (gpa == ~0ULL)
			return -EFAULT;
		kva = vtj_ept_gpa_to_kva(&job->ept, gpa, &avail);
		if (!kva)
			return -EFAULT;
		n = min3((u64)len, page_left, (u64)avail);
		memcpy(buf, kva, n);
		buf += n;
		gva += n;
		len -= n;
	}
	return 0;
}
