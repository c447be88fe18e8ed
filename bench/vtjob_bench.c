// SPDX-License-Identifier: GPL-2.0
/*
 * vtjob_bench: the figures of Documentation/performance.rst, measured on
 * the machine it runs on (as root, with the module loaded and CPU 1
 * reserved), printed as one table of medians, 99th percentiles and ratios.
 *
 *   job start to exit    vtjobctl exec of a job that exits at once, against
 *                        posix_spawn + waitpid of the same static program
 *   system calls         one call at a time, timed from inside
 *                        (syscall_round_trip): getpid, clock_gettime and
 *                        reads of a regular file, which the module serves
 *                        on the job's CPU; a write to /dev/null, openat +
 *                        close, newfstatat and readlink, which vtjobctl
 *                        serves (a round trip out of the guest and back);
 *                        against the same calls served by Linux
 *   compute              a compute kernel timed from inside, as a job and
 *                        natively: their ratio
 *   sha256sum 64 MiB     busybox sha256sum of a 64 MiB file as a job and
 *                        natively: wall time and their ratio
 *   dynamic true         vtjobctl exec of Debian's dynamic /bin/true (its
 *                        interpreter and libc loaded), against posix_spawn
 *   spawn in a job       a process starting Debian's dynamic /bin/true
 *                        with posix_spawn (vfork + exec) and with fork +
 *                        exec, waiting for each (spawn_loop), as a job and
 *                        natively: what a shell or gcc pays a child
 *   kernel memory        what creating and running a job takes from the
 *                        kernel beyond the job's own (already faulted-in)
 *                        memory: free memory and slab before and after
 *
 * Native runs of the last four happen on the jobs' CPU (CPU 1): the
 * child joins the cpuset partition `vtjobctl reserve` made and binds
 * itself there, so that both sides run on the same CPU.
 *
 * Usage: vtjob_bench JOBDIR DEBIANDIR [RUNS]
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <spawn.h>
#include <stdbool.h>
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

/*
 * Reads a child's stdout from @fd into @out (or drops it, with @out NULL)
 * and waits for it: its exit status, or -1.
 */
static int finish(pid_t pid, int fd, char *out, size_t outlen)
{
	int status;

	if (out) {
		ssize_t n, len = 0;

		while ((n = read(fd, out + len, outlen - 1 - len)) > 0)
			len += n;
		out[len] = '\0';
	} else {
		char sink[256];

		while (read(fd, sink, sizeof(sink)) > 0)
			;
	}
	close(fd);
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

/* Runs argv to completion; its stdout, if @out is given. */
static int run(char *const argv[], char *out, size_t outlen)
{
	posix_spawn_file_actions_t actions;
	int pipefd[2];
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
	return finish(pid, pipefd[0], out, outlen);
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

#define JOB_CPU		1
#define PARTITION_PROCS	"/sys/fs/cgroup/vtjob/cgroup.procs"
#define HASH_FILE	"/tmp/vtjob_bench.64M"
/* A symbolic link for readlink to read. */
#define LINK_FILE	"/tmp/vtjob_bench.link"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* The calls timed one at a time, each a syscall_round_trip CALL. */
static const struct {
	const char *label;
	const char *name;
	bool on_link;		/* FILE is LINK_FILE, not the program */
} calls[] = {
	{ "getpid (gate)", "getpid", false },
	{ "clock_gettime (gate)", "clock_gettime", false },
	{ "1-byte pread (module)", "pread", false },
	{ "4 KiB pread (module)", "pread4k", false },
	{ "write to /dev/null (vtjobctl)", "write_null", false },
	{ "openat+close (vtjobctl)", "openat_close", false },
	{ "newfstatat (vtjobctl)", "newfstatat", false },
	{ "readlink (vtjobctl)", "readlink", true },
};
#define HASH_FILE_SIZE	(64UL << 20)

/*
 * Runs argv on the jobs' CPU to completion; its stdout, if @out is given.
 * The child moves itself into the jobs' cpuset partition, if there is
 * one, since nothing outside it may use the CPU.
 */
static int run_on_job_cpu(char *const argv[], char *out, size_t outlen)
{
	int pipefd[2];
	cpu_set_t cpus;
	pid_t pid;

	if (pipe(pipefd))
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		int procs = open(PARTITION_PROCS, O_WRONLY | O_CLOEXEC);

		if (procs >= 0 && write(procs, "0", 1) != 1)
			_exit(126);
		CPU_ZERO(&cpus);
		CPU_SET(JOB_CPU, &cpus);
		if (sched_setaffinity(0, sizeof(cpus), &cpus)) {
			perror("vtjob_bench: binding a native run to CPU 1");
			_exit(126);
		}
		dup2(pipefd[1], 1);
		close(pipefd[0]);
		close(pipefd[1]);
		execv(argv[0], argv);
		_exit(127);
	}
	close(pipefd[1]);
	return finish(pid, pipefd[0], out, outlen);
}

/* A 64 MiB file of bytes that do not repeat in any short period. */
static int make_hash_file(void)
{
	static uint8_t block[1 << 20];
	uint64_t x = 0x9e3779b97f4a7c15ULL;
	int fd = open(HASH_FILE, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	size_t i, done;

	if (fd < 0)
		return -1;
	for (done = 0; done < HASH_FILE_SIZE; done += sizeof(block)) {
		for (i = 0; i < sizeof(block); i += sizeof(x)) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			memcpy(block + i, &x, sizeof(x));
		}
		if (write(fd, block, sizeof(block)) != sizeof(block)) {
			close(fd);
			return -1;
		}
	}
	return close(fd);
}

/* Median wall time of @runs runs of argv on the jobs' CPU, and its output. */
static int time_on_job_cpu(char *const argv[], int runs, double *median, char *out,
			   size_t outlen)
{
	double t[16];
	int i;

	for (i = 0; i < runs && i < 16; i++) {
		double start = now_us();

		if (run_on_job_cpu(argv, out, outlen) != 0) {
			fprintf(stderr, "vtjob_bench: %s failed\n", argv[0]);
			return -1;
		}
		t[i] = now_us() - start;
	}
	*median = percentile(t, i, 50);
	return 0;
}

/* A round trip's median and p99 in TSC ticks, from syscall_round_trip's output. */
static int round_trip(char *const argv[], long *median, long *p99)
{
	char out[512];

	if (run_on_job_cpu(argv, out, sizeof(out)))
		return -1;
	*median = field(out, "median_ticks ");
	*p99 = field(out, "p99_ticks ");
	return *median < 0 || *p99 < 0 ? -1 : 0;
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

static void print_trip(const char *what, long job_med, long job_p99, long nat_med,
		       long nat_p99, double ticks_us)
{
	char label[64];

	snprintf(label, sizeof(label), "%s, median", what);
	printf("%-34s %9.2f us %9.2f us %12.2f\n", label, job_med / ticks_us,
	       nat_med / ticks_us, (double)job_med / nat_med);
	snprintf(label, sizeof(label), "%s, p99", what);
	printf("%-34s %9.2f us %9.2f us %12.2f\n", label, job_p99 / ticks_us,
	       nat_p99 / ticks_us, (double)job_p99 / nat_p99);
}

int main(int argc, char **argv)
{
	char path[256], exit_with[256], trip[256], compute[256], dyn_true[256], spawner[256];
	char out[512], job_sum[256], nat_sum[256];
	int runs = argc > 3 ? atoi(argv[3]) : 30;
	double true_job_med, true_nat_med, true_p99;
	long spawn_job[2], spawn_nat[2];
	double job_med, job_p99, nat_med, nat_p99, ticks_us;
	double job_ticks[5], nat_ticks[5], job_hash, nat_hash;
	double mem_free_med, mem_free_p99, mem_slab_med, mem_slab_p99;
	/* Start to exit with more --mem: flat, as memory is pinned as used. */
	static char *const sizes[] = { "8M", "64M", "512M" };
	double size_med[3], size_p99;
	long call_job[ARRAY_SIZE(calls)][2], call_nat[ARRAY_SIZE(calls)][2];
	int i;

	if (argc < 3 || runs < 2) {
		fprintf(stderr, "usage: vtjob_bench JOBDIR DEBIANDIR [RUNS]\n");
		return 2;
	}
	snprintf(dyn_true, sizeof(dyn_true), "%s/true", argv[2]);
	snprintf(spawner, sizeof(spawner), "%s/spawn_loop-glibc", argv[1]);
	snprintf(exit_with, sizeof(exit_with), "%s/exit_with", argv[1]);
	snprintf(trip, sizeof(trip), "%s/syscall_round_trip", argv[1]);
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
	for (i = 0; i < 3; i++) {
		char *job[] = { path, "exec", "--mem", sizes[i], exit_with, NULL };

		if (time_runs(job, runs, &size_med[i], &size_p99))
			return 1;
	}
	{
		char *job[] = { path, "exec", dyn_true, NULL };
		char *native[] = { dyn_true, NULL };

		if (time_runs(job, runs, &true_job_med, &true_p99) ||
		    time_runs(native, runs, &true_nat_med, &true_p99))
			return 1;
	}
	{
		char *job[] = { path, "exec", "--mem", "64M", spawner, "20", dyn_true, NULL };
		char *native[] = { spawner, "20", dyn_true, NULL };

		if (run_on_job_cpu(job, out, sizeof(out)))
			return 1;
		spawn_job[0] = field(out, "spawn_us ");
		spawn_job[1] = field(out, "fork_exec_us ");
		if (run_on_job_cpu(native, out, sizeof(out)))
			return 1;
		spawn_nat[0] = field(out, "spawn_us ");
		spawn_nat[1] = field(out, "fork_exec_us ");
		if (spawn_job[0] <= 0 || spawn_job[1] <= 0 || spawn_nat[0] <= 0 ||
		    spawn_nat[1] <= 0) {
			fprintf(stderr, "vtjob_bench: %s gave no times\n", spawner);
			return 1;
		}
	}
	unlink(LINK_FILE);
	if (symlink(trip, LINK_FILE)) {
		perror("vtjob_bench: " LINK_FILE);
		return 1;
	}
	for (i = 0; i < (int)ARRAY_SIZE(calls); i++) {
		char *file = calls[i].on_link ? LINK_FILE : trip;
		char *job[] = { path, "exec", trip, (char *)calls[i].name, "20000", file, NULL };
		char *native[] = { trip, (char *)calls[i].name, "20000", file, NULL };

		if (round_trip(job, &call_job[i][0], &call_job[i][1]) ||
		    round_trip(native, &call_nat[i][0], &call_nat[i][1])) {
			fprintf(stderr, "vtjob_bench: %s %s failed\n", trip, calls[i].name);
			return 1;
		}
	}
	unlink(LINK_FILE);
	for (i = 0; i < 5; i++) {
		char *job[] = { path, "exec", compute, "8", NULL };
		char *native[] = { compute, "8", NULL };

		if (run_on_job_cpu(job, out, sizeof(out)))
			return 1;
		job_ticks[i] = field(out, "ticks ");
		if (run_on_job_cpu(native, out, sizeof(out)))
			return 1;
		nat_ticks[i] = field(out, "ticks ");
	}
	{
		char *job[] = { path, "exec", "/bin/busybox", "sha256sum", HASH_FILE, NULL };
		char *native[] = { "/bin/busybox", "sha256sum", HASH_FILE, NULL };

		if (make_hash_file()) {
			perror("vtjob_bench: " HASH_FILE);
			return 1;
		}
		if (time_on_job_cpu(job, 3, &job_hash, job_sum, sizeof(job_sum)) ||
		    time_on_job_cpu(native, 3, &nat_hash, nat_sum, sizeof(nat_sum)))
			return 1;
		unlink(HASH_FILE);
		if (strcmp(job_sum, nat_sum)) {
			fprintf(stderr, "vtjob_bench: the job's sha256sum differs: %s vs %s",
				job_sum, nat_sum);
			return 1;
		}
	}

	if (job_kernel_memory(runs, &mem_free_med, &mem_free_p99, &mem_slab_med,
			      &mem_slab_p99))
		return 1;

	printf("%-34s %12s %12s %12s\n", "", "vtjob", "native", "ratio");
	printf("%-34s %9.0f us %9.0f us %12.2f\n", "job start to exit, median",
	       job_med, nat_med, job_med / nat_med);
	printf("%-34s %9.0f us %9.0f us %12.2f\n", "job start to exit, p99",
	       job_p99, nat_p99, job_p99 / nat_p99);
	for (i = 0; i < 3; i++)
		printf("  with --mem %-4s, median %15.0f us %12s %12.2f\n", sizes[i],
		       size_med[i], "", size_med[i] / size_med[0]);
	printf("%-34s %9.0f us %9.0f us %12.2f\n", "dynamic true start to exit, median",
	       true_job_med, true_nat_med, true_job_med / true_nat_med);
	printf("%-34s %9ld us %9ld us %12.2f\n", "in a job: posix_spawn+wait, median",
	       spawn_job[0], spawn_nat[0], (double)spawn_job[0] / spawn_nat[0]);
	printf("%-34s %9ld us %9ld us %12.2f\n", "in a job: fork+exec+wait, median",
	       spawn_job[1], spawn_nat[1], (double)spawn_job[1] / spawn_nat[1]);
	for (i = 0; i < (int)ARRAY_SIZE(calls); i++)
		print_trip(calls[i].label, call_job[i][0], call_job[i][1], call_nat[i][0],
			   call_nat[i][1], ticks_us);
	printf("%-34s %9.0f us %9.0f us %12.3f\n", "compute (8 MiB FNV-1a), median",
	       percentile(job_ticks, 5, 50) / ticks_us,
	       percentile(nat_ticks, 5, 50) / ticks_us,
	       percentile(job_ticks, 5, 50) / percentile(nat_ticks, 5, 50));
	printf("%-34s %9.0f ms %9.0f ms %12.3f\n", "sha256sum 64 MiB, median",
	       job_hash / 1000, nat_hash / 1000, nat_hash / job_hash);
	printf("%-34s %9.0f KiB\n", "kernel memory a job, median", mem_free_med);
	printf("%-34s %9.0f KiB\n", "kernel memory a job, p99", mem_free_p99);
	printf("%-34s %9.0f KiB\n", "  of which new slab, median", mem_slab_med);
	printf("%-34s %9.0f KiB\n", "  of which new slab, p99", mem_slab_p99);
	printf("(%d runs each for start to exit and kernel memory (64 MiB jobs), 20 starts\n"
	       " each way in a job, 20000 calls each for the system calls, 5 compute and 3\n"
	       " sha256sum runs; native runs of all but start to exit on CPU 1, the jobs'\n"
	       " CPU; TSC at %.1f MHz; the sha256sum\n"
	       " ratio is native time / job time, the --mem ratios against 8M, the others\n"
	       " job / native)\n",
	       runs, ticks_us);
	return 0;
}
