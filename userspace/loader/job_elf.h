/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The ELF loader's first half: decide whether a file is a program a job
 * can run, an ELF64 x86-64 executable, static or with an interpreter
 * (PT_INTERP, the dynamic linker), and plan where its bytes go; the same
 * for the interpreter it names. It only reads; job_layout.c puts the
 * plans into job memory.
 */
#ifndef VTJOBCTL_JOB_ELF_H
#define VTJOBCTL_JOB_ELF_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Linux reads at most one page of program headers (fs/binfmt_elf.c), so
 * no executable it runs has more than 4096 / 56 of them.
 */
#define JOB_ELF_MAX_PHDRS	(4096 / 56)

/*
 * Where an ET_DYN program's lowest segment goes, with an interpreter or
 * without (static-pie): the job's counterpart of Linux's ELF_ET_DYN_BASE,
 * the first address above the page tables. Its interpreter goes at the
 * top of the memory, below the stack (job_layout.h).
 */
#define JOB_ELF_PIE_BASE	UINT64_C(0x400000)

/* The longest PT_INTERP Linux takes, its NUL included (fs/binfmt_elf.c). */
#define JOB_ELF_INTERP_MAX	PATH_MAX

struct job_segment {
	uint64_t vaddr;		/* where it starts in the job, after relocation */
	uint64_t file_offset;	/* its bytes in the file... */
	uint64_t file_size;	/* ...this many of them; the rest is zero */
	uint64_t mem_size;
	bool writable;
	bool executable;
	bool accessible;	/* false for PROT_NONE-like segments (no R, W or X) */
};

/*
 * Everything the layout needs to put the program into job memory and
 * build its auxiliary vector. @image points into the caller's copy of the
 * file, which must outlive the plan.
 */
struct job_elf_plan {
	const uint8_t *image;
	size_t image_size;
	/*
	 * The file @image holds, open for reading, which the layout maps the
	 * segments from; -1 (as planned): they are copied from @image.
	 */
	int image_fd;
	struct job_segment segments[JOB_ELF_MAX_PHDRS];
	size_t nr_segments;
	uint64_t entry;		/* AT_ENTRY and the first RIP */
	uint64_t phdr_addr;	/* AT_PHDR, or 0 if no segment holds them */
	uint64_t phnum;		/* AT_PHNUM */
	uint64_t load_bias;	/* added to every p_vaddr: 0 for ET_EXEC */
	uint64_t lowest;	/* the first segment's page */
	uint64_t end;		/* the end of the last segment, page-aligned */
	bool pie;
	/*
	 * The interpreter PT_INTERP names, an absolute path inside @image;
	 * NULL for a static program.
	 */
	const char *interp;
};

/*
 * Check @image (@size bytes, the whole file) and plan it. Segments must
 * lie in [@min_addr, @max_addr). A PT_INTERP must name an absolute path
 * of printable characters, NUL-terminated, as Linux reads it; @plan->interp
 * is that name. Returns 0, or -1 with one line in @why saying what is
 * wrong, written to follow the file's name: "is not an ELF file".
 */
int job_elf_plan(const uint8_t *image, size_t size, uint64_t min_addr,
		 uint64_t max_addr, struct job_elf_plan *plan,
		 char *why, size_t whylen);

/*
 * Check @image as a program's interpreter and plan it with its lowest
 * page at 0 and its segments within @max_span bytes of it, for
 * job_elf_relocate() to move where the layout puts it. An interpreter
 * must be position-independent (ET_DYN), as the dynamic linkers are, and
 * need no interpreter itself. Returns 0 or -1 with @why, as
 * job_elf_plan() does.
 */
int job_elf_plan_interp(const uint8_t *image, size_t size, uint64_t max_span,
			struct job_elf_plan *plan, char *why, size_t whylen);

/*
 * Move a planned ET_DYN image so that its lowest page is @lowest (page
 * aligned): every address of the plan, its load bias too, follows.
 */
void job_elf_relocate(struct job_elf_plan *plan, uint64_t lowest);

#endif /* VTJOBCTL_JOB_ELF_H */
