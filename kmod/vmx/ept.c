// SPDX-License-Identifier: GPL-2.0
/*
 * EPT for a job (SDM 29.3): guest-physical 0..size maps the runner's own
 * memory, write-back, and nothing else. A page is pinned and mapped when
 * the job first touches it; the EPT is also the record of what is pinned:
 * tearing it down unpins every page it maps, so no page array has to be
 * kept for the job's life.
 *
 * Where the runner mapped a file (MAP_PRIVATE) into that memory, a read or
 * an instruction fetch pins the page cache's own page, without
 * FOLL_WRITE, and maps it readable and executable only: every job that
 * maps a library shares its pages, as processes do. A write, the job's or
 * the module's on its behalf, pins the page again with FOLL_WRITE, which
 * gives the runner its private copy (copy-on-write), and maps that copy
 * writable instead. A page pinned without FOLL_WRITE is never mapped
 * writable and never written through the kernel, whatever backs it.
 */
#include "../vtjob.h"

#include <linux/bits.h>
#include <linux/gfp.h>
#include <linux/lockdep.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/slab.h>
#include <linux/sizes.h>
#include <asm/io.h>
#include <uapi/linux/vtjob.h>

#include "caps.h"
#include "ept.h"
#include "vmx_ops.h"

#define VTJ_EPT_READ		BIT_ULL(0)
#define VTJ_EPT_WRITE		BIT_ULL(1)
#define VTJ_EPT_EXEC		BIT_ULL(2)
#define VTJ_EPT_RWX		(VTJ_EPT_READ | VTJ_EPT_WRITE | VTJ_EPT_EXEC)
#define VTJ_EPT_RX		(VTJ_EPT_READ | VTJ_EPT_EXEC)
#define VTJ_EPT_MT_WB		(6ULL << 3)
#define VTJ_EPT_LARGE		BIT_ULL(7)
/* Ignored by the CPU (SDM 29.3.2): a kernel page, neither pinned nor charged. */
#define VTJ_EPT_HOST_PAGE	BIT_ULL(11)
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

/* Maps one 4 KiB page (@level 0) or 2 MiB page (@level 1) with @perm. */
static int vtj_ept_set(struct vtj_ept *ept, u64 gpa, u64 hpa, int level,
		       u64 perm)
{
	u64 *table = ept->pml4;
	int l;

	for (l = 3; l > level; l--) {
		table = vtj_ept_next(ept, &table[vtj_ept_index(gpa, l)]);
		if (!table)
			return -ENOMEM;
	}
	table[vtj_ept_index(gpa, level)] = hpa | perm | VTJ_EPT_MT_WB |
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

/*
 * Where @gpa is in the kernel, if mapped; @avail: bytes to its page's end;
 * @perm: the entry's permissions.
 */
static void *vtj_ept_lookup(const struct vtj_ept *ept, u64 gpa, size_t *avail,
			    u64 *perm)
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
			*perm = entry & VTJ_EPT_RWX;
			return phys_to_virt((entry & VTJ_EPT_ADDR) + offset);
		}
		table = phys_to_virt(entry & VTJ_EPT_ADDR);
	}
	return NULL;
}

static bool vtj_ept_gpa_mapped(const struct vtj_ept *ept, u64 gpa)
{
	size_t avail;
	u64 perm;

	return vtj_ept_lookup(ept, gpa, &avail, &perm);
}

/* Unpins what a table maps and frees it; @level 3 is the PML4. */
static void vtj_ept_free_table(struct vtj_ept *ept, u64 *table, int level)
{
	unsigned int i;

	for (i = 0; i < VTJ_EPT_ENTRIES; i++) {
		u64 entry = table[i];
		unsigned long pfn = (entry & VTJ_EPT_ADDR) >> PAGE_SHIFT;

		if (!(entry & VTJ_EPT_RWX))
			continue;
		if (level == 0) {
			if (!(entry & VTJ_EPT_HOST_PAGE))
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

static void vtj_ept_uncharge_pages(struct vtj_ept *ept, unsigned long pages)
{
	account_locked_vm(ept->mm, pages, false);
	ept->nr_pinned -= pages;
}

/*
 * An entry was removed or now maps another page: the translations the
 * CPU cached from the EPT go before the job runs again (vtj_ept_flush()),
 * and what the module kept of the old page is stale.
 */
static void vtj_ept_changed(struct vtj_ept *ept)
{
	ept->generation++;
	ept->stale = true;
}

/**
 * vtj_ept_runner_file() - whether a file mapping of the runner backs @gpa
 * @ept: the EPT
 * @gpa: a guest-physical address below @ept->size
 * @start: out: where the runner's mapping around @gpa starts, as a
 *	guest-physical address (0 at most)
 * @end: out: where it ends (@ept->size at most); @gpa + PAGE_SIZE if
 *	nothing is mapped there
 *
 * Context: the process whose memory the EPT maps; may sleep.
 * Return: true if the runner mapped a file there.
 */
bool vtj_ept_runner_file(struct vtj_ept *ept, u64 gpa, u64 *start, u64 *end)
{
	unsigned long addr = ept->uaddr + gpa;
	struct vm_area_struct *vma;
	bool file = false;

	*start = gpa & PAGE_MASK;
	*end = *start + PAGE_SIZE;
	mmap_read_lock(ept->mm);
	vma = vma_lookup(ept->mm, addr);
	if (vma) {
		file = vma->vm_file;
		*start = max(vma->vm_start, ept->uaddr) - ept->uaddr;
		*end = min_t(u64, vma->vm_end - ept->uaddr, ept->size);
	}
	mmap_read_unlock(ept->mm);
	return file;
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
	ret = vtj_ept_set(ept, base, page_to_phys(pages[0]), 1, VTJ_EPT_RWX);
	if (ret) {
		vtj_ept_uncharge_pages(ept, VTJ_EPT_ENTRIES);
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

/*
 * The job writes to a page it shares with a file: pin the runner's page
 * for writing, which copies it, and map the copy writable in its place.
 */
static int vtj_ept_unshare_page(struct vtj_ept *ept, u64 gpa, u64 *pte)
{
	struct page *old = pfn_to_page((*pte & VTJ_EPT_ADDR) >> PAGE_SHIFT);
	struct page *page;
	int ret;

	ret = pin_user_pages_fast(ept->uaddr + (gpa & PAGE_MASK), 1,
				  FOLL_WRITE | FOLL_LONGTERM, &page);
	if (ret != 1)
		return ret < 0 ? ret : -EFAULT;
	WRITE_ONCE(*pte, page_to_phys(page) | VTJ_EPT_RWX | VTJ_EPT_MT_WB);
	vtj_ept_changed(ept);
	unpin_user_page(old);
	return 0;
}

/**
 * vtj_ept_populate() - pin and map the runner's page behind an address
 * @ept: the EPT
 * @gpa: a guest-physical address below @ept->size
 * @write: whether the access writes
 *
 * The page is the runner's own, pinned for the EPT's life and charged to
 * its RLIMIT_MEMLOCK; where a transparent huge page backs the whole
 * aligned 2 MiB around it, all of it is mapped at once. A read of a page
 * of a file the runner mapped maps the page cache's page read-only; a
 * write to it, now or later, maps the runner's private copy instead.
 *
 * Context: the process whose memory the EPT maps, which the caller
 * checked; may sleep.
 * Return: 0; -EEXIST if @gpa is mapped already for the access; -EFAULT if
 * the page is not the runner's to write; -ENOMEM, also past
 * RLIMIT_MEMLOCK.
 */
int vtj_ept_populate(struct vtj_ept *ept, u64 gpa, bool write)
{
	unsigned int gup = FOLL_WRITE | FOLL_LONGTERM;
	u64 *pte, map_start, map_end, base = ALIGN_DOWN(gpa, SZ_2M);
	u64 perm = VTJ_EPT_RWX;
	struct page *page;
	bool file;
	int ret;

	might_sleep();
	if (gpa >= ept->size)
		return -EFAULT;
	if (WARN_ON_ONCE(current->mm != ept->mm))
		return -EFAULT;
	pte = vtj_ept_entry(ept, gpa, 0);
	if (pte && (*pte & VTJ_EPT_RWX)) {
		if (!write || (*pte & VTJ_EPT_WRITE))
			return -EEXIST;
		return vtj_ept_unshare_page(ept, gpa, pte);
	}
	/* A 2 MiB page is the runner's anonymous memory, always writable. */
	if (!pte && vtj_ept_gpa_mapped(ept, gpa))
		return -EEXIST;

	file = vtj_ept_runner_file(ept, gpa, &map_start, &map_end);
	if (file && !write) {
		gup &= ~FOLL_WRITE;
		perm = VTJ_EPT_RX;
	}
	ret = pin_user_pages_fast(ept->uaddr + (gpa & PAGE_MASK), 1, gup, &page);
	if (ret != 1)
		return ret < 0 ? ret : -EFAULT;
	/* Only where one anonymous mapping covers it: no file is copied. */
	if (!file && PageTransCompound(page) && map_start <= base &&
	    base + SZ_2M <= map_end && !vtj_ept_populate_2m(ept, gpa)) {
		unpin_user_page(page);
		return 0;
	}
	ret = vtj_ept_charge(ept, 1);
	if (ret)
		goto err_unpin;
	ret = vtj_ept_set(ept, gpa & PAGE_MASK, page_to_phys(page), 0, perm);
	if (ret) {
		vtj_ept_uncharge_pages(ept, 1);
		goto err_unpin;
	}
	return 0;

err_unpin:
	unpin_user_page(page);
	return ret;
}

/* Maps a 2 MiB page's 512 pinned pages with 4 KiB entries instead. */
static int vtj_ept_split(struct vtj_ept *ept, u64 *pde)
{
	u64 first = *pde & VTJ_EPT_ADDR;
	u64 *table = (u64 *)get_zeroed_page(GFP_KERNEL_ACCOUNT);
	unsigned int i;

	if (!table)
		return -ENOMEM;
	ept->nr_tables++;
	for (i = 0; i < VTJ_EPT_ENTRIES; i++)
		table[i] = (first + i * PAGE_SIZE) | VTJ_EPT_RWX |
			   VTJ_EPT_MT_WB;
	WRITE_ONCE(*pde, virt_to_phys(table) | VTJ_EPT_RWX);
	vtj_ept_changed(ept);
	return 0;
}

/* Clears a leaf entry and unpins and uncharges its @pages pages. */
static void vtj_ept_forget_entry(struct vtj_ept *ept, u64 *entry,
				 unsigned long pages)
{
	struct page *first = pfn_to_page((*entry & VTJ_EPT_ADDR) >> PAGE_SHIFT);

	WRITE_ONCE(*entry, 0);
	vtj_ept_changed(ept);
	unpin_user_page_range_dirty_lock(first, pages, false);
	vtj_ept_uncharge_pages(ept, pages);
}

/**
 * vtj_ept_discard() - forget the pages of [@start, @end)
 * @ept: the EPT
 * @start: page-aligned guest-physical start
 * @end: page-aligned end, at most @ept->size
 *
 * Unmaps and unpins them: the job's next access pins whatever the runner
 * has there by then. For a range whose memory the runner replaces
 * (vtj_ept_renew(), a file userspace maps for the job).
 *
 * Context: the process whose memory the EPT maps.
 * Return: 0, or -ENOMEM if a 2 MiB page could not be split; the pages
 * before it are forgotten then, the rest not.
 */
int vtj_ept_discard(struct vtj_ept *ept, u64 start, u64 end)
{
	u64 gpa = start;

	while (gpa < end) {
		u64 base = ALIGN_DOWN(gpa, SZ_2M), next = base + SZ_2M;
		u64 *pde = vtj_ept_entry(ept, gpa, 1), *table;
		int ret;

		if (!pde || !(*pde & VTJ_EPT_RWX)) {
			gpa = next;
			continue;
		}
		if (*pde & VTJ_EPT_LARGE) {
			if (gpa == base && end >= next) {
				vtj_ept_forget_entry(ept, pde, VTJ_EPT_ENTRIES);
				gpa = next;
				continue;
			}
			ret = vtj_ept_split(ept, pde);
			if (ret)
				return ret;
		}
		table = phys_to_virt(*pde & VTJ_EPT_ADDR);
		for (; gpa < end && gpa < next; gpa += PAGE_SIZE) {
			u64 *pte = &table[vtj_ept_index(gpa, 0)];

			if (*pte & VTJ_EPT_RWX)
				vtj_ept_forget_entry(ept, pte, 1);
		}
	}
	return 0;
}

/**
 * vtj_ept_renew() - fresh memory for [@start, @end), in the runner too
 * @ept: the EPT
 * @start: page-aligned guest-physical start
 * @end: page-aligned end, at most @ept->size
 *
 * Forgets the range's pages and maps new anonymous memory over it in the
 * runner, as munmap() and mmap() would: it reads as zero, and a file the
 * runner had mapped there is let go, with nothing copied or zeroed.
 *
 * Context: the process whose memory the EPT maps; may sleep.
 * Return: 0; -ENOMEM, or the error of vm_mmap(), with the range then
 * forgotten but its memory as it was.
 */
int vtj_ept_renew(struct vtj_ept *ept, u64 start, u64 end)
{
	unsigned long addr;
	int ret;

	if (WARN_ON_ONCE(current->mm != ept->mm))
		return -EFAULT;
	ret = vtj_ept_discard(ept, start, end);
	if (ret)
		return ret;
	addr = vm_mmap(NULL, ept->uaddr + start, end - start,
		       PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, 0);
	return IS_ERR_VALUE(addr) ? (int)addr : 0;
}

/**
 * vtj_ept_unshare() - make the pages of [@start, @end) the job's own
 * @ept: the EPT
 * @start: guest-physical start
 * @end: end, at most @ept->size
 *
 * Each page there that the EPT maps read-only from a file the runner
 * mapped gets its private copy, as the job's own write would give it:
 * what the runner writes there next is what the job sees.
 *
 * Context: the process whose memory the EPT maps; may sleep.
 * Return: 0, or the error of pinning a page.
 */
int vtj_ept_unshare(struct vtj_ept *ept, u64 start, u64 end)
{
	u64 gpa;
	int ret;

	if (WARN_ON_ONCE(current->mm != ept->mm))
		return -EFAULT;
	for (gpa = start & PAGE_MASK; gpa < end; gpa += PAGE_SIZE) {
		u64 *pte = vtj_ept_entry(ept, gpa, 0);

		if (!pte || !(*pte & VTJ_EPT_RWX) || (*pte & VTJ_EPT_WRITE))
			continue;
		ret = vtj_ept_unshare_page(ept, gpa, pte);
		if (ret)
			return ret;
		if (IS_ALIGNED(gpa + PAGE_SIZE, SZ_2M))
			cond_resched();
	}
	return 0;
}

/**
 * vtj_ept_flush() - drop what the CPU cached from an EPT that changed
 * @ept: the EPT
 *
 * Context: on the job's CPU, in VMX operation, before a VM entry.
 */
void vtj_ept_flush(struct vtj_ept *ept)
{
	lockdep_assert_irqs_disabled();
	if (!ept->stale)
		return;
	vtj_invept(ept->eptp);
	ept->stale = false;
}

/**
 * vtj_ept_map_host_page() - map a page of the kernel's above the job's memory
 * @ept: the EPT
 * @gpa: page-aligned, at or above the end of the job's memory
 * @pfn: the page; it must outlive the EPT (a page of the kernel image)
 *
 * Read-only and not executable, for what any process may read already,
 * such as the host's vDSO data. The page is not the runner's: it is
 * neither pinned nor charged, and never unpinned.
 *
 * Return: 0; -EINVAL for @gpa inside the job's memory; -ENOMEM.
 */
int vtj_ept_map_host_page(struct vtj_ept *ept, u64 gpa, unsigned long pfn)
{
	if (gpa < ept->size || !PAGE_ALIGNED(gpa))
		return -EINVAL;
	return vtj_ept_set(ept, gpa, PFN_PHYS(pfn), 0,
			   VTJ_EPT_READ | VTJ_EPT_HOST_PAGE);
}

/**
 * vtj_ept_gpa_to_kva() - where a guest-physical address is in the kernel
 * @ept: the EPT
 * @gpa: guest-physical address
 * @avail: out: bytes from there to the end of its page
 * @write: whether the caller writes there
 *
 * A page the job has not touched yet is populated first, as the job's own
 * access would populate it; for @write, a page the job shares with a file
 * becomes its private copy first, so that the kernel never writes to a
 * page of a file.
 *
 * Context: the process whose memory the EPT maps; may sleep.
 * Return: the kernel address, or NULL if @gpa is beyond the job's memory
 * or its page cannot be pinned.
 */
void *vtj_ept_gpa_to_kva(struct vtj_ept *ept, u64 gpa, size_t *avail,
			 bool write)
{
	u64 perm;
	void *kva = vtj_ept_lookup(ept, gpa, avail, &perm);

	if ((kva && (!write || (perm & VTJ_EPT_WRITE))) || gpa >= ept->size)
		return kva;
	if (vtj_ept_populate(ept, gpa, write))
		return NULL;
	return vtj_ept_lookup(ept, gpa, avail, &perm);
}
