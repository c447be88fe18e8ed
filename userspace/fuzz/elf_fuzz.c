// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz target for the ELF loader and the layout behind it: any bytes at
 * all, read as a program and read as an interpreter, must give either a
 * plan that keeps every promise job_elf.h makes, or a refusal of one
 * line; a plan must lay out without touching memory it does not own,
 * a program that names an interpreter with a fixed good one, an
 * interpreter under a fixed program that names one. libFuzzer's entry
 * point; standalone.c drives it without libFuzzer.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "guestmem/page_table.h"
#include "loader/job_elf.h"
#include "loader/job_layout.h"

#include "../tests/elf_image.h"

/* Small, so that most plans fit and get laid out. */
#define FUZZ_MEM_SIZE	(16u << 20)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int holds)
{
	if (!holds)
		abort();
}

/* Segments from @lowest up, sorted, apart, inside the file and the memory. */
static void check_plan(const struct job_elf_plan *plan, size_t size, uint64_t lowest)
{
	uint64_t end = 0;
	size_t i;

	check(plan->nr_segments > 0 && plan->nr_segments <= JOB_ELF_MAX_PHDRS);
	check(plan->lowest == lowest);
	for (i = 0; i < plan->nr_segments; i++) {
		const struct job_segment *segment = &plan->segments[i];

		check(segment->vaddr >= lowest && segment->vaddr >= end);
		check(segment->mem_size > 0 && segment->file_size <= segment->mem_size);
		check(segment->vaddr + segment->mem_size <= JOB_MEM_MAX);
		check(segment->file_offset <= size &&
		      segment->file_size <= size - segment->file_offset);
		end = segment->vaddr + segment->mem_size;
	}
	check(plan->end >= end && plan->end % X86_PAGE_SIZE == 0 && plan->end <= JOB_MEM_MAX);
	if (plan->interp)
		check(plan->interp[0] == '/' &&
		      plan->interp >= (const char *)plan->image &&
		      plan->interp + strlen(plan->interp) < (const char *)plan->image + size);
}

/* @plan, with @interp when it names one, laid out in fresh memory. */
static void lay_out(const struct job_elf_plan *plan, const struct job_elf_plan *interp)
{
	static char *argv[] = { "/fuzz/job", "argument", NULL };
	static char *envp[] = { "A=B", NULL };
	struct guestmem_translation where;
	struct job_layout layout;
	struct job_start start;
	uint8_t *mem;

	memset(&start, 0, sizeof(start));
	start.argv = argv;
	start.envp = envp;
	start.execfn = argv[0];
	start.interp = plan->interp ? interp : NULL;
	if (job_layout_needed(plan, &start) > FUZZ_MEM_SIZE)
		return;
	mem = calloc(1, FUZZ_MEM_SIZE);
	if (!mem)
		return;
	check(job_layout_build(mem, FUZZ_MEM_SIZE, plan, &start, &layout) == 0);
	check(layout.rsp % 16 == 0 && layout.rsp > layout.stack_start);
	check(guestmem_pt_translate(mem, FUZZ_MEM_SIZE, layout.cr3, layout.rip, &where) &&
	      where.user && where.executable && where.phys == layout.rip);
	check(!guestmem_pt_translate(mem, FUZZ_MEM_SIZE, layout.cr3, layout.cr3, &where));
	/* The interpreter, planned at 0, moved to mmap_base; entered there. */
	if (start.interp)
		check(layout.interp_base == layout.mmap_base + interp->load_bias &&
		      layout.rip == layout.mmap_base + interp->entry &&
		      layout.rip < layout.guard_start && layout.mmap_base >= plan->end);
	free(mem);
}

/* A good program that names an interpreter, and a good interpreter. */
static struct test_elf program_elf, interp_elf;
static struct job_elf_plan good_program, good_interp;

static void plan_the_good_ones(void)
{
	static int done;
	char why[512];

	if (done)
		return;
	test_elf_init_pie(&program_elf);
	test_elf_add_interp(&program_elf, "/lib/ld.so", 11);
	test_elf_init_pie(&interp_elf);
	check(job_elf_plan(program_elf.bytes, program_elf.size, JOB_TABLES_END, JOB_MEM_MAX,
			   &good_program, why, sizeof(why)) == 0);
	check(job_elf_plan_interp(interp_elf.bytes, interp_elf.size, JOB_MEM_MAX,
				  &good_interp, why, sizeof(why)) == 0);
	done = 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct job_elf_plan plan;
	char why[512];

	plan_the_good_ones();
	if (job_elf_plan(data, size, JOB_TABLES_END, JOB_MEM_MAX, &plan, why, sizeof(why))) {
		check(why[0] != '\0' && strchr(why, '\n') == NULL);
	} else {
		check_plan(&plan, size, plan.lowest);
		check(plan.lowest >= JOB_TABLES_END);
		lay_out(&plan, &good_interp);
	}

	/* The same bytes as the interpreter a program asks for. */
	if (job_elf_plan_interp(data, size, JOB_MEM_MAX, &plan, why, sizeof(why))) {
		check(why[0] != '\0' && strchr(why, '\n') == NULL);
		return 0;
	}
	check_plan(&plan, size, 0);
	check(plan.pie && !plan.interp);
	lay_out(&good_program, &plan);
	return 0;
}
