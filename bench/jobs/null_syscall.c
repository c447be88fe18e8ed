// SPDX-License-Identifier: GPL-2.0
/*
 * null_syscall [N]: times N system calls that do nothing (an unknown
 * number: -ENOSYS) one by one with RDTSC, and prints the median and 99th
 * percentile in TSC ticks. As a job the module answers them without
 * leaving the job's CPU; natively, Linux does.
 */
#include "vtjob_job.h"

#define MAX_CALLS 20000

static uint64_t ticks[MAX_CALLS];

static inline uint64_t rdtsc_ordered(void)
{
	uint32_t lo, hi;

	__asm__ volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi) :: "memory");
	return ((uint64_t)hi << 32) | lo;
}

static void sort(uint64_t *v, long n)
{
	long i, j;

	/* Shell sort: small, and fast enough for 20000 values. */
	for (long gap = n / 2; gap > 0; gap /= 2)
		for (i = gap; i < n; i++)
			for (j = i; j >= gap && v[j - gap] > v[j]; j -= gap) {
				uint64_t t = v[j];

				v[j] = v[j - gap];
				v[j - gap] = t;
			}
}

static void print_u(const char *label, uint64_t value)
{
	char buf[24];

	vtjob_puts(1, label);
	vtjob_puts(1, vtjob_utoa(value, buf));
	vtjob_puts(1, "\n");
}

int main(int argc, char **argv, char **envp)
{
	long n = argc > 1 ? vtjob_atol(argv[1], 0) : 10000;
	long i;

	(void)envp;
	if (n < 100 || n > MAX_CALLS)
		n = 10000;
	for (i = 0; i < n; i++) {
		uint64_t start = rdtsc_ordered();

		vtjob_syscall0(4095);
		ticks[i] = rdtsc_ordered() - start;
	}
	sort(ticks, n);
	print_u("median_ticks ", ticks[n / 2]);
	print_u("p99_ticks ", ticks[n * 99 / 100]);
	return 0;
}
VTJOB_DEFINE_START(main);
