// SPDX-License-Identifier: GPL-2.0
/*
 * exit_with STATUS [exit|exit_group|return]: ends with STATUS (default 0)
 * the way it is told, for the exit status checks. STATUS may exceed 255:
 * Linux keeps its low 8 bits.
 */
#include "vtjob_job.h"

int main(int argc, char **argv, char **envp)
{
	long status = argc > 1 ? vtjob_atol(argv[1], 0) : 0;
	const char *how = argc > 2 ? argv[2] : "exit_group";

	(void)envp;
	if (vtjob_streq(how, "exit"))
		vtjob_exit((int)status);
	if (vtjob_streq(how, "return"))
		return (int)status;
	vtjob_exit_group((int)status);
}
VTJOB_DEFINE_START(main);
