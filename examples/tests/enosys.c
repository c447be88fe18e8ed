// SPDX-License-Identifier: GPL-2.0
/*
 * System calls a job does not have return -ENOSYS, and the job goes on.
 * Prints each result; exits 0 if the numbers no kernel has (1000, 4096,
 * -1) gave -ENOSYS. clone3's and execve's results are printed only: they
 * are calls a job has, which refuse these arguments as Linux does.
 */
#include "vtjob_job.h"

static int show(const char *name, long result, int must_be_enosys)
{
	char number[VTJOB_NUMBER_MAX];
	int wrong = must_be_enosys && result != -VTJOB_ENOSYS;

	vtjob_puts(1, name);
	vtjob_puts(1, ": ");
	vtjob_puts(1, vtjob_itoa(result, number));
	vtjob_puts(1, wrong ? " WRONG\n" : "\n");
	return wrong;
}

int main(int argc, char **argv, char **envp)
{
	int wrong = 0;

	(void)argc;
	(void)argv;
	(void)envp;
	/* clone3() and execve() of nothing at all: errors on Linux too. */
	wrong += show("clone3", vtjob_syscall3(435, 0, 0, 0), 0);
	wrong += show("execve", vtjob_syscall3(59, 0, 0, 0), 0);
	wrong += show("syscall 1000", vtjob_syscall6(1000, 1, 2, 3, 4, 5, 6), 1);
	wrong += show("syscall 4096", vtjob_syscall0(4096), 1);
	/* All 64 bits set: no table lookup may take it for a small number. */
	wrong += show("syscall -1", vtjob_syscall0(-1), 1);
	vtjob_puts(1, "still running\n");
	return wrong;
}
VTJOB_DEFINE_START(main);
