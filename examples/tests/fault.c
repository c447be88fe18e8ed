// SPDX-License-Identifier: GPL-2.0
/*
 * fault KIND: does one thing a user program may not, so that the job is
 * killed as Linux would kill a process for it. Prints "fault: KIND"
 * first, and "survived KIND" (exit 1) if it lived. `fault list` lists
 * the kinds with the signal each should bring.
 *
 * Every faulting access is inline assembly: C would let the compiler
 * turn a null dereference into something else.
 */
#include "vtjob_job.h"

/* A return instruction in data, which is never executable. */
static unsigned char data_code[16] = { 0xc3 };

static void null_read(void)
{
	__asm__ volatile("movb (%0), %%al" : : "r"(0ul) : "rax", "memory");
}

static void null_write(void)
{
	__asm__ volatile("movb $1, (%0)" : : "r"(0ul) : "memory");
}

static void write_text(void)
{
	__asm__ volatile("movb $0x90, (%0)" : : "r"(&null_read) : "memory");
}

static void exec_stack(void)
{
	volatile unsigned char code[16] = { 0xc3 };

	__asm__ volatile("call *%0" : : "r"(code) : "memory");
}

static void exec_data(void)
{
	__asm__ volatile("call *%0" : : "r"(data_code) : "memory");
}

/* Guest-physical page 1 holds the job's PML4, but is not mapped. */
static void read_page_tables(void)
{
	__asm__ volatile("movq (%0), %%rax" : : "r"(0x1000ul) : "rax", "memory");
}

static void read_far(void)
{
	__asm__ volatile("movq (%0), %%rax" : : "r"(0x7f0000000000ul) : "rax", "memory");
}

static void non_canonical(void)
{
	__asm__ volatile("movq (%0), %%rax" : : "r"(0x8000000000000000ul) : "rax", "memory");
}

/* Never reached; volatile, so the compiler cannot tell the recursion is endless. */
static volatile unsigned long recursion_limit = ~0ul;

/* Not a tail call: each frame stays until the stack runs out. */
static unsigned long recurse(unsigned long depth)
{
	volatile unsigned char frame[4096];

	if (depth == recursion_limit)
		return 0;
	frame[0] = (unsigned char)depth;
	frame[sizeof(frame) - 1] = (unsigned char)depth;
	return recurse(depth + 1) + frame[0];
}

static void stack_overflow(void)
{
	recurse(0);
}

static void invalid_opcode(void)
{
	__asm__ volatile("ud2");
}

static void divide_by_zero(void)
{
	__asm__ volatile("xor %%edx, %%edx\n\t"
			 "mov $1, %%eax\n\t"
			 "xor %%ecx, %%ecx\n\t"
			 "div %%ecx" : : : "rax", "rcx", "rdx");
}

static void breakpoint(void)
{
	__asm__ volatile("int3");
}

/* RFLAGS.TF: a debug trap after the next instruction. */
static void single_step(void)
{
	__asm__ volatile("pushfq\n\t"
			 "orq $0x100, (%%rsp)\n\t"
			 "popfq\n\t"
			 "nop" : : : "memory", "cc");
}

static void icebp(void)
{
	__asm__ volatile(".byte 0xf1");
}

/* RFLAGS.AC with CR0.AM (which Linux sets): a misaligned load at CPL 3 faults. */
static void alignment(void)
{
	__asm__ volatile("pushfq\n\t"
			 "orq $0x40000, (%%rsp)\n\t"
			 "popfq\n\t"
			 "movl 1(%%rsp), %%eax" : : : "rax", "memory", "cc");
}

static void hlt(void)
{
	__asm__ volatile("hlt");
}

static void cli(void)
{
	__asm__ volatile("cli");
}

static void sti(void)
{
	__asm__ volatile("sti");
}

static void in(void)
{
	__asm__ volatile("inb $0x80, %%al" : : : "rax");
}

static void out(void)
{
	__asm__ volatile("outb %%al, $0x80" : : "a"(0));
}

/* POPF at CPL 3 leaves IOPL alone, so the port stays closed. */
static void iopl_out(void)
{
	__asm__ volatile("pushfq\n\t"
			 "orq $0x3000, (%%rsp)\n\t"
			 "popfq\n\t"
			 "outb %%al, $0x80" : : "a"(0) : "memory", "cc");
}

static void read_dr7(void)
{
	__asm__ volatile("mov %%dr7, %%rax" : : : "rax");
}

/* DR7 enabling a breakpoint on address 0: the host's if it reached it. */
static void write_dr7(void)
{
	__asm__ volatile("mov %0, %%dr7" : : "r"(0x1ul));
}

static void rdpmc(void)
{
	__asm__ volatile("rdpmc" : : "c"(0) : "rax", "rdx");
}

static void rdmsr(void)
{
	/* IA32_TIME_STAMP_COUNTER */
	__asm__ volatile("rdmsr" : : "c"(0x10) : "rax", "rdx");
}

static void wrmsr(void)
{
	/* IA32_LSTAR: a job taking over system calls */
	__asm__ volatile("wrmsr" : : "c"(0xc0000082), "a"(0), "d"(0));
}

static void read_cr3(void)
{
	__asm__ volatile("mov %%cr3, %%rax" : : : "rax");
}

static void write_cr3(void)
{
	__asm__ volatile("mov %0, %%cr3" : : "r"(0x1000ul) : "memory");
}

static void lgdt(void)
{
	struct __attribute__((packed)) {
		unsigned short limit;
		unsigned long base;
	} gdtr = { 0, 0 };

	__asm__ volatile("lgdt %0" : : "m"(gdtr));
}

static const struct fault {
	const char *name;
	void (*cause)(void);
	const char *signal;	/* what Linux sends, for `fault list` */
} faults[] = {
	{ "null-read", null_read, "SIGSEGV" },
	{ "null-write", null_write, "SIGSEGV" },
	{ "write-text", write_text, "SIGSEGV" },
	{ "exec-stack", exec_stack, "SIGSEGV" },
	{ "exec-data", exec_data, "SIGSEGV" },
	{ "read-page-tables", read_page_tables, "SIGSEGV" },
	{ "read-far", read_far, "SIGSEGV" },
	{ "non-canonical", non_canonical, "SIGSEGV" },
	{ "stack-overflow", stack_overflow, "SIGSEGV" },
	{ "ud2", invalid_opcode, "SIGILL" },
	{ "divide", divide_by_zero, "SIGFPE" },
	{ "int3", breakpoint, "SIGTRAP" },
	{ "single-step", single_step, "SIGTRAP" },
	{ "icebp", icebp, "SIGTRAP" },
	{ "alignment", alignment, "SIGBUS" },
	{ "hlt", hlt, "SIGSEGV" },
	{ "cli", cli, "SIGSEGV" },
	{ "sti", sti, "SIGSEGV" },
	{ "in", in, "SIGSEGV" },
	{ "out", out, "SIGSEGV" },
	{ "iopl-out", iopl_out, "SIGSEGV" },
	{ "read-dr7", read_dr7, "SIGSEGV" },
	{ "write-dr7", write_dr7, "SIGSEGV" },
	{ "rdpmc", rdpmc, "SIGSEGV" },
	{ "rdmsr", rdmsr, "SIGSEGV" },
	{ "wrmsr", wrmsr, "SIGSEGV" },
	{ "read-cr3", read_cr3, "SIGSEGV" },
	{ "write-cr3", write_cr3, "SIGSEGV" },
	{ "lgdt", lgdt, "SIGSEGV" },
};

#define NR_FAULTS	(sizeof(faults) / sizeof(faults[0]))

int main(int argc, char **argv, char **envp)
{
	unsigned long i;

	(void)envp;
	if (argc == 2 && vtjob_streq(argv[1], "list")) {
		for (i = 0; i < NR_FAULTS; i++) {
			vtjob_puts(1, faults[i].name);
			vtjob_puts(1, " ");
			vtjob_puts(1, faults[i].signal);
			vtjob_puts(1, "\n");
		}
		return 0;
	}
	for (i = 0; argc == 2 && i < NR_FAULTS; i++) {
		if (!vtjob_streq(argv[1], faults[i].name))
			continue;
		vtjob_puts(1, "fault: ");
		vtjob_puts(1, faults[i].name);
		vtjob_puts(1, "\n");
		faults[i].cause();
		vtjob_puts(1, "survived ");
		vtjob_puts(1, faults[i].name);
		vtjob_puts(1, "\n");
		return 1;
	}
	vtjob_puts(2, "usage: fault KIND, or fault list for the kinds\n");
	return 2;
}
VTJOB_DEFINE_START(main);
