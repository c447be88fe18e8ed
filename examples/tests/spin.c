// SPDX-License-Identifier: GPL-2.0
/* Says so, then spins forever without a system call: for --timeout and signals. */
#include "vtjob_job.h"

int main(int argc, char **argv, char **envp)
{
	(void)argc;
	(void)argv;
	(void)envp;
	vtjob_puts(1, "spinning\n");
	for (;;)
		__asm__ volatile("pause" ::: "memory");
}
VTJOB_DEFINE_START(main);
