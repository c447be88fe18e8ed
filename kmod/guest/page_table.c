// SPDX-License-Identifier: GPL-2.0
/*
 * A job's page tables, as its memory system calls change them.
 *
 * Every page a job has maps guest-virtual X to guest-physical X, so the
 * job's address space and its memory are the same thing: mapping a range
 * allocates it, and a job can map no more than its memory holds. The page
 * tables are the only record of what is mapped; the pages of new tables
 * come from the table area userspace set aside (struct vtjob_mm), which
 * the job never sees. Tables are not freed: a job's tables can cover at
 * most its memory. The pages mapped elsewhere are the system-call gate's
 * (vtj_gpt_map_ring0()), which only the job's ring 0 sees.
 *
 * Callers hold the job's lock; the job is not running.
 */
#include "../vtjob.h"

#include <linux/lockdep.h>
#include <linux/mman.h>
#include <linux/sched.h>
#include <linux/string.h>

#include "../job.h"
#include "mem.h"
#include "page_table.h"

#define VTJ_PT_LEVELS		4
#define VTJ_PT_ENTRIES		512
#define VTJ_TABLE_FLAGS		(_PAGE_PRESENT | _PAGE_RW | _PAGE_USER)
/* What a 4 KiB entry keeps of a 2 MiB one it is split from. */
#define VTJ_SPLIT_FLAGS		(_PAGE_PRESENT | _PAGE_RW | \
				 _PAGE_USER | _PAGE_ACCESSED | \
				 _PAGE_DIRTY | VTJ_PTE_MAPPED | \
				 VTJ_PTE_NO_WRITE | _PAGE_NX)
#define VTJ_LARGE_ADDR		GENMASK_ULL(51, 21)

static unsigned int vtj_pt_shift(int level)
{
	return PAGE_SHIFT + 9 * level;
}

static u64 *vtj_gpt_entry(struct vtj_job *job, u64 table, u64 va, int level)
{
	size_t avail;

	/* The tables are the module's to edit, in anonymous memory. */
	return vtj_ept_gpa_to_kva(&job->ept, table +
				  ((va >> vtj_pt_shift(level)) & 511) * 8,
				  &avail, true);
}

static bool vtj_pte_mapped(u64 pte)
{
	return pte & (_PAGE_PRESENT | VTJ_PTE_MAPPED);
}

/**
 * vtj_gpt_prot_flags() - the leaf entry bits for a protection
 * @prot: PROT_* bits
 *
 * Return: entry bits, without the address. PROT_NONE pages are not
 * present, but still marked mapped.
 */
u64 vtj_gpt_prot_flags(unsigned long prot)
{
	u64 flags = VTJ_PTE_MAPPED | _PAGE_USER;

	if (prot & (PROT_READ | PROT_WRITE | PROT_EXEC))
		flags |= _PAGE_PRESENT;
	if (prot & PROT_WRITE)
		flags |= _PAGE_RW;
	if (!(prot & PROT_EXEC))
		flags |= _PAGE_NX;
	return flags;
}

/*
 * The entry that decides @va, and the aligned region [@start, @end) it
 * decides: a page, a large page, or all a missing table would cover.
 * Returns 0 where nothing is mapped.
 */
static u64 vtj_gpt_lookup(struct vtj_job *job, u64 va, u64 *start, u64 *end)
{
	u64 table = job->cr3 & VTJ_PTE_ADDR;
	int level;

	for (level = VTJ_PT_LEVELS - 1; level >= 0; level--) {
		u64 size = 1ULL << vtj_pt_shift(level);
		u64 *entry = vtj_gpt_entry(job, table, va, level);
		u64 pte = entry ? READ_ONCE(*entry) : 0;

		*start = va & ~(size - 1);
		*end = *start + size;
		if (level == 0 || !(pte & _PAGE_PRESENT) ||
		    (level == 1 && (pte & _PAGE_PSE)))
			return level == 0 || (pte & _PAGE_PRESENT) ? pte : 0;
		table = pte & VTJ_PTE_ADDR;
	}
	return 0;
}

static int vtj_gpt_alloc_table(struct vtj_job *job, u64 *table)
{
	size_t avail;
	void *kva;

	if (job->mm.tables_end - job->mm.tables_next < PAGE_SIZE)
		return -ENOMEM;
	kva = vtj_ept_gpa_to_kva(&job->ept, job->mm.tables_next, &avail, true);
	if (!kva)
		return -ENOMEM;
	clear_page(kva);
	*table = job->mm.tables_next;
	job->mm.tables_next += PAGE_SIZE;
	return 0;
}

/* Turns the 2 MiB page at *@pde into 512 pages that say the same. */
static int vtj_gpt_split(struct vtj_job *job, u64 *pde)
{
	u64 large = *pde, table, i;
	u64 *ptes;
	size_t avail;
	int err;

	err = vtj_gpt_alloc_table(job, &table);
	if (err)
		return err;
	ptes = vtj_ept_gpa_to_kva(&job->ept, table, &avail, true);
	for (i = 0; i < VTJ_PT_ENTRIES; i++)
		ptes[i] = ((large & VTJ_LARGE_ADDR) + i * PAGE_SIZE) |
			  (large & VTJ_SPLIT_FLAGS);
	WRITE_ONCE(*pde, table | VTJ_TABLE_FLAGS);
	job->mm.flush_tlb = true;
	job->mm.generation++;
	return 0;
}

/*
 * The 4 KiB entry for @va. With @create, missing tables are made and a
 * large page is split; without, NULL means nothing is mapped at @va.
 */
static u64 *vtj_gpt_pte(struct vtj_job *job, u64 va, bool create, int *err)
{
	u64 table = job->cr3 & VTJ_PTE_ADDR;
	int level;

	*err = 0;
	for (level = VTJ_PT_LEVELS - 1; level > 0; level--) {
		u64 *entry = vtj_gpt_entry(job, table, va, level);

		if (!entry) {
			*err = -EFAULT;
			return NULL;
		}
		if (!(*entry & _PAGE_PRESENT)) {
			if (!create)
				return NULL;
			*err = vtj_gpt_alloc_table(job, &table);
			if (*err)
				return NULL;
			WRITE_ONCE(*entry, table | VTJ_TABLE_FLAGS);
			continue;
		}
		if (level == 1 && (*entry & _PAGE_PSE)) {
			*err = vtj_gpt_split(job, entry);
			if (*err)
				return NULL;
		}
		table = *entry & VTJ_PTE_ADDR;
	}
	return vtj_gpt_entry(job, table, va, 0);
}

/**
 * vtj_gpt_page_flags() - how the page at @va is mapped
 * @job: the job
 * @va: a page-aligned address
 *
 * Return: its leaf entry (a large page's for a page inside one), 0 if
 * unmapped.
 */
u64 vtj_gpt_page_flags(struct vtj_job *job, u64 va)
{
	u64 start, end;

	return vtj_gpt_lookup(job, va, &start, &end);
}

/**
 * vtj_gpt_range_free() - whether nothing is mapped in [@start, @end)
 * @job: the job
 * @start: page-aligned start
 * @end: page-aligned end
 *
 * Return: true if the range is free.
 */
bool vtj_gpt_range_free(struct vtj_job *job, u64 start, u64 end)
{
	u64 va = start, region_start, region_end;

	while (va < end) {
		if (vtj_pte_mapped(vtj_gpt_lookup(job, va, &region_start,
						  &region_end)))
			return false;
		va = region_end;
	}
	return true;
}

/**
 * vtj_gpt_range_mapped() - whether every page of [@start, @end) is mapped
 * @job: the job
 * @start: page-aligned start
 * @end: page-aligned end
 *
 * Return: true if so, PROT_NONE pages included.
 */
bool vtj_gpt_range_mapped(struct vtj_job *job, u64 start, u64 end)
{
	u64 va = start, region_start, region_end;

	while (va < end) {
		if (!vtj_pte_mapped(vtj_gpt_lookup(job, va, &region_start,
						   &region_end)))
			return false;
		va = region_end;
	}
	return true;
}

/**
 * vtj_gpt_find_free() - the highest free range of @len bytes
 * @job: the job
 * @len: page-aligned length
 * @low: lowest address the range may start at
 * @high: highest address it may end at
 * @addr: out: its start
 *
 * Searches top down, as Linux places mappings below the stack.
 *
 * Return: 0, or -ENOMEM if no such range is free.
 */
int vtj_gpt_find_free(struct vtj_job *job, u64 len, u64 low, u64 high,
		      u64 *addr)
{
	u64 run_top = high, cur = high, region_start, region_end;

	while (cur > low) {
		u64 pte = vtj_gpt_lookup(job, cur - 1, &region_start,
					 &region_end);

		if (vtj_pte_mapped(pte)) {
			run_top = region_start;
			cur = region_start;
			continue;
		}
		cur = max(region_start, low);
		if (run_top - cur >= len) {
			*addr = run_top - len;
			return 0;
		}
	}
	return -ENOMEM;
}

/*
 * Sets each page of [@start, @end), or with @only_mapped each mapped one,
 * to its own address | @flags, or to nothing for @flags 0.
 */
static int vtj_gpt_set(struct vtj_job *job, u64 start, u64 end, u64 flags,
		       bool only_mapped)
{
	int err = 0;
	u64 va;

	for (va = start; va < end; va += PAGE_SIZE) {
		u64 *pte = vtj_gpt_pte(job, va, flags != 0, &err);

		if (!pte) {
			if (err)
				break;
			/* No table: nothing mapped to undo here. */
			va = (va | (PMD_SIZE - 1)) + 1 - PAGE_SIZE;
			continue;
		}
		if (!only_mapped || vtj_pte_mapped(*pte)) {
			/* A new protection keeps what the mapping may become. */
			u64 keep = only_mapped ? *pte & VTJ_PTE_NO_WRITE : 0;

			WRITE_ONCE(*pte, flags ? va | flags | keep : 0);
		}
		/* A call may cover all of a job's memory: let others run. */
		if (IS_ALIGNED(va + PAGE_SIZE, PMD_SIZE) &&
		    vtj_job_time_yield(&job->time)) {
			err = -EINTR;
			break;
		}
	}
	job->mm.flush_tlb = true;
	job->mm.generation++;
	return err;
}

/**
 * vtj_gpt_alloc_page() - take a page of the table area for the module
 * @job: the job
 * @gpa: out: the page, zeroed
 *
 * Return: 0, or -ENOMEM if the table area ran out of room.
 */
int vtj_gpt_alloc_page(struct vtj_job *job, u64 *gpa)
{
	lockdep_assert_held(&job->lock);
	return vtj_gpt_alloc_table(job, gpa);
}

/**
 * vtj_gpt_map_ring0() - map a page for ring 0 alone
 * @job: the job
 * @va: the page-aligned address to map it at, above the job's memory
 * @gpa: the page: of the table area (vtj_gpt_alloc_page()), or one the
 *	EPT maps above the job's memory
 * @flags: _PAGE_RW and _PAGE_NX as wanted
 *
 * The exception to "X maps X": the page is for CPL 0, and not for CPL 3
 * (its entry lacks _PAGE_USER), so neither the job nor the module's own
 * accesses on its behalf (vtj_job_translate()) can touch it. It is
 * marked accessed and dirty, so that the CPU never writes to its entry.
 *
 * Return: 0, or -ENOMEM if the table area ran out of room.
 */
int vtj_gpt_map_ring0(struct vtj_job *job, u64 va, u64 gpa, u64 flags)
{
	u64 *pte;
	int err;

	lockdep_assert_held(&job->lock);
	pte = vtj_gpt_pte(job, va, true, &err);
	if (!pte)
		return err;
	WRITE_ONCE(*pte, gpa | _PAGE_PRESENT | _PAGE_ACCESSED | _PAGE_DIRTY |
			 (flags & (_PAGE_RW | _PAGE_NX)));
	job->mm.flush_tlb = true;
	job->mm.generation++;
	return 0;
}

/**
 * vtj_gpt_map() - map [@start, @end) with @flags
 * @job: the job
 * @start: page-aligned start
 * @end: page-aligned end, within the job's memory
 * @flags: from vtj_gpt_prot_flags()
 *
 * The pages keep what they hold: fresh ones are zero, because unmapping
 * zeroes them.
 *
 * Return: 0, or -ENOMEM if the page tables ran out of room.
 */
int vtj_gpt_map(struct vtj_job *job, u64 start, u64 end, u64 flags)
{
	lockdep_assert_held(&job->lock);
	return vtj_gpt_set(job, start, end, flags, false);
}

/**
 * vtj_gpt_unmap() - unmap [@start, @end), zeroing what was mapped
 * @job: the job
 * @start: page-aligned start
 * @end: page-aligned end
 *
 * Return: 0, or -ENOMEM if a large page could not be split.
 */
int vtj_gpt_unmap(struct vtj_job *job, u64 start, u64 end)
{
	lockdep_assert_held(&job->lock);
	vtj_gpt_zero(job, start, end);
	return vtj_gpt_set(job, start, end, 0, true);
}

/**
 * vtj_gpt_clear() - unmap [@start, @end), leaving the memory as it is
 * @job: the job
 * @start: page-aligned start
 * @end: page-aligned end
 *
 * For a range whose memory the caller renews instead of zeroing it.
 *
 * Return: 0, or -ENOMEM if a large page could not be split.
 */
int vtj_gpt_clear(struct vtj_job *job, u64 start, u64 end)
{
	lockdep_assert_held(&job->lock);
	return vtj_gpt_set(job, start, end, 0, true);
}

/**
 * vtj_gpt_protect() - give the mapped pages of [@start, @end) @flags
 * @job: the job
 * @start: page-aligned start
 * @end: page-aligned end; the range is mapped
 * @flags: from vtj_gpt_prot_flags()
 *
 * Return: 0, or -ENOMEM if a large page could not be split.
 */
int vtj_gpt_protect(struct vtj_job *job, u64 start, u64 end, u64 flags)
{
	lockdep_assert_held(&job->lock);
	return vtj_gpt_set(job, start, end, flags, true);
}

/* Zeroes the mapped pages of [@va, @end); false once the job is done. */
static bool vtj_gpt_zero_mapped(struct vtj_job *job, u64 va, u64 end)
{
	u64 region_start, region_end;

	while (va < end) {
		u64 pte = vtj_gpt_lookup(job, va, &region_start, &region_end);
		u64 stop = min(end, region_end);

		for (; vtj_pte_mapped(pte) && va < stop; va += PAGE_SIZE) {
			size_t avail;
			void *kva = vtj_ept_gpa_to_kva(&job->ept, va, &avail,
						       true);

			if (kva)
				clear_page(kva);
			if (IS_ALIGNED(va + PAGE_SIZE, PMD_SIZE) &&
			    vtj_job_time_yield(&job->time))
				return false;
		}
		va = stop;
		if (vtj_job_time_yield(&job->time))
			return false;
	}
	return true;
}

/**
 * vtj_gpt_zero() - zero the mapped pages of [@start, @end)
 * @job: the job
 * @start: page-aligned start
 * @end: page-aligned end
 *
 * What the job unmaps or discards reads as zero when it maps it again,
 * as fresh anonymous memory does on Linux. Where a file the runner mapped
 * backs the memory, the runner gets fresh memory there instead
 * (vtj_ept_renew()): nothing of the file is copied only to be zeroed, and
 * the file is let go. Stops early, with the rest left as it was, when
 * vtj_job_time_yield() says the job is done.
 */
void vtj_gpt_zero(struct vtj_job *job, u64 start, u64 end)
{
	u64 va = start;

	while (va < end) {
		u64 piece_start, piece_end;
		bool file = vtj_ept_runner_file(&job->ept, va, &piece_start,
						&piece_end);

		piece_end = min(piece_end, end);
		/*
		 * Anonymous memory, or a file mapping the runner could not
		 * replace, whose pages get private copies to zero.
		 */
		if ((!file || vtj_ept_renew(&job->ept, va, piece_end)) &&
		    !vtj_gpt_zero_mapped(job, va, piece_end))
			return;
		va = piece_end;
	}
}

/**
 * vtj_gpt_copy() - copy @len bytes of the job's memory from @from to @to
 * @job: the job
 * @to: page-aligned destination
 * @from: page-aligned source
 * @len: page-aligned length; the ranges do not overlap
 *
 * Stops early when vtj_job_time_yield() says the job is done.
 */
void vtj_gpt_copy(struct vtj_job *job, u64 to, u64 from, u64 len)
{
	u64 done;

	for (done = 0; done < len; done += PAGE_SIZE) {
		size_t avail;
		void *dst = vtj_ept_gpa_to_kva(&job->ept, to + done, &avail,
					       true);
		void *src = vtj_ept_gpa_to_kva(&job->ept, from + done, &avail,
					       false);

		if (dst && src)
			copy_page(dst, src);
		if (IS_ALIGNED(done + PAGE_SIZE, PMD_SIZE) &&
		    vtj_job_time_yield(&job->time))
			return;
	}
}
