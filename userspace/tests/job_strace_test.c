// SPDX-License-Identifier: GPL-2.0
/* --strace's lines and count table, from synthetic exits and a fake job memory. */
#include "runtime/job_strace.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "guestmem/page_table.h"

#include "harness.h"

#define MEM_SIZE	(8u << 20)
#define DATA		0x400000ull

static struct job_strace *trace;
static char *text;
static size_t text_len;
static FILE *out;
static uint8_t *mem;

static void start(void)
{
	struct guestmem_pt pt;
	struct guestmem_view view;

	mem = calloc(1, MEM_SIZE);
	trace = malloc(sizeof(*trace));
	if (!mem || !trace || guestmem_pt_init(&pt, mem, MEM_SIZE, 0x1000, 0x400000) ||
	    guestmem_pt_map(&pt, DATA, 0x1000, GUESTMEM_WRITE))
		abort();
	view = (struct guestmem_view) { .mem = mem, .mem_size = MEM_SIZE, .cr3 = pt.pml4 };
	out = open_memstream(&text, &text_len);
	job_strace_init(trace, out, &view);
}

static const char *finish(void)
{
	fclose(out);
	return text;
}

static void traced(uint64_t nr, int64_t result, enum job_served_by by, uint64_t a0,
		   uint64_t a1, uint64_t a2, uint64_t a3)
{
	struct vtjob_exit exit = { .reason = VTJOB_EXIT_SYSCALL };

	exit.syscall.nr = nr;
	exit.syscall.args[0] = a0;
	exit.syscall.args[1] = a1;
	exit.syscall.args[2] = a2;
	exit.syscall.args[3] = a3;
	job_strace_call(trace, &exit, result, by);
}

TEST(lines_look_like_strace_s_with_where_they_were_served)
{
	start();
	strcpy((char *)mem + DATA, "/etc/passwd");
	strcpy((char *)mem + DATA + 64, "root:x:0:0:root:/root:/bin/bash\nmore\n");
	traced(JOB_NR_openat, 3, JOB_SERVED_BY_VTJOBCTL, (uint64_t)AT_FDCWD, DATA,
	       O_RDONLY | O_CLOEXEC, 0);
	traced(JOB_NR_openat, -ENOENT, JOB_SERVED_BY_VTJOBCTL, 5, DATA,
	       O_WRONLY | O_CREAT | O_TRUNC, 0644);
	traced(JOB_NR_read, 37, JOB_SERVED_BY_VTJOBCTL, 3, DATA + 64, 4096, 0);
	traced(JOB_NR_brk, 0x801000, JOB_SERVED_BY_MODULE, 0, 0, 0, 0);
	traced(JOB_NR_mmap, 0x7f000, JOB_SERVED_BY_MODULE, 0, 8192, PROT_READ | PROT_WRITE,
	       MAP_PRIVATE | MAP_ANONYMOUS);
	traced(JOB_NR_write, -EFAULT, JOB_SERVED_BY_VTJOBCTL, 1, 0x900000, 5, 0);
	traced(JOB_NR_getpid, 1, JOB_SERVED_BY_MODULE, 0, 0, 0, 0);
	EXPECT_STREQ("openat(AT_FDCWD, \"/etc/passwd\", O_RDONLY|O_CLOEXEC) = 3 [vtjobctl]\n"
		     "openat(5, \"/etc/passwd\", O_WRONLY|O_CREAT|O_TRUNC, 0644) = -1 ENOENT (No such file or directory) [vtjobctl]\n"
		     "read(3, \"root:x:0:0:root:/root:/bin/bash\\n\"..., 4096) = 37 [vtjobctl]\n"
		     "brk(NULL) = 0x801000 [module]\n"
		     "mmap(NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, 0, 0) = 0x7f000 [module]\n"
		     "write(1, 0x900000, 5) = -1 EFAULT (Bad address) [vtjobctl]\n"
		     "getpid() = 1 [module]\n", finish());
	free(text);
}

/* The dynamic linker's mappings of a library, its fd and offsets as numbers. */
TEST(file_mappings_show_their_fd_and_offset)
{
	struct vtjob_exit exit = { .reason = VTJOB_EXIT_SYSCALL };
	const uint64_t args[2][6] = {
		{ 0x3b56000, 1974096, PROT_READ, MAP_PRIVATE | MAP_DENYWRITE, 3, 0 },
		{ 0x3b7c000, 1400832, PROT_READ | PROT_EXEC,
		  MAP_PRIVATE | MAP_FIXED | MAP_DENYWRITE, 3, 0x26000 },
	};
	size_t i;

	start();
	exit.syscall.nr = JOB_NR_mmap;
	for (i = 0; i < 2; i++) {
		memcpy(exit.syscall.args, args[i], sizeof(args[i]));
		job_strace_call(trace, &exit, (int64_t)args[i][0], JOB_SERVED_BY_VTJOBCTL);
	}
	EXPECT_STREQ("mmap(0x3b56000, 1974096, PROT_READ, MAP_PRIVATE|MAP_DENYWRITE, 3, 0) = 0x3b56000 [vtjobctl]\n"
		     "mmap(0x3b7c000, 1400832, PROT_READ|PROT_EXEC, MAP_PRIVATE|MAP_FIXED|MAP_DENYWRITE, 3, 0x26000) = 0x3b7c000 [vtjobctl]\n",
		     finish());
}

TEST(exit_and_the_count_table)
{
	struct vtjob_exit exit = { .reason = VTJOB_EXIT_SYSCALL };
	const char *shown;

	start();
	traced(JOB_NR_getpid, 1, JOB_SERVED_BY_MODULE, 0, 0, 0, 0);
	traced(JOB_NR_getpid, 1, JOB_SERVED_BY_MODULE, 0, 0, 0, 0);
	traced(JOB_NR_close, -EBADF, JOB_SERVED_BY_VTJOBCTL, 9, 0, 0, 0);
	traced(9999, -ENOSYS, JOB_SERVED_BY_VTJOBCTL, 1, 2, 3, 4);
	exit.syscall.nr = JOB_NR_exit_group;
	exit.syscall.args[0] = 3;
	job_strace_exit(trace, &exit, 3);
	job_strace_end(trace, SIGSEGV, NULL);
	job_strace_summary(trace);
	shown = finish();
	EXPECT_NE(NULL, strstr(shown, "syscall_0x270f(0x1, 0x2, 0x3, 0x4, NULL, NULL) = -1 ENOSYS"));
	EXPECT_NE(NULL, strstr(shown, "exit_group(3) = ?\n+++ exited with 3 +++\n"));
	EXPECT_NE(NULL, strstr(shown, "+++ killed by SIGSEGV +++\n"));
	EXPECT_NE(NULL, strstr(shown, "    calls    errors served by syscall\n"));
	EXPECT_NE(NULL, strstr(shown, "        2         0 module    getpid\n"));
	EXPECT_NE(NULL, strstr(shown, "        1         1 vtjobctl  close\n"));
	EXPECT_NE(NULL, strstr(shown, "        1         1 vtjobctl  (other)\n"));
	EXPECT_NE(NULL, strstr(shown, "        5         2           total\n"));
	/* Most called first. */
	EXPECT_LT(strstr(shown, "getpid\n"), strstr(shown, "close\n"));
	free(text);
}

/* strace -f's way: a child's lines start with its pid; pids are ints. */
TEST(a_fork_s_child_is_marked_with_its_pid)
{
	struct vtjob_exit exit = { .reason = VTJOB_EXIT_SYSCALL };

	start();
	strcpy((char *)mem + DATA, "/proc/self/exe");
	traced(JOB_NR_clone, 2791, JOB_SERVED_BY_VTJOBCTL, 0x1200011, 0, 0, DATA);
	/* glibc passes pid_t -1 in the low half of the register. */
	traced(JOB_NR_wait4, 2791, JOB_SERVED_BY_VTJOBCTL, 0xffffffffull, DATA + 8, 0, 0);
	trace->pid = 2791;
	traced(JOB_NR_execve, 0, JOB_SERVED_BY_VTJOBCTL, DATA, DATA + 64, DATA + 128, 0);
	traced(JOB_NR_kill, 0, JOB_SERVED_BY_VTJOBCTL, 2790, SIGTERM, 0, 0);
	exit.syscall.nr = JOB_NR_exit_group;
	job_strace_exit(trace, &exit, 0);
	job_strace_end(trace, SIGSEGV, NULL);
	EXPECT_STREQ("clone(0x1200011, NULL, NULL, 0x400000, NULL) = 2791 [vtjobctl]\n"
		     "wait4(-1, 0x400008, NULL, NULL) = 2791 [vtjobctl]\n"
		     "[pid 2791] execve(\"/proc/self/exe\", 0x400040, 0x400080) = 0 [vtjobctl]\n"
		     "[pid 2791] kill(2790, SIGTERM) = 0 [vtjobctl]\n"
		     "[pid 2791] exit_group(0) = ?\n"
		     "[pid 2791] +++ exited with 0 +++\n"
		     "[pid 2791] +++ killed by SIGSEGV +++\n", finish());
}

TEST_HARNESS_MAIN
