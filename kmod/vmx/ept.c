// SPDX-License-Identifier: GPL-2.0
/*
 * EPT for a job (SDM 29.3): guest-physical 0..size maps the runner's own
 * memory, pinned, write-back, and nothing else. The EPT is also the record
 * of what is pinned: tearing it down unpins every page it maps, so no page
 * array has to be kept for the job's life.
 */
#include "../vtjob.h"

#include <linux/bits.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/sizes.h>
#include <asm/io.h>
#include <uapi/linux/vtjob.h>

#include "caps.h"
#include "ept.h"

#define VTJ_EPT_READ		BIT_ULL(0)
#define VTJ_EPT_WRITE		BIT_ULL(1)
#define VTJ_EPT_EXEC		BIT_ULL(2)
#define VTJ_EPT_RWX		(VTJ_EPT_READ | VTJ_EPT_WRITE | VTJ_EPT_EXEC)
#define VTJ_EPT_MT_WB		(6ULL << 3)
#define VTJ_EPT_LARGE		BIT_ULL(7)
#define VTJ_EPT_ADDR		GENMASK_ULL(51, 12)
#define VTJ_EPT_ENTRIES		512

/* EPTP: write-back paging structures, 4-level walk (SDM 25.6.11). */
#define VTJ_EPTP_WB		6ULL
#define VTJ_EPTP_WALK_4		(3ULL << 3)

static unsigned int vtj_ept_index(u64 gpa, int level)
{
	return (gpa >> (12 + 9 * level)) & (VTJ_EPT_ENTRIES - 1);
}

/* The table @entry points to, allocated if it does not exist yet. */
static u64 *vtj_ept_next(struct vtj_ept *ept, u64 *entry)
{
	u64 *table;

	if (*entry & VTJ_EPT_RWX)
		return phys_to_virt(*entry & VTJ_EPT_ADDR);
	table = (u64 *)get_zeroed_page(GFP_KERNEL_ACCOUNT);
	if (!table)
		return NULL;
	ept->nr_tables++;
	*entry = virt_to_phys(table) | VTJ_EPT_RWX;
	return table;
}

/* Maps one 4 KiB page (@level 0) or 2 MiB page (@level 1). */
static int vtj_ept_set(struct vtj_ept *ept, u64 gpa, u64 hpa, int level)
{
	u64 *table = ept->pml4;
	int l;

	for (l = 3; l > level; l--) {
		table = vtj_ept_next(ept, &table[vtj_ept_index(gpa, l)]);
		if (!table)
			return -ENOMEM;
	}
	table[vtj_ept_index(gpa, level)] = hpa | VTJ_EPT_RWX | VTJ_EPT_MT_WB |
					   (level ? VTJ_EPT_LARGE : 0);
	return 0;
}

static bool vtj_pages_form_2m(struct page **pages)
{
	u64 first = page_to_phys(pages[0]);
	unsigned int i;

	if (!IS_ALIGNED(first, SZ_2M))
		return false;
	for (i = 1; i < VTJ_EPT_ENTRIES; i++)
		if (page_to_phys(pages[i]) != first + i * PAGE_SIZE)
			return false;
	return true;
}

/* Unpins what a table maps and frees it; @level 3 is the PML4. */
static void vtj_ept_free_table(struct vtj_ept *ept, u64 *table, int level)
{
	unsigned int i, j;

	for (i = 0; i < VTJ_EPT_ENTRIES; i++) {
		u64 entry = table[i];
		unsigned long pfn = (entry & VTJ_EPT_ADDR) >> PAGE_SHIFT;

		if (!(entry & VTJ_EPT_RWX))
			continue;
		if (level == 0) {
			unpin_user_page(pfn_to_page(pfn));
		} else if (level == 1 && (entry & VTJ_EPT_LARGE)) {
			for (j = 0; j < VTJ_EPT_ENTRIES; j++)
				unpin_user_page(pfn_to_page(pfn + j));
		} else {
			vtj_ept_free_table(ept, phys_to_virt(entry & VTJ_EPT_ADDR),
					   level - 1);
		}
	}
	free_page((unsigned long)table);
	ept->nr_tables--;
}

/**
 * vtj_ept_destroy() - unpin every page an EPT maps and free its tables
 * @ept: the EPT; may be partly built or empty
 */
void vtj_ept_destroy(struct vtj_ept *ept)
{
	if (ept->pml4)
		vtj_ept_free_table(ept, ept->pml4, 3);
	ept->pml4 = NULL;
	ept->size = 0;
}

/**
 * vtj_ept_map_user() - build an EPT over the caller's memory
 * @ept: an empty EPT
 * @uaddr: page-aligned address of the memory in the calling process
 * @size: its size, a multiple of the page size
 *
 * Pins the memory for as long as the EPT exists. Where 512 pinned pages
 * are physically contiguous and 2 MiB aligned (transparent huge pages),
 * one 2 MiB EPT page maps them, if the CPU has 2 MiB EPT pages.
 *
 * Return: 0; -ENOMEM; -EFAULT if part of the range is not mapped
 * writable in the caller; nothing stays pinned on failure.
 */
int vtj_ept_map_user(struct vtj_ept *ept, unsigned long uaddr, u64 size)
{
	bool use_2m = vtj_cpu_has(VTJOB_FEAT_EPT_2M);
	struct page **pages;
	u64 gpa;
	int err = 0;

	pages = kmalloc_array(VTJ_EPT_ENTRIES, sizeof(*pages), GFP_KERNEL);
	if (!pages)
		return -ENOMEM;
	ept->pml4 = (u64 *)get_zeroed_page(GFP_KERNEL_ACCOUNT);
	if (!ept->pml4) {
		err = -ENOMEM;
		goto out;
	}
	ept->nr_tables = 1;
	ept->eptp = virt_to_phys(ept->pml4) | VTJ_EPTP_WB | VTJ_EPTP_WALK_4;

	for (gpa = 0; gpa < size; ) {
		u64 chunk = min_t(u64, SZ_2M, size - gpa);
		int n = chunk >> PAGE_SHIFT, pinned, i;

		pinned = pin_user_pages_fast(uaddr + gpa, n,
					     FOLL_WRITE | FOLL_LONGTERM, pages);
		if (pinned != n) {
			if (pinned > 0)
				unpin_user_pages(pages, pinned);
			err = pinned < 0 ? pinned : -EFAULT;
			goto err_destroy;
		}

		if (use_2m && n == VTJ_EPT_ENTRIES && vtj_pages_form_2m(pages)) {
			err = vtj_ept_set(ept, gpa, page_to_phys(pages[0]), 1);
			i = err ? 0 : n;
		} else {
			for (i = 0; i < n; i++) {
				err = vtj_ept_set(ept, gpa + i * PAGE_SIZE,
						  page_to_phys(pages[i]), 0);
				if (err)
					break;
			}
		}
		if (err) {
			/* Pages already in the EPT are unpinned with it. */
			unpin_user_pages(pages + i, n - i);
			goto err_destroy;
		}
		gpa += chunk;
		ept->size = gpa;
	}
	goto out;

err_destroy:
	vtj_ept_destroy(ept);
out:
	kfree(pages);
	return err;
}

/**
 * vtj_ept_gpa_to_kva() - where a guest-physical address is in the kernel
 * @ept: the EPT
 * @gpa: guest-physical address
 * @avail: out: bytes from there to the end of its page
 *
 * Return: the kernel address, or NULL if @gpa is not mapped.
 */
void *vtj_ept_gpa_to_kva(const struct vtj_ept *ept, u64 gpa, size_t *avail)
{
	u64 *table = ept->pml4;
	int level;

	if (gpa >= ept->size)
		return NULL;
	for (level = 3; level >= 0; level--) {
		u64 entry = table[vtj_ept_index(gpa, level)];
		u64 page_size = 1ULL << (12 + 9 * level);

		if (!(entry & VTJ_EPT_RWX))
			return NULL;
		if (level == 0 || (level == 1 && (entry & VTJ_EPT_LARGE))) {
			u64 offset = gpa & (page_size - 1);

			*avail = page_size - offset;
			return phys_to_virt((entry & VTJ_EPT_ADDR) + offset);
		}
		table = phys_to_virt(entry & VTJ_EPT_ADDR);
	}
	return NULL;
}
