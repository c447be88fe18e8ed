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
 *   kernel memory        what creating and running a job takes from the
 *                        kernel beyond the job's own (already faulted-in)
 *                        memory: free memory and slab before and after
 *
 * Usage: vtjob_bench JOBDIR [RUNS]
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/vtjob.h>

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

/* A /proc/meminfo field in kB, or -1. */
static long meminfo_kb(const char *name)
{
	char line[256];
	size_t len = strlen(name);
	long kb = -1;
	FILE *file = fopen("/proc/meminfo", "r");

	while (file && fgets(line, sizeof(line), file)) {
		if (!strncmp(line, name, len) && line[len] == ':') {
			kb = strtol(line + len + 1, NULL, 10);
			break;
		}
	}
	if (file)
		fclose(file);
	return kb;
}

/*
 * Free memory in kB: MemFree plus the pages on the per-CPU free lists
 * (/proc/zoneinfo's "count:" lines), which MemFree leaves out and which
 * would otherwise make a few hundred kB come and go at random.
 */
static long free_kb(void)
{
	char line[256];
	long pages = 0, free = meminfo_kb("MemFree");
	FILE *file = fopen("/proc/zoneinfo", "r");
	char *count;

	while (file && fgets(line, sizeof(line), file)) {
		count = strstr(line, "count:");
		if (count)
			pages += strtol(count + strlen("count:"), NULL, 10);
	}
	if (file)
		fclose(file);
	return free < 0 ? -1 : free + pages * (sysconf(_SC_PAGESIZE) / 1024);
}

#define JOB_MEM		(64UL << 20)	/* vtjobctl exec's default --mem */
#define HUGE_PAGE	(2UL << 20)
#define JOB_PML4	0x1000
#define JOB_PDPT	0x2000
#define JOB_PD		0x3000
#define JOB_CODE	0x10000
#define PTE_PRESENT_RW_USER	0x7
#define PTE_HUGE	0x80

/* mov $60, %eax; xor %edi, %edi; syscall: exit(0). */
static const unsigned char exit_0[] = { 0xb8, 0x3c, 0, 0, 0, 0x31, 0xff, 0x0f, 0x05 };

/*
 * Job memory as vtjobctl makes it (2 MiB aligned, huge pages where the
 * kernel gives them), every page touched so that it is allocated before
 * any measurement, holding page tables that map its first 2 MiB and a
 * program that exits at once.
 */
static uint8_t *job_memory(void)
{
	uint8_t *raw = mmap(NULL, JOB_MEM + HUGE_PAGE, PROT_READ | PROT_WRITE,
			    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	uint8_t *mem;
	uint64_t *table;

	if (raw == MAP_FAILED)
		return NULL;
	mem = (uint8_t *)(((uintptr_t)raw + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1));
	madvise(mem, JOB_MEM, MADV_HUGEPAGE);
	memset(mem, 0, JOB_MEM);
	table = (uint64_t *)(mem + JOB_PML4);
	table[0] = JOB_PDPT | PTE_PRESENT_RW_USER;
	table = (uint64_t *)(mem + JOB_PDPT);
	table[0] = JOB_PD | PTE_PRESENT_RW_USER;
	table = (uint64_t *)(mem + JOB_PD);
	table[0] = 0 | PTE_PRESENT_RW_USER | PTE_HUGE;
	memcpy(mem + JOB_CODE, exit_0, sizeof(exit_0));
	return mem;
}

/* Creates a job over @mem and runs it to its exit; its fd, or -1. */
static int create_and_run_job(int dev, uint8_t *mem)
{
	struct vtjob_create_job create = {
		.size = sizeof(create), .cpu = VTJOB_CPU_ANY,
		.mem_addr = (uintptr_t)mem, .mem_size = JOB_MEM,
	};
	struct vtjob_regs regs = {
		.size = sizeof(regs), .rip = JOB_CODE, .rsp = HUGE_PAGE,
		.rflags = 0x2, .cr3 = JOB_PML4,
	};
	struct vtjob_run run = { .size = sizeof(run) };
	int job = ioctl(dev, VTJOB_CREATE_JOB, &create);

	if (job < 0)
		return -1;
	if (ioctl(job, VTJOB_SET_REGS, &regs) || ioctl(job, VTJOB_RUN, &run) ||
	    run.exit.reason != VTJOB_EXIT_SYSCALL || run.exit.syscall.nr != 60) {
		close(job);
		return -1;
	}
	return job;
}

/*
 * The kernel memory one job costs beyond its guest memory, in kB: free
 * memory and Slab just before a job is created and just after it has
 * run, its fd still open, @runs times one job after another (a CPU holds
 * one job at a time). The guest memory is faulted in beforehand, so the
 * drop in free memory is the kernel's: the VMCS, EPT tables, the guest
 * FPU state, struct vtj_job, the file, and any new slab pages. A slab
 * object that fits a partly used slab page shows in neither figure.
 */
static int job_kernel_memory(int runs, double *free_med, double *free_p99,
			     double *slab_med, double *slab_p99)
{
	double *free_delta = calloc(runs, sizeof(double));
	double *slab_delta = calloc(runs, sizeof(double));
	int dev = open("/dev/vtjob", O_RDWR | O_CLOEXEC);
	uint8_t *mem = job_memory();
	int i, job, ret = -1;

	if (dev < 0 || !mem || !free_delta || !slab_delta)
		goto out;
	/* The first jobs fill caches (slabs, VPIDs) that the others reuse. */
	for (i = 0; i < 3; i++) {
		job = create_and_run_job(dev, mem);
		if (job < 0)
			goto out;
		close(job);
	}
	for (i = 0; i < runs; i++) {
		long free_before = free_kb(), slab_before = meminfo_kb("Slab");

		job = create_and_run_job(dev, mem);
		if (job < 0)
			goto out;
		free_delta[i] = free_before - free_kb();
		slab_delta[i] = meminfo_kb("Slab") - slab_before;
		close(job);
	}
	*free_med = percentile(free_delta, runs, 50);
	*free_p99 = percentile(free_delta, runs, 99);
	*slab_med = percentile(slab_delta, runs, 50);
	*slab_p99 = percentile(slab_delta, runs, 99);
	ret = 0;
out:
	if (ret)
		perror("vtjob_bench: a job for the memory figure");
	if (dev >= 0)
		close(dev);
	free(free_delta);
	free(slab_delta);
	return ret;
}

int main(int argc, char **argv)
{
	char path[256], exit_with[256], null_sys[256], compute[256];
	char out[512];
	int runs = argc > 2 ? atoi(argv[2]) : 30;
	double job_med, job_p99, nat_med, nat_p99, ticks_us;
	double job_ticks[5], nat_ticks[5];
	double mem_free_med, mem_free_p99, mem_slab_med, mem_slab_p99;
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

	if (job_kernel_memory(runs, &mem_free_med, &mem_free_p99, &mem_slab_med,
			      &mem_slab_p99))
		return 1;

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
	printf("%-34s %9.0f KiB\n", "kernel memory a job, median", mem_free_med);
	printf("%-34s %9.0f KiB\n", "kernel memory a job, p99", mem_free_p99);
	printf("%-34s %9.0f KiB\n", "  of which new slab, median", mem_slab_med);
	printf("%-34s %9.0f KiB\n", "  of which new slab, p99", mem_slab_p99);
	printf("(%d runs each for start to exit and kernel memory (64 MiB jobs); TSC at %.1f MHz)\n",
	       runs, ticks_us);
	return 0;
}
