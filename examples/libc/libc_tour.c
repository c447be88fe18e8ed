// SPDX-License-Identifier: GPL-2.0
/*
 * An ordinary C program, for running as a job and natively and comparing
 * what each prints: stdio buffering (stdout buffered, stderr not, in an
 * order only the right flushes keep), a large malloc (the mmap path), a
 * realloc that grows it (mremap), qsort, floating-point printf, lines
 * from stdin with getline, the clocks and a short sleep. Its output does
 * not depend on time or addresses, so the two runs print the same.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int compare_ints(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

static int big_memory(void)
{
	size_t size = 8u << 20, i;
	uint64_t sum = 0;
	unsigned char *p = malloc(size);

	if (!p)
		return perror("malloc"), 1;
	memset(p, 1, size);
	/* Grow it well past where it was: glibc and musl move it with mremap. */
	p = realloc(p, 4 * size);
	if (!p)
		return perror("realloc"), 1;
	memset(p + size, 2, 3 * size);
	for (i = 0; i < 4 * size; i += 4096)
		sum += p[i];
	free(p);
	printf("memory: %zu MiB touched, page sum %llu\n", 4 * size >> 20, (unsigned long long)sum);
	return 0;
}

static void sorting(void)
{
	int values[1000], i;
	unsigned int seed = 12345;

	for (i = 0; i < 1000; i++) {
		seed = seed * 1103515245 + 12345;
		values[i] = (int)(seed >> 16) % 10000;
	}
	qsort(values, 1000, sizeof(values[0]), compare_ints);
	printf("sorted: first %d, median %d, last %d\n", values[0], values[500], values[999]);
}

static void floating_point(void)
{
	double x = 1.0 / 3.0;

	printf("float: %.10f %e %g %.3f %a\n", x, 6.02214076e23, sqrt(2.0), M_PI, 0.5);
}

static void input_lines(void)
{
	char *line = NULL;
	size_t cap = 0, lines = 0, bytes = 0;
	ssize_t len;

	while ((len = getline(&line, &cap, stdin)) > 0) {
		lines++;
		bytes += (size_t)len;
	}
	free(line);
	printf("stdin: %zu lines, %zu bytes\n", lines, bytes);
}

static int clocks(void)
{
	struct timespec before, after, nap = { 0, 20 * 1000 * 1000 };
	struct timespec wall;
	double slept;

	clock_gettime(CLOCK_MONOTONIC, &before);
	nanosleep(&nap, NULL);
	clock_gettime(CLOCK_MONOTONIC, &after);
	clock_gettime(CLOCK_REALTIME, &wall);
	slept = (double)(after.tv_sec - before.tv_sec) + (after.tv_nsec - before.tv_nsec) / 1e9;
	printf("clock: slept at least 20 ms: %s; wall clock after 2020: %s\n",
	       slept >= 0.02 ? "yes" : "no", wall.tv_sec > 1577836800 ? "yes" : "no");
	return 0;
}

int main(void)
{
	/* Buffered stdout, unbuffered stderr: a flush decides the order. */
	printf("stdout: one, ");
	fprintf(stderr, "stderr: first\n");
	printf("two\n");
	fflush(stdout);
	fprintf(stderr, "stderr: second\n");
	if (big_memory())
		return 1;
	sorting();
	floating_point();
	input_lines();
	clocks();
	printf("done\n");
	return 0;
}
