// SPDX-License-Identifier: GPL-2.0
/*
 * spin_for TICKS: says "start", computes for TICKS time stamp counter
 * ticks without a system call, says "done", then spins until it is
 * stopped. The context-switch test reads the runner's counters at "start"
 * and at "done": both while the job still runs, so that the window holds
 * the computation and nothing of vtjobctl starting or exiting.
 */
#include "vtjob_job.h"

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

int main(int argc, char **argv, char **envp)
{
	long ticks = argc > 1 ? vtjob_atol(argv[1], -1) : -1;
	uint64_t start;

	(void)envp;
	if (ticks <= 0) {
		vtjob_puts(2, "usage: spin_for TICKS\n");
		return 2;
	}
	vtjob_puts(1, "start\n");
	start = rdtsc();
	/* RDTSC does not exit from a job: this loop never leaves the CPU. */
	while (rdtsc() - start < (uint64_t)ticks)
		__asm__ volatile("pause" ::: "memory");
	vtjob_puts(1, "done\n");
	for (;;)
		__asm__ volatile("pause" ::: "memory");
}
VTJOB_DEFINE_START(main);
