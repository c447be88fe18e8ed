// SPDX-License-Identifier: GPL-2.0
/*
 * The job's memory calls: brk, mmap, munmap, mremap, mprotect, madvise,
 * with Linux's arguments, checks and errors, over the identity-mapped
 * address space of guest/page_table.c. They run only once VTJOB_SET_MM gave the
 * layout (vtj_sys_dispatch() sees to it). The job maps only what its memory holds:
 * beyond that, -ENOMEM, as Linux gives under a memory limit.
 */
#include "../vtjob.h"

#include <linux/lockdep.h>
#include <linux/mm.h>
#include <linux/mman.h>

#include "../guest/mem.h"
#include "../guest/page_table.h"
#include "../job.h"
#include "sys.h"

#define VTJ_PROT_ALL		(PROT_READ | PROT_WRITE | PROT_EXEC | PROT_SEM)

/**
 * vtj_sys_mm_init() - take the job's memory layout from userspace
 * @job: the job
 * @mm: VTJOB_SET_MM's argument
 *
 * Return: 0; -EINVAL for a layout that does not fit the job's memory;
 * -EBUSY if the layout was set already.
 */
int vtj_sys_mm_init(struct vtj_job *job, const struct vtjob_mm *mm)
{
	u64 size = job->ept.size;

	lockdep_assert_held(&job->lock);

	if (mm->flags)
		return -EINVAL;
	if (!PAGE_ALIGNED(mm->tables_next) || !PAGE_ALIGNED(mm->tables_end) ||
	    !PAGE_ALIGNED(mm->brk_start) || !PAGE_ALIGNED(mm->mmap_base) ||
	    !mm->tables_next || mm->tables_next > mm->tables_end ||
	    mm->tables_end > mm->brk_start || mm->brk_start > mm->mmap_base ||
	    mm->mmap_base > size || mm->stack_size > size)
		return -EINVAL;
	if (job->mm.ready)
		return -EBUSY;

	job->mm.tables_next = mm->tables_next;
	job->mm.tables_end = mm->tables_end;
	job->mm.brk_start = mm->brk_start;
	job->mm.brk = mm->brk_start;
	job->mm.mmap_base = mm->mmap_base;
	job->mm.stack_size = mm->stack_size;
	job->mm.ready = true;
	/* The job's own limits: its stack, and memory it cannot exceed. */
	job->sys.rlimits[RLIMIT_STACK].rlim_cur = mm->stack_size;
	job->sys.rlimits[RLIMIT_STACK].rlim_max = mm->stack_size;
	job->sys.rlimits[RLIMIT_AS].rlim_cur = size;
	job->sys.rlimits[RLIMIT_AS].rlim_max = size;
	job->sys.rlimits[RLIMIT_DATA].rlim_cur = size;
	job->sys.rlimits[RLIMIT_DATA].rlim_max = size;
	vtj_gate_install(job);
	return 0;
}

/* Whether [@addr, @addr + @len) may hold a mapping: inside the memory. */
static bool vtj_mm_fits(const struct vtj_job *job, u64 addr, u64 len)
{
	return addr >= job->mm.tables_end && addr + len >= addr &&
	       addr + len <= job->ept.size;
}

long vtj_sys_brk(struct vtj_job *job, struct vtj_syscall *call)
{
	u64 want = call->args[0];
	u64 old_end = PAGE_ALIGN(job->mm.brk), new_end;

	/* Linux answers every failure with the break as it is. */
	if (want < job->mm.brk_start || want > job->ept.size)
		return job->mm.brk;
	new_end = PAGE_ALIGN(want);
	if (new_end > old_end) {
		if (!vtj_gpt_range_free(job, old_end, new_end) ||
		    vtj_gpt_map(job, old_end, new_end,
				vtj_gpt_prot_flags(PROT_READ | PROT_WRITE)))
			return job->mm.brk;
	} else if (new_end < old_end) {
		if (vtj_gpt_unmap(job, new_end, old_end))
			return job->mm.brk;
	}
	job->mm.brk = want;
	return want;
}

/* Where a new mapping of @len bytes goes: @hint if free, else top down. */
static int vtj_mm_place(struct vtj_job *job, u64 hint, u64 len, u64 *addr)
{
	hint = PAGE_ALIGN(hint);
	if (hint && vtj_mm_fits(job, hint, len) &&
	    vtj_gpt_range_free(job, hint, hint + len)) {
		*addr = hint;
		return 0;
	}
	return vtj_gpt_find_free(job, len, job->mm.tables_end,
				 job->mm.mmap_base, addr);
}

long vtj_sys_mmap(struct vtj_job *job, struct vtj_syscall *call)
{
	u64 addr = call->args[0], len = call->args[1];
	unsigned long prot = call->args[2], flags = call->args[3];
	u64 offset = call->args[5];
	unsigned long type = flags & MAP_TYPE;
	bool anonymous = flags & MAP_ANONYMOUS;
	int err;

	if (!len)
		return -EINVAL;
	if (PAGE_ALIGN(len) < len)
		return -ENOMEM;
	len = PAGE_ALIGN(len);
	if (offset & ~PAGE_MASK)
		return -EINVAL;
	if (prot & ~VTJ_PROT_ALL)
		return -EINVAL;
	if (type != MAP_PRIVATE && type != MAP_SHARED &&
	    type != MAP_SHARED_VALIDATE)
		return -EINVAL;
	if (flags & MAP_HUGETLB)
		return -EINVAL;
	/*
	 * A file is mapped privately in the runner, so a shared writable
	 * mapping could not write its changes back: refuse it as Linux
	 * refuses files that cannot be mapped.
	 */
	if (!anonymous && type != MAP_PRIVATE && (prot & PROT_WRITE))
		return -ENODEV;

	if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
		if (addr & ~PAGE_MASK)
			return -EINVAL;
		if (!vtj_mm_fits(job, addr, len))
			return addr < job->mm.tables_end ? -EPERM : -ENOMEM;
		if (!vtj_gpt_range_free(job, addr, addr + len)) {
			if (!(flags & MAP_FIXED))
				return -EEXIST;
			/* Not zeroed where userspace maps a file over it all. */
			err = anonymous ? vtj_gpt_unmap(job, addr, addr + len) :
					  vtj_gpt_clear(job, addr, addr + len);
			if (err)
				return err;
		}
	} else {
		err = vtj_mm_place(job, addr, len, &addr);
		if (err)
			return err;
	}

	err = vtj_gpt_map(job, addr, addr + len, vtj_gpt_prot_flags(prot) |
			  (!anonymous && type != MAP_PRIVATE ? VTJ_PTE_NO_WRITE : 0));
	/*
	 * Userspace maps the file, and fresh memory past its end, over all
	 * of the range in the runner: the EPT forgets what it mapped there,
	 * and the job's next access finds those.
	 */
	if (!err && !anonymous)
		err = vtj_ept_discard(&job->ept, addr, addr + len);
	if (err) {
		vtj_gpt_unmap(job, addr, addr + len);
		return err;
	}
	if (!anonymous) {
		/* See vtj_sys_mm_complete(). */
		job->mm.file_map_addr = addr;
		job->mm.file_map_len = len;
		call->args[0] = addr;
		call->forward = true;
	}
	return addr;
}

/**
 * vtj_sys_mm_complete() - finish a file mapping userspace answered
 * @job: the job
 * @result: what userspace answered
 */
void vtj_sys_mm_complete(struct vtj_job *job, s64 result)
{
	u64 addr = job->mm.file_map_addr;

	if (!job->mm.file_map_len)
		return;
	if (IS_ERR_VALUE(result))
		vtj_gpt_unmap(job, addr, addr + job->mm.file_map_len);
	job->mm.file_map_addr = 0;
	job->mm.file_map_len = 0;
}

long vtj_sys_munmap(struct vtj_job *job, struct vtj_syscall *call)
{
	u64 addr = call->args[0], len = call->args[1], end;

	if ((addr & ~PAGE_MASK) || !len || PAGE_ALIGN(len) < len ||
	    addr + PAGE_ALIGN(len) < addr)
		return -EINVAL;
	end = addr + PAGE_ALIGN(len);
	/*
	 * Only the memory can be mapped, and the page tables below it never
	 * are: what is left of the range once both are cut off, if anything.
	 */
	addr = max(addr, job->mm.tables_end);
	end = min(end, job->ept.size);
	return addr < end ? vtj_gpt_unmap(job, addr, end) : 0;
}

/* Whether a page of [@start, @end) is a shared mapping that cannot write. */
static bool vtj_mm_never_writable(struct vtj_job *job, u64 start, u64 end)
{
	u64 va;

	for (va = start; va < end; va += PAGE_SIZE)
		if (vtj_gpt_page_flags(job, va) & VTJ_PTE_NO_WRITE)
			return true;
	return false;
}

long vtj_sys_mprotect(struct vtj_job *job, struct vtj_syscall *call)
{
	u64 addr = call->args[0], len = call->args[1];
	unsigned long prot = call->args[2];

	if (addr & ~PAGE_MASK)
		return -EINVAL;
	if (prot & ~(VTJ_PROT_ALL | PROT_GROWSDOWN | PROT_GROWSUP))
		return -EINVAL;
	if (!len)
		return 0;
	if (PAGE_ALIGN(len) < len)
		return -ENOMEM;
	len = PAGE_ALIGN(len);
	if (!vtj_mm_fits(job, addr, len) ||
	    !vtj_gpt_range_mapped(job, addr, addr + len))
		return -ENOMEM;
	if ((prot & PROT_WRITE) && vtj_mm_never_writable(job, addr, addr + len))
		return -EACCES;
	return vtj_gpt_protect(job, addr, addr + len,
			       vtj_gpt_prot_flags(prot));
}

/* The protection the page at @addr has, as PROT_* bits. */
static unsigned long vtj_mm_prot_at(struct vtj_job *job, u64 addr)
{
	u64 pte = vtj_gpt_page_flags(job, addr);
	unsigned long prot = 0;

	if (pte & _PAGE_PRESENT)
		prot |= PROT_READ;
	if (pte & _PAGE_RW)
		prot |= PROT_WRITE;
	if ((pte & _PAGE_PRESENT) && !(pte & _PAGE_NX))
		prot |= PROT_EXEC;
	return prot;
}

/* Moves [@old, @old + @old_len) to @to, which is free, growing it to @new_len. */
static long vtj_mm_move(struct vtj_job *job, u64 old, u64 old_len, u64 to,
			u64 new_len)
{
	u64 flags = vtj_gpt_prot_flags(vtj_mm_prot_at(job, old));
	int err;

	err = vtj_gpt_map(job, to, to + new_len, flags);
	if (err) {
		vtj_gpt_unmap(job, to, to + new_len);
		return err;
	}
	vtj_gpt_copy(job, to, old, min(old_len, new_len));
	err = vtj_gpt_unmap(job, old, old + old_len);
	return err ?: to;
}

long vtj_sys_mremap(struct vtj_job *job, struct vtj_syscall *call)
{
	u64 old = call->args[0], old_len = call->args[1];
	u64 new_len = call->args[2], to = call->args[4];
	unsigned long flags = call->args[3];
	int err;

	if ((old & ~PAGE_MASK) || (flags & ~(MREMAP_MAYMOVE | MREMAP_FIXED)))
		return -EINVAL;
	if ((flags & MREMAP_FIXED) && !(flags & MREMAP_MAYMOVE))
		return -EINVAL;
	if (PAGE_ALIGN(old_len) < old_len || PAGE_ALIGN(new_len) < new_len)
		return -ENOMEM;
	old_len = PAGE_ALIGN(old_len);
	new_len = PAGE_ALIGN(new_len);
	/* An old length of 0 duplicates shared memory: no such thing here. */
	if (!new_len || !old_len)
		return -EINVAL;
	if (!vtj_mm_fits(job, old, old_len) ||
	    !vtj_gpt_range_mapped(job, old, old + old_len))
		return -EFAULT;

	if (flags & MREMAP_FIXED) {
		if ((to & ~PAGE_MASK) || !vtj_mm_fits(job, to, new_len))
			return -EINVAL;
		if (to < old + old_len && old < to + new_len)
			return -EINVAL;
		err = vtj_gpt_unmap(job, to, to + new_len);
		if (err)
			return err;
		return vtj_mm_move(job, old, old_len, to, new_len);
	}
	if (new_len <= old_len) {
		err = vtj_gpt_unmap(job, old + new_len, old + old_len);
		return err ?: old;
	}
	if (vtj_mm_fits(job, old, new_len) &&
	    vtj_gpt_range_free(job, old + old_len, old + new_len)) {
		u64 flags = vtj_gpt_prot_flags(vtj_mm_prot_at(job, old));

		err = vtj_gpt_map(job, old + old_len, old + new_len, flags);
		if (!err)
			return old;
		vtj_gpt_unmap(job, old + old_len, old + new_len);
		return err;
	}
	if (!(flags & MREMAP_MAYMOVE))
		return -ENOMEM;
	err = vtj_gpt_find_free(job, new_len, job->mm.tables_end,
				job->mm.mmap_base, &to);
	if (err)
		return err;
	return vtj_mm_move(job, old, old_len, to, new_len);
}

long vtj_sys_madvise(struct vtj_job *job, struct vtj_syscall *call)
{
	u64 addr = call->args[0], len = call->args[1];
	int advice = call->args[2];

	if ((addr & ~PAGE_MASK) || PAGE_ALIGN(len) < len)
		return -EINVAL;
	len = PAGE_ALIGN(len);
	switch (advice) {
	case MADV_NORMAL:
	case MADV_RANDOM:
	case MADV_SEQUENTIAL:
	case MADV_WILLNEED:
	case MADV_DONTFORK:
	case MADV_DOFORK:
	case MADV_MERGEABLE:
	case MADV_UNMERGEABLE:
	case MADV_HUGEPAGE:
	case MADV_NOHUGEPAGE:
	case MADV_DONTDUMP:
	case MADV_DODUMP:
	case MADV_COLD:
	case MADV_PAGEOUT:
		/* Advice about paging: all of a job's memory stays resident. */
		break;
	case MADV_DONTNEED:
	case MADV_FREE:
		if (!len)
			return 0;
		if (!vtj_mm_fits(job, addr, len) ||
		    !vtj_gpt_range_mapped(job, addr, addr + len))
			return -ENOMEM;
		vtj_gpt_zero(job, addr, addr + len);
		break;
	default:
		return -EINVAL;
	}
	if (len && (!vtj_mm_fits(job, addr, len) ||
		    !vtj_gpt_range_mapped(job, addr, addr + len)))
		return -ENOMEM;
	return 0;
}
