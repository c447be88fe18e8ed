// SPDX-License-Identifier: GPL-2.0
/*
 * Writes the fuzzer's seed inputs to a directory: the tiny ELF images of
 * the loader's tests, good ones and a few that are nearly so. The built
 * jobs of examples/ join them (see the Makefile's fuzz-smoke).
 */
#include <stdio.h>
#include <stdlib.h>

#include "../tests/elf_image.h"

static int save(const char *dir, const char *name, const struct test_elf *elf)
{
	char path[4096];
	FILE *file;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	file = fopen(path, "wb");
	if (!file || fwrite(elf->bytes, 1, elf->size, file) != elf->size || fclose(file)) {
		perror(path);
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static struct test_elf elf;
	Elf64_Phdr *phdr;
	int err = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: make_seeds DIR\n");
		return 2;
	}
	test_elf_init(&elf);
	err |= save(argv[1], "exec", &elf);

	test_elf_init_pie(&elf);
	err |= save(argv[1], "static-pie", &elf);

	test_elf_init(&elf);
	test_elf_segment(&elf, 2, PF_R | PF_W, 0x1010, 0x401010, 8, 0x3000);
	err |= save(argv[1], "shared-page", &elf);

	/* Programs that name an interpreter, good and nearly so. */
	test_elf_init(&elf);
	test_elf_add_interp(&elf, "/lib64/ld-linux-x86-64.so.2", 28);
	err |= save(argv[1], "interp", &elf);

	test_elf_init_pie(&elf);
	test_elf_add_interp(&elf, "/lib64/ld-linux-x86-64.so.2", 28);
	err |= save(argv[1], "pie-interp", &elf);

	test_elf_init(&elf);
	test_elf_add_interp(&elf, "lib/ld.so", 10);
	err |= save(argv[1], "interp-relative", &elf);

	test_elf_init(&elf);
	phdr = test_elf_add_interp(&elf, "/lib/ld.so", 10);
	err |= save(argv[1], "interp-unterminated", &elf);
	phdr->p_filesz = 0x2000;
	err |= save(argv[1], "interp-beyond-the-file", &elf);

	test_elf_init(&elf);
	elf.ehdr.e_phnum = 4;
	phdr = test_elf_phdr(&elf, 3);
	phdr->p_type = PT_PHDR;
	phdr->p_vaddr = 0x400040;
	err |= save(argv[1], "pt-phdr", &elf);

	test_elf_init(&elf);
	test_elf_phdr(&elf, 2)->p_memsz = 8u << 20;
	err |= save(argv[1], "big-bss", &elf);
	return err ? 1 : 0;
}
