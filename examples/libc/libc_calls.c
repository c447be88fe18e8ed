// SPDX-License-Identifier: GPL-2.0
/*
 * libc_calls [MODE]: the system calls the module serves itself, as an
 * unmodified C program sees them through its C library (futex and
 * getrusage raw). Built static
 * twice, with glibc and with musl; files_test runs both as jobs and
 * natively. Every check prints "FAIL" and the line when it does not hold;
 * the program exits 0 only if none failed.
 *
 * Modes, for what only a job shows: "beyond-mem MIB" tries to allocate
 * more than the job's memory and expects ENOMEM; "sleep SECONDS" sleeps;
 * "handled-segv" installs a SIGSEGV handler, blocks SIGSEGV and faults:
 * with the signal blocked the fault ends the process, handler or not.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

/* futex(2)'s operations, as the x86-64 ABI numbers them (linux/futex.h). */
#define FUTEX_WAIT_PRIVATE		(0 | 128)
#define FUTEX_WAKE_SHARED		1
#define FUTEX_WAKE_PRIVATE		(1 | 128)
#define FUTEX_CMP_REQUEUE_PRIVATE	(4 | 128)
#define FUTEX_WAIT_BITSET_PRIVATE	(9 | 128)
#define FUTEX_BITSET_MATCH_ANY		0xffffffffu

#define MIB		(1UL << 20)
#define PAGE		4096UL
/* A pointer no process has mapped: the first page. */
#define BAD_POINTER	((void *)8)

static int failures;

#define CHECK(cond)							\
	do {								\
		if (!(cond)) {						\
			printf("FAIL line %d: %s (errno %d)\n", __LINE__,	\
			       #cond, errno);				\
			failures++;					\
		}							\
	} while (0)

static int64_t ns_between(const struct timespec *a, const struct timespec *b)
{
	return (b->tv_sec - a->tv_sec) * 1000000000LL + (b->tv_nsec - a->tv_nsec);
}

static int all_zero(const unsigned char *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (p[i])
			return 0;
	return 1;
}

static void heap(void)
{
	/* The raw call: musl's sbrk() grows nothing. */
	char *start = (char *)syscall(SYS_brk, 0), *small, *big, *grown;
	char *end = start + 64 * 1024;
	size_t i;

	CHECK((char *)syscall(SYS_brk, end) == end);
	if ((char *)syscall(SYS_brk, 0) == end)
		memset(start, 0x5a, 64 * 1024);
	CHECK((char *)syscall(SYS_brk, start) == start);
	/* A break below where it started is refused: the break stays. */
	CHECK((char *)syscall(SYS_brk, 4096) == start);

	small = malloc(100);
	CHECK(small);
	strcpy(small, "small");
	/* Large enough for mmap in both C libraries. */
	big = malloc(8 * MIB);
	CHECK(big);
	for (i = 0; big && i < 8 * MIB; i += PAGE) {
		if (big[i])
			break;
		big[i] = (char)(i / PAGE);
	}
	CHECK(big && i == 8 * MIB);
	/* Growing it moves or extends the mapping: mremap. */
	grown = realloc(big, 24 * MIB);
	CHECK(grown);
	for (i = 0; grown && i < 8 * MIB; i += PAGE)
		if (grown[i] != (char)(i / PAGE))
			break;
	CHECK(grown && i == 8 * MIB);
	free(grown);
	CHECK(!strcmp(small, "small"));
	free(small);
}

static void mappings(void)
{
	size_t len = 4 * MIB;
	char *p, *q;

	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(p != MAP_FAILED);
	if (p == MAP_FAILED)
		return;
	CHECK(all_zero((unsigned char *)p, len));
	memset(p, 7, len);
	CHECK(madvise(p, len, MADV_DONTNEED) == 0);
	CHECK(all_zero((unsigned char *)p, len));

	/* PROT_NONE keeps the page and its contents for later. */
	p[0] = 42;
	CHECK(mprotect(p, PAGE, PROT_NONE) == 0);
	CHECK(mprotect(p, PAGE, PROT_READ | PROT_WRITE) == 0);
	CHECK(p[0] == 42);

	/* Unmapped memory mapped again reads as zero. */
	CHECK(munmap(p, len) == 0);
	q = mmap(p, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	CHECK(q == p);
	CHECK(q != MAP_FAILED && q[0] == 0);
	errno = 0;
	CHECK(mmap(p, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE,
		   -1, 0) == MAP_FAILED && errno == EEXIST);
	q = mremap(q, PAGE, 3 * PAGE, MREMAP_MAYMOVE);
	CHECK(q != MAP_FAILED);
	if (q != MAP_FAILED)
		CHECK(munmap(q, 3 * PAGE) == 0);

	errno = 0;
	CHECK(munmap((char *)p + 1, PAGE) == -1 && errno == EINVAL);
	errno = 0;
	CHECK(mprotect(p, PAGE, PROT_READ) == -1 && errno == ENOMEM);
	errno = 0;
	CHECK(mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED &&
	      errno == EINVAL);
}

static void identity(void)
{
	struct utsname name;
	struct rlimit limit, lower;
	cpu_set_t cpus;
	unsigned char bytes[64];
	unsigned long fs = 0;

	CHECK(getpid() > 0);
	CHECK(syscall(SYS_gettid) == getpid());
	CHECK(getppid() > 0);
	CHECK(getuid() == geteuid());
	CHECK(getgid() == getegid());
	CHECK(uname(&name) == 0);
	CHECK(!strcmp(name.sysname, "Linux") && !strcmp(name.machine, "x86_64"));
	CHECK(syscall(SYS_arch_prctl, 0x1003 /* ARCH_GET_FS */, &fs) == 0);
	CHECK(fs == (unsigned long)__builtin_thread_pointer());
	errno = 0;
	CHECK(syscall(SYS_arch_prctl, 0x1003, BAD_POINTER) == -1 && errno == EFAULT);

	CHECK(getrlimit(RLIMIT_STACK, &limit) == 0 && limit.rlim_cur > 0);
	CHECK(getrlimit(RLIMIT_NOFILE, &limit) == 0);
	lower = limit;
	lower.rlim_cur = limit.rlim_cur / 2;
	CHECK(setrlimit(RLIMIT_NOFILE, &lower) == 0);
	CHECK(getrlimit(RLIMIT_NOFILE, &lower) == 0 && lower.rlim_cur == limit.rlim_cur / 2);
	CHECK(setrlimit(RLIMIT_NOFILE, &limit) == 0);
	if (limit.rlim_max != RLIM_INFINITY && getuid() != 0) {
		lower = limit;
		lower.rlim_max++;
		CHECK(setrlimit(RLIMIT_NOFILE, &lower) == -1 && errno == EPERM);
	}

	CHECK(sched_getaffinity(0, sizeof(cpus), &cpus) == 0 && CPU_COUNT(&cpus) >= 1);
	CHECK(sched_yield() == 0);
	memset(bytes, 0, sizeof(bytes));
	CHECK(getrandom(bytes, sizeof(bytes), 0) == sizeof(bytes));
	CHECK(!all_zero(bytes, sizeof(bytes)));
	errno = 0;
	CHECK(syscall(SYS_getrandom, BAD_POINTER, 16, 0) == -1 && errno == EFAULT);
}

static void clocks(void)
{
	struct timespec a, b, req = { 0, 50 * 1000 * 1000 }, abs;
	struct timeval tv;
	volatile unsigned long spin;
	time_t now;

	CHECK(clock_gettime(CLOCK_MONOTONIC, &a) == 0);
	CHECK(nanosleep(&req, NULL) == 0);
	CHECK(clock_gettime(CLOCK_MONOTONIC, &b) == 0);
	CHECK(ns_between(&a, &b) >= 50 * 1000 * 1000);

	CHECK(clock_gettime(CLOCK_MONOTONIC, &abs) == 0);
	abs.tv_nsec += 20 * 1000 * 1000;
	if (abs.tv_nsec >= 1000000000) {
		abs.tv_sec++;
		abs.tv_nsec -= 1000000000;
	}
	CHECK(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &abs, NULL) == 0);
	CHECK(clock_gettime(CLOCK_MONOTONIC, &b) == 0);
	CHECK(ns_between(&abs, &b) >= 0);

	CHECK(gettimeofday(&tv, NULL) == 0);
	now = time(NULL);
	CHECK(now >= tv.tv_sec && now - tv.tv_sec <= 2);
	CHECK(now > 1600000000);

	CHECK(clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &a) == 0);
	for (spin = 0; spin < 2000000; spin++)
		;
	CHECK(clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &b) == 0);
	CHECK(ns_between(&a, &b) > 0);
	CHECK(clock_getres(CLOCK_MONOTONIC, &a) == 0 && a.tv_sec == 0 && a.tv_nsec > 0);

	/* The raw calls: a vDSO in the native run must not answer these. */
	errno = 0;
	CHECK(syscall(SYS_clock_gettime, 12345, &a) == -1 && errno == EINVAL);
	errno = 0;
	CHECK(syscall(SYS_clock_gettime, CLOCK_MONOTONIC, BAD_POINTER) == -1 &&
	      errno == EFAULT);
	req.tv_nsec = 2000000000;
	errno = 0;
	CHECK(nanosleep(&req, NULL) == -1 && errno == EINVAL);
}

/* The time @ms from now on CLOCK_MONOTONIC, for an absolute wait. */
static struct timespec monotonic_in_ms(long ms)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	t.tv_nsec += ms * 1000 * 1000;
	if (t.tv_nsec >= 1000000000) {
		t.tv_sec++;
		t.tv_nsec -= 1000000000;
	}
	return t;
}

/*
 * futex as one thread sees it, raw: nobody to wake or requeue, a word that
 * changed, waits that end at their timeout. And getrusage.
 */
static void futexes_and_usage(void)
{
	static uint32_t word = 1, other;
	struct timespec rel = { 0, 20 * 1000 * 1000 }, a, b, abs;
	struct rusage usage;

	CHECK(syscall(SYS_futex, &word, FUTEX_WAKE_PRIVATE, INT32_MAX, NULL, NULL, 0) == 0);
	CHECK(syscall(SYS_futex, &word, FUTEX_WAKE_SHARED, 1, NULL, NULL, 0) == 0);
	errno = 0;
	CHECK(syscall(SYS_futex, &word, FUTEX_WAIT_PRIVATE, 2, &rel, NULL, 0) == -1 &&
	      errno == EAGAIN);
	CHECK(clock_gettime(CLOCK_MONOTONIC, &a) == 0);
	errno = 0;
	CHECK(syscall(SYS_futex, &word, FUTEX_WAIT_PRIVATE, 1, &rel, NULL, 0) == -1 &&
	      errno == ETIMEDOUT);
	CHECK(clock_gettime(CLOCK_MONOTONIC, &b) == 0);
	CHECK(ns_between(&a, &b) >= 20 * 1000 * 1000);
	abs = monotonic_in_ms(20);
	errno = 0;
	CHECK(syscall(SYS_futex, &word, FUTEX_WAIT_BITSET_PRIVATE, 1, &abs, NULL,
		      FUTEX_BITSET_MATCH_ANY) == -1 && errno == ETIMEDOUT);
	CHECK(clock_gettime(CLOCK_MONOTONIC, &b) == 0);
	CHECK(ns_between(&abs, &b) >= 0);
	errno = 0;
	CHECK(syscall(SYS_futex, (char *)&word + 1, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0) == -1 &&
	      errno == EINVAL);
	errno = 0;
	CHECK(syscall(SYS_futex, BAD_POINTER, FUTEX_WAIT_PRIVATE, 1, NULL, NULL, 0) == -1 &&
	      errno == EFAULT);
	errno = 0;
	CHECK(syscall(SYS_futex, &word, FUTEX_CMP_REQUEUE_PRIVATE, 1, 1, &other, 2) == -1 &&
	      errno == EAGAIN);
	CHECK(syscall(SYS_futex, &word, FUTEX_CMP_REQUEUE_PRIVATE, 1, 1, &other, 1) == 0);
	rel.tv_nsec = 2000000000;
	errno = 0;
	CHECK(syscall(SYS_futex, &word, FUTEX_WAIT_PRIVATE, 1, &rel, NULL, 0) == -1 &&
	      errno == EINVAL);

	CHECK(getrusage(RUSAGE_SELF, &usage) == 0 && usage.ru_utime.tv_usec < 1000000);
	CHECK(getrusage(RUSAGE_THREAD, &usage) == 0);
	CHECK(getrusage(RUSAGE_CHILDREN, &usage) == 0);
	errno = 0;
	CHECK(syscall(SYS_getrusage, 99, &usage) == -1 && errno == EINVAL);
	errno = 0;
	CHECK(syscall(SYS_getrusage, RUSAGE_SELF, BAD_POINTER) == -1 && errno == EFAULT);
}

static void on_signal(int sig)
{
	(void)sig;
}

static void signals(void)
{
	struct sigaction act, old;
	sigset_t set, was;

	memset(&act, 0, sizeof(act));
	act.sa_handler = on_signal;
	CHECK(sigaction(SIGUSR1, &act, NULL) == 0);
	CHECK(sigaction(SIGUSR1, NULL, &old) == 0 && old.sa_handler == on_signal);
	errno = 0;
	CHECK(sigaction(SIGKILL, &act, NULL) == -1 && errno == EINVAL);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	CHECK(sigprocmask(SIG_BLOCK, &set, &was) == 0);
	CHECK(sigprocmask(SIG_SETMASK, &was, &set) == 0 && sigismember(&set, SIGUSR2));
}

static int beyond_memory(unsigned long mib)
{
	void *p = malloc(mib * MIB);
	int err = errno;

	if (p) {
		printf("allocated %lu MiB\n", mib);
		return 1;
	}
	printf("malloc(%lu MiB): %s\n", mib, err == ENOMEM ? "ENOMEM" : strerror(err));
	return err == ENOMEM ? 0 : 1;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "beyond-mem"))
		return beyond_memory(strtoul(argv[2], NULL, 0));
	if (argc == 3 && !strcmp(argv[1], "sleep")) {
		sleep(atoi(argv[2]));
		return 0;
	}
	if (argc == 2 && !strcmp(argv[1], "handled-segv")) {
		int *volatile bad = BAD_POINTER;

		sigset_t segv;

		signal(SIGSEGV, on_signal);
		sigemptyset(&segv);
		sigaddset(&segv, SIGSEGV);
		sigprocmask(SIG_BLOCK, &segv, NULL);
		*bad = 1;
		return 0;
	}
	heap();
	mappings();
	identity();
	clocks();
	futexes_and_usage();
	signals();
	printf("%s: %d failed\n", argv[0], failures);
	return failures ? 1 : 0;
}
