// SPDX-License-Identifier: GPL-2.0
/* The first job: says hello and shows the arguments it got. */
#include "vtjob_job.h"

int main(int argc, char **argv, char **envp)
{
	char number[VTJOB_NUMBER_MAX];
	int i;

	(void)envp;
	vtjob_puts(1, "hello from a vtjob job\n");
	for (i = 0; i < argc; i++) {
		vtjob_puts(1, "argv[");
		vtjob_puts(1, vtjob_utoa((unsigned long)i, number));
		vtjob_puts(1, "] = ");
		vtjob_puts(1, argv[i]);
		vtjob_puts(1, "\n");
	}
	return 0;
}
VTJOB_DEFINE_START(main);
