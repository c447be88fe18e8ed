// SPDX-License-Identifier: GPL-2.0
/*
 * vtjob_bench: the figures of Documentation/performance.rst, measured on
 * the machine it runs on (as root, with the module loaded and CPU 1
 * reserved), printed as one table of medians, 99th percentiles and ratios.
 *
 *   job start to exit    vtjobctl exec of a job that exits at once, against
 *                        posix_spawn + waitpid of the same static program
 *   null system call     a job's call the module serves on the job's CPU,
 *                        against the same call served by Linux
 *   compute              a compute kernel timed from inside, as a job and
 *                        natively: their ratio
 *
 * Usage: vtjob_bench JOBDIR [RUNS]
 */
#define _GNU_SOURCE
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double percentile(double *v, int n, int pct)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return v[(n - 1) * pct / 100];
}

/* Runs argv to completion; its stdout, if @out is given. */
static int run(char *const argv[], char *out, size_t outlen)
{
	posix_spawn_file_actions_t actions;
	int pipefd[2], status;
	pid_t pid;

	if (pipe(pipefd))
		return -1;
	posix_spawn_file_actions_init(&actions);
	posix_spawn_file_actions_adddup2(&actions, pipefd[1], 1);
	posix_spawn_file_actions_addclose(&actions, pipefd[0]);
	if (posix_spawn(&pid, argv[0], &actions, NULL, argv, environ)) {
		posix_spawn_file_actions_destroy(&actions);
		return -1;
	}
	posix_spawn_file_actions_destroy(&actions);
	close(pipefd[1]);
	if (out) {
		ssize_t n, len = 0;

		while ((n = read(pipefd[0], out + len, outlen - 1 - len)) > 0)
			len += n;
		out[len] = '\0';
	} else {
		char sink[256];

		while (read(pipefd[0], sink, sizeof(sink)) > 0)
			;
	}
	close(pipefd[0]);
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

/* Median and p99 of wall time for @runs runs of argv. */
static int time_runs(char *const argv[], int runs, double *median, double *p99)
{
	double *t = calloc(runs, sizeof(*t));
	int i;

	for (i = 0; i < runs; i++) {
		double start = now_us();

		if (run(argv, NULL, 0) != 0) {
			fprintf(stderr, "vtjob_bench: %s failed\n", argv[0]);
			free(t);
			return -1;
		}
		t[i] = now_us() - start;
	}
	*median = percentile(t, runs, 50);
	*p99 = percentile(t, runs, 99);
	free(t);
	return 0;
}

/* TSC ticks per microsecond, measured against CLOCK_MONOTONIC. */
static double tsc_per_us(void)
{
	unsigned int lo, hi;
	unsigned long long t0, t1;
	double start = now_us();

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	t0 = ((unsigned long long)hi << 32) | lo;
	while (now_us() - start < 200000)
		;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	t1 = ((unsigned long long)hi << 32) | lo;
	return (t1 - t0) / (now_us() - start);
}

static long field(const char *out, const char *name)
{
	const char *p = strstr(out, name);

	return p ? strtol(p + strlen(name), NULL, 10) : -1;
}

int main(int argc, char **argv)
{
	char path[256], exit_with[256], null_sys[256], compute[256];
	char out[512];
	int runs = argc > 2 ? atoi(argv[2]) : 30;
	double job_med, job_p99, nat_med, nat_p99, ticks_us;
	double job_ticks[5], nat_ticks[5];
	long job_null_med, job_null_p99, nat_null_med, nat_null_p99;
	int i;

	if (argc < 2 || runs < 2) {
		fprintf(stderr, "usage: vtjob_bench JOBDIR [RUNS]\n");
		return 2;
	}
	snprintf(exit_with, sizeof(exit_with), "%s/exit_with", argv[1]);
	snprintf(null_sys, sizeof(null_sys), "%s/null_syscall", argv[1]);
	snprintf(compute, sizeof(compute), "%s/compute", argv[1]);
	snprintf(path, sizeof(path), "%s", "/usr/bin/vtjobctl");
	ticks_us = tsc_per_us();

	{
		char *job[] = { path, "exec", "--mem", "8M", exit_with, NULL };
		char *native[] = { exit_with, NULL };

		if (time_runs(job, runs, &job_med, &job_p99) ||
		    time_runs(native, runs, &nat_med, &nat_p99))
			return 1;
	}
	{
		char *job[] = { path, "exec", null_sys, "20000", NULL };
		char *native[] = { null_sys, "20000", NULL };

		if (run(job, out, sizeof(out)))
			return 1;
		job_null_med = field(out, "median_ticks ");
		job_null_p99 = field(out, "p99_ticks ");
		if (run(native, out, sizeof(out)))
			return 1;
		nat_null_med = field(out, "median_ticks ");
		nat_null_p99 = field(out, "p99_ticks ");
	}
	for (i = 0; i < 5; i++) {
		char *job[] = { path, "exec", compute, "8", NULL };
		char *native[] = { compute, "8", NULL };

		if (run(job, out, sizeof(out)))
			return 1;
		job_ticks[i] = field(out, "ticks ");
		if (run(native, out, sizeof(out)))
			return 1;
		nat_ticks[i] = field(out, "ticks ");
	}

	printf("%-34s %12s %12s %12s\n", "", "vtjob", "native", "ratio");
	printf("%-34s %9.0f us %9.0f us %12.2f\n", "job start to exit, median",
	       job_med, nat_med, job_med / nat_med);
	printf("%-34s %9.0f us %9.0f us %12.2f\n", "job start to exit, p99",
	       job_p99, nat_p99, job_p99 / nat_p99);
	printf("%-34s %9.2f us %9.2f us %12.2f\n", "null system call, median",
	       job_null_med / ticks_us, nat_null_med / ticks_us,
	       (double)job_null_med / nat_null_med);
	printf("%-34s %9.2f us %9.2f us %12.2f\n", "null system call, p99",
	       job_null_p99 / ticks_us, nat_null_p99 / ticks_us,
	       (double)job_null_p99 / nat_null_p99);
	printf("%-34s %9.0f us %9.0f us %12.3f\n", "compute (8 MiB FNV-1a), median",
	       percentile(job_ticks, 5, 50) / ticks_us,
	       percentile(nat_ticks, 5, 50) / ticks_us,
	       percentile(job_ticks, 5, 50) / percentile(nat_ticks, 5, 50));
	printf("(%d runs each for start to exit; TSC at %.1f MHz)\n", runs,
	       ticks_us);
	return 0;
}
