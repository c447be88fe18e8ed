// SPDX-License-Identifier: GPL-2.0
/*
 * Prints what the job started with: argc, argv, envp, the auxiliary
 * vector (the strings AT_EXECFN and AT_PLATFORM point to, and AT_RANDOM's
 * bytes too), the initial stack pointer, and two checks: that it is
 * 16-byte aligned, and that AT_PHDR's program headers put AT_ENTRY in an
 * executable PT_LOAD. Exits 0 if both hold. One "name: value" per line.
 */
#include "vtjob_job.h"

#define PT_LOAD		1
#define PF_X		1

struct elf64_phdr {
	unsigned int p_type;
	unsigned int p_flags;
	unsigned long p_offset;
	unsigned long p_vaddr;
	unsigned long p_paddr;
	unsigned long p_filesz;
	unsigned long p_memsz;
	unsigned long p_align;
};

extern unsigned long *vtjob_initial_sp;

static void line(const char *name, const char *value)
{
	vtjob_puts(1, name);
	vtjob_puts(1, ": ");
	vtjob_puts(1, value);
	vtjob_puts(1, "\n");
}

static void indexed_line(const char *name, unsigned long index, const char *value)
{
	char number[VTJOB_NUMBER_MAX];

	vtjob_puts(1, name);
	vtjob_puts(1, "[");
	vtjob_puts(1, vtjob_utoa(index, number));
	vtjob_puts(1, "]");
	line("", value);
}

static const char *aux_name(unsigned long type)
{
	switch (type) {
	case VTJOB_AT_PHDR:	return "AT_PHDR";
	case VTJOB_AT_PHENT:	return "AT_PHENT";
	case VTJOB_AT_PHNUM:	return "AT_PHNUM";
	case VTJOB_AT_PAGESZ:	return "AT_PAGESZ";
	case VTJOB_AT_BASE:	return "AT_BASE";
	case VTJOB_AT_FLAGS:	return "AT_FLAGS";
	case VTJOB_AT_ENTRY:	return "AT_ENTRY";
	case VTJOB_AT_UID:	return "AT_UID";
	case VTJOB_AT_EUID:	return "AT_EUID";
	case VTJOB_AT_GID:	return "AT_GID";
	case VTJOB_AT_EGID:	return "AT_EGID";
	case VTJOB_AT_PLATFORM:	return "AT_PLATFORM";
	case VTJOB_AT_HWCAP:	return "AT_HWCAP";
	case VTJOB_AT_CLKTCK:	return "AT_CLKTCK";
	case VTJOB_AT_SECURE:	return "AT_SECURE";
	case VTJOB_AT_RANDOM:	return "AT_RANDOM";
	case VTJOB_AT_EXECFN:	return "AT_EXECFN";
	case VTJOB_AT_HWCAP2:	return "AT_HWCAP2";
	case VTJOB_AT_MINSIGSTKSZ:	return "AT_MINSIGSTKSZ";
	default:		return NULL;
	}
}

/* Counts and ids in decimal, addresses and bit masks in hex. */
static int in_decimal(unsigned long type)
{
	return type == VTJOB_AT_PHENT || type == VTJOB_AT_PHNUM || type == VTJOB_AT_PAGESZ ||
	       type == VTJOB_AT_FLAGS || type == VTJOB_AT_UID || type == VTJOB_AT_EUID ||
	       type == VTJOB_AT_GID || type == VTJOB_AT_EGID || type == VTJOB_AT_CLKTCK ||
	       type == VTJOB_AT_SECURE || type == VTJOB_AT_MINSIGSTKSZ;
}

static void show_auxv(char **envp)
{
	char number[VTJOB_NUMBER_MAX], name[8 + VTJOB_NUMBER_MAX] = "AT_";
	unsigned long *aux;

	for (aux = vtjob_auxv(envp); aux[0] != VTJOB_AT_NULL; aux += 2) {
		const char *known = aux_name(aux[0]);

		if (!known) {
			vtjob_utoa(aux[0], name + 3);
			known = name;
		}
		line(known, in_decimal(aux[0]) ? vtjob_utoa(aux[1], number) :
						 vtjob_xtoa(aux[1], number));
	}
}

static void show_random(const unsigned char *bytes)
{
	static const char hex[] = "0123456789abcdef";
	char text[33];
	int i;

	for (i = 0; i < 16; i++) {
		text[2 * i] = hex[bytes[i] >> 4];
		text[2 * i + 1] = hex[bytes[i] & 0xf];
	}
	text[32] = '\0';
	line("random", text);
}

static int entry_is_loaded(char **envp)
{
	const struct elf64_phdr *phdr =
		(const struct elf64_phdr *)vtjob_getauxval(envp, VTJOB_AT_PHDR);
	unsigned long phnum = vtjob_getauxval(envp, VTJOB_AT_PHNUM);
	unsigned long entry = vtjob_getauxval(envp, VTJOB_AT_ENTRY);
	unsigned long i;

	if (!phdr || vtjob_getauxval(envp, VTJOB_AT_PHENT) != sizeof(*phdr))
		return 0;
	for (i = 0; i < phnum; i++)
		if (phdr[i].p_type == PT_LOAD && (phdr[i].p_flags & PF_X) &&
		    entry >= phdr[i].p_vaddr && entry - phdr[i].p_vaddr < phdr[i].p_memsz)
			return 1;
	return 0;
}

int main(int argc, char **argv, char **envp)
{
	char number[VTJOB_NUMBER_MAX];
	unsigned long sp = (unsigned long)vtjob_initial_sp, envc;
	const unsigned char *random;
	int aligned = sp % 16 == 0, loaded = entry_is_loaded(envp);
	int i;

	line("argc", vtjob_utoa((unsigned long)argc, number));
	for (i = 0; i < argc; i++)
		indexed_line("argv", (unsigned long)i, argv[i]);
	for (envc = 0; envp[envc]; envc++)
		indexed_line("envp", envc, envp[envc]);
	line("envc", vtjob_utoa(envc, number));
	show_auxv(envp);
	line("execfn", (const char *)vtjob_getauxval(envp, VTJOB_AT_EXECFN));
	line("platform", (const char *)vtjob_getauxval(envp, VTJOB_AT_PLATFORM));
	random = (const unsigned char *)vtjob_getauxval(envp, VTJOB_AT_RANDOM);
	if (random)
		show_random(random);
	line("sp", vtjob_xtoa(sp, number));
	line("sp aligned", aligned ? "yes" : "NO");
	line("entry in an executable PT_LOAD", loaded ? "yes" : "NO");
	return aligned && loaded ? 0 : 1;
}
VTJOB_DEFINE_START(main);
