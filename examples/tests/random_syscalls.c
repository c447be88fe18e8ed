// SPDX-License-Identifier: GPL-2.0
/*
 * random_syscalls SEED COUNT: makes COUNT system calls chosen at random
 * from SEED, to show that nothing a job asks can hurt vtjobctl or the
 * host. The numbers cover the whole range: the calls vtjob serves (from
 * common/syscall_owners.h) more often, every other x86-64 number, numbers
 * no kernel has, and 64-bit ones. The arguments are boundary values,
 * flags, paths, huge lengths, and pointers into its own writable memory,
 * its read-only text, past the end of a mapping, into the page tables
 * below 4 MiB that a job never sees, and into kernel and non-canonical
 * space.
 *
 * It never asks for its own end before COUNT calls: exit and exit_group
 * are never picked, nor are the calls that make, wait for or signal
 * processes (fork, execve, wait4, kill...: see acts_on_processes()), nor
 * those that wait for a signal or return from one (rt_sigsuspend, pause,
 * rt_sigreturn: see acts_on_signals()); rt_sigaction installs no
 * handler of its own and leaves SIGPIPE ignored, so that a write to a
 * pipe it closed is EPIPE; and the calls that could take its own code, stack or
 * stderr away are aimed elsewhere. Memory calls (mmap, munmap, mprotect,
 * madvise, mremap) change only ZONE_SIZE bytes it maps first, the page
 * tables or addresses that are refused; close, dup2 and dup3 leave fd 2
 * alone. What would only block it forever is kept short: sleeps take a
 * timespec of at most a millisecond (or a bad one), pipes are
 * non-blocking and F_SETFL keeps them so. Its own state is never the
 * target of a write, so a run ends when COUNT calls are made, or when the
 * job is killed for a fault of its own making (a call that unmapped or
 * protected what it then used).
 *
 * It prints "random_syscalls: seed S, COUNT calls" on stderr first, a
 * line every 1000 calls, and "random_syscalls: seed S: N calls made, E
 * errors" at the end, and exits 0; or, when a call returned a value no
 * system call may (below -4095), the first such call and 3. The same
 * SEED makes the same calls: `vtjobctl exec --strace random_syscalls
 * SEED COUNT` shows them. Run it only as a job: natively, the same calls
 * would act on the host.
 */
#include <asm/unistd.h>

#include "vtjob_job.h"

/* The owner table's flags; the rows themselves are read below. */
#define VTJ_SYSCALL(name, owner, flags)
#include "syscall_owners.h"

#define ZONE_SIZE		(4UL << 20)
#define PAGE			4096UL
#define PROGRESS_EVERY		1000
#define MAX_ERRNO		4095

#define PROT_READ		0x1
#define PROT_WRITE		0x2
#define MAP_PRIVATE		0x02
#define MAP_FIXED		0x10
#define MAP_ANONYMOUS		0x20
#define MAP_FIXED_NOREPLACE	0x100000
#define MREMAP_MAYMOVE		1
#define MREMAP_FIXED		2
#define O_NONBLOCK		04000
#define F_SETFL			4
#define STDERR			2

/* Where vtjobctl puts its page tables: below the program, never mapped. */
#define TABLES_START		0x1000UL
#define TABLES_END		0x400000UL

struct timespec_abi {
	long sec, nsec;
};

/* The calls vtjob serves, from the one table the module and vtjobctl use. */
static const struct {
	unsigned short nr;
	unsigned short flags;
} served[] = {
#undef VTJ_SYSCALL
#define VTJ_SYSCALL(name, owner, f) { __NR_##name, f },
#include "syscall_owners.h"
};

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* The highest x86-64 number Linux 6.1 has (set_mempolicy_home_node). */
#define HIGHEST_KNOWN_NR	450

static const char long_path[5000] = { [0 ... 4998] = 'a' };

static const char *const paths[] = {
	"", ".", "..", "/", "a", "a/b", "f", "f/", "d", "d/e", "./f/../f",
	"../../../../etc", "/tmp", "/etc/passwd", "/proc/self/exe",
	"/proc/self/maps", "/proc/self/fd/1", "/dev/null", "/dev/zero",
	"/dev/vtjob", "/sys/kernel/debug/vtjob/caps", "a\xff\x01", long_path,
};

/* Values that sit on an edge: of a type, of a page, of the address space. */
static const unsigned long boundaries[] = {
	1, 0x7f, 0x80, 0xff, 0x7fff, 0xffff, 0x7fffffff, 0x80000000,
	0xffffffff, 0x100000000, 0x7fffffffffffffff, 0x8000000000000000,
	~0UL, ~0UL - 1, 4095, 4096, 4097, -100UL /* AT_FDCWD */,
};

/* Constants the calls it makes take: arch_prctl codes, ioctls, flags, modes. */
static const unsigned long magic[] = {
	0x1001, 0x1002, 0x1003, 0x1004,		/* ARCH_SET_GS ... ARCH_GET_GS */
	0x5401, 0x5413,				/* TCGETS, TIOCGWINSZ */
	0x100, 0x200, 0x1000,			/* AT_SYMLINK_NOFOLLOW, AT_REMOVEDIR, AT_EMPTY_PATH */
	0x42, 0x241, 0x10000, 0x410000,		/* O_RDWR|O_CREAT, ...|O_TRUNC, O_DIRECTORY, O_TMPFILE */
	0644, 0777, 0x22, 0x32, 0x100022,	/* modes; MAP_PRIVATE|MAP_ANONYMOUS (|FIXED|NOREPLACE) */
};

/* Memory it must not be given: never mapped for a job, or not user memory. */
static const unsigned long unmapped[] = {
	TABLES_START, 0x200000, TABLES_END - PAGE, 0x7f0000000000,
	0x7ffffffff000, 0x800000000000, 0xffff800000000000,
	0xffffffffff600000, 0x8000000000000000, ~0UL & ~(PAGE - 1),
};

/* Where nothing is ever mapped for a job, whatever calls it made. */
static const unsigned long never_mapped[] = {
	0, TABLES_START, 0xffff800000000000, 0x8000000000000000, ~0UL & ~(PAGE - 1),
};

/* x86-64's SIGPIPE. */
#define SIGPIPE_NR		13

/* The kernel's struct sigaction. */
struct sigaction_abi {
	unsigned long handler, flags, restorer, mask;
};

/*
 * Actions that run no code of its own: default and ignore, with any
 * flags. A handler at a random address could be any instruction of its
 * text, run at any fault it makes: the fuzzer would stop being itself.
 */
static const struct sigaction_abi actions[] = {
	{ 0, 0, 0, 0 }, { 1, 0, 0, ~0UL }, { 0, ~0UL, ~0UL, 0 }, { 1, 0x04000000, 0, 1 },
};

/* Sleeps of at most a millisecond, and the ones Linux refuses. */
static const struct timespec_abi sleeps[] = {
	{ 0, 0 }, { 0, 1000 }, { 0, 999999 }, { 0, 1000000000 }, { -1, 0 }, { 0, -1 },
};

/*
 * Clocks to sleep on: realtime, monotonic, boottime, the alarms, TAI, and
 * ones Linux refuses (raw, coarse, unknown). Never a CPU-time clock (2, 3,
 * or a negative id): the job's own CPU time stands still while it sleeps.
 */
static const unsigned long sleep_clocks[] = { 0, 1, 4, 5, 6, 7, 8, 9, 10, 11, 12, 15, 16 };

/* The program's own text, which the linker brackets. */
extern const char __executable_start[], etext[];

static unsigned long zone;

/* splitmix64: small, and the same stream for the same seed everywhere. */
static unsigned long rng_state;

static unsigned long rnd(void)
{
	unsigned long z = (rng_state += 0x9e3779b97f4a7c15UL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9UL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebUL;
	return z ^ (z >> 31);
}

static unsigned long below(unsigned long n)
{
	return n ? rnd() % n : 0;
}

#define PICK(table)	((table)[below(ARRAY_SIZE(table))])

static void put_number(unsigned long n)
{
	char num[VTJOB_NUMBER_MAX];

	vtjob_puts(STDERR, vtjob_utoa(n, num));
}

static void put_hex(unsigned long n)
{
	char num[VTJOB_NUMBER_MAX];

	vtjob_puts(STDERR, vtjob_xtoa(n, num));
}

/* "random_syscalls: seed S" and what follows, on stderr. */
static void say_seed(unsigned long seed, const char *then)
{
	vtjob_puts(STDERR, "random_syscalls: seed ");
	put_number(seed);
	vtjob_puts(STDERR, then);
}

/* exit and exit_group, also as the kernel would read a wider number. */
static int ends_job(unsigned long nr)
{
	unsigned long low = nr & 0xbfffffffUL;	/* no x32 bit, low 32 bits */
	size_t i;

	for (i = 0; i < ARRAY_SIZE(served); i++)
		if ((served[i].flags & VTJ_SYS_F_ENDS_JOB) && low == served[i].nr)
			return 1;
	return 0;
}

/*
 * The calls that make, replace, wait for or signal processes: at random
 * they would fork without bound, wait for children that never end, and
 * signal whatever host process a random pid names. process_test calls
 * them as programs do.
 */
static int acts_on_processes(unsigned long nr)
{
	static const unsigned long process_calls[] = {
		__NR_fork, __NR_vfork, __NR_clone, __NR_clone3, __NR_execve,
		__NR_execveat, __NR_wait4, __NR_waitid, __NR_kill, __NR_tkill,
		__NR_tgkill, __NR_setsid, __NR_setpgid,
	};
	unsigned long low = nr & 0xbfffffffUL;	/* no x32 bit, low 32 bits */
	size_t i;

	for (i = 0; i < ARRAY_SIZE(process_calls); i++)
		if (low == process_calls[i])
			return 1;
	return 0;
}

/*
 * Waiting for a signal, which no process sends it, blocks it forever;
 * rt_sigreturn() from a random frame takes every register from wherever
 * RSP points. process_test calls them as programs do.
 */
static int acts_on_signals(unsigned long nr)
{
	unsigned long low = nr & 0xbfffffffUL;	/* no x32 bit, low 32 bits */

	return low == __NR_rt_sigsuspend || low == __NR_pause || low == __NR_rt_sigreturn;
}

static unsigned long pick_nr(void)
{
	unsigned long nr;

	do {
		unsigned long r = below(100);

		if (r < 45)
			nr = PICK(served).nr;
		else if (r < 80)
			nr = below(HIGHEST_KNOWN_NR + 1);
		else if (r < 90)
			nr = below(1024);
		else if (r < 95)
			nr = 0x40000000UL | below(1024);	/* the x32 ABI's numbers */
		else
			nr = rnd();
	} while (ends_job(nr) || acts_on_processes(nr) || acts_on_signals(nr));
	return nr;
}

/* Any argument: a number, a flag, a path or a pointer of some kind. */
static unsigned long any_arg(void)
{
	switch (below(12)) {
	case 0:
		return 0;
	case 1:
		return below(32);
	case 2:
		return -(1 + below(16));
	case 3:
		return PICK(boundaries);
	case 4:
		return PICK(magic);
	case 5:
		return zone + below(ZONE_SIZE);
	case 6:
		/* Straddling the end of the zone, into what is not mapped above. */
		return zone + ZONE_SIZE - below(64);
	case 7:
		return (unsigned long)__executable_start +
		       below((unsigned long)(etext - __executable_start));
	case 8:
		return PICK(unmapped) + below(2) * below(PAGE);
	case 9:
		return (unsigned long)PICK(paths);
	case 10:
		return 1UL << (20 + below(44));		/* a huge length */
	default:
		return rnd();
	}
}

/* An address for a memory call: in the zone, in the page tables, or refused. */
static unsigned long mm_addr(void)
{
	unsigned long r = below(100);

	if (r < 70)
		return zone + below(ZONE_SIZE / PAGE) * PAGE;
	if (r < 75)
		return zone + below(ZONE_SIZE);		/* unaligned, mostly */
	if (r < 85)
		return TABLES_START + below((TABLES_END - TABLES_START) / PAGE) * PAGE;
	if (r < 90)
		return 0;
	return PICK(unmapped);
}

/*
 * A length for a memory call at @addr that stays inside the zone or the
 * page tables (a longer one would take the stack or the program with it,
 * as on Linux); anywhere else, any length. Lengths that overflow when
 * rounded to a page are always refused, and asked now and then.
 */
static unsigned long mm_len(unsigned long addr)
{
	unsigned long end = 0;

	if (below(20) == 0)
		return ~0UL - below(PAGE);
	if (addr >= zone && addr < zone + ZONE_SIZE)
		end = zone + ZONE_SIZE;
	else if (addr < TABLES_END)
		end = TABLES_END;
	if (!end)
		return below(2) ? PICK(boundaries) : any_arg();
	return below(4) ? 1 + below(end - addr) : (1 + below((end - addr) / PAGE)) * PAGE;
}

static unsigned long mmap_flags(void)
{
	static const unsigned long kinds[] = {
		MAP_PRIVATE | MAP_ANONYMOUS, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
		MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, MAP_PRIVATE, 0x01, 0x03,
	};

	return below(8) ? PICK(kinds) | (below(4) ? 0 : below(1UL << 21)) : rnd();
}

/*
 * The arguments for @nr, aimed as the comment at the top says; returns
 * the number to call, which is @nr but for a pipe made non-blocking.
 */
static unsigned long make_args(unsigned long nr, unsigned long a[6])
{
	size_t i;

	for (i = 0; i < 6; i++)
		a[i] = any_arg();
	switch (nr) {
	case __NR_mmap:
		a[0] = below(3) ? mm_addr() : 0;
		a[1] = mm_len(a[0]);
		a[2] = below(8);
		a[3] = mmap_flags();
		a[4] = below(2) ? -1UL : below(8);
		break;
	case __NR_munmap:
	case __NR_mprotect:
	case __NR_madvise:
		a[0] = mm_addr();
		a[1] = mm_len(a[0]);
		a[2] = below(4) ? below(32) : a[2];
		break;
	case __NR_mremap:
		a[0] = mm_addr();
		a[1] = mm_len(a[0]);
		a[3] = below(4) ? below(2) * MREMAP_MAYMOVE + below(2) * MREMAP_FIXED : a[3];
		a[4] = mm_addr();
		/* The new length bounds the range it lands on, moved or grown. */
		a[2] = mm_len(a[3] & MREMAP_FIXED ? a[4] : a[0]);
		break;
	case __NR_nanosleep:
	case __NR_clock_nanosleep: {
		unsigned long *req = nr == __NR_nanosleep ? &a[0] : &a[2];

		*req = below(4) ? (unsigned long)&PICK(sleeps) : PICK(never_mapped);
		if (nr == __NR_clock_nanosleep) {
			/* Not a CPU-time clock: its own would never reach the time. */
			a[0] = PICK(sleep_clocks);
			a[1] = below(4) ? below(2) : a[1];	/* TIMER_ABSTIME */
		}
		break;
	}
	case __NR_rt_sigaction:
		a[1] = below(4) ? (unsigned long)&PICK(actions) : PICK(never_mapped);
		/* SIGPIPE stays ignored: see main(). */
		if ((unsigned int)a[0] == SIGPIPE_NR)
			a[0] = SIGPIPE_NR + 1;
		break;
	case __NR_close:
		if (a[0] == STDERR)
			a[0] = 3;
		break;
	case __NR_dup2:
	case __NR_dup3:
		if (a[1] == STDERR)
			a[1] = 3;
		break;
	case __NR_pipe:
	case __NR_pipe2:
		/* A pipe it could read from only when it writes first. */
		if (a[0] >= zone && a[0] < zone + ZONE_SIZE) {
			nr = __NR_pipe2;
			a[1] = below(2) ? O_NONBLOCK : a[1] | O_NONBLOCK;
		}
		break;
	case __NR_fcntl:
		if (a[1] == F_SETFL)
			a[2] |= O_NONBLOCK;
		break;
	default:
		break;
	}
	return nr;
}

static long call(unsigned long nr, const unsigned long a[6])
{
	return vtjob_syscall6((long)nr, (long)a[0], (long)a[1], (long)a[2], (long)a[3],
			      (long)a[4], (long)a[5]);
}

static void report_bad(unsigned long seed, unsigned long i, unsigned long nr,
		       const unsigned long a[6], long ret)
{
	char num[VTJOB_NUMBER_MAX];
	size_t k;

	say_seed(seed, ": call ");
	put_number(i);
	vtjob_puts(STDERR, ": number ");
	put_hex(nr);
	vtjob_puts(STDERR, " (");
	for (k = 0; k < 6; k++) {
		put_hex(a[k]);
		vtjob_puts(STDERR, k < 5 ? ", " : ") returned ");
	}
	vtjob_puts(STDERR, vtjob_itoa(ret, num));
	vtjob_puts(STDERR, ", which no system call returns\n");
}

int main(int argc, char **argv, char **envp)
{
	long seed = argc > 1 ? vtjob_atol(argv[1], -1) : -1;
	long count = argc > 2 ? vtjob_atol(argv[2], -1) : -1;
	unsigned long i, errors = 0, bad = 0;
	unsigned long a[6];

	(void)envp;
	if (argc != 3 || seed < 0 || count < 0) {
		vtjob_puts(STDERR, "usage: random_syscalls SEED COUNT (as a job only)\n");
		return 2;
	}
	rng_state = (unsigned long)seed;
	say_seed((unsigned long)seed, ", ");
	put_number((unsigned long)count);
	vtjob_puts(STDERR, " calls\n");
	/*
	 * A write to a pipe it closed the other end of would end it by
	 * SIGPIPE, as it would end a process: ignored, such a write is EPIPE.
	 */
	if (vtjob_syscall4(__NR_rt_sigaction, SIGPIPE_NR, (long)&actions[1], 0, 8)) {
		vtjob_puts(STDERR, "random_syscalls: cannot ignore SIGPIPE\n");
		return 2;
	}
	zone = (unsigned long)vtjob_syscall6(__NR_mmap, 0, ZONE_SIZE, PROT_READ | PROT_WRITE,
					      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (zone > -MAX_ERRNO - 1UL) {
		vtjob_puts(STDERR, "random_syscalls: cannot map its zone\n");
		return 2;
	}
	for (i = 0; i < (unsigned long)count; i++) {
		unsigned long nr = make_args(pick_nr(), a);
		long ret = call(nr, a);

		if (ret < 0 && ret >= -MAX_ERRNO)
			errors++;
		else if (ret < -MAX_ERRNO && !bad++)
			report_bad((unsigned long)seed, i, nr, a, ret);
		if ((i + 1) % PROGRESS_EVERY == 0) {
			say_seed((unsigned long)seed, ": ");
			put_number(i + 1);
			vtjob_puts(STDERR, " calls made\n");
		}
	}
	say_seed((unsigned long)seed, ": ");
	put_number(i);
	vtjob_puts(STDERR, " calls made, ");
	put_number(errors);
	vtjob_puts(STDERR, " errors\n");
	return bad ? 3 : 0;
}
VTJOB_DEFINE_START(main);
