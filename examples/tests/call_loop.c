// SPDX-License-Identifier: GPL-2.0
/*
 * call_loop CALL: makes one system call the module serves over and over,
 * and never exits: getpid, madvise (MADV_DONTNEED of 16 MiB), getrandom
 * (16 MiB at a time) or mremap (16 MiB moved back and forth). Only the
 * time limit ends it, so it shows that --timeout counts the module's work
 * for a job and not only the time the job spends in the guest. With
 * nanosleep it sleeps a millisecond at a time: its runner leaves the CPU
 * and comes back a thousand times a second.
 */
#include "vtjob_job.h"

#define SYS_MREMAP		25
#define SYS_MADVISE		28
#define SYS_NANOSLEEP		35
#define SYS_GETPID		39
#define SYS_MMAP		9
#define SYS_GETRANDOM		318

#define PROT_RW			3
#define MAP_PRIVATE_ANON	0x22
#define MADV_DONTNEED		4
#define MREMAP_MAYMOVE		1
#define MREMAP_FIXED		2

#define BIG			(16L << 20)

static long map_big(void)
{
	return vtjob_syscall6(SYS_MMAP, 0, BIG, PROT_RW, MAP_PRIVATE_ANON, -1, 0);
}

int main(int argc, char **argv, char **envp)
{
	const char *call = argc > 1 ? argv[1] : "";
	long a, b;

	(void)envp;
	if (!vtjob_streq(call, "getpid") && !vtjob_streq(call, "madvise") &&
	    !vtjob_streq(call, "getrandom") && !vtjob_streq(call, "mremap") &&
	    !vtjob_streq(call, "nanosleep")) {
		vtjob_puts(2, "usage: call_loop getpid|madvise|getrandom|mremap|nanosleep\n");
		return 2;
	}
	if (vtjob_streq(call, "getpid")) {
		for (;;)
			vtjob_syscall0(SYS_GETPID);
	}
	if (vtjob_streq(call, "nanosleep")) {
		static const long millisecond[2] = { 0, 1000000 };

		vtjob_puts(1, "looping\n");
		for (;;)
			vtjob_syscall2(SYS_NANOSLEEP, (long)millisecond, 0);
	}
	a = map_big();
	b = map_big();
	if (a < 0 || b < 0) {
		vtjob_puts(2, "call_loop: mmap failed\n");
		return 1;
	}
	vtjob_puts(1, "looping\n");
	if (vtjob_streq(call, "madvise")) {
		for (;;) {
			((volatile char *)a)[0] = 1;
			vtjob_syscall3(SYS_MADVISE, a, BIG, MADV_DONTNEED);
		}
	}
	if (vtjob_streq(call, "getrandom")) {
		for (;;)
			vtjob_syscall3(SYS_GETRANDOM, a, BIG, 0);
	}
	/* mremap */
	for (;;) {
		long tmp;

		vtjob_syscall5(SYS_MREMAP, a, BIG, BIG,
			       MREMAP_MAYMOVE | MREMAP_FIXED, b);
		tmp = a;
		a = b;
		b = tmp;
	}
}
VTJOB_DEFINE_START(main);
