// SPDX-License-Identifier: GPL-2.0
/*
 * gate_probe MODE: what a job sees of its system-call gate, the page of
 * guest ring-0 code at 0x7ffffffff000 that answers getpid(), the clocks
 * and the like without a VM exit. Run natively, the same program finds
 * nothing mapped there, and every mode must end the same way in both.
 *
 *   ids         the identity calls the gate answers, one line each
 *   loop N      N getpid() calls, each checked against the first
 *   clock-loop N  N clock_gettime(CLOCK_MONOTONIC) calls, each no earlier
 *               than the last
 *   clocks      what clock_gettime() returns for each clock, valid or
 *               not, gettimeofday() and time(), bad pointers included
 *   clock-values  the clocks' readings, in ns (us for gettimeofday, s
 *               for time), for the caller to compare with its own
 *   no-stack    getpid() and clock_gettime() with RSP pointing at nothing:
 *               a system call never touches the caller's stack
 *   buffer      write() from, and read() into, the gate's page: -EFAULT
 *   read        a load from the page: SIGSEGV
 *   write       a store to it: SIGSEGV
 *   jump        a call into it: SIGSEGV
 *   lidt        an IDT of the job's own: SIGSEGV (#GP at CPL 3)
 *   sysret      SYSRET at CPL 3: SIGSEGV (#GP)
 *   vmcall      VMCALL from user mode: SIGILL, as outside VMX
 */
#include "vtjob_job.h"

#define SYS_READ	0
#define SYS_GETPID	39
#define SYS_GETUID	102
#define SYS_GETGID	104
#define SYS_GETEUID	107
#define SYS_GETEGID	108
#define SYS_READLINK	89
#define SYS_GETTID	186
#define SYS_GETTIMEOFDAY 96
#define SYS_TIME	201
#define SYS_CLOCK_GETTIME 228

#define CLOCK_REALTIME		0
#define CLOCK_MONOTONIC		1
#define CLOCK_MONOTONIC_RAW	4
#define CLOCK_BOOTTIME		7
#define NR_CLOCKS		12

struct timespec64 {
	long sec;
	long nsec;
};

#define GATE		0x7ffffffff000ul

static void say(const char *name, long value)
{
	char number[VTJOB_NUMBER_MAX];

	vtjob_puts(1, name);
	vtjob_puts(1, ": ");
	vtjob_puts(1, vtjob_itoa(value, number));
	vtjob_puts(1, "\n");
}

static long to_number(const char *s)
{
	long n = 0;

	while (*s >= '0' && *s <= '9')
		n = n * 10 + (*s++ - '0');
	return *s ? -1 : n;
}

/* Identity: the values differ between runs, their agreement does not. */
static int ids(void)
{
	long pid = vtjob_syscall0(SYS_GETPID);
	char self[32] = { 0 };

	/* /proc/self is vtjobctl's to resolve: the runner, the job's pid. */
	if (vtjob_syscall3(SYS_READLINK, (long)"/proc/self", (long)self,
			   sizeof(self) - 1) < 0)
		return 1;
	say("pid is /proc/self", pid == to_number(self));
	say("tid is pid", vtjob_syscall0(SYS_GETTID) == pid);
	say("uid", vtjob_syscall0(SYS_GETUID));
	say("euid", vtjob_syscall0(SYS_GETEUID));
	say("gid", vtjob_syscall0(SYS_GETGID));
	say("egid", vtjob_syscall0(SYS_GETEGID));
	return 0;
}

static int loop(long n)
{
	long pid = vtjob_syscall0(SYS_GETPID), i, wrong = 0;

	for (i = 0; i < n; i++)
		wrong += vtjob_syscall0(SYS_GETPID) != pid;
	say("calls", n);
	say("wrong", wrong);
	return wrong != 0;
}

static long clock_ns(int clock)
{
	struct timespec64 ts = { -1, -1 };

	if (vtjob_syscall2(SYS_CLOCK_GETTIME, clock, (long)&ts))
		return -1;
	return ts.sec * 1000000000L + ts.nsec;
}

static int clock_loop(long n)
{
	long last = clock_ns(CLOCK_MONOTONIC), now, i, backwards = 0;

	for (i = 0; i < n; i++) {
		now = clock_ns(CLOCK_MONOTONIC);
		backwards += now < last;
		last = now;
	}
	say("calls", n);
	say("backwards", backwards);
	return backwards != 0;
}

/*
 * The calls with the stack pointer at an unmapped page: Linux's entry
 * switches stacks, and the gate never uses one, so both succeed.
 */
static int no_stack(void)
{
	static struct timespec64 ts;
	long pid, clock;

	asm volatile("movq %%rsp, %%r12\n\t"
		     "movq $16, %%rsp\n\t"
		     "movl %[getpid], %%eax\n\t"
		     "syscall\n\t"
		     "movq %%rax, %%r13\n\t"
		     "movl %[clock_gettime], %%eax\n\t"
		     "movl %[monotonic], %%edi\n\t"
		     "leaq %[ts], %%rsi\n\t"
		     "syscall\n\t"
		     "movq %%r12, %%rsp\n\t"
		     "movq %%r13, %[pid]"
		     : [pid] "=r"(pid), "=a"(clock), [ts] "+m"(ts)
		     : [getpid] "i"(SYS_GETPID), [clock_gettime] "i"(SYS_CLOCK_GETTIME),
		       [monotonic] "i"(CLOCK_MONOTONIC)
		     : "rcx", "rdi", "rsi", "r11", "r12", "r13", "memory");
	say("getpid agrees", pid == vtjob_syscall0(SYS_GETPID));
	say("clock_gettime", clock);
	say("nanoseconds in range", ts.nsec >= 0 && ts.nsec < 1000000000L);
	return 0;
}

/* Results only, which do not change from run to run. */
static int clocks(void)
{
	static const char *const names[NR_CLOCKS] = {
		"realtime", "monotonic", "process cputime", "thread cputime",
		"monotonic raw", "realtime coarse", "monotonic coarse",
		"boottime", "realtime alarm", "boottime alarm", "sgi cycle", "tai",
	};
	struct timespec64 ts;
	long tv[2], i;

	for (i = 0; i < NR_CLOCKS; i++) {
		ts.nsec = -1;
		say(names[i], vtjob_syscall2(SYS_CLOCK_GETTIME, i, (long)&ts));
		if (ts.nsec < -1 || ts.nsec >= 1000000000L)
			say("nanoseconds out of range", i);
	}
	say("clock 12", vtjob_syscall2(SYS_CLOCK_GETTIME, 12, (long)&ts));
	say("clock -1", vtjob_syscall2(SYS_CLOCK_GETTIME, -1, (long)&ts));
	say("into nothing", vtjob_syscall2(SYS_CLOCK_GETTIME, CLOCK_MONOTONIC, 8));
	say("into code", vtjob_syscall2(SYS_CLOCK_GETTIME, CLOCK_MONOTONIC,
					 (long)&clocks));
	say("gettimeofday", vtjob_syscall2(SYS_GETTIMEOFDAY, (long)tv, 0));
	say("microseconds in range", tv[1] >= 0 && tv[1] < 1000000);
	say("gettimeofday into nothing", vtjob_syscall2(SYS_GETTIMEOFDAY, 8, 0));
	say("time agrees", vtjob_syscall1(SYS_TIME, 0) - tv[0] <= 1);
	return 0;
}

static int clock_values(void)
{
	long tv[2];

	say("monotonic", clock_ns(CLOCK_MONOTONIC));
	say("monotonic raw", clock_ns(CLOCK_MONOTONIC_RAW));
	say("boottime", clock_ns(CLOCK_BOOTTIME));
	say("realtime", clock_ns(CLOCK_REALTIME));
	vtjob_syscall2(SYS_GETTIMEOFDAY, (long)tv, 0);
	say("gettimeofday", tv[0] * 1000000L + tv[1]);
	say("time", vtjob_syscall1(SYS_TIME, 0));
	return 0;
}

int main(int argc, char **argv, char **envp)
{
	const char *mode = argc > 1 ? argv[1] : "";
	struct {
		unsigned short limit;
		unsigned long base;
	} __attribute__((packed)) idt = { 0xfff, 0 };

	(void)envp;
	if (vtjob_streq(mode, "ids"))
		return ids();
	if (vtjob_streq(mode, "loop") && argc > 2 && to_number(argv[2]) >= 0)
		return loop(to_number(argv[2]));
	if (vtjob_streq(mode, "clock-loop") && argc > 2 && to_number(argv[2]) >= 0)
		return clock_loop(to_number(argv[2]));
	if (vtjob_streq(mode, "clocks"))
		return clocks();
	if (vtjob_streq(mode, "no-stack"))
		return no_stack();
	if (vtjob_streq(mode, "clock-values"))
		return clock_values();
	if (vtjob_streq(mode, "buffer")) {
		say("write", vtjob_write(1, (void *)GATE, 16));
		say("read", vtjob_syscall3(SYS_READ, 0, GATE, 16));
		return 0;
	}
	if (vtjob_streq(mode, "read"))
		return *(volatile unsigned char *)GATE;
	if (vtjob_streq(mode, "write")) {
		*(volatile unsigned char *)GATE = 0xc3;
		return 0;
	}
	if (vtjob_streq(mode, "jump")) {
		((void (*)(void))GATE)();
		return 0;
	}
	if (vtjob_streq(mode, "lidt")) {
		asm volatile("lidt %0" : : "m"(idt));
		return 0;
	}
	if (vtjob_streq(mode, "sysret")) {
		asm volatile("sysretq" : : : "rcx", "r11", "memory");
		return 0;
	}
	if (vtjob_streq(mode, "vmcall")) {
		asm volatile("vmcall" : : : "memory");
		return 0;
	}
	vtjob_puts(2, "usage: gate_probe ids|loop N|clock-loop N|clocks|clock-values|no-stack|"
		   "buffer|read|write|jump|lidt|sysret|vmcall\n");
	return 2;
}
VTJOB_DEFINE_START(main);
