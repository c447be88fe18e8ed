// SPDX-License-Identifier: GPL-2.0
/*
 * bad_frames KIND: a signal frame a process cannot have, which Linux
 * answers with SIGSEGV, and so must vtjob, without harm to anything else:
 *   garbage     rt_sigreturn with RSP at bytes of 0xff
 *   unmapped    rt_sigreturn with RSP at an address nothing maps
 *   kernel-rip  a handler that sets the return address beyond user space
 *   no-restorer a handler installed without SA_RESTORER
 *   no-stack    a signal that comes while RSP points at nothing mapped
 * Prints "bad_frames: KIND" first and "survived KIND" (exit 1) if it
 * lived; `bad_frames list` lists the kinds.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

/* The kernel's struct sigaction, for rt_sigaction without glibc's help. */
struct kernel_sigaction {
	void (*handler)(int);
	unsigned long flags;
	void (*restorer)(void);
	unsigned long mask;
};

static unsigned char junk[4096] __attribute__((aligned(16)));

static void sigreturn_at(void *sp)
{
	__asm__ volatile("mov %0, %%rsp\n\tsyscall" : : "r"(sp), "a"((long)SYS_rt_sigreturn)
			 : "memory");
}

static void garbage(void)
{
	memset(junk, 0xff, sizeof(junk));
	sigreturn_at(junk + sizeof(junk) / 2);
}

static void unmapped(void)
{
	sigreturn_at((void *)0x10);
}

static void to_kernel(int signo, siginfo_t *info, void *context)
{
	ucontext_t *uc = context;

	(void)signo;
	(void)info;
	uc->uc_mcontext.gregs[REG_RIP] = (greg_t)0xffff800000001000ull;
}

static void kernel_rip(void)
{
	struct sigaction action;

	memset(&action, 0, sizeof(action));
	action.sa_sigaction = to_kernel;
	action.sa_flags = SA_SIGINFO;
	sigaction(SIGUSR1, &action, NULL);
	raise(SIGUSR1);
}

static void nothing(int signo)
{
	(void)signo;
}

static void no_restorer(void)
{
	struct kernel_sigaction action = { .handler = nothing };

	syscall(SYS_rt_sigaction, SIGUSR1, &action, NULL, sizeof(action.mask));
	raise(SIGUSR1);
}

static void no_stack(void)
{
	signal(SIGUSR1, nothing);
	__asm__ volatile("mov %0, %%rsp\n\tsyscall"
			 : : "r"(0x10ul), "a"((long)SYS_kill), "D"((long)getpid()),
			   "S"((long)SIGUSR1)
			 : "rcx", "r11", "memory");
}

static const struct {
	const char *name;
	void (*run)(void);
} kinds[] = {
	{ "garbage", garbage },
	{ "unmapped", unmapped },
	{ "kernel-rip", kernel_rip },
	{ "no-restorer", no_restorer },
	{ "no-stack", no_stack },
};

int main(int argc, char **argv)
{
	size_t i;

	if (argc != 2) {
		fprintf(stderr, "usage: bad_frames KIND|list\n");
		return 2;
	}
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		if (!strcmp(argv[1], "list")) {
			printf("%s\n", kinds[i].name);
			continue;
		}
		if (strcmp(argv[1], kinds[i].name))
			continue;
		printf("bad_frames: %s\n", kinds[i].name);
		fflush(stdout);
		kinds[i].run();
		printf("survived %s\n", kinds[i].name);
		return 1;
	}
	return strcmp(argv[1], "list") ? 2 : 0;
}
