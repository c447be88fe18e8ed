// SPDX-License-Identifier: GPL-2.0
/*
 * syscall_round_trip getpid|pread [N] [FILE]: times N system calls one by
 * one with RDTSC and prints the median and 99th percentile in TSC ticks.
 * getpid is served by the module on the job's CPU; a 1-byte pread64 of
 * FILE is served by vtjobctl, a round trip out of the guest and back.
 * Natively, Linux serves both.
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

#define SYS_PREAD64	17
#define SYS_GETPID	39
#define SYS_OPENAT	257
#define AT_FDCWD	-100

static int is(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

int main(int argc, char **argv, char **envp)
{
	long n = argc > 2 ? vtjob_atol(argv[2], 0) : 10000;
	int pread = argc > 1 && is(argv[1], "pread");
	long i, fd = -1;
	char byte;

	(void)envp;
	if (argc < 2 || (!pread && !is(argv[1], "getpid")) || (pread && argc < 4)) {
		vtjob_puts(2, "usage: syscall_round_trip getpid|pread N [FILE]\n");
		return 2;
	}
	if (n < 100 || n > MAX_CALLS)
		n = 10000;
	if (pread) {
		fd = vtjob_syscall3(SYS_OPENAT, AT_FDCWD, (long)argv[3], 0);
		if (fd < 0) {
			vtjob_puts(2, "syscall_round_trip: cannot open the file\n");
			return 1;
		}
	}
	for (i = 0; i < n; i++) {
		uint64_t start = rdtsc_ordered();

		if (pread)
			vtjob_syscall4(SYS_PREAD64, fd, (long)&byte, 1, 0);
		else
			vtjob_syscall0(SYS_GETPID);
		ticks[i] = rdtsc_ordered() - start;
	}
	sort(ticks, n);
	print_u("median_ticks ", ticks[n / 2]);
	print_u("p99_ticks ", ticks[n * 99 / 100]);
	return 0;
}
VTJOB_DEFINE_START(main);
