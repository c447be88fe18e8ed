// SPDX-License-Identifier: GPL-2.0
/*
 * An ordinary dynamically linked C program: what it prints is the same
 * whoever loaded it, Linux or vtjob, and says whether the loading was
 * right. It checks that AT_ENTRY is its _start, AT_BASE its interpreter
 * (an ELF image whose name its own PT_INTERP gives), AT_PHDR its program
 * headers; prints its arguments, the shared objects it was given (libc
 * and libm: a function of each is called) and AT_SECURE; with -l LOCALE,
 * whether the locale loaded and how many characters a UTF-8 string holds
 * in it; with FILE arguments, each file's line count and first line.
 * Exits 0 when every check held, 1 otherwise.
 */
#define _GNU_SOURCE
#include <elf.h>
#include <link.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <unistd.h>

extern char _start[];

static int failed;

static void check(const char *what, int holds)
{
	printf("%s: %s\n", what, holds ? "yes" : "NO");
	if (!holds)
		failed = 1;
}

/* The name PT_INTERP gives in the program headers at @phdr, or NULL. */
static const char *interp_name(const ElfW(Phdr) *phdr, size_t phnum, uintptr_t bias)
{
	size_t i;

	for (i = 0; i < phnum; i++)
		if (phdr[i].p_type == PT_INTERP)
			return (const char *)(bias + phdr[i].p_vaddr);
	return NULL;
}

/* The program's load bias, from AT_PHDR and its PT_PHDR. */
static uintptr_t program_bias(const ElfW(Phdr) *phdr, size_t phnum)
{
	size_t i;

	for (i = 0; i < phnum; i++)
		if (phdr[i].p_type == PT_PHDR)
			return (uintptr_t)phdr - phdr[i].p_vaddr;
	return 0;
}

static int show_object(struct dl_phdr_info *info, size_t size, void *data)
{
	const char *name = info->dlpi_name, *base = strrchr(name, '/');

	(void)size;
	(void)data;
	/*
	 * The main program has no name; Linux's vDSO is linux-vdso.so.1,
	 * and a job has none (its C library makes system calls instead).
	 */
	if (name[0] && strncmp(name, "linux-vdso", 10) != 0)
		printf("object: %s\n", base ? base + 1 : name);
	return 0;
}

static void show_file(const char *path)
{
	char line[256] = "", first[256] = "";
	unsigned long lines = 0;
	FILE *file = fopen(path, "r");

	if (!file) {
		printf("%s: cannot open\n", path);
		return;
	}
	while (fgets(line, sizeof(line), file)) {
		if (lines++ == 0)
			snprintf(first, sizeof(first), "%s", line);
	}
	fclose(file);
	printf("%s: %lu lines, first: %s", path, lines, first);
	if (!strchr(first, '\n'))
		printf("\n");
}

int main(int argc, char **argv)
{
	const ElfW(Phdr) *phdr = (const ElfW(Phdr) *)getauxval(AT_PHDR);
	size_t phnum = getauxval(AT_PHNUM);
	const unsigned char *base = (const unsigned char *)getauxval(AT_BASE);
	const char *interp = interp_name(phdr, phnum, program_bias(phdr, phnum));
	int i = 1;

	printf("argc: %d\n", argc);
	check("AT_ENTRY is _start", getauxval(AT_ENTRY) == (uintptr_t)_start);
	check("AT_PHDR holds PT_INTERP", interp != NULL);
	check("AT_BASE is an ELF image", base && !memcmp(base, ELFMAG, SELFMAG));
	printf("interpreter: %s\n", interp ? interp : "(none)");
	printf("AT_SECURE: %lu\n", getauxval(AT_SECURE));
	/* libm's, not a builtin: the volatile argument keeps the call. */
	{
		volatile double two = 2.0;

		printf("sqrt(2): %.6f\n", sqrt(two));
	}
	dl_iterate_phdr(show_object, NULL);
	if (argc > 2 && !strcmp(argv[1], "-l")) {
		const char *loaded = setlocale(LC_ALL, argv[2]);

		printf("locale %s: %s\n", argv[2], loaded ? "loaded" : "not found");
		printf("characters in \"h\303\251\303\251\": %ld\n",
		       (long)mbstowcs(NULL, "h\303\251\303\251", 0));
		i = 3;
	}
	for (; i < argc; i++)
		show_file(argv[i]);
	return failed;
}
