// SPDX-License-Identifier: GPL-2.0
/*
 * compute [ROUNDS]: a compute kernel (FNV-1a over a 1 MiB buffer, ROUNDS
 * times) timed with RDTSC from inside, so that the same binary measures
 * the same work as a job and natively, without start-up costs.
 */
#include "vtjob_job.h"

static uint8_t buffer[1 << 20];

static inline uint64_t rdtsc_ordered(void)
{
	uint32_t lo, hi;

	__asm__ volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi) :: "memory");
	return ((uint64_t)hi << 32) | lo;
}

int main(int argc, char **argv, char **envp)
{
	long rounds = argc > 1 ? vtjob_atol(argv[1], 0) : 4;
	uint64_t hash = 14695981039346656037ULL, start, ticks;
	char buf[24];
	long r;
	size_t i;

	(void)envp;
	for (i = 0; i < sizeof(buffer); i++)
		buffer[i] = (uint8_t)(i * 131);
	start = rdtsc_ordered();
	for (r = 0; r < rounds; r++)
		for (i = 0; i < sizeof(buffer); i++) {
			hash ^= buffer[i];
			hash *= 1099511628211ULL;
		}
	ticks = rdtsc_ordered() - start;
	vtjob_puts(1, "ticks ");
	vtjob_puts(1, vtjob_utoa(ticks, buf));
	vtjob_puts(1, " hash ");
	vtjob_puts(1, vtjob_xtoa(hash, buf));
	vtjob_puts(1, "\n");
	return 0;
}
VTJOB_DEFINE_START(main);
