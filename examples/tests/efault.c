// SPDX-License-Identifier: GPL-2.0
/*
 * write() from memory the job cannot read fails with -EFAULT, and from
 * an fd it does not have with -EBADF, as on Linux; nothing is written.
 * One line per case: "NAME: RESULT ok" or "NAME: RESULT WRONG". Exits
 * with the number of wrong ones.
 *
 * Cases marked "(vtjob)" hold only for vtjob's layout (see
 * userspace/loader/job_layout.h): Linux grows its stack and writes the readable
 * part of a buffer, where vtjob's stack is fixed and its writes are whole.
 */
#include "vtjob_job.h"

#define MIB	(1ul << 20)
#define PAGE	4096ul

extern unsigned long *vtjob_initial_sp;

static int check(const char *name, long result, long expected)
{
	char number[VTJOB_NUMBER_MAX];
	int wrong = result != expected;

	vtjob_puts(1, name);
	vtjob_puts(1, ": ");
	vtjob_puts(1, vtjob_itoa(result, number));
	vtjob_puts(1, wrong ? " WRONG\n" : " ok\n");
	return wrong;
}

int main(int argc, char **argv, char **envp)
{
	const char *execfn = (const char *)vtjob_getauxval(envp, VTJOB_AT_EXECFN);
	/* The stack's top: the name, then one zero word (see job_stack.h). */
	unsigned long top = (unsigned long)execfn + vtjob_strlen(execfn) + 1 + 8;
	/* Below the 1 MiB free stack under the initial stack's pages. */
	unsigned long guard = ((unsigned long)vtjob_initial_sp & ~(PAGE - 1)) - MIB - 1;
	static const char text[] = "x";
	int wrong = 0;

	wrong += check("null", vtjob_write(1, (void *)0, 1), -VTJOB_EFAULT);
	wrong += check("page tables", vtjob_write(1, (void *)0x1000, 8), -VTJOB_EFAULT);
	wrong += check("below 4 MiB", vtjob_write(1, (void *)0x3ff000, 16), -VTJOB_EFAULT);
	wrong += check("far above", vtjob_write(1, (void *)0x7f0000000000, 1), -VTJOB_EFAULT);
	wrong += check("non-canonical", vtjob_write(1, (void *)0x8000000000000000, 1),
		       -VTJOB_EFAULT);
	wrong += check("wraps around", vtjob_write(1, text, -(unsigned long)text),
		       -VTJOB_EFAULT);
	wrong += check("nothing from null", vtjob_write(1, (void *)0, 0), 0);
	wrong += check("fd 3", vtjob_write(3, text, 1), -VTJOB_EBADF);
	wrong += check("fd 3 and null", vtjob_write(3, (void *)0, 1), -VTJOB_EBADF);
	if (argc > 1 && vtjob_streq(argv[1], "vtjob")) {
		wrong += check("guard gap (vtjob)", vtjob_write(1, (void *)guard, 1),
			       -VTJOB_EFAULT);
		/*
		 * Linux writes what it could copy before the fault: here the
		 * last 4 bytes of the stack, zero, then nothing (to stderr,
		 * so that stdout stays text).
		 */
		wrong += check("across the top (vtjob)", vtjob_write(2, (void *)(top - 4), 8),
			       4);
		wrong += check("huge count (vtjob)", vtjob_write(1, text, ~0ul >> 1),
			       -VTJOB_EFAULT);
	}
	return wrong;
}
VTJOB_DEFINE_START(main);
