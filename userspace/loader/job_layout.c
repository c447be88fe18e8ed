// SPDX-License-Identifier: GPL-2.0
#include "loader/job_layout.h"

#include <elf.h>
#include <errno.h>
#include <string.h>
#include <sys/mman.h>

#include "guestmem/page_table.h"

/* As Linux reports them: a 4 KiB page, and USER_HZ clock ticks. */
#define JOB_CLOCK_TICKS		100
#define JOB_PLATFORM		"x86_64"

/*
 * The auxiliary vector's entries, in Linux 6.1's order (ARCH_DLINFO, then
 * create_elf_tables()), with AT_NULL. AT_SYSINFO_EHDR is left out: a job
 * has no vDSO, and its C library makes the system calls instead.
 */
enum { JOB_AUXV_WORDS = 2 * 20 };

static uint64_t page_up(uint64_t addr)
{
	return (addr + X86_PAGE_SIZE - 1) & ~(X86_PAGE_SIZE - 1);
}

static uint64_t page_down(uint64_t addr)
{
	return addr & ~(X86_PAGE_SIZE - 1);
}

/* Where the interpreter goes: its lowest page, below the guard gap. */
static uint64_t interp_lowest(const struct job_elf_plan *interp, uint64_t guard_start)
{
	return guard_start - (interp->end - interp->lowest);
}

static void stack_args(const struct job_elf_plan *plan, const struct job_start *start,
		       uint64_t at_base, uint64_t auxv[JOB_AUXV_WORDS],
		       struct job_stack_args *args)
{
	size_t n = 0;

#define AUX(type, value) do { auxv[n++] = (type); auxv[n++] = (value); } while (0)
	if (start->minsigstksz)
		AUX(AT_MINSIGSTKSZ, start->minsigstksz);
	AUX(AT_HWCAP, start->hwcap);
	AUX(AT_PAGESZ, X86_PAGE_SIZE);
	AUX(AT_CLKTCK, JOB_CLOCK_TICKS);
	AUX(AT_PHDR, plan->phdr_addr);
	AUX(AT_PHENT, sizeof(Elf64_Phdr));
	AUX(AT_PHNUM, plan->phnum);
	AUX(AT_BASE, at_base);
	AUX(AT_FLAGS, 0);
	AUX(AT_ENTRY, plan->entry);
	AUX(AT_UID, start->uid);
	AUX(AT_EUID, start->euid);
	AUX(AT_GID, start->gid);
	AUX(AT_EGID, start->egid);
	AUX(AT_SECURE, 0);
	AUX(AT_RANDOM, 0);	/* the stack's addresses, filled in */
	AUX(AT_HWCAP2, start->hwcap2);
	AUX(AT_EXECFN, 0);
	AUX(AT_PLATFORM, 0);
	AUX(AT_NULL, 0);
#undef AUX

	memset(args, 0, sizeof(*args));
	args->argv = start->argv;
	args->envp = start->envp;
	args->execfn = start->execfn;
	args->platform = JOB_PLATFORM;
	memcpy(args->random, start->random, sizeof(args->random));
	args->auxv = auxv;
}

/* The initial stack's contents, in whole pages. */
static uint64_t stack_contents_size(const struct job_elf_plan *plan,
				    const struct job_start *start)
{
	uint64_t auxv[JOB_AUXV_WORDS];
	struct job_stack_args args;

	stack_args(plan, start, 0, auxv, &args);
	return page_up(job_stack_size(&args));
}

uint64_t job_layout_needed(const struct job_elf_plan *plan, const struct job_start *start)
{
	uint64_t program_end = plan->end > JOB_TABLES_END ? plan->end : JOB_TABLES_END;
	uint64_t interp_span = start->interp ? start->interp->end - start->interp->lowest : 0;

	return program_end + interp_span + JOB_STACK_GUARD + JOB_STACK_SIZE +
	       stack_contents_size(plan, start);
}

static unsigned int segment_perms(const struct job_segment *segment)
{
	return (segment->writable ? GUESTMEM_WRITE : 0) |
	       (segment->executable ? GUESTMEM_EXEC : 0);
}

/*
 * Map the segments page by page. Where two segments share a page, which
 * a linker may do when it packs them, the page gets what either needs:
 * one page table entry cannot give each its own.
 */
static int map_segments(struct guestmem_pt *pt, const struct job_elf_plan *plan)
{
	uint64_t run_start = 0, run_end = 0, start, end;
	unsigned int run_perms = 0, perms;
	bool have_run = false;
	size_t i;
	int err;

	for (i = 0; i < plan->nr_segments; i++) {
		const struct job_segment *segment = &plan->segments[i];

		if (!segment->accessible)
			continue;
		start = page_down(segment->vaddr);
		end = page_up(segment->vaddr + segment->mem_size);
		perms = segment_perms(segment);
		if (have_run && start < run_end) {
			/* Sorted and apart: only the run's last page is shared. */
			uint64_t shared = run_end - X86_PAGE_SIZE;

			if (shared > run_start) {
				err = guestmem_pt_map(pt, run_start, shared - run_start, run_perms);
				if (err)
					return err;
			}
			run_start = shared;
			run_perms |= perms;
			if (end == run_end)
				continue;
			err = guestmem_pt_map(pt, run_start, run_end - run_start, run_perms);
			if (err)
				return err;
			start = run_end;
		} else if (have_run) {
			err = guestmem_pt_map(pt, run_start, run_end - run_start, run_perms);
			if (err)
				return err;
		}
		run_start = start;
		run_end = end;
		run_perms = perms;
		have_run = true;
	}
	return have_run ? guestmem_pt_map(pt, run_start, run_end - run_start, run_perms) : 0;
}

/*
 * The segment's file bytes mapped from its file, MAP_PRIVATE, as Linux's
 * loader maps them: the job shares the pages with every process that runs
 * the program until it writes to one. Past the file bytes, the rest of a
 * last page that is part of the .bss is zeroed (a private copy), and whole
 * pages of .bss are fresh memory. Returns false if the host would not map
 * the file, which leaves the memory as it was.
 */
static bool map_segment(uint8_t *mem, const struct job_elf_plan *plan,
			const struct job_segment *segment, struct guestmem_file_maps *maps)
{
	uint64_t start = page_down(segment->vaddr);
	uint64_t file_end = page_up(segment->vaddr + segment->file_size);
	uint64_t bss_end = page_up(segment->vaddr + segment->mem_size);
	uint64_t offset = segment->file_offset - (segment->vaddr - start);

	if (mmap(mem + start, file_end - start, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_FIXED,
		 plan->image_fd, (off_t)offset) == MAP_FAILED)
		return false;
	guestmem_file_maps_add(maps, start, file_end);
	if (segment->mem_size > segment->file_size)
		memset(mem + segment->vaddr + segment->file_size, 0,
		       file_end - (segment->vaddr + segment->file_size));
	/* An earlier segment's file may lie there, in a layout Linux would load. */
	if (bss_end > file_end)
		mmap(mem + file_end, bss_end - file_end, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	return true;
}

static void load_segments(uint8_t *mem, const struct job_elf_plan *plan,
			  struct guestmem_file_maps *maps)
{
	size_t i;

	/* The rest of each copied segment, its .bss, is zero: so is fresh memory. */
	for (i = 0; i < plan->nr_segments; i++) {
		const struct job_segment *segment = &plan->segments[i];

		if (!segment->file_size)
			continue;
		if (plan->image_fd >= 0 && map_segment(mem, plan, segment, maps))
			continue;
		memcpy(mem + segment->vaddr, plan->image + segment->file_offset,
		       segment->file_size);
	}
}

/* The program, or its interpreter, into memory and the page tables. */
static int load_image(struct guestmem_pt *pt, uint8_t *mem, const struct job_elf_plan *plan,
		      struct guestmem_file_maps *maps)
{
	load_segments(mem, plan, maps);
	return map_segments(pt, plan);
}

int job_layout_build(uint8_t *mem, uint64_t mem_size, const struct job_elf_plan *plan,
		     const struct job_start *start, struct job_layout *layout)
{
	uint64_t auxv[JOB_AUXV_WORDS];
	struct job_elf_plan interp;	/* where this job has its interpreter */
	struct guestmem_pt pt;
	struct job_stack_args args;
	uint64_t contents;
	int err;

	memset(layout, 0, sizeof(*layout));
	if (!plan->interp != !start->interp)
		return -EINVAL;
	stack_args(plan, start, 0, auxv, &args);
	contents = page_up(job_stack_size(&args));
	layout->needed = job_layout_needed(plan, start);
	if (mem_size < layout->needed)
		return -E2BIG;
	layout->stack_start = mem_size - JOB_STACK_SIZE - contents;
	layout->guard_start = layout->stack_start - JOB_STACK_GUARD;
	layout->mmap_base = layout->guard_start;
	layout->rip = plan->entry;
	if (start->interp) {
		interp = *start->interp;
		job_elf_relocate(&interp, interp_lowest(&interp, layout->guard_start));
		layout->mmap_base = interp.lowest;
		layout->interp_base = interp.load_bias;
		layout->rip = interp.entry;
		stack_args(plan, start, layout->interp_base, auxv, &args);
	}

	err = guestmem_pt_init(&pt, mem, mem_size, JOB_TABLES_START, JOB_TABLES_END);
	if (err)
		return err;
	err = load_image(&pt, mem, plan, &layout->file_maps);
	if (!err && start->interp)
		err = load_image(&pt, mem, &interp, &layout->file_maps);
	if (!err)
		err = guestmem_pt_map(&pt, layout->stack_start, mem_size - layout->stack_start,
				   GUESTMEM_WRITE);
	if (err)
		return err;

	layout->tables_size = guestmem_pt_used(&pt);
	layout->brk_start = plan->end;
	layout->cr3 = pt.pml4;
	layout->rsp = job_stack_build(mem, mem_size, &args);
	layout->rflags = JOB_INITIAL_RFLAGS;
	return 0;
}
