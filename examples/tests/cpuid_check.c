// SPDX-License-Identifier: GPL-2.0
/*
 * cpuid_check: every feature CPUID tells of works. Uses each instruction
 * the CPUID bits it checks advertise (a fault ends it with a signal, which
 * the caller sees), checks that XGETBV's XCR0 is what CPUID leaf 0xD says
 * is enabled, and that an XSAVE of all of it fits in the size leaf 0xD
 * gives. Prints one line a check and exits 0 when all hold, 1 otherwise;
 * natively and as a job alike.
 */
#include "vtjob_job.h"

struct regs {
	uint32_t eax, ebx, ecx, edx;
};

static struct regs cpuid(uint32_t leaf, uint32_t subleaf)
{
	struct regs r;

	__asm__ volatile("cpuid" : "=a"(r.eax), "=b"(r.ebx), "=c"(r.ecx), "=d"(r.edx)
			 : "a"(leaf), "c"(subleaf));
	return r;
}

static int failed;

static void say(const char *what, int ok)
{
	vtjob_puts(1, what);
	vtjob_puts(1, ok ? ": ok\n" : ": FAILED\n");
	if (!ok)
		failed = 1;
}

#define XSAVE_MAX	(64 * 1024)
#define CANARY		0xa5

static uint8_t area[XSAVE_MAX + 4096] __attribute__((aligned(64)));

static void check_xsave(void)
{
	struct regs d = cpuid(0xd, 0);
	uint64_t told = ((uint64_t)d.edx << 32) | d.eax, xcr0;
	uint32_t lo, hi, i;
	int intact = 1;

	__asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
	xcr0 = ((uint64_t)hi << 32) | lo;
	say("xgetbv(0) is cpuid(0xd, 0)'s enabled set", xcr0 == told);
	if (d.ebx > XSAVE_MAX) {
		say("xsave size within 64 KiB", 0);
		return;
	}
	for (i = 0; i < sizeof(area); i++)
		area[i] = CANARY;
	/* The header must be zero for XSAVE's own use of it. */
	for (i = 512; i < 576; i++)
		area[i] = 0;
	__asm__ volatile("xsave %0" : "+m"(area) : "a"(lo), "d"(hi) : "memory");
	for (i = d.ebx; i < sizeof(area); i++)
		if (area[i] != CANARY)
			intact = 0;
	say("xsave of xcr0 fits cpuid(0xd, 0).ebx", intact);
}

int main(int argc, char **argv, char **envp)
{
	struct regs l1 = cpuid(1, 0), l7 = cpuid(7, 0), e1 = cpuid(0x80000001, 0);
	uint32_t a, c, d;

	(void)argc;
	(void)argv;
	(void)envp;
	if (l1.ecx & (1u << 27))
		check_xsave();
	if (e1.edx & (1u << 27)) {
		__asm__ volatile("rdtscp" : "=a"(a), "=d"(d), "=c"(c));
		say("rdtscp", 1);
	}
	if (l7.ecx & (1u << 22)) {
		uint64_t id;

		__asm__ volatile(".byte 0xf3, 0x0f, 0xc7, 0xf8" : "=a"(id));
		say("rdpid", 1);
	}
	if (l7.ecx & (1u << 4)) {
		__asm__ volatile(".byte 0x0f, 0x01, 0xee" : "=a"(a) : "c"(0) : "edx");
		say("rdpkru", 1);
	}
	return failed;
}
VTJOB_DEFINE_START(main);
