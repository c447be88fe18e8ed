// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz target for the ELF loader and the layout behind it: any bytes at
 * all must give either a plan that keeps every promise job_elf.h makes,
 * or a refusal of one line; a plan must lay out without touching memory
 * it does not own. libFuzzer's entry point; standalone.c drives it
 * without libFuzzer.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "guestmem/page_table.h"
#include "loader/job_elf.h"
#include "loader/job_layout.h"

/* Small, so that most plans fit and get laid out. */
#define FUZZ_MEM_SIZE	(16u << 20)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int holds)
{
	if (!holds)
		abort();
}

static void check_plan(const struct job_elf_plan *plan, size_t size)
{
	uint64_t end = 0;
	size_t i;

	check(plan->nr_segments > 0 && plan->nr_segments <= JOB_ELF_MAX_PHDRS);
	for (i = 0; i < plan->nr_segments; i++) {
		const struct job_segment *segment = &plan->segments[i];

		check(segment->vaddr >= JOB_TABLES_END && segment->vaddr >= end);
		check(segment->mem_size > 0 && segment->file_size <= segment->mem_size);
		check(segment->vaddr + segment->mem_size <= JOB_MEM_MAX);
		check(segment->file_offset <= size &&
		      segment->file_size <= size - segment->file_offset);
		end = segment->vaddr + segment->mem_size;
	}
	check(plan->end >= end && plan->end % X86_PAGE_SIZE == 0 && plan->end <= JOB_MEM_MAX);
}

static void lay_out(const struct job_elf_plan *plan)
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
	free(mem);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct job_elf_plan plan;
	char why[512];

	if (job_elf_plan(data, size, JOB_TABLES_END, JOB_MEM_MAX, &plan, why, sizeof(why))) {
		check(why[0] != '\0' && strchr(why, '\n') == NULL);
		return 0;
	}
	check_plan(&plan, size);
	lay_out(&plan);
	return 0;
}
