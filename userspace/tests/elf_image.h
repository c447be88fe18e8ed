/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Tiny ELF images for the loader's tests and the fuzzer's seeds: a valid
 * static x86-64 executable of three segments, which a test then breaks
 * one field at a time.
 *
 *   file 0x0000  ELF header, program headers   PT_LOAD R   at 0x400000
 *   file 0x1000  code: "jmp ." (16 bytes)       PT_LOAD R X at 0x401000
 *   file 0x2000  8 bytes of data, 12 KiB .bss   PT_LOAD R W at 0x402000
 */
#ifndef VTJOBCTL_TEST_ELF_IMAGE_H
#define VTJOBCTL_TEST_ELF_IMAGE_H

#include <elf.h>
#include <stdint.h>
#include <string.h>

#define TEST_ELF_SIZE		0x2008
#define TEST_ELF_PHNUM		3
#define TEST_ELF_ENTRY		0x401000
#define TEST_ELF_CODE		"\xeb\xfe\x90\x90\x90\x90\x90\x90\x90\x90\x90\x90\x90\x90\x90\x90"
#define TEST_ELF_DATA		"DATADATA"
#define TEST_ELF_BSS_END	0x405000

struct test_elf {
	/* Aligned, so that tests may edit the headers in place. */
	union {
		uint8_t bytes[TEST_ELF_SIZE + 0x1000];
		Elf64_Ehdr ehdr;
	};
	size_t size;
};

static inline Elf64_Phdr *test_elf_phdr(struct test_elf *elf, unsigned int index)
{
	return (Elf64_Phdr *)(elf->bytes + elf->ehdr.e_phoff) + index;
}

static inline void test_elf_segment(struct test_elf *elf, unsigned int index,
				    uint32_t flags, uint64_t offset, uint64_t vaddr,
				    uint64_t filesz, uint64_t memsz)
{
	Elf64_Phdr *phdr = test_elf_phdr(elf, index);

	memset(phdr, 0, sizeof(*phdr));
	phdr->p_type = PT_LOAD;
	phdr->p_flags = flags;
	phdr->p_offset = offset;
	phdr->p_vaddr = vaddr;
	phdr->p_paddr = vaddr;
	phdr->p_filesz = filesz;
	phdr->p_memsz = memsz;
	phdr->p_align = 0x1000;
}

static inline void test_elf_init(struct test_elf *elf)
{
	Elf64_Ehdr *ehdr = &elf->ehdr;

	memset(elf, 0, sizeof(*elf));
	memcpy(ehdr->e_ident, ELFMAG, SELFMAG);
	ehdr->e_ident[EI_CLASS] = ELFCLASS64;
	ehdr->e_ident[EI_DATA] = ELFDATA2LSB;
	ehdr->e_ident[EI_VERSION] = EV_CURRENT;
	ehdr->e_ident[EI_OSABI] = ELFOSABI_SYSV;
	ehdr->e_type = ET_EXEC;
	ehdr->e_machine = EM_X86_64;
	ehdr->e_version = EV_CURRENT;
	ehdr->e_entry = TEST_ELF_ENTRY;
	ehdr->e_phoff = sizeof(Elf64_Ehdr);
	ehdr->e_ehsize = sizeof(Elf64_Ehdr);
	ehdr->e_phentsize = sizeof(Elf64_Phdr);
	ehdr->e_phnum = TEST_ELF_PHNUM;

	test_elf_segment(elf, 0, PF_R, 0, 0x400000, 0x1000, 0x1000);
	test_elf_segment(elf, 1, PF_R | PF_X, 0x1000, 0x401000, 16, 16);
	test_elf_segment(elf, 2, PF_R | PF_W, 0x2000, 0x402000, 8, 0x3000);
	memcpy(elf->bytes + 0x1000, TEST_ELF_CODE, 16);
	memcpy(elf->bytes + 0x2000, TEST_ELF_DATA, 8);
	elf->size = TEST_ELF_SIZE;
}

/*
 * A fourth program header, PT_INTERP, naming @len bytes at file offset
 * 0x800 (in the first segment, as linkers put it): @name and its NUL for
 * a good one.
 */
static inline Elf64_Phdr *test_elf_add_interp(struct test_elf *elf, const char *name,
					      size_t len)
{
	Elf64_Phdr *phdr;

	elf->ehdr.e_phnum = TEST_ELF_PHNUM + 1;
	phdr = test_elf_phdr(elf, TEST_ELF_PHNUM);
	memset(phdr, 0, sizeof(*phdr));
	phdr->p_type = PT_INTERP;
	phdr->p_flags = PF_R;
	phdr->p_offset = 0x800;
	phdr->p_vaddr = 0x400800;
	phdr->p_filesz = len;
	phdr->p_memsz = len;
	phdr->p_align = 1;
	memcpy(elf->bytes + 0x800, name, len);
	return phdr;
}

/* The same program as a static-pie: ET_DYN, linked at 0. */
static inline void test_elf_init_pie(struct test_elf *elf)
{
	unsigned int i;

	test_elf_init(elf);
	elf->ehdr.e_type = ET_DYN;
	elf->ehdr.e_entry -= 0x400000;
	for (i = 0; i < TEST_ELF_PHNUM; i++) {
		test_elf_phdr(elf, i)->p_vaddr -= 0x400000;
		test_elf_phdr(elf, i)->p_paddr -= 0x400000;
	}
}

#endif /* VTJOBCTL_TEST_ELF_IMAGE_H */
