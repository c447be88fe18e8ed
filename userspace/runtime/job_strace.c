// SPDX-License-Identifier: GPL-2.0
#include "runtime/job_strace.h"

#include <ctype.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "runtime/job_syscall_names.h"

/* strace's default -s: buffers show this many bytes. */
#define SHOWN_BYTES	32

/*
 * How to show each argument, one letter an argument:
 *   d int (an fd, a pid) D dirfd (AT_FDCWD)   i signed     u unsigned
 *   x pointer or hex    X hex number (0 as 0) s path string   o octal mode
 *   w buffer the job passes, its length the next argument
 *   r buffer the call fills, its length the result
 *   F open flags        c mode, only with O_CREAT or O_TMPFILE in the flags before
 *   P mmap prot         M mmap flags          A AT_* flags
 *   a access mode       W lseek whence        C fcntl command
 *   g signal number
 * A call without a spec shows six arguments in hex.
 */
static const char *const specs[JOB_NR_LIMIT] = {
	[JOB_NR_read] = "dru", [JOB_NR_write] = "dwu", [JOB_NR_open] = "sFc",
	[JOB_NR_close] = "d", [JOB_NR_stat] = "sx", [JOB_NR_fstat] = "dx",
	[JOB_NR_lstat] = "sx", [JOB_NR_lseek] = "diW", [JOB_NR_mmap] = "xuPMdX",
	[JOB_NR_mprotect] = "xuP", [JOB_NR_munmap] = "xu", [JOB_NR_brk] = "x",
	[JOB_NR_rt_sigaction] = "gxxu", [JOB_NR_rt_sigprocmask] = "ixxu",
	[JOB_NR_ioctl] = "dxx", [JOB_NR_pread64] = "drui", [JOB_NR_pwrite64] = "dwui",
	[JOB_NR_readv] = "dxi", [JOB_NR_writev] = "dxi", [JOB_NR_access] = "sa",
	[JOB_NR_pipe] = "x", [JOB_NR_sched_yield] = "", [JOB_NR_mremap] = "xuuix",
	[JOB_NR_madvise] = "xui", [JOB_NR_dup] = "d", [JOB_NR_dup2] = "dd",
	[JOB_NR_nanosleep] = "xx", [JOB_NR_getpid] = "", [JOB_NR_exit] = "i",
	[JOB_NR_uname] = "x", [JOB_NR_fcntl] = "dCx", [JOB_NR_fsync] = "d",
	[JOB_NR_fdatasync] = "d", [JOB_NR_ftruncate] = "di", [JOB_NR_getcwd] = "ru",
	[JOB_NR_chdir] = "s", [JOB_NR_fchdir] = "d", [JOB_NR_rename] = "ss",
	[JOB_NR_mkdir] = "so", [JOB_NR_rmdir] = "s", [JOB_NR_unlink] = "s",
	[JOB_NR_symlink] = "ss", [JOB_NR_symlinkat] = "sDs",
	[JOB_NR_readlink] = "sru", [JOB_NR_umask] = "o", [JOB_NR_gettimeofday] = "xx",
	[JOB_NR_getrlimit] = "ix", [JOB_NR_getuid] = "", [JOB_NR_getgid] = "",
	[JOB_NR_geteuid] = "", [JOB_NR_getegid] = "", [JOB_NR_getppid] = "",
	[JOB_NR_arch_prctl] = "ix", [JOB_NR_gettid] = "", [JOB_NR_time] = "x",
	[JOB_NR_sched_getaffinity] = "iux", [JOB_NR_getdents64] = "dxu",
	[JOB_NR_set_tid_address] = "x", [JOB_NR_clock_gettime] = "ix",
	[JOB_NR_clock_nanosleep] = "iixx", [JOB_NR_exit_group] = "i",
	[JOB_NR_openat] = "DsFc", [JOB_NR_mkdirat] = "Dso", [JOB_NR_newfstatat] = "DsxA",
	[JOB_NR_unlinkat] = "DsA", [JOB_NR_renameat] = "DsDs", [JOB_NR_readlinkat] = "Dsru",
	[JOB_NR_faccessat] = "Dsa", [JOB_NR_set_robust_list] = "xu", [JOB_NR_dup3] = "ddF",
	[JOB_NR_pipe2] = "xF", [JOB_NR_prlimit64] = "iixx", [JOB_NR_getrandom] = "xui",
	[JOB_NR_renameat2] = "DsDsx", [JOB_NR_rseq] = "xuix", [JOB_NR_statx] = "DsAxx",
	[JOB_NR_faccessat2] = "DsaA", [JOB_NR_futex] = "xiuxxu", [JOB_NR_fadvise64] = "diui",
	[JOB_NR_chmod] = "so", [JOB_NR_fchmod] = "do", [JOB_NR_fchmodat] = "Dso",
	[JOB_NR_fchown] = "dii", [JOB_NR_utimensat] = "DsxA", [JOB_NR_sysinfo] = "x",
	[JOB_NR_chown] = "sii", [JOB_NR_lchown] = "sii", [JOB_NR_fchownat] = "DsiiA",
	[JOB_NR_getrusage] = "ix", [JOB_NR_fork] = "", [JOB_NR_vfork] = "",
	[JOB_NR_clone] = "xxxxx", [JOB_NR_clone3] = "xu", [JOB_NR_execve] = "sxx",
	[JOB_NR_execveat] = "DsxxA", [JOB_NR_wait4] = "dxxx", [JOB_NR_waitid] = "ddxxx",
	[JOB_NR_kill] = "dg", [JOB_NR_tgkill] = "ddg", [JOB_NR_tkill] = "dg",
	[JOB_NR_setpgid] = "dd", [JOB_NR_getpgid] = "d", [JOB_NR_getpgrp] = "",
	[JOB_NR_setsid] = "", [JOB_NR_getsid] = "d",
};

/* Results that are addresses. */
static bool result_is_address(uint64_t nr)
{
	return nr == JOB_NR_mmap || nr == JOB_NR_brk || nr == JOB_NR_mremap;
}

struct flag_name {
	uint64_t value;
	const char *name;
};

#define FLAG(f) { f, #f }

/* Combined flags ahead of their parts: O_SYNC holds O_DSYNC, O_TMPFILE O_DIRECTORY. */
static const struct flag_name open_flags[] = {
	FLAG(O_SYNC), FLAG(O_TMPFILE), FLAG(O_CREAT), FLAG(O_EXCL), FLAG(O_NOCTTY), FLAG(O_TRUNC), FLAG(O_APPEND),
	FLAG(O_NONBLOCK), FLAG(O_DSYNC), FLAG(O_ASYNC), FLAG(O_DIRECT), FLAG(O_LARGEFILE),
	FLAG(O_DIRECTORY), FLAG(O_NOFOLLOW), FLAG(O_NOATIME), FLAG(O_CLOEXEC),
	FLAG(O_PATH), { 0, NULL },
};
static const struct flag_name prot_flags[] = {
	FLAG(PROT_READ), FLAG(PROT_WRITE), FLAG(PROT_EXEC), { 0, NULL },
};
static const struct flag_name map_flags[] = {
	FLAG(MAP_SHARED), FLAG(MAP_PRIVATE), FLAG(MAP_FIXED), FLAG(MAP_ANONYMOUS),
	FLAG(MAP_GROWSDOWN), FLAG(MAP_DENYWRITE), FLAG(MAP_EXECUTABLE), FLAG(MAP_LOCKED),
	FLAG(MAP_NORESERVE), FLAG(MAP_POPULATE), FLAG(MAP_NONBLOCK), FLAG(MAP_STACK),
	FLAG(MAP_HUGETLB), FLAG(MAP_FIXED_NOREPLACE), { 0, NULL },
};
static const struct flag_name at_flags[] = {
	FLAG(AT_SYMLINK_NOFOLLOW), FLAG(AT_REMOVEDIR), FLAG(AT_SYMLINK_FOLLOW),
	FLAG(AT_NO_AUTOMOUNT), FLAG(AT_EMPTY_PATH), FLAG(AT_EACCESS), { 0, NULL },
};
static const struct flag_name access_modes[] = {
	FLAG(R_OK), FLAG(W_OK), FLAG(X_OK), { 0, NULL },
};
static const struct flag_name whences[] = {
	FLAG(SEEK_SET), FLAG(SEEK_CUR), FLAG(SEEK_END), FLAG(SEEK_DATA), FLAG(SEEK_HOLE),
	{ 0, NULL },
};
static const struct flag_name fcntl_commands[] = {
	FLAG(F_DUPFD), FLAG(F_GETFD), FLAG(F_SETFD), FLAG(F_GETFL), FLAG(F_SETFL),
	FLAG(F_GETLK), FLAG(F_SETLK), FLAG(F_SETLKW), FLAG(F_DUPFD_CLOEXEC), { 0, NULL },
};

/* "A|B|0x40", or "0" with no bits set. */
static void show_flags(FILE *out, const struct flag_name *names, uint64_t value)
{
	const char *sep = "";
	size_t i;

	for (i = 0; names[i].name; i++) {
		if (names[i].value && (value & names[i].value) == names[i].value) {
			fprintf(out, "%s%s", sep, names[i].name);
			value &= ~names[i].value;
			sep = "|";
		}
	}
	if (value || !*sep)
		fprintf(out, "%s%#llx", sep, (unsigned long long)value);
}

static void show_value(FILE *out, const struct flag_name *names, uint64_t value)
{
	size_t i;

	for (i = 0; names[i].name; i++) {
		if (names[i].value == value) {
			fputs(names[i].name, out);
			return;
		}
	}
	fprintf(out, "%#llx", (unsigned long long)value);
}

static void show_open_flags(FILE *out, uint64_t value)
{
	static const char *const access[] = { "O_RDONLY", "O_WRONLY", "O_RDWR", "O_ACCMODE" };
	uint64_t rest = (uint32_t)value & ~(uint64_t)O_ACCMODE;

	fputs(access[value & O_ACCMODE], out);
	if (rest) {
		fputc('|', out);
		show_flags(out, open_flags, rest);
	}
}

static void show_pointer(FILE *out, uint64_t value)
{
	if (value)
		fprintf(out, "%#llx", (unsigned long long)value);
	else
		fputs("NULL", out);
}

/* @len bytes of @bytes in C quotes, as strace escapes them. */
static void show_quoted(FILE *out, const uint8_t *bytes, size_t len)
{
	size_t i;

	fputc('"', out);
	for (i = 0; i < len; i++) {
		uint8_t c = bytes[i];

		switch (c) {
		case '\n': fputs("\\n", out); break;
		case '\t': fputs("\\t", out); break;
		case '\r': fputs("\\r", out); break;
		case '"': fputs("\\\"", out); break;
		case '\\': fputs("\\\\", out); break;
		default:
			if (isprint(c))
				fputc(c, out);
			else
				fprintf(out, "\\%o", c);
		}
	}
	fputc('"', out);
}

/* A buffer of @len bytes at @addr: its first bytes, if the job can read them. */
static void show_buffer(const struct job_strace *trace, uint64_t addr, uint64_t len)
{
	uint64_t shown = len < SHOWN_BYTES ? len : SHOWN_BYTES;

	if (!guestmem_can_read(&trace->view, addr, shown)) {
		show_pointer(trace->out, addr);
		return;
	}
	show_quoted(trace->out, guestmem_bytes(&trace->view, addr), (size_t)shown);
	if (len > shown)
		fputs("...", trace->out);
}

static void show_path(const struct job_strace *trace, uint64_t addr)
{
	char path[PATH_MAX];

	if (guestmem_read_string(&trace->view, addr, path, sizeof(path)))
		show_pointer(trace->out, addr);
	else
		show_quoted(trace->out, (const uint8_t *)path, strlen(path));
}

static void show_signal(FILE *out, uint64_t value)
{
	const char *abbrev = value < 65 ? sigabbrev_np((int)value) : NULL;

	if (abbrev)
		fprintf(out, "SIG%s", abbrev);
	else
		fprintf(out, "%llu", (unsigned long long)value);
}

static void show_argument(const struct job_strace *trace, char kind, const uint64_t *args,
			  int i, int64_t result)
{
	uint64_t value = args[i];
	FILE *out = trace->out;

	switch (kind) {
	case 'd':
		fprintf(out, "%d", (int)value);
		break;
	case 'D':
		if ((int)value == AT_FDCWD)
			fputs("AT_FDCWD", out);
		else
			fprintf(out, "%d", (int)value);
		break;
	case 'i':
		fprintf(out, "%lld", (long long)value);
		break;
	case 'u':
		fprintf(out, "%llu", (unsigned long long)value);
		break;
	case 'X':
		fprintf(out, "%#llx", (unsigned long long)value);
		break;
	case 'o':
	case 'c':
		fprintf(out, "%#llo", (unsigned long long)value);
		break;
	case 's':
		show_path(trace, value);
		break;
	case 'w':
		show_buffer(trace, value, i < 5 ? args[i + 1] : 0);
		break;
	case 'r':
		if (result >= 0)
			show_buffer(trace, value, (uint64_t)result);
		else
			show_pointer(out, value);
		break;
	case 'F':
		show_open_flags(out, value);
		break;
	case 'P':
		if (value == PROT_NONE)
			fputs("PROT_NONE", out);
		else
			show_flags(out, prot_flags, value);
		break;
	case 'M':
		show_flags(out, map_flags, (uint32_t)value);
		break;
	case 'A':
		show_flags(out, at_flags, (uint32_t)value);
		break;
	case 'a':
		if (value == F_OK)
			fputs("F_OK", out);
		else
			show_flags(out, access_modes, value);
		break;
	case 'W':
		show_value(out, whences, (uint32_t)value);
		break;
	case 'C':
		show_value(out, fcntl_commands, (uint32_t)value);
		break;
	case 'g':
		show_signal(out, value);
		break;
	default:
		show_pointer(out, value);
		break;
	}
}

/* The mode argument of open: only there with O_CREAT or O_TMPFILE. */
static bool has_mode(const char *spec, const uint64_t *args, int i)
{
	return i > 0 && spec[i - 1] == 'F' && ((args[i - 1] & O_CREAT) || (args[i - 1] & O_TMPFILE) == O_TMPFILE);
}

/* Which process of a tree the line is about, as strace -f says it. */
static void begin_line(const struct job_strace *trace)
{
	if (trace->pid)
		fprintf(trace->out, "[pid %d] ", trace->pid);
}

static void show_call(const struct job_strace *trace, const struct vtjob_exit *exit,
		      int64_t result)
{
	uint64_t nr = exit->syscall.nr, args[6];
	const char *name = job_syscall_name(nr);
	const char *spec = nr < JOB_NR_LIMIT && specs[nr] ? specs[nr] : "xxxxxx";
	int i;

	for (i = 0; i < 6; i++)
		args[i] = exit->syscall.args[i];
	begin_line(trace);
	if (name)
		fprintf(trace->out, "%s(", name);
	else
		fprintf(trace->out, "syscall_%#llx(", (unsigned long long)nr);
	for (i = 0; spec[i] && i < 6; i++) {
		if (spec[i] == 'c' && !has_mode(spec, args, i))
			break;
		if (i)
			fputs(", ", trace->out);
		show_argument(trace, spec[i], args, i, result);
	}
	fputc(')', trace->out);
}

static struct job_strace_count *count_of(struct job_strace *trace, uint64_t nr,
					 enum job_served_by by)
{
	return &trace->counts[nr < JOB_NR_LIMIT ? nr : JOB_NR_LIMIT][by];
}

void job_strace_init(struct job_strace *trace, FILE *out, const struct guestmem_view *view)
{
	/*
	 * A line is made of many prints: written whole, the lines of a
	 * tree's processes, which share @out, do not cut into each other.
	 */
	setvbuf(out, NULL, _IOLBF, BUFSIZ);
	memset(trace, 0, sizeof(*trace));
	trace->out = out;
	trace->view = *view;
}

void job_strace_call(struct job_strace *trace, const struct vtjob_exit *exit, int64_t result,
		     enum job_served_by by)
{
	struct job_strace_count *count = count_of(trace, exit->syscall.nr, by);
	const char *where = by == JOB_SERVED_BY_MODULE ? "module" : "vtjobctl";

	count->calls++;
	show_call(trace, exit, result);
	/* Linux's error returns are -4095..-1; mmap's addresses never are. */
	if (result < 0 && result >= -4095) {
		const char *errname = strerrorname_np((int)-result);

		count->errors++;
		if (errname)
			fprintf(trace->out, " = -1 %s (%s) [%s]\n", errname,
				strerror((int)-result), where);
		else
			fprintf(trace->out, " = -1 errno %lld [%s]\n", (long long)-result, where);
	} else if (result_is_address(exit->syscall.nr)) {
		fprintf(trace->out, " = %#llx [%s]\n", (unsigned long long)result, where);
	} else {
		fprintf(trace->out, " = %lld [%s]\n", (long long)result, where);
	}
}

void job_strace_exit(struct job_strace *trace, const struct vtjob_exit *exit, int status)
{
	count_of(trace, exit->syscall.nr, JOB_SERVED_BY_VTJOBCTL)->calls++;
	show_call(trace, exit, 0);
	fputs(" = ?\n", trace->out);
	begin_line(trace);
	fprintf(trace->out, "+++ exited with %d +++\n", status);
}

void job_strace_end(struct job_strace *trace, int signal, const char *why)
{
	begin_line(trace);
	if (signal)
		fprintf(trace->out, "+++ killed by SIG%s +++\n",
			sigabbrev_np(signal) ? sigabbrev_np(signal) : "?");
	else
		fprintf(trace->out, "+++ %s +++\n", why);
}

struct summary_row {
	const char *name;
	const char *by;
	uint64_t calls, errors;
};

static int most_called_first(const void *a, const void *b)
{
	const struct summary_row *x = a, *y = b;

	if (x->calls != y->calls)
		return x->calls < y->calls ? 1 : -1;
	return strcmp(x->name, y->name);
}

void job_strace_summary(const struct job_strace *trace)
{
	static const char *const by_names[] = { "module", "vtjobctl" };
	static const char rule[] = "--------- --------- --------- --------------------\n";
	struct summary_row *rows;
	uint64_t calls = 0, errors = 0;
	size_t nr_rows = 0, i;
	int by;

	rows = calloc((JOB_NR_LIMIT + 1) * JOB_SERVED_BY_NR, sizeof(*rows));
	if (!rows)
		return;
	for (i = 0; i <= JOB_NR_LIMIT; i++) {
		for (by = 0; by < JOB_SERVED_BY_NR; by++) {
			const struct job_strace_count *count = &trace->counts[i][by];
			struct summary_row *row = &rows[nr_rows];

			if (!count->calls)
				continue;
			row->name = job_syscall_name(i) ? job_syscall_name(i) : "(other)";
			row->by = by_names[by];
			row->calls = count->calls;
			row->errors = count->errors;
			calls += row->calls;
			errors += row->errors;
			nr_rows++;
		}
	}
	qsort(rows, nr_rows, sizeof(*rows), most_called_first);
	fprintf(trace->out, "    calls    errors served by syscall\n%s", rule);
	for (i = 0; i < nr_rows; i++)
		fprintf(trace->out, "%9llu %9llu %-9s %s\n", (unsigned long long)rows[i].calls,
			(unsigned long long)rows[i].errors, rows[i].by, rows[i].name);
	fprintf(trace->out, "%s%9llu %9llu           total\n", rule, (unsigned long long)calls,
		(unsigned long long)errors);
	free(rows);
}
