// SPDX-License-Identifier: GPL-2.0
/*
 * tsc_gaps: how often, and for how long, something takes the CPU from a
 * program that only computes. It reads the TSC in a tight loop for
 * SECONDS and keeps the gap between each two reads: a gap much longer than
 * the loop's own few cycles is time the CPU spent elsewhere (an interrupt,
 * another task, a VM exit). The same binary runs as a job and natively
 * (make bench, scripts/bench-builds-guest.sh).
 *
 * Prints one line: reads=N median_ns=X p99_ns=X max_ns=X over_1us=N
 * over_10us=N tsc_mhz=X.
 *
 * Usage: tsc_gaps SECONDS
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/*
 * Gaps are counted one bucket a tick up to this many ticks (5 ms at the
 * emulator's 200 MHz, 0.3 ms at 3 GHz); longer ones only count towards
 * the maximum and the tail.
 */
#define BUCKETS		(1u << 20)
#define CALIBRATE_NS	100000000ull

static uint32_t counts[BUCKETS];

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

/* TSC ticks a nanosecond, against CLOCK_MONOTONIC over 100 ms. */
static double ticks_per_ns(void)
{
	uint64_t start_ns = now_ns(), start = rdtsc(), ns;

	do
		ns = now_ns() - start_ns;
	while (ns < CALIBRATE_NS);
	return (double)(rdtsc() - start) / ns;
}

/* The smallest gap, in ticks, that at least @share of all gaps are at most. */
static uint64_t quantile(uint64_t reads, double share)
{
	uint64_t want = (uint64_t)(share * reads), seen = 0;
	uint32_t gap;

	for (gap = 0; gap < BUCKETS; gap++) {
		seen += counts[gap];
		if (seen >= want && seen)
			return gap;
	}
	return BUCKETS;
}

int main(int argc, char **argv)
{
	uint64_t reads = 0, longest = 0, over_1us = 0, over_10us = 0;
	uint64_t last, now, end, gap, one_us, ten_us;
	double per_ns;
	char *rest;
	long seconds;

	seconds = argc == 2 ? strtol(argv[1], &rest, 10) : 0;
	if (argc != 2 || *rest || seconds < 1 || seconds > 3600) {
		fprintf(stderr, "usage: tsc_gaps SECONDS (1 to 3600)\n");
		return 2;
	}
	per_ns = ticks_per_ns();
	one_us = (uint64_t)(1000 * per_ns);
	ten_us = (uint64_t)(10000 * per_ns);
	last = rdtsc();
	end = last + (uint64_t)(seconds * 1e9 * per_ns);
	do {
		now = rdtsc();
		gap = now - last;
		last = now;
		counts[gap < BUCKETS ? gap : BUCKETS - 1]++;
		if (gap > longest)
			longest = gap;
		over_1us += gap > one_us;
		over_10us += gap > ten_us;
		reads++;
	} while (now < end);

	printf("reads=%llu median_ns=%.0f p99_ns=%.0f max_ns=%.0f over_1us=%llu over_10us=%llu "
	       "tsc_mhz=%.1f\n", (unsigned long long)reads, quantile(reads, 0.5) / per_ns,
	       quantile(reads, 0.99) / per_ns, longest / per_ns, (unsigned long long)over_1us,
	       (unsigned long long)over_10us, per_ns * 1000);
	return 0;
}
