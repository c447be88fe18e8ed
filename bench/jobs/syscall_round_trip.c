// SPDX-License-Identifier: GPL-2.0
/*
 * syscall_round_trip CALL N [FILE]: times N system calls one by one with
 * RDTSC and prints the median and 99th percentile in TSC ticks. CALL is
 * one of
 *
 *   getpid          answered by the job's gate, in the guest
 *   clock_gettime   CLOCK_MONOTONIC, the gate's too (the system call, not
 *                   the vDSO: a job has none, and this times calls)
 *   pread           1 byte of FILE: the module reads a regular file
 *   pread4k         4 KiB of FILE, the same way
 *   write_null      1 byte to /dev/null: vtjobctl's, a round trip out of
 *                   the guest and back
 *   openat_close    openat of FILE and close: two of vtjobctl's
 *   newfstatat      of FILE's path: vtjobctl's (the path policy)
 *   readlink        of FILE, a symbolic link: vtjobctl's
 *
 * Natively, Linux serves them all.
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

#define SYS_WRITE	1
#define SYS_CLOSE	3
#define SYS_PREAD64	17
#define SYS_GETPID	39
#define SYS_READLINK	89
#define SYS_CLOCK_GETTIME	228
#define SYS_OPENAT	257
#define SYS_NEWFSTATAT	262
#define AT_FDCWD	-100
#define O_WRONLY	1
#define CLOCK_MONOTONIC	1

enum call {
	GETPID, CLOCK_GETTIME, PREAD, PREAD4K, WRITE_NULL, OPENAT_CLOSE, NEWFSTATAT,
	READLINK, NR_CALLS
};

static const char *const call_names[NR_CALLS] = {
	"getpid", "clock_gettime", "pread", "pread4k", "write_null", "openat_close",
	"newfstatat", "readlink",
};

static char buf[4096];
/* x86-64's struct stat is 144 bytes. */
static unsigned long stat_buf[18];

static long one_call(enum call call, long fd, const char *file)
{
	long ts[2], opened;

	switch (call) {
	case GETPID:
		return vtjob_syscall0(SYS_GETPID);
	case CLOCK_GETTIME:
		return vtjob_syscall2(SYS_CLOCK_GETTIME, CLOCK_MONOTONIC, (long)ts);
	case PREAD:
		return vtjob_syscall4(SYS_PREAD64, fd, (long)buf, 1, 0);
	case PREAD4K:
		return vtjob_syscall4(SYS_PREAD64, fd, (long)buf, sizeof(buf), 0);
	case WRITE_NULL:
		return vtjob_syscall3(SYS_WRITE, fd, (long)buf, 1);
	case OPENAT_CLOSE:
		opened = vtjob_syscall3(SYS_OPENAT, AT_FDCWD, (long)file, 0);
		return opened < 0 ? opened : vtjob_syscall1(SYS_CLOSE, opened);
	case NEWFSTATAT:
		return vtjob_syscall4(SYS_NEWFSTATAT, AT_FDCWD, (long)file, (long)stat_buf, 0);
	case READLINK:
		return vtjob_syscall3(SYS_READLINK, (long)file, (long)buf, sizeof(buf));
	default:
		return -1;
	}
}

int main(int argc, char **argv, char **envp)
{
	long n = argc > 2 ? vtjob_atol(argv[2], 0) : 10000;
	const char *file = argc > 3 ? argv[3] : NULL;
	enum call call = NR_CALLS;
	long i, fd = -1;

	(void)envp;
	for (i = 0; argc > 1 && i < NR_CALLS; i++)
		if (vtjob_streq(argv[1], call_names[i]))
			call = i;
	if (call == NR_CALLS || (!file && call >= PREAD && call != WRITE_NULL)) {
		vtjob_puts(2, "usage: syscall_round_trip getpid|clock_gettime|pread|pread4k|"
			   "write_null|openat_close|newfstatat|readlink N [FILE]\n");
		return 2;
	}
	if (n < 100 || n > MAX_CALLS)
		n = 10000;
	if (call == PREAD || call == PREAD4K || call == WRITE_NULL) {
		fd = call == WRITE_NULL ?
		     vtjob_syscall3(SYS_OPENAT, AT_FDCWD, (long)"/dev/null", O_WRONLY) :
		     vtjob_syscall3(SYS_OPENAT, AT_FDCWD, (long)file, 0);
		if (fd < 0) {
			vtjob_puts(2, "syscall_round_trip: cannot open the file\n");
			return 1;
		}
	}
	/* One call first: a call that fails would time nothing worth a row. */
	if (one_call(call, fd, file) < 0) {
		vtjob_puts(2, "syscall_round_trip: the call failed\n");
		return 1;
	}
	for (i = 0; i < n; i++) {
		uint64_t start = rdtsc_ordered();

		one_call(call, fd, file);
		ticks[i] = rdtsc_ordered() - start;
	}
	sort(ticks, n);
	print_u("median_ticks ", ticks[n / 2]);
	print_u("p99_ticks ", ticks[n * 99 / 100]);
	return 0;
}
VTJOB_DEFINE_START(main);
