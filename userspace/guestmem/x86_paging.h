/* SPDX-License-Identifier: GPL-2.0 */
/*
 * x86-64 paging as vtjob's userspace sees it: the page sizes and the bits
 * of a 4-level page-table entry (SDM Vol. 3A, 4.5 "4-Level Paging", tables
 * 4-15 to 4-20). The one copy for vtjobctl and the selftests; it needs
 * nothing but <stdint.h>, so any of them can include it.
 */
#ifndef VTJOB_X86_PAGING_H
#define VTJOB_X86_PAGING_H

#include <stdint.h>

#define X86_PAGE_SHIFT		12
#define X86_PAGE_SIZE		(UINT64_C(1) << X86_PAGE_SHIFT)		/* 4 KiB */
#define X86_LARGE_PAGE_SHIFT	21
#define X86_LARGE_PAGE_SIZE	(UINT64_C(1) << X86_LARGE_PAGE_SHIFT)	/* 2 MiB */

#define X86_PTE_PRESENT		(UINT64_C(1) << 0)
#define X86_PTE_WRITE		(UINT64_C(1) << 1)
#define X86_PTE_USER		(UINT64_C(1) << 2)
#define X86_PTE_ACCESSED	(UINT64_C(1) << 5)
#define X86_PTE_DIRTY		(UINT64_C(1) << 6)
/* PS: in a PDE, the entry maps a 2 MiB page rather than a page table. */
#define X86_PTE_LARGE		(UINT64_C(1) << 7)
#define X86_PTE_NX		(UINT64_C(1) << 63)
/* Bits 51:12: the physical address of the next table or the page. */
#define X86_PTE_ADDR_MASK	UINT64_C(0x000ffffffffff000)

#endif /* VTJOB_X86_PAGING_H */
