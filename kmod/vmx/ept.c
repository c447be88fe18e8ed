// SPDX-License-Identifier: GPL-2.0
/*
 * EPT for a job (SDM 29.3): guest-physical 0..size maps the runner's own
 * memory, write-back, and nothing else. A page is pinned and mapped when
 * the job first touches it; the EPT is also the record of what is pinned:
 * tearing it down unpins every page it maps, so no page array has to be
 * kept for the job's life.
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
/* Where @gpa is in the kernel, if mapped; @avail: bytes to its page's end. */
static void *vtj_ept_lookup(const struct vtj_ept *ept, u64 gpa, size_t *avail)
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

static bool vtj_ept_gpa_mapped(const struct vtj_ept *ept, u64 gpa)
{
	size_t avail;

	return vtj_ept_lookup(ept, gpa, &avail);
}

static void vtj_ept_free_table(struct vtj_ept *ept, u64 *table, int level)
{
	unsigned int i;

	for (i = 0; i < VTJ_EPT_ENTRIES; i++) {
		u64 entry = table[i];
		unsigned long pfn = (entry & VTJ_EPT_ADDR) >> PAGE_SHIFT;

		if (!(entry & VTJ_EPT_RWX))
			continue;
		if (level == 0) {
			unpin_user_page(pfn_to_page(pfn));
		} else if (level == 1 && (entry & VTJ_EPT_LARGE)) {
			/*
			 * One huge page: its 512 pins go back in one step,
			 * not one page at a time (as unpin_user_page() would).
			 */
			unpin_user_page_range_dirty_lock(pfn_to_page(pfn),
							 VTJ_EPT_ENTRIES, false);
		} else {
			vtj_ept_free_table(ept, phys_to_virt(entry & VTJ_EPT_ADDR),
					   level - 1);
		}
	}
	free_page((unsigned long)table);
	ept->nr_tables--;
}

/* Gives back what the pinned pages charged to the runner's locked memory. */
static void vtj_ept_uncharge(struct vtj_ept *ept)
{
	/* An address space already torn down has nothing left to give back. */
	if (!ept->nr_pinned || !mmget_not_zero(ept->mm))
		return;
	account_locked_vm(ept->mm, ept->nr_pinned, false);
	mmput(ept->mm);
	ept->nr_pinned = 0;
}

/**
 * vtj_ept_destroy() - unpin every page an EPT maps and free its tables
 * @ept: the EPT; may be partly built or empty
 */
void vtj_ept_destroy(struct vtj_ept *ept)
{
	if (ept->pml4)
		vtj_ept_free_table(ept, ept->pml4, 3);
	vtj_ept_uncharge(ept);
	ept->pml4 = NULL;
	ept->size = 0;
}

/*
 * Whether [@uaddr, @uaddr + @size) is ordinary writable memory of @mm, as
 * pinning it with FOLL_WRITE | FOLL_LONGTERM needs.
 */
static bool vtj_ept_range_writable(struct mm_struct *mm, unsigned long uaddr,
				   u64 size)
{
	unsigned long addr = uaddr, end = uaddr + size;
	struct vm_area_struct *vma;
	bool ok = true;

	mmap_read_lock(mm);
	while (addr < end) {
		vma = find_vma(mm, addr);
		if (!vma || vma->vm_start > addr || !(vma->vm_flags & VM_WRITE) ||
		    (vma->vm_flags & (VM_IO | VM_PFNMAP))) {
			ok = false;
			break;
		}
		addr = vma->vm_end;
	}
	mmap_read_unlock(mm);
	return ok;
}

/**
 * vtj_ept_init() - an EPT over the caller's memory, populated as it is used
 * @ept: an empty EPT
 * @uaddr: page-aligned address of the memory in the calling process
 * @size: its size, a multiple of the page size
 *
 * Maps nothing yet: each page is pinned and mapped when the job first
 * touches it (vtj_ept_populate()), so a job's start does not cost more
 * with more memory, and its pinned memory is what it used.
 *
 * Return: 0; -ENOMEM; -EFAULT if part of the range is not ordinary
 * memory the caller can write.
 */
int vtj_ept_init(struct vtj_ept *ept, unsigned long uaddr, u64 size)
{
	if (uaddr + size < uaddr ||
	    !vtj_ept_range_writable(current->mm, uaddr, size))
		return -EFAULT;
	ept->pml4 = (u64 *)get_zeroed_page(GFP_KERNEL_ACCOUNT);
	if (!ept->pml4)
		return -ENOMEM;
	ept->nr_tables = 1;
	ept->eptp = virt_to_phys(ept->pml4) | VTJ_EPTP_WB | VTJ_EPTP_WALK_4;
	ept->mm = current->mm;
	ept->uaddr = uaddr;
	ept->size = size;
	return 0;
}

/* The entry for @gpa at @level, or NULL if a table above it is missing. */
static u64 *vtj_ept_entry(const struct vtj_ept *ept, u64 gpa, int level)
{
	u64 *table = ept->pml4;
	int l;

	for (l = 3; l > level; l--) {
		u64 entry = table[vtj_ept_index(gpa, l)];

		if (!(entry & VTJ_EPT_RWX))
			return NULL;
		if (entry & VTJ_EPT_LARGE)
			return NULL;
		table = phys_to_virt(entry & VTJ_EPT_ADDR);
	}
	return &table[vtj_ept_index(gpa, level)];
}

/*
 * Pinned memory is locked memory the process cannot unlock: charge it to
 * RLIMIT_MEMLOCK as it is pinned, as VFIO and io_uring charge what they
 * pin long-term.
 */
static int vtj_ept_charge(struct vtj_ept *ept, unsigned long pages)
{
	int ret = account_locked_vm(ept->mm, pages, true);

	if (!ret)
		ept->nr_pinned += pages;
	return ret;
}

/*
 * Maps the 2 MiB of the runner's memory around @gpa with one EPT page,
 * when a transparent huge page backs it whole: one exit instead of 512.
 * Returns 0 if it did, or -errno (the caller maps 4 KiB instead).
 */
static int vtj_ept_populate_2m(struct vtj_ept *ept, u64 gpa)
{
	u64 base = ALIGN_DOWN(gpa, SZ_2M);
	u64 *pde = vtj_ept_entry(ept, base, 1);
	struct page **pages;
	int pinned, ret;

	if (!vtj_cpu_has(VTJOB_FEAT_EPT_2M) || base + SZ_2M > ept->size ||
	    (pde && (*pde & VTJ_EPT_RWX)))
		return -EINVAL;
	pages = kmalloc_array(VTJ_EPT_ENTRIES, sizeof(*pages), GFP_KERNEL);
	if (!pages)
		return -ENOMEM;
	pinned = pin_user_pages_fast(ept->uaddr + base, VTJ_EPT_ENTRIES,
				     FOLL_WRITE | FOLL_LONGTERM, pages);
	if (pinned != VTJ_EPT_ENTRIES) {
		ret = pinned < 0 ? pinned : -EFAULT;
		goto out_unpin;
	}
	if (!vtj_pages_form_2m(pages)) {
		ret = -EINVAL;
		goto out_unpin;
	}
	ret = vtj_ept_charge(ept, VTJ_EPT_ENTRIES);
	if (ret)
		goto out_unpin;
	ret = vtj_ept_set(ept, base, page_to_phys(pages[0]), 1);
	if (ret) {
		account_locked_vm(ept->mm, VTJ_EPT_ENTRIES, false);
		ept->nr_pinned -= VTJ_EPT_ENTRIES;
		goto out_unpin;
	}
	kfree(pages);
	return 0;

out_unpin:
	if (pinned > 0)
		unpin_user_pages(pages, pinned);
	kfree(pages);
	return ret;
}

/**
 * vtj_ept_populate() - pin and map the runner's page behind an address
 * @ept: the EPT
 * @gpa: a guest-physical address below @ept->size
 *
 * The page is the runner's own, pinned for the EPT's life and charged to
 * its RLIMIT_MEMLOCK; where a transparent huge page backs the whole
 * aligned 2 MiB around it, all of it is mapped at once.
 *
 * Context: the process whose memory the EPT maps, which the caller
 * checked; may sleep.
 * Return: 0; -EEXIST if @gpa is mapped already; -EFAULT if the page is
 * not the runner's to write; -ENOMEM, also past RLIMIT_MEMLOCK.
 */
int vtj_ept_populate(struct vtj_ept *ept, u64 gpa)
{
	struct page *page;
	u64 *pte;
	int ret;

	might_sleep();
	if (gpa >= ept->size)
		return -EFAULT;
	if (WARN_ON_ONCE(current->mm != ept->mm))
		return -EFAULT;
	pte = vtj_ept_entry(ept, gpa, 0);
	if ((pte && (*pte & VTJ_EPT_RWX)) || (!pte && vtj_ept_gpa_mapped(ept, gpa)))
		return -EEXIST;

	ret = pin_user_pages_fast(ept->uaddr + (gpa & PAGE_MASK), 1,
				  FOLL_WRITE | FOLL_LONGTERM, &page);
	if (ret != 1)
		return ret < 0 ? ret : -EFAULT;
	if (PageTransCompound(page) && !vtj_ept_populate_2m(ept, gpa)) {
		unpin_user_page(page);
		return 0;
	}
	ret = vtj_ept_charge(ept, 1);
	if (ret)
		goto err_unpin;
	ret = vtj_ept_set(ept, gpa & PAGE_MASK, page_to_phys(page), 0);
	if (ret) {
		account_locked_vm(ept->mm, 1, false);
		ept->nr_pinned--;
		goto err_unpin;
	}
	return 0;

err_unpin:
	unpin_user_page(page);
	return ret;
}

/**
 * vtj_ept_gpa_to_kva() - where a guest-physical address is in the kernel
 * @ept: the EPT
 * @gpa: guest-physical address
 * @avail: out: bytes from there to the end of its page
 *
 * A page the job has not touched yet is populated first, as the job's own
 * access would populate it.
 *
 * Context: the process whose memory the EPT maps; may sleep.
 * Return: the kernel address, or NULL if @gpa is beyond the job's memory
 * or its page cannot be pinned.
 */
void *vtj_ept_gpa_to_kva(struct vtj_ept *ept, u64 gpa, size_t *avail)
{
	void *kva = vtj_ept_lookup(ept, gpa, avail);

	if (kva || gpa >= ept->size)
		return kva;
	if (vtj_ept_populate(ept, gpa))
		return NULL;
	return vtj_ept_lookup(ept, gpa, avail);
}
