// SPDX-License-Identifier: GPL-2.0
#include "loader/job_elf.h"

#include <elf.h>
#include <string.h>

#include "guestmem/x86_paging.h"
#include "lib/errbuf.h"
#include "lib/human_units.h"

static uint64_t page_down(uint64_t addr)
{
	return addr & ~(X86_PAGE_SIZE - 1);
}

static const char *machine_name(unsigned int machine)
{
	switch (machine) {
	case EM_386:		return "i386";
	case EM_ARM:		return "32-bit ARM";
	case EM_AARCH64:	return "AArch64";
	case EM_RISCV:		return "RISC-V";
	case EM_PPC64:		return "64-bit PowerPC";
	case EM_S390:		return "s390";
	case EM_MIPS:		return "MIPS";
	case EM_SPARCV9:	return "SPARC V9";
	case EM_LOONGARCH:	return "LoongArch";
	case EM_NONE:		return "no machine";
	default:		return "another machine";
	}
}

/* The checks on e_ident and the ELF header, before any program header. */
static int check_header(const uint8_t *image, size_t size, Elf64_Ehdr *ehdr,
			char *why, size_t whylen)
{
	if (size >= 2 && image[0] == '#' && image[1] == '!')
		return errbuf_set(why, whylen,
				  "is a script (it starts with #!), not an ELF executable");
	if (size < SELFMAG || memcmp(image, ELFMAG, SELFMAG) != 0)
		return errbuf_set(why, whylen, "is not an ELF executable");
	if (size < EI_NIDENT)
		return errbuf_set(why, whylen, "is truncated: %zu bytes, less than an ELF header",
				  size);

	switch (image[EI_CLASS]) {
	case ELFCLASS64:
		break;
	case ELFCLASS32:
		return errbuf_set(why, whylen,
				  "is a 32-bit ELF file; jobs run 64-bit x86-64 programs");
	default:
		return errbuf_set(why, whylen, "has an invalid ELF class %u", image[EI_CLASS]);
	}
	switch (image[EI_DATA]) {
	case ELFDATA2LSB:
		break;
	case ELFDATA2MSB:
		return errbuf_set(why, whylen,
				  "is big-endian; jobs run little-endian x86-64 programs");
	default:
		return errbuf_set(why, whylen, "has an invalid ELF data encoding %u",
				  image[EI_DATA]);
	}
	if (image[EI_VERSION] != EV_CURRENT)
		return errbuf_set(why, whylen, "has an unknown ELF version %u", image[EI_VERSION]);
	if (size < sizeof(*ehdr))
		return errbuf_set(why, whylen,
				  "is truncated: %zu bytes, less than a 64-bit ELF header (%zu)",
				  size, sizeof(*ehdr));

	memcpy(ehdr, image, sizeof(*ehdr));
	if (ehdr->e_machine != EM_X86_64)
		return errbuf_set(why, whylen, "is for %s (e_machine %u), not x86-64",
				  machine_name(ehdr->e_machine), ehdr->e_machine);
	switch (ehdr->e_type) {
	case ET_EXEC:
	case ET_DYN:
		break;
	case ET_REL:
		return errbuf_set(why, whylen,
				  "is an object file (ET_REL), not a linked executable");
	case ET_CORE:
		return errbuf_set(why, whylen, "is a core dump, not an executable");
	default:
		return errbuf_set(why, whylen, "is not an executable (e_type %u)", ehdr->e_type);
	}
	if (ehdr->e_phentsize != sizeof(Elf64_Phdr))
		return errbuf_set(why, whylen,
				  "has %u-byte program headers; ELF64 ones are %zu bytes",
				  ehdr->e_phentsize, sizeof(Elf64_Phdr));
	if (ehdr->e_phnum == 0)
		return errbuf_set(why, whylen, "has no program headers");
	if (ehdr->e_phnum > JOB_ELF_MAX_PHDRS)
		return errbuf_set(why, whylen,
				  "has %u program headers, more than Linux accepts (%d)",
				  ehdr->e_phnum, JOB_ELF_MAX_PHDRS);
	if (ehdr->e_phoff > size ||
	    (uint64_t)ehdr->e_phnum * sizeof(Elf64_Phdr) > size - ehdr->e_phoff)
		return errbuf_set(why, whylen,
				  "is truncated: its program headers end beyond its %zu bytes",
				  size);
	return 0;
}

static void read_phdr(const uint8_t *image, const Elf64_Ehdr *ehdr,
		      unsigned int index, Elf64_Phdr *phdr)
{
	/* memcpy(): e_phoff need not be aligned for an Elf64_Phdr. */
	memcpy(phdr, image + ehdr->e_phoff + (uint64_t)index * sizeof(*phdr),
	       sizeof(*phdr));
}

/* Whether the file holds the @len bytes at @offset. */
static bool in_file(size_t size, uint64_t offset, uint64_t len)
{
	return offset <= size && len <= size - offset;
}

/*
 * The interpreter PT_INTERP names, checked as Linux checks it (at least
 * one character, at most PATH_MAX bytes with its NUL, which must be the
 * last) and further: one name, printable, absolute. Linux would look a
 * relative one up from the current directory at exec time; a job's is
 * the host's, which says nothing about where its dynamic linker is.
 */
static int read_interp(const uint8_t *image, size_t size, const Elf64_Phdr *phdr,
		       struct job_elf_plan *plan, char *why, size_t whylen)
{
	uint64_t len = phdr->p_filesz - 1, i;
	const char *name;

	if (phdr->p_filesz < 2)
		return errbuf_set(why, whylen, "has an empty interpreter name (PT_INTERP)");
	if (phdr->p_filesz > JOB_ELF_INTERP_MAX)
		return errbuf_set(why, whylen,
				  "has an interpreter name (PT_INTERP) of %llu bytes, more than Linux takes (%d)",
				  (unsigned long long)phdr->p_filesz, JOB_ELF_INTERP_MAX);
	if (!in_file(size, phdr->p_offset, phdr->p_filesz))
		return errbuf_set(why, whylen,
				  "is truncated: its interpreter name (PT_INTERP) ends beyond its %zu bytes",
				  size);
	name = (const char *)image + phdr->p_offset;
	if (name[len] != '\0')
		return errbuf_set(why, whylen,
				  "has an interpreter name (PT_INTERP) that does not end with a NUL byte");
	for (i = 0; i < len; i++) {
		if (name[i] == '\0')
			return errbuf_set(why, whylen,
					  "has a NUL byte inside its interpreter name (PT_INTERP)");
		if ((unsigned char)name[i] < 0x20 || name[i] == 0x7f)
			return errbuf_set(why, whylen,
					  "has a control character in its interpreter name (PT_INTERP)");
	}
	if (name[0] != '/')
		return errbuf_set(why, whylen,
				  "asks for the interpreter '%s', a relative path; a job's interpreter must be an absolute one",
				  name);
	plan->interp = name;
	return 0;
}

/* Checks one PT_LOAD on its own and appends it, as linked, to @plan. */
static int add_segment(const Elf64_Phdr *phdr, unsigned int index, size_t size,
		       struct job_elf_plan *plan, char *why, size_t whylen)
{
	struct job_segment *segment, *previous;

	if (phdr->p_filesz > phdr->p_memsz)
		return errbuf_set(why, whylen,
				  "has a segment (program header %u) with more bytes in the file (0x%llx) than in memory (0x%llx)",
				  index, (unsigned long long)phdr->p_filesz,
				  (unsigned long long)phdr->p_memsz);
	if (!in_file(size, phdr->p_offset, phdr->p_filesz))
		return errbuf_set(why, whylen,
				  "is truncated: the bytes of program header %u end beyond its %zu bytes",
				  index, size);
	if (phdr->p_vaddr + phdr->p_memsz < phdr->p_vaddr)
		return errbuf_set(why, whylen,
				  "has a segment (program header %u) that wraps around the address space",
				  index);
	if ((phdr->p_vaddr - phdr->p_offset) % X86_PAGE_SIZE != 0)
		return errbuf_set(why, whylen,
				  "has a segment (program header %u) whose p_vaddr 0x%llx and p_offset 0x%llx differ modulo the 4 KiB page",
				  index, (unsigned long long)phdr->p_vaddr,
				  (unsigned long long)phdr->p_offset);
	/* Like Linux, load nothing for a segment of no memory. */
	if (phdr->p_memsz == 0)
		return 0;

	if (plan->nr_segments > 0) {
		previous = &plan->segments[plan->nr_segments - 1];
		if (phdr->p_vaddr < previous->vaddr)
			return errbuf_set(why, whylen,
					  "has loadable segments out of address order (program header %u); the ELF specification wants them sorted",
					  index);
		if (phdr->p_vaddr < previous->vaddr + previous->mem_size)
			return errbuf_set(why, whylen,
					  "has overlapping segments: program header %u starts at 0x%llx, inside the one before",
					  index, (unsigned long long)phdr->p_vaddr);
	}

	segment = &plan->segments[plan->nr_segments++];
	segment->vaddr = phdr->p_vaddr;
	segment->file_offset = phdr->p_offset;
	segment->file_size = phdr->p_filesz;
	segment->mem_size = phdr->p_memsz;
	segment->writable = phdr->p_flags & PF_W;
	segment->executable = phdr->p_flags & PF_X;
	segment->accessible = phdr->p_flags & (PF_R | PF_W | PF_X);
	return 0;
}

/*
 * Moves the segments so that the lowest page is at @lowest and checks
 * that they lie in [@min_addr, @max_addr).
 */
static int place_segments(struct job_elf_plan *plan, uint64_t lowest, uint64_t min_addr,
			  uint64_t max_addr, char *why, size_t whylen)
{
	uint64_t linked_lowest = page_down(plan->segments[0].vaddr);
	const struct job_segment *last;
	char limit[HUMAN_TEXT_MAX];
	size_t i;

	if (lowest < min_addr) {
		human_size(min_addr, limit, sizeof(limit));
		return errbuf_set(why, whylen,
				  "is linked at 0x%llx, below %s, where the job's page tables are; link it at 0x400000 (the default) or above",
				  (unsigned long long)lowest, limit);
	}
	for (i = 0; i < plan->nr_segments; i++) {
		struct job_segment *segment = &plan->segments[i];
		/* Relative to the lowest page, so that no sum can wrap. */
		uint64_t offset = segment->vaddr - linked_lowest;

		if (lowest >= max_addr || offset > max_addr - lowest ||
		    segment->mem_size > max_addr - lowest - offset) {
			human_size(max_addr, limit, sizeof(limit));
			return errbuf_set(why, whylen,
					  "has a segment ending beyond %s, the most memory a job can have",
					  limit);
		}
		segment->vaddr = lowest + offset;
	}
	plan->load_bias = lowest - linked_lowest;
	plan->lowest = lowest;
	last = &plan->segments[plan->nr_segments - 1];
	/* Below max_addr, which is far from 2^64: rounding up cannot wrap. */
	plan->end = (last->vaddr + last->mem_size + X86_PAGE_SIZE - 1) & ~(X86_PAGE_SIZE - 1);
	return 0;
}

static bool entry_is_executable(const struct job_elf_plan *plan)
{
	size_t i;

	for (i = 0; i < plan->nr_segments; i++) {
		const struct job_segment *segment = &plan->segments[i];

		if (segment->executable && plan->entry >= segment->vaddr &&
		    plan->entry - segment->vaddr < segment->mem_size)
			return true;
	}
	return false;
}

/*
 * AT_PHDR, as Linux finds it: PT_PHDR if there is one, else the loaded
 * file bytes that hold the program headers; 0 if none do, which a static
 * glibc copes with (it falls back to __ehdr_start).
 */
static uint64_t phdr_address(const struct job_elf_plan *plan, const Elf64_Ehdr *ehdr,
			     const Elf64_Phdr *pt_phdr)
{
	uint64_t len = (uint64_t)ehdr->e_phnum * sizeof(Elf64_Phdr);
	size_t i;

	if (pt_phdr)
		return pt_phdr->p_vaddr + plan->load_bias;
	for (i = 0; i < plan->nr_segments; i++) {
		const struct job_segment *segment = &plan->segments[i];

		if (ehdr->e_phoff >= segment->file_offset &&
		    ehdr->e_phoff - segment->file_offset <= segment->file_size &&
		    len <= segment->file_size - (ehdr->e_phoff - segment->file_offset))
			return segment->vaddr + (ehdr->e_phoff - segment->file_offset);
	}
	return 0;
}

/*
 * What a program and an interpreter have in common: the header, the
 * loadable segments as linked, AT_PHDR's PT_PHDR, and the first PT_INTERP
 * (the one Linux takes). Nothing is placed yet.
 */
static int read_image(const uint8_t *image, size_t size, struct job_elf_plan *plan,
		      Elf64_Ehdr *ehdr, Elf64_Phdr *pt_phdr, char *why, size_t whylen)
{
	Elf64_Phdr phdr;
	unsigned int i;

	memset(plan, 0, sizeof(*plan));
	memset(pt_phdr, 0, sizeof(*pt_phdr));
	if (check_header(image, size, ehdr, why, whylen))
		return -1;
	for (i = 0; i < ehdr->e_phnum; i++) {
		read_phdr(image, ehdr, i, &phdr);
		if (phdr.p_type == PT_INTERP && !plan->interp &&
		    read_interp(image, size, &phdr, plan, why, whylen))
			return -1;
		if (phdr.p_type == PT_LOAD && add_segment(&phdr, i, size, plan, why, whylen))
			return -1;
		if (phdr.p_type == PT_PHDR && pt_phdr->p_type != PT_PHDR)
			*pt_phdr = phdr;
	}
	if (plan->nr_segments == 0)
		return errbuf_set(why, whylen, "has no loadable segments (PT_LOAD)");

	plan->image = image;
	plan->image_size = size;
	plan->image_fd = -1;
	plan->pie = ehdr->e_type == ET_DYN;
	plan->phnum = ehdr->e_phnum;
	return 0;
}

/* Once placed: the entry point and AT_PHDR where the job has them. */
static int finish_plan(struct job_elf_plan *plan, const Elf64_Ehdr *ehdr,
		       const Elf64_Phdr *pt_phdr, char *why, size_t whylen)
{
	plan->entry = ehdr->e_entry + plan->load_bias;
	if (!entry_is_executable(plan))
		return errbuf_set(why, whylen,
				  "has its entry point 0x%llx outside its executable segments",
				  (unsigned long long)plan->entry);
	plan->phdr_addr = phdr_address(plan, ehdr, pt_phdr->p_type == PT_PHDR ? pt_phdr : NULL);
	return 0;
}

int job_elf_plan(const uint8_t *image, size_t size, uint64_t min_addr,
		 uint64_t max_addr, struct job_elf_plan *plan,
		 char *why, size_t whylen)
{
	Elf64_Phdr pt_phdr;
	Elf64_Ehdr ehdr;
	uint64_t lowest;

	if (read_image(image, size, plan, &ehdr, &pt_phdr, why, whylen))
		return -1;
	/* An ET_EXEC stays where it was linked. */
	lowest = plan->pie ? JOB_ELF_PIE_BASE : page_down(plan->segments[0].vaddr);
	if (place_segments(plan, lowest, min_addr, max_addr, why, whylen))
		return -1;
	return finish_plan(plan, &ehdr, &pt_phdr, why, whylen);
}

int job_elf_plan_interp(const uint8_t *image, size_t size, uint64_t max_span,
			struct job_elf_plan *plan, char *why, size_t whylen)
{
	Elf64_Phdr pt_phdr;
	Elf64_Ehdr ehdr;

	if (read_image(image, size, plan, &ehdr, &pt_phdr, why, whylen))
		return -1;
	if (plan->interp)
		return errbuf_set(why, whylen,
				  "asks for an interpreter itself (PT_INTERP %s); an interpreter must not need one",
				  plan->interp);
	if (!plan->pie)
		return errbuf_set(why, whylen,
				  "is not position-independent (ET_EXEC); an interpreter must be ET_DYN, as dynamic linkers are");
	if (place_segments(plan, 0, 0, max_span, why, whylen))
		return -1;
	return finish_plan(plan, &ehdr, &pt_phdr, why, whylen);
}

void job_elf_relocate(struct job_elf_plan *plan, uint64_t lowest)
{
	uint64_t delta = lowest - plan->lowest;
	size_t i;

	/* Unsigned wrap-around makes a move down an addition too. */
	for (i = 0; i < plan->nr_segments; i++)
		plan->segments[i].vaddr += delta;
	plan->entry += delta;
	if (plan->phdr_addr)
		plan->phdr_addr += delta;
	plan->load_bias += delta;
	plan->lowest = lowest;
	plan->end += delta;
}
