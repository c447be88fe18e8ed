// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz target for the forwarded-call decoder: any bytes become a job's
 * memory contents and a run of system calls (numbers among those
 * vtjobctl serves and some it does not, arguments that are raw or point
 * into the job's text, data, a read-only mapping or a hole). Every call
 * must return a value or -errno in Linux's range, never write a page the
 * job has not mapped (its page tables and the hole stay as they were),
 * and never fault in vtjobctl (ASan and UBSan watch). fork and execve are
 * decoded for the runtime, which is not there: what they leave is
 * checked and dropped. The job sees only a
 * scratch directory (--ro scratch/ro --rw scratch/rw), so that what it
 * creates stays there and nothing it opens can block.
 * libFuzzer's entry point; standalone.c drives it without libFuzzer.
 */
#define _XOPEN_SOURCE_EXTENDED 1
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "guestmem/page_table.h"
#include "runtime/sys/job_syscalls.h"

#define MEM_SIZE	(8u << 20)
#define TABLES_END	0x400000ull
#define TEXT		0x400000ull	/* read-only, 1 page */
#define DATA		0x401000ull	/* writable, 8 pages */
#define DATA_SIZE	0x8000ull
#define MAPPED_RO	0x600000ull	/* present, not user-writable: mmap's target */
#define HOLE		0x700000ull
#define MAX_CALLS	16

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* What the fuzzer picks from: served calls, then a few that are not. */
static const uint16_t calls[] = {
	JOB_NR_read, JOB_NR_write, JOB_NR_readv, JOB_NR_writev, JOB_NR_pread64,
	JOB_NR_pwrite64, JOB_NR_lseek, JOB_NR_ftruncate, JOB_NR_fsync, JOB_NR_getdents64,
	JOB_NR_mmap, JOB_NR_close, JOB_NR_dup, JOB_NR_dup2, JOB_NR_dup3, JOB_NR_fcntl,
	JOB_NR_ioctl, JOB_NR_pipe2, JOB_NR_open, JOB_NR_openat, JOB_NR_mkdir,
	JOB_NR_mkdirat, JOB_NR_unlink, JOB_NR_unlinkat, JOB_NR_rmdir, JOB_NR_rename,
	JOB_NR_renameat2, JOB_NR_chdir, JOB_NR_fchdir, JOB_NR_getcwd, JOB_NR_umask,
	JOB_NR_readlink, JOB_NR_readlinkat, JOB_NR_faccessat2, JOB_NR_fstat, JOB_NR_stat,
	JOB_NR_lstat, JOB_NR_newfstatat, JOB_NR_statx, JOB_NR_fadvise64, JOB_NR_chmod,
	JOB_NR_fchmod, JOB_NR_fchmodat, JOB_NR_fchown, JOB_NR_utimensat, JOB_NR_sysinfo,
	JOB_NR_chown, JOB_NR_lchown, JOB_NR_fchownat,
	JOB_NR_fork, JOB_NR_clone, JOB_NR_clone3, JOB_NR_execve, JOB_NR_execveat, 4095,
};

static uint8_t *mem, *pristine;
static uint64_t cr3;
static char scratch[PATH_MAX];
static int null_fd;
static struct job_signal_queue no_signals;

static void check(int holds)
{
	if (!holds)
		abort();
}

static int remove_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st;
	(void)type;
	(void)ftw;
	remove(path);
	return 0;
}

static void remove_scratch(void)
{
	nftw(scratch, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

static void set_up_once(void)
{
	struct guestmem_pt pt;
	char path[PATH_MAX + 8];

	mem = calloc(1, MEM_SIZE);
	pristine = malloc(MEM_SIZE);
	check(mem && pristine);
	check(!guestmem_pt_init(&pt, mem, MEM_SIZE, 0x1000, TABLES_END) &&
	      !guestmem_pt_map(&pt, TEXT, 0x1000, GUESTMEM_EXEC) &&
	      !guestmem_pt_map(&pt, DATA, DATA_SIZE, GUESTMEM_WRITE) &&
	      !guestmem_pt_map(&pt, MAPPED_RO, 0x2000, 0));
	cr3 = pt.pml4;
	memcpy(pristine, mem, MEM_SIZE);
	snprintf(scratch, sizeof(scratch), "/tmp/vtjob-fuzz-XXXXXX");
	check(mkdtemp(scratch) != NULL);
	atexit(remove_scratch);
	snprintf(path, sizeof(path), "%s/ro", scratch);
	check(mkdir(path, 0755) == 0);
	snprintf(path, sizeof(path), "%s/ro/file", scratch);
	check(close(open(path, O_WRONLY | O_CREAT, 0644)) == 0);
	snprintf(path, sizeof(path), "%s/rw", scratch);
	check(mkdir(path, 0755) == 0);
	check(chdir(path) == 0);
	null_fd = open("/dev/null", O_RDWR | O_CLOEXEC);
	check(null_fd >= 0);
}

static uint64_t next_u64(const uint8_t **data, size_t *size)
{
	uint64_t value = 0;
	size_t n = *size < 8 ? *size : 8;

	memcpy(&value, *data, n);
	*data += n;
	*size -= n;
	return value;
}

/* The top nibble picks where an argument points; most stay raw. */
static uint64_t argument(uint64_t raw)
{
	switch (raw >> 60) {
	case 0xa: return DATA + (raw & (DATA_SIZE - 1));
	case 0xb: return TEXT + (raw & 0xfff);
	case 0xc: return MAPPED_RO + (raw & 0x1fff);
	case 0xd: return HOLE + (raw & 0xfff);
	case 0xe: return raw & 0xff;	/* small: fds, flags, counts */
	default: return raw;
	}
}

/* Nothing may make a job or vtjobctl block: every pipe is non-blocking. */
static void never_block(struct vtjob_exit *exit)
{
	if (exit->syscall.nr == JOB_NR_pipe2)
		exit->syscall.args[1] |= O_NONBLOCK;
	if (exit->syscall.nr == JOB_NR_fcntl && (int)exit->syscall.args[1] == F_SETFL)
		exit->syscall.args[2] |= O_NONBLOCK;
}

/* The page tables, and everything the job has not mapped, are untouched. */
static void check_unmapped_untouched(void)
{
	check(!memcmp(mem, pristine, TABLES_END));
	check(!memcmp(mem + DATA + DATA_SIZE, pristine + DATA + DATA_SIZE,
		      MAPPED_RO - DATA - DATA_SIZE));
	check(!memcmp(mem + MAPPED_RO + 0x2000, pristine + MAPPED_RO + 0x2000,
		      MEM_SIZE - MAPPED_RO - 0x2000));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *ro[1], *rw[1];
	static char ro_path[PATH_MAX + 8], rw_path[PATH_MAX + 8];
	const int stdio_fds[3] = { null_fd, null_fd, null_fd };
	struct job_paths_config config = { .ro = ro, .nr_ro = 1, .rw = rw, .nr_rw = 1 };
	struct job_process_call process = { 0 };
	struct job_syscall_env env;
	struct job_fd_table fds;
	struct job_paths paths;
	char err[256];
	int i, a;

	if (!mem)
		set_up_once();
	snprintf(ro_path, sizeof(ro_path), "%s/ro", scratch);
	snprintf(rw_path, sizeof(rw_path), "%s/rw", scratch);
	ro[0] = ro_path;
	rw[0] = rw_path;
	check(!job_fd_table_init(&fds, 64, stdio_fds));
	check(!job_paths_init(&paths, &config, err, sizeof(err)));
	env = (struct job_syscall_env) {
		.view = { .mem = mem, .mem_size = MEM_SIZE, .cr3 = cr3 },
		.write = write,
		.signals = &no_signals,
		.fds = &fds,
		.paths = &paths,
		.exe_path = "/fuzz/job",
		.process = &process,
	};

	/* The first bytes are the job's text and data, NUL-rich for paths. */
	memset(mem + TEXT, 0, 0x1000 + DATA_SIZE);
	memcpy(mem + TEXT, data, size < 512 ? size : 512);
	memcpy(mem + DATA, data, size < 512 ? size : 512);
	if (size > 512) {
		data += 512;
		size -= 512;
	} else {
		size = 0;
	}

	for (i = 0; i < MAX_CALLS && size >= 2; i++) {
		struct vtjob_exit exit = { .reason = VTJOB_EXIT_SYSCALL };
		int64_t result = 0;
		int status;

		exit.syscall.nr = calls[(data[0] | data[1] << 8) % (sizeof(calls) / sizeof(calls[0]))];
		data += 2;
		size -= 2;
		for (a = 0; a < 6; a++)
			exit.syscall.args[a] = argument(next_u64(&data, &size));
		never_block(&exit);
		switch (job_syscall_serve(&env, &exit, &result, &status)) {
		case JOB_SYSCALL_EXIT:
			goto out;
		case JOB_SYSCALL_PROCESS:
			/* An exec's path and strings, whole and NUL-terminated. */
			if (process.kind == JOB_PROCESS_EXEC)
				check(process.exec.path && process.exec.argv[0] && process.exec.envp &&
				      strlen(process.exec.path) < PATH_MAX);
			else
				check(process.kind == JOB_PROCESS_FORK);
			job_process_call_free(&process);
			result = 0;
			break;
		case JOB_SYSCALL_RETURN:
			break;
		}
		check(result >= -4095);
		check_unmapped_untouched();
	}
out:
	job_fd_table_free(&fds);
	job_paths_free(&paths);
	check(chdir(rw_path) == 0);
	return 0;
}
