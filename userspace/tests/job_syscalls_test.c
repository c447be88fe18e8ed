// SPDX-License-Identifier: GPL-2.0
/*
 * The forwarded system calls, decoded from synthetic VTJOB_EXIT_SYSCALL
 * exits and served against the real host: a fake job memory with its own
 * identity page tables (text read-only, data writable, a hole), the
 * default path policy with a scratch directory as the writable cwd, and a
 * real fd table. Each call's result is checked against what Linux gives
 * the same call, and its effect on the host's files and fds.
 */
#include "runtime/sys/job_syscalls.h"

#include <errno.h>
#include <fcntl.h>
#include <pty.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysinfo.h>
#include <unistd.h>

#include "guestmem/alloc.h"
#include "guestmem/file_maps.h"
#include "guestmem/page_table.h"

#include "harness.h"
#include "scratch_dir.h"

#define MEM_SIZE	(8u << 20)
#define TEXT		0x400000ull	/* read-only: strings the job passes */
#define DATA		0x401000ull	/* writable, 60 KiB */
#define DATA_END	0x410000ull
#define HOLE		0x500000ull	/* not mapped */
#define MAPPED_RO	0x600000ull	/* present, read-only, for mmap of a file */
#define LIB_MAP		0x700000ull	/* 16 pages, as the module maps a library */
#define LIB_MAP_SIZE	0x10000ull
#define EXE		"/opt/job/prog"

static uint8_t *mem;
static uint64_t cr3;
static struct job_signal_queue no_signals;
static struct job_fd_table fds;
static struct job_paths paths;
static struct job_syscall_env env;
static const char *scratch;

static void make_memory(void)
{
	struct guestmem_pt pt;

	/* As vtjobctl's: page-aligned, so that files can be mapped into it. */
	mem = guestmem_alloc(MEM_SIZE);
	if (!mem || guestmem_pt_init(&pt, mem, MEM_SIZE, 0x1000, 0x400000) ||
	    guestmem_pt_map(&pt, TEXT, 0x1000, GUESTMEM_EXEC) ||
	    guestmem_pt_map(&pt, DATA, DATA_END - DATA, GUESTMEM_WRITE) ||
	    guestmem_pt_map(&pt, MAPPED_RO, 0x2000, 0) ||
	    guestmem_pt_map(&pt, LIB_MAP, LIB_MAP_SIZE, 0))
		abort();
	cr3 = pt.pml4;
}

/* Fresh memory, fds and policy before each test; cwd the scratch dir. */
static void setup(unsigned int nofile)
{
	static const int stdio_fds[3] = { 0, 1, 2 };
	const struct job_paths_config config = { 0 };
	char err[256];

	scratch = scratch_make("vtjob-syscalls");
	if (chdir(scratch) || (!mem && (make_memory(), !mem)))
		abort();
	memset(mem + TEXT, 0, 0x1000);
	memset(mem + DATA, 0, DATA_END - DATA);
	if (job_fd_table_init(&fds, nofile, stdio_fds) ||
	    job_paths_init(&paths, &config, err, sizeof(err)))
		abort();
	env = (struct job_syscall_env) {
		.view = { .mem = mem, .mem_size = MEM_SIZE, .cr3 = cr3 },
		.write = write,
		.signals = &no_signals,
		.fds = &fds,
		.paths = &paths,
		.exe_path = EXE,
	};
}

static int64_t call(uint64_t nr, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
		    uint64_t a4, uint64_t a5)
{
	struct vtjob_exit exit = { .reason = VTJOB_EXIT_SYSCALL };
	int64_t result = 0;
	int status;

	exit.syscall.nr = nr;
	exit.syscall.args[0] = a0;
	exit.syscall.args[1] = a1;
	exit.syscall.args[2] = a2;
	exit.syscall.args[3] = a3;
	exit.syscall.args[4] = a4;
	exit.syscall.args[5] = a5;
	if (job_syscall_serve(&env, &exit, &result, &status) != JOB_SYSCALL_RETURN)
		abort();
	return result;
}

#define SYS(nr, ...) SYS_(JOB_NR_##nr, __VA_ARGS__, 0, 0, 0, 0, 0, 0)
#define SYS_(nr, a, b, c, d, e, f, ...) call(nr, (uint64_t)(a), (uint64_t)(b), \
	(uint64_t)(c), (uint64_t)(d), (uint64_t)(e), (uint64_t)(f))
#define SYS0(nr) call(JOB_NR_##nr, 0, 0, 0, 0, 0, 0)

/* A string the job passes, in its read-only text at @offset. */
static uint64_t text(uint64_t offset, const char *s)
{
	strcpy((char *)mem + TEXT + offset, s);
	return TEXT + offset;
}

static const char *data(uint64_t addr)
{
	return (const char *)mem + addr;
}

TEST(open_write_read_close_a_file_in_the_cwd)
{
	int64_t fd;

	setup(1024);
	fd = SYS(openat, AT_FDCWD, text(0, "out.txt"), O_WRONLY | O_CREAT | O_TRUNC, 0600);
	ASSERT_EQ(3, fd);
	EXPECT_EQ(6, SYS(write, fd, text(64, "hello\n"), 6));
	EXPECT_EQ(0, SYS(close, fd));
	EXPECT_EQ(-EBADF, SYS(close, fd));
	fd = SYS(open, text(0, "out.txt"), O_RDONLY);
	ASSERT_EQ(3, fd);
	EXPECT_EQ(6, SYS(read, fd, DATA, 100));
	EXPECT_STREQ("hello\n", data(DATA));
	EXPECT_EQ(0, SYS(read, fd, DATA, 100));
	EXPECT_EQ(1, SYS(lseek, fd, 1, SEEK_SET));
	EXPECT_EQ(3, SYS(pread64, fd, DATA + 100, 3, 2));
	EXPECT_EQ(0, memcmp("llo", data(DATA + 100), 3));
	EXPECT_EQ(-EINVAL, SYS(pread64, fd, DATA, 3, -1));
	/* Not open for writing: Linux's EBADF. */
	EXPECT_EQ(-EBADF, SYS(write, fd, TEXT, 1));
	EXPECT_EQ(0, SYS(close, fd));
}

TEST(readv_and_writev_gather_and_scatter)
{
	uint64_t iov[4] = { TEXT, 3, TEXT + 8, 4 };
	int64_t fd;

	setup(1024);
	text(0, "abc");
	text(8, "defg");
	memcpy(mem + DATA, iov, sizeof(iov));
	fd = SYS(open, text(64, "v.txt"), O_RDWR | O_CREAT, 0600);
	ASSERT_LE(0, fd);
	EXPECT_EQ(7, SYS(writev, fd, DATA, 2));
	EXPECT_EQ(0, SYS(lseek, fd, 0, SEEK_SET));
	iov[0] = DATA + 0x100;
	iov[2] = DATA + 0x200;
	memcpy(mem + DATA, iov, sizeof(iov));
	EXPECT_EQ(7, SYS(readv, fd, DATA, 2));
	EXPECT_EQ(0, memcmp("abc", data(DATA + 0x100), 3));
	EXPECT_EQ(0, memcmp("defg", data(DATA + 0x200), 4));
	EXPECT_EQ(-EINVAL, SYS(readv, fd, DATA, 1025));
	EXPECT_EQ(-EFAULT, SYS(readv, fd, HOLE, 1));
	/* Reading into read-only text is -EFAULT. */
	iov[0] = TEXT;
	memcpy(mem + DATA, iov, sizeof(iov));
	EXPECT_EQ(0, SYS(lseek, fd, 0, SEEK_SET));
	EXPECT_EQ(-EFAULT, SYS(readv, fd, DATA, 1));
	iov[1] = (uint64_t)-1;
	memcpy(mem + DATA, iov, sizeof(iov));
	EXPECT_EQ(-EINVAL, SYS(writev, fd, DATA, 1));
	SYS(close, fd);
}

TEST(bad_pointers_and_lengths_are_efault_never_a_crash)
{
	char too_long[PATH_MAX + 1];

	setup(1024);
	EXPECT_EQ(-EFAULT, SYS(open, HOLE, O_RDONLY));
	EXPECT_EQ(-EFAULT, SYS(open, 0, O_RDONLY));
	EXPECT_EQ(-EFAULT, SYS(open, 0x1000, O_RDONLY));	/* its page tables */
	EXPECT_EQ(-EFAULT, SYS(open, MEM_SIZE, O_RDONLY));
	EXPECT_EQ(-EFAULT, SYS(open, 0x8000000000000000ull, O_RDONLY));
	EXPECT_EQ(-EFAULT, SYS(open, (uint64_t)-1, O_RDONLY));
	/* A string that runs off its last page without ending. */
	memset(mem + DATA_END - 16, 'a', 16);
	EXPECT_EQ(-EFAULT, SYS(open, DATA_END - 16, O_RDONLY));
	memset(too_long, 'a', sizeof(too_long) - 1);
	too_long[PATH_MAX] = '\0';
	memcpy(mem + DATA, too_long, sizeof(too_long));
	EXPECT_EQ(-ENAMETOOLONG, SYS(open, DATA, O_RDONLY));
	EXPECT_EQ(-ENAMETOOLONG, SYS(stat, DATA, DATA + 0x2000));
	EXPECT_EQ(-ENOENT, SYS(open, text(0, ""), O_RDONLY));
	/* read() into read-only or missing memory, and wrapping lengths. */
	EXPECT_EQ(-EFAULT, SYS(read, 0, TEXT, 1));
	EXPECT_EQ(-EFAULT, SYS(read, 0, HOLE, 1));
	EXPECT_EQ(-EFAULT, SYS(write, 1, (uint64_t)-8, 16));
	EXPECT_EQ(-EFAULT, SYS(fstat, 1, TEXT));
	EXPECT_EQ(-EFAULT, SYS(fstat, 1, DATA_END - 8));
	EXPECT_EQ(-EFAULT, SYS(pipe2, TEXT, 0));
	EXPECT_EQ(-EFAULT, SYS(getcwd, HOLE, 4096));
	EXPECT_EQ(-EFAULT, SYS(getdents64, 1, HOLE, 4096));
	/* Nothing was opened on the way. */
	EXPECT_EQ(-EBADF, SYS(close, 3));
}

TEST(bad_fds_are_ebadf)
{
	setup(1024);
	EXPECT_EQ(-EBADF, SYS(read, 3, DATA, 1));
	EXPECT_EQ(-EBADF, SYS(write, 1000, TEXT, 1));
	EXPECT_EQ(-EBADF, SYS(write, 1u << 31, TEXT, 1));
	EXPECT_EQ(-EBADF, SYS(fstat, -1, DATA));
	EXPECT_EQ(-EBADF, SYS(lseek, 7, 0, SEEK_SET));
	EXPECT_EQ(-EBADF, SYS(dup, 9));
	EXPECT_EQ(-EBADF, SYS(dup2, 9, 10));
	EXPECT_EQ(-EBADF, SYS(fcntl, 9, F_GETFD));
	EXPECT_EQ(-EBADF, SYS(ioctl, 9, TCGETS, DATA));
	EXPECT_EQ(-EBADF, SYS(mmap, MAPPED_RO, 4096, PROT_READ, MAP_PRIVATE, 9, 0));
	EXPECT_EQ(-EBADF, SYS(openat, 9, text(0, "x"), O_RDONLY));
	/* An absolute path ignores the dirfd, as in Linux. */
	EXPECT_LE(0, SYS(openat, 9, text(0, "/etc/passwd"), O_RDONLY));
}

/* As Linux: an fd not open for the transfer is EBADF before a bad buffer is EFAULT. */
TEST(an_fd_s_mode_is_checked_before_the_buffer)
{
	struct iovec_abi { uint64_t base, len; } *iov;
	int64_t fd;

	setup(1024);
	iov = (void *)(mem + DATA);
	fd = SYS(open, text(0, "/etc/passwd"), O_RDONLY);
	ASSERT_LE(3, fd);
	EXPECT_EQ(-EBADF, SYS(write, fd, 0, 1));
	EXPECT_EQ(-EBADF, SYS(pwrite64, fd, 0, 1, 0));
	iov->base = 0;
	iov->len = 1;
	EXPECT_EQ(-EBADF, SYS(writev, fd, DATA, 1));
	EXPECT_EQ(-EFAULT, SYS(read, fd, 0, 1));
	EXPECT_EQ(-EFAULT, SYS(readv, fd, DATA, 1));
	job_fd_table_free(&fds);
}

TEST(fds_are_lowest_free_and_run_out_at_the_limit)
{
	int64_t fd;
	int i;

	setup(8);
	for (i = 3; i < 8; i++)
		EXPECT_EQ(i, SYS(dup, 1));
	EXPECT_EQ(-EMFILE, SYS(dup, 1));
	EXPECT_EQ(-EMFILE, SYS(open, text(0, "/etc/passwd"), O_RDONLY));
	EXPECT_EQ(-EMFILE, SYS(pipe2, DATA, 0));
	EXPECT_EQ(0, SYS(close, 5));
	EXPECT_EQ(5, SYS(open, text(0, "/etc/passwd"), O_RDONLY));
	EXPECT_EQ(-EBADF, SYS(dup2, 1, 8));
	EXPECT_EQ(-EINVAL, SYS(fcntl, 1, F_DUPFD, 8));
	EXPECT_EQ(0, SYS(close, 4));
	EXPECT_EQ(0, SYS(close, 6));
	fd = SYS(fcntl, 1, F_DUPFD_CLOEXEC, 5);
	EXPECT_EQ(6, fd);
	EXPECT_EQ(FD_CLOEXEC, SYS(fcntl, 6, F_GETFD));
	EXPECT_EQ(0, SYS(fcntl, 6, F_SETFD, 0));
	EXPECT_EQ(0, SYS(fcntl, 6, F_GETFD));
	EXPECT_EQ(4, SYS(dup3, 1, 4, O_CLOEXEC));
	EXPECT_EQ(FD_CLOEXEC, SYS(fcntl, 4, F_GETFD));
	EXPECT_EQ(-EINVAL, SYS(dup3, 4, 4, 0));
	EXPECT_EQ(-EINVAL, SYS(dup3, 1, 4, O_NONBLOCK));
	EXPECT_EQ(4, SYS(dup2, 4, 4));
	EXPECT_EQ(-EINVAL, SYS(fcntl, 1, F_SETLK, DATA));
	job_fd_table_free(&fds);
}

/* vtjobctl's fds that are not close-on-exec are the job's, at their numbers. */
TEST(the_files_vtjobctl_was_given_are_the_job_s)
{
	static const int stdio_fds[3] = { 0, 1, 2 };
	struct job_fd_table table;
	int given = open("/etc/passwd", O_RDONLY);
	int own = open("/etc/passwd", O_RDONLY | O_CLOEXEC);
	int beyond = fcntl(given, F_DUPFD, 100);

	ASSERT_LE(3, given);
	ASSERT_LE(3, own);
	ASSERT_LE(100, beyond);
	ASSERT_EQ(0, job_fd_table_init(&table, 64, stdio_fds));
	ASSERT_EQ(0, job_fd_table_inherit(&table));
	EXPECT_EQ(given, job_fd_host(&table, (uint64_t)given));
	EXPECT_EQ(FD_CLOEXEC, fcntl(given, F_GETFD));
	EXPECT_EQ(-EBADF, job_fd_host(&table, (uint64_t)own));
	/* At or above the job's limit: vtjobctl's alone, as it was. */
	EXPECT_EQ(-EBADF, job_fd_host(&table, (uint64_t)beyond));
	EXPECT_EQ(0, fcntl(beyond, F_GETFD));
	job_fd_table_free(&table);
	/* The table closed what it was given. */
	EXPECT_EQ(-1, fcntl(given, F_GETFD));
	close(own);
	close(beyond);
}

TEST(closing_stdout_in_the_job_leaves_vtjobctl_s_open)
{
	setup(1024);
	EXPECT_EQ(0, SYS(close, 1));
	EXPECT_EQ(-EBADF, SYS(write, 1, TEXT, 1));
	EXPECT_LE(0, fcntl(1, F_GETFD));
	/* dup2 onto a closed fd, and the job's fd 1 is a pipe now. */
	ASSERT_EQ(0, SYS(pipe2, DATA, 0));
	EXPECT_EQ(1, *(int *)(mem + DATA));
	EXPECT_EQ(3, *(int *)(mem + DATA + 4));
	EXPECT_EQ(3, SYS(write, 3, text(0, "abc"), 3));
	EXPECT_EQ(3, SYS(read, 1, DATA + 0x100, 10));
	EXPECT_EQ(0, memcmp("abc", data(DATA + 0x100), 3));
	EXPECT_EQ(O_RDONLY, SYS(fcntl, 1, F_GETFL) & O_ACCMODE);
	EXPECT_EQ(0, SYS(fcntl, 1, F_SETFL, O_NONBLOCK));
	EXPECT_EQ(-EAGAIN, SYS(read, 1, DATA, 10));
	EXPECT_EQ(-EINVAL, SYS(pipe2, DATA, O_APPEND));
}

TEST(stat_family_gives_the_host_s_structs)
{
	struct stat host, job;
	struct statx hostx, jobx;
	int64_t fd;

	setup(1024);
	ASSERT_EQ(0, stat("/etc/passwd", &host));
	EXPECT_EQ(0, SYS(stat, text(0, "/etc/passwd"), DATA));
	memcpy(&job, mem + DATA, sizeof(job));
	EXPECT_EQ(host.st_ino, job.st_ino);
	EXPECT_EQ(host.st_size, job.st_size);
	EXPECT_EQ(host.st_mode, job.st_mode);
	fd = SYS(open, TEXT, O_RDONLY);
	ASSERT_LE(0, fd);
	memset(mem + DATA, 0, 256);
	EXPECT_EQ(0, SYS(fstat, fd, DATA));
	EXPECT_EQ(0, memcmp(&job, mem + DATA, sizeof(job)));
	/* glibc's fstat(): newfstatat(fd, "", buf, AT_EMPTY_PATH). */
	memset(mem + DATA, 0, 256);
	EXPECT_EQ(0, SYS(newfstatat, fd, text(64, ""), DATA, AT_EMPTY_PATH));
	EXPECT_EQ(0, memcmp(&job, mem + DATA, sizeof(job)));
	EXPECT_EQ(-ENOENT, SYS(newfstatat, fd, text(64, ""), DATA, 0));
	EXPECT_EQ(-EINVAL, SYS(newfstatat, fd, text(64, ""), DATA, 0x40000000));
	ASSERT_EQ(0, statx(AT_FDCWD, "/etc/passwd", 0, STATX_BASIC_STATS, &hostx));
	EXPECT_EQ(0, SYS(statx, AT_FDCWD, TEXT, 0, STATX_BASIC_STATS, DATA));
	memcpy(&jobx, mem + DATA, sizeof(jobx));
	EXPECT_EQ(hostx.stx_ino, jobx.stx_ino);
	EXPECT_EQ(hostx.stx_size, jobx.stx_size);
	EXPECT_EQ(-ENOENT, SYS(stat, text(0, "/nonexistent/x"), DATA));
	/* lstat sees the link, stat what it points to. */
	ASSERT_EQ(0, symlink("/etc/passwd", "link"));
	EXPECT_EQ(0, SYS(lstat, text(0, "link"), DATA));
	memcpy(&job, mem + DATA, sizeof(job));
	EXPECT_TRUE(S_ISLNK(job.st_mode));
	EXPECT_EQ(0, SYS(stat, text(0, "link"), DATA));
	memcpy(&job, mem + DATA, sizeof(job));
	EXPECT_TRUE(S_ISREG(job.st_mode));
	unlink("link");
	SYS(close, fd);
}

TEST(directories_mkdir_rename_unlink_getdents_and_cwd)
{
	int64_t fd, n, off;
	bool seen_a = false, seen_b = false;

	setup(1024);
	EXPECT_EQ(0, SYS(mkdir, text(0, "d"), 0755));
	EXPECT_EQ(-EEXIST, SYS(mkdir, text(0, "d"), 0755));
	EXPECT_EQ(0, SYS(mkdirat, AT_FDCWD, text(0, "d/a"), 0700));
	fd = SYS(open, text(0, "d/f"), O_WRONLY | O_CREAT, 0644);
	ASSERT_LE(0, fd);
	SYS(close, fd);
	EXPECT_EQ(0, SYS(rename, text(0, "d/f"), text(64, "d/b")));
	fd = SYS(open, text(0, "d"), O_RDONLY | O_DIRECTORY);
	ASSERT_LE(0, fd);
	n = SYS(getdents64, fd, DATA, 4096);
	ASSERT_LT(0, n);
	for (off = 0; off < n; ) {
		const char *name = data(DATA + off + 19);
		uint16_t reclen;

		memcpy(&reclen, mem + DATA + off + 16, 2);
		seen_a |= !strcmp(name, "a");
		seen_b |= !strcmp(name, "b");
		off += reclen;
	}
	EXPECT_TRUE(seen_a);
	EXPECT_TRUE(seen_b);
	/* fchdir into it, then getcwd says where. */
	EXPECT_EQ(0, SYS(fchdir, fd));
	n = SYS(getcwd, DATA, 4096);
	EXPECT_EQ((int64_t)strlen(scratch) + 3, n);
	EXPECT_EQ(0, strncmp(scratch, data(DATA), strlen(scratch)));
	EXPECT_STREQ("/d", data(DATA) + strlen(scratch));
	EXPECT_EQ(-ERANGE, SYS(getcwd, DATA, 4));
	EXPECT_EQ(0, SYS(unlink, text(0, "b")));
	EXPECT_EQ(-ENOENT, SYS(unlink, text(0, "b")));
	EXPECT_EQ(-EISDIR, SYS(unlink, text(0, "a")));
	EXPECT_EQ(0, SYS(rmdir, text(0, "a")));
	EXPECT_EQ(0, SYS(chdir, text(0, "..")));
	EXPECT_EQ(-ENOTDIR, SYS(chdir, text(0, "/etc/passwd")));
	/* /tmp itself is in the read-only root, though the cwd is below it. */
	EXPECT_EQ(-EROFS, SYS(rmdir, text(0, "/tmp")));
	EXPECT_EQ(0, SYS(unlinkat, AT_FDCWD, text(0, "d"), AT_REMOVEDIR));
	EXPECT_EQ(-EINVAL, SYS(unlinkat, AT_FDCWD, text(0, "d"), 0x1));
	SYS(close, fd);
}

TEST(writes_outside_the_writable_trees_are_erofs)
{
	setup(1024);
	EXPECT_EQ(-EROFS, SYS(open, text(0, "/etc/vtjob-test"), O_WRONLY | O_CREAT, 0644));
	EXPECT_EQ(-EROFS, SYS(open, text(0, "/etc/passwd"), O_WRONLY));
	EXPECT_EQ(-EROFS, SYS(mkdir, text(0, "/etc/vtjob-test"), 0755));
	EXPECT_EQ(-EEXIST, SYS(mkdir, text(0, "/etc"), 0755));
	EXPECT_EQ(-EROFS, SYS(unlink, text(0, "/etc/passwd")));
	EXPECT_EQ(-ENOENT, SYS(unlink, text(0, "/etc/vtjob-nope")));
	EXPECT_EQ(-EROFS, SYS(rmdir, text(0, "/etc")));
	EXPECT_EQ(-EXDEV, SYS(rename, text(0, "/etc/passwd"), text(64, "passwd")));
	EXPECT_EQ(-EROFS, SYS(rename, text(0, "/etc/passwd"), text(64, "/etc/passwd2")));
	EXPECT_EQ(-EROFS, SYS(access, text(0, "/etc/passwd"), W_OK));
	EXPECT_EQ(0, SYS(access, text(0, "/etc/passwd"), R_OK));
	EXPECT_EQ(-EINVAL, SYS(access, text(0, "/etc/passwd"), 8));
	EXPECT_EQ(0, SYS(faccessat, AT_FDCWD, text(0, "."), W_OK));
	EXPECT_EQ(-ENOENT, SYS(faccessat2, AT_FDCWD, text(0, "nope"), F_OK, 0));
	/* The job goes on: a write in its cwd still works. */
	EXPECT_LE(0, SYS(open, text(0, "fine"), O_WRONLY | O_CREAT, 0644));
}

/*
 * A symlink in a writable tree, to anything: the policy resolves it when
 * a path goes through it, so one to a read-only file gives no way to
 * write there.
 */
TEST(symlinks_are_made_in_writable_trees_and_resolved_under_the_policy)
{
	char target[64];

	setup(1024);
	EXPECT_EQ(0, SYS(symlink, text(0, "libz.so.1.2.13"), text(64, "libz.so")));
	ASSERT_EQ(14, readlink("libz.so", target, sizeof(target)));
	EXPECT_EQ(0, memcmp("libz.so.1.2.13", target, 14));
	EXPECT_EQ(-EEXIST, SYS(symlinkat, text(0, "x"), AT_FDCWD, text(64, "libz.so")));
	EXPECT_EQ(0, SYS(symlinkat, text(0, "/etc/passwd"), AT_FDCWD, text(64, "pw")));
	EXPECT_EQ(-EROFS, SYS(open, text(0, "pw"), O_WRONLY));
	EXPECT_LE(0, SYS(open, text(0, "pw"), O_RDONLY));
	EXPECT_EQ(-EROFS, SYS(symlink, text(0, "x"), text(64, "/etc/vtjob-link")));
	EXPECT_EQ(-EEXIST, SYS(symlink, text(0, "x"), text(64, "/etc/passwd")));
	EXPECT_EQ(-ENOENT, SYS(symlink, text(0, ""), text(64, "empty")));
	EXPECT_EQ(-ENOENT, SYS(symlink, text(0, "x"), text(64, "no/such/dir/link")));
	EXPECT_EQ(-EFAULT, SYS(symlink, TEXT + 100000000, text(64, "bad")));
	EXPECT_EQ(-EBADF, SYS(symlinkat, text(0, "x"), 99, text(64, "bad")));
	unlink("libz.so");
	unlink("pw");
}

TEST(readlink_and_proc_self_exe)
{
	setup(1024);
	EXPECT_EQ((int64_t)strlen(EXE), SYS(readlink, text(0, "/proc/self/exe"), DATA, 100));
	EXPECT_EQ(0, memcmp(EXE, data(DATA), strlen(EXE)));
	EXPECT_EQ(4, SYS(readlink, text(0, "/proc/self/exe"), DATA + 200, 4));
	EXPECT_EQ(-EINVAL, SYS(readlink, text(0, "/proc/self/exe"), DATA, 0));
	ASSERT_EQ(0, symlink("target/x", "rl"));
	EXPECT_EQ(8, SYS(readlinkat, AT_FDCWD, text(0, "rl"), DATA, 100));
	EXPECT_EQ(0, memcmp("target/x", data(DATA), 8));
	EXPECT_EQ(-EINVAL, SYS(readlink, text(0, "/etc/passwd"), DATA, 100));
	EXPECT_EQ(-EFAULT, SYS(readlink, text(0, "rl"), TEXT + 100, 100));
	unlink("rl");
}

TEST(ioctl_answers_terminal_queries_only_on_terminals)
{
	int master, slave, fd;

	setup(1024);
	fd = (int)SYS(open, text(0, "/etc/passwd"), O_RDONLY);
	EXPECT_EQ(-ENOTTY, SYS(ioctl, fd, TCGETS, DATA));
	EXPECT_EQ(-ENOTTY, SYS(ioctl, fd, TIOCGWINSZ, DATA));
	EXPECT_EQ(-ENOTTY, SYS(ioctl, fd, 0x1234, DATA));
	if (openpty(&master, &slave, NULL, NULL, NULL) == 0) {
		fd = job_fd_install(&fds, slave, false, 0);
		EXPECT_EQ(0, SYS(ioctl, fd, TCGETS, DATA));
		EXPECT_EQ(-EFAULT, SYS(ioctl, fd, TCGETS, TEXT));
		EXPECT_EQ(0, SYS(ioctl, fd, TIOCGWINSZ, DATA));
		EXPECT_EQ(-ENOTTY, SYS(ioctl, fd, 0x1234, DATA));
		close(master);
	}
}

TEST(mmap_of_a_file_copies_it_into_the_mapped_range)
{
	int64_t fd, wfd, pipe_result;

	setup(1024);
	fd = SYS(open, text(0, "/etc/passwd"), O_RDONLY);
	ASSERT_LE(0, fd);
	/* The module maps read-only pages: vtjobctl fills them anyway. */
	EXPECT_EQ(MAPPED_RO, SYS(mmap, MAPPED_RO, 0x2000, PROT_READ, MAP_PRIVATE, fd, 0));
	EXPECT_EQ(0, memcmp("root:", data(MAPPED_RO), 5));
	EXPECT_EQ(-EINVAL, SYS(mmap, MAPPED_RO, 0x1000, PROT_READ, MAP_PRIVATE, fd, 10));
	EXPECT_EQ(-EFAULT, SYS(mmap, HOLE, 0x1000, PROT_READ, MAP_PRIVATE, fd, 0));
	wfd = SYS(open, text(0, "w"), O_WRONLY | O_CREAT, 0600);
	EXPECT_EQ(-EACCES, SYS(mmap, MAPPED_RO, 0x1000, PROT_READ, MAP_PRIVATE, wfd, 0));
	pipe_result = SYS(pipe2, DATA, 0);
	ASSERT_EQ(0, pipe_result);
	EXPECT_EQ(-ENODEV, SYS(mmap, MAPPED_RO, 0x1000, PROT_READ, MAP_PRIVATE,
			       *(int *)(mem + DATA), 0));
	EXPECT_EQ(-EACCES, SYS(mmap, MAPPED_RO, 0x1000, PROT_READ | PROT_WRITE, MAP_SHARED,
			       fd, 0));
}

/* A file of @size bytes in the cwd, each byte a function of its offset. */
static void make_file(const char *name, size_t size)
{
	FILE *file = fopen(name, "w");
	size_t i;

	if (!file)
		abort();
	for (i = 0; i < size; i++)
		fputc((int)(i / 4096 * 7 + i % 251), file);
	fclose(file);
}

/* Whether the job has the file's bytes [@offset, + @len) at @addr. */
static bool holds_file(uint64_t addr, size_t offset, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (mem[addr + i] != (uint8_t)((offset + i) / 4096 * 7 + (offset + i) % 251))
			return false;
	return true;
}

static bool all_zero(uint64_t addr, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (mem[addr + i])
			return false;
	return true;
}

/*
 * What ld.so does to a library, the module's part done by hand: the span
 * mapped read-only from offset 0, then segments MAP_FIXED over it, each
 * from its own offset; the module zeroes what it replaces.
 */
TEST(the_dynamic_linker_s_mappings_copy_the_file_where_asked)
{
	const size_t size = 5 * 4096 + 100;
	int64_t fd;

	setup(1024);
	make_file("lib.so", size);
	memset(mem + LIB_MAP, 0, LIB_MAP_SIZE);
	fd = SYS(openat, AT_FDCWD, text(0, "lib.so"), O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, fd);
	EXPECT_EQ(LIB_MAP, SYS(mmap, LIB_MAP, 0x8000, PROT_READ, MAP_PRIVATE | MAP_DENYWRITE,
			       fd, 0));
	EXPECT_TRUE(holds_file(LIB_MAP, 0, size));
	/* Beyond the end of the file: zero, as Linux's last page is. */
	EXPECT_TRUE(all_zero(LIB_MAP + size, 0x8000 - size));

	memset(mem + LIB_MAP + 0x1000, 0, 0x2000);
	EXPECT_EQ(LIB_MAP + 0x1000,
		  SYS(mmap, LIB_MAP + 0x1000, 0x2000, PROT_READ | PROT_EXEC,
		      MAP_PRIVATE | MAP_FIXED | MAP_DENYWRITE, fd, 0x3000));
	EXPECT_TRUE(holds_file(LIB_MAP, 0, 0x1000));
	EXPECT_TRUE(holds_file(LIB_MAP + 0x1000, 0x3000, 0x2000));
	EXPECT_TRUE(holds_file(LIB_MAP + 0x3000, 0x3000, size - 0x3000));

	/* The data segment: its last page partly past the end of the file. */
	memset(mem + LIB_MAP + 0x3000, 0, 0x2000);
	EXPECT_EQ(LIB_MAP + 0x3000,
		  SYS(mmap, LIB_MAP + 0x3000, 0x2000, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_FIXED | MAP_DENYWRITE, fd, 0x4000));
	EXPECT_TRUE(holds_file(LIB_MAP + 0x3000, 0x4000, size - 0x4000));
	EXPECT_TRUE(all_zero(LIB_MAP + 0x3000 + size - 0x4000, 0x2000 - (size - 0x4000)));

	/* An offset past the end of the file maps zeros. */
	EXPECT_EQ(LIB_MAP + 0x8000, SYS(mmap, LIB_MAP + 0x8000, 0x1000, PROT_READ, MAP_PRIVATE,
					fd, 0x10000));
	EXPECT_TRUE(all_zero(LIB_MAP + 0x8000, 0x1000));
	/* A length that is no whole page: the bytes asked for. */
	EXPECT_EQ(LIB_MAP + 0x9000, SYS(mmap, LIB_MAP + 0x9000, 300, PROT_READ, MAP_PRIVATE,
					fd, 0x1000));
	EXPECT_TRUE(holds_file(LIB_MAP + 0x9000, 0x1000, 300));
	EXPECT_EQ(0, SYS(close, fd));
	unlink("lib.so");
}

static unsigned int unshared;
static uint64_t unshared_addr, unshared_len;

static int record_unshare(int job_fd, uint64_t addr, uint64_t len)
{
	unshared++;
	unshared_addr = addr;
	unshared_len = len;
	return job_fd == 7 ? 0 : -EBADF;
}

/*
 * As vtjobctl runs a job: the file is mapped into the job's memory, up to
 * its last page, zeroed memory past it, and recorded; a call that writes
 * there asks the module for the job's own copy of exactly that part
 * first, and the file keeps its bytes.
 */
TEST(a_file_is_mapped_into_the_job_and_writes_there_unshare_it_first)
{
	static struct guestmem_file_maps maps;
	const size_t size = 4096 + 100;
	int64_t fd, src;
	char head[5];

	setup(1024);
	make_file("data.so", size);
	maps = (struct guestmem_file_maps) { .unshare = record_unshare, .job_fd = 7 };
	env.view.file_maps = &maps;
	unshared = 0;
	memset(mem + DATA + 0x1000, 0xff, 0x3000);
	fd = SYS(openat, AT_FDCWD, text(0, "data.so"), O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, fd);
	EXPECT_EQ(DATA + 0x1000, SYS(mmap, DATA + 0x1000, 0x3000, PROT_READ | PROT_WRITE,
				     MAP_PRIVATE | MAP_FIXED, fd, 0));
	EXPECT_TRUE(holds_file(DATA + 0x1000, 0, size));
	EXPECT_TRUE(all_zero(DATA + 0x1000 + size, 0x3000 - size));
	ASSERT_EQ(1, maps.count);
	EXPECT_EQ(DATA + 0x1000, maps.ranges[0].start);
	EXPECT_EQ(DATA + 0x3000, maps.ranges[0].end);

	src = SYS(open, text(0x100, "/etc/passwd"), O_RDONLY);
	ASSERT_LE(0, src);
	EXPECT_EQ(5, SYS(read, src, DATA + 0x1010, 5));
	EXPECT_EQ(1, unshared);
	EXPECT_EQ(DATA + 0x1010, unshared_addr);
	EXPECT_EQ(5, unshared_len);
	EXPECT_EQ(0, memcmp(mem + DATA + 0x1010, "root:", 5));
	ASSERT_EQ(5, pread((int)job_fd_host(&fds, fd), head, 5, 0x10));
	EXPECT_NE(0, memcmp(head, "root:", 5));
	/* The zeroed memory past the file, and memory elsewhere: no call. */
	EXPECT_EQ(5, SYS(pread64, src, DATA + 0x3000, 5, 0));
	EXPECT_EQ(5, SYS(pread64, src, DATA + 0x6000, 5, 0));
	EXPECT_EQ(1, unshared);
	env.view.file_maps = NULL;
	unlink("data.so");
}

/*
 * Locale files and the gconv cache are mapped MAP_SHARED PROT_READ: a
 * copy, when the fd cannot write the file; a shared mapping of an fd open
 * for writing could become writable on Linux, and is refused.
 */
TEST(shared_read_only_mappings_of_read_only_fds_are_copies)
{
	int64_t ro, rw;

	setup(1024);
	make_file("cache", 3000);
	ro = SYS(open, text(0, "cache"), O_RDONLY);
	rw = SYS(open, text(0, "cache"), O_RDWR);
	ASSERT_LE(0, ro);
	ASSERT_LE(0, rw);
	memset(mem + LIB_MAP, 0, LIB_MAP_SIZE);
	EXPECT_EQ(LIB_MAP, SYS(mmap, LIB_MAP, 3000, PROT_READ, MAP_SHARED, ro, 0));
	EXPECT_TRUE(holds_file(LIB_MAP, 0, 3000));
	EXPECT_EQ(LIB_MAP + 0x1000, SYS(mmap, LIB_MAP + 0x1000, 3000, PROT_READ,
					MAP_SHARED_VALIDATE, ro, 0));
	EXPECT_TRUE(holds_file(LIB_MAP + 0x1000, 0, 3000));
	EXPECT_EQ(-ENODEV, SYS(mmap, LIB_MAP, 3000, PROT_READ, MAP_SHARED, rw, 0));
	EXPECT_EQ(-ENODEV, SYS(mmap, LIB_MAP, 3000, PROT_READ | PROT_WRITE, MAP_SHARED, rw, 0));
	EXPECT_EQ(-EACCES, SYS(mmap, LIB_MAP, 3000, PROT_READ | PROT_WRITE, MAP_SHARED, ro, 0));
	/* A private one may be written: a copy is what it is. */
	EXPECT_EQ(LIB_MAP + 0x2000, SYS(mmap, LIB_MAP + 0x2000, 3000, PROT_READ | PROT_WRITE,
					MAP_PRIVATE, ro, 0));
	EXPECT_TRUE(holds_file(LIB_MAP + 0x2000, 0, 3000));
	EXPECT_EQ(LIB_MAP + 0x3000, SYS(mmap, LIB_MAP + 0x3000, 3000, PROT_READ | PROT_WRITE,
					MAP_PRIVATE, rw, 0));
	SYS(close, ro);
	SYS(close, rw);
	unlink("cache");
}

TEST(fadvise_is_the_host_s_advice)
{
	int64_t fd, pipe_result;

	setup(1024);
	fd = SYS(open, text(0, "/etc/passwd"), O_RDONLY);
	ASSERT_LE(0, fd);
	EXPECT_EQ(0, SYS(fadvise64, fd, 0, 0, POSIX_FADV_SEQUENTIAL));
	EXPECT_EQ(-EINVAL, SYS(fadvise64, fd, 0, 0, 99));
	EXPECT_EQ(-EBADF, SYS(fadvise64, 99, 0, 0, POSIX_FADV_SEQUENTIAL));
	pipe_result = SYS(pipe2, DATA, 0);
	ASSERT_EQ(0, pipe_result);
	EXPECT_EQ(-ESPIPE, SYS(fadvise64, *(int *)(mem + DATA), 0, 0, POSIX_FADV_SEQUENTIAL));
	SYS(close, fd);
}

/* gzip's way with the file it wrote: times, group, mode, owner. */
TEST(attributes_change_in_writable_trees_only)
{
	struct { int64_t sec, nsec; } times[2] = { { 1000000000, 5 }, { 1200000000, 7 } };
	struct stat st;
	int64_t fd, ro, opath;

	setup(1024);
	fd = SYS(open, text(0, "out.gz"), O_WRONLY | O_CREAT | O_TRUNC, 0600);
	ASSERT_LE(0, fd);
	memcpy(mem + DATA, times, sizeof(times));
	EXPECT_EQ(0, SYS(utimensat, fd, 0, DATA, 0));
	EXPECT_EQ(0, SYS(fchown, fd, -1, getgid()));
	EXPECT_EQ(0, SYS(fchmod, fd, 0640));
	EXPECT_EQ(0, SYS(fchown, fd, getuid(), -1));
	ASSERT_EQ(0, stat("out.gz", &st));
	EXPECT_EQ(0640, st.st_mode & 07777);
	EXPECT_EQ(1200000000, st.st_mtim.tv_sec);
	EXPECT_EQ(7, st.st_mtim.tv_nsec);
	EXPECT_EQ(1000000000, st.st_atim.tv_sec);

	/* By name: chmod, fchmodat, utimensat, and through a symlink. */
	EXPECT_EQ(0, SYS(chmod, text(0, "out.gz"), 0604));
	ASSERT_EQ(0, symlink("out.gz", "link"));
	EXPECT_EQ(0, SYS(fchmodat, AT_FDCWD, text(0, "link"), 0600));
	ASSERT_EQ(0, stat("out.gz", &st));
	EXPECT_EQ(0600, st.st_mode & 07777);
	times[1].sec = 1300000000;
	memcpy(mem + DATA, times, sizeof(times));
	EXPECT_EQ(0, SYS(utimensat, AT_FDCWD, text(0, "link"), DATA, 0));
	ASSERT_EQ(0, stat("out.gz", &st));
	EXPECT_EQ(1300000000, st.st_mtim.tv_sec);
	EXPECT_EQ(0, SYS(utimensat, AT_FDCWD, text(0, "link"), DATA, AT_SYMLINK_NOFOLLOW));
	ASSERT_EQ(0, lstat("link", &st));
	EXPECT_EQ(1300000000, st.st_mtim.tv_sec);
	/* chown, lchown (the link itself) and fchownat, as cp -p does as root. */
	EXPECT_EQ(0, SYS(chown, text(0, "link"), getuid(), getgid()));
	EXPECT_EQ(0, SYS(lchown, text(0, "link"), -1, getgid()));
	EXPECT_EQ(0, SYS(fchownat, AT_FDCWD, text(0, "link"), -1, -1, AT_SYMLINK_NOFOLLOW));
	EXPECT_EQ(0, SYS(fchownat, fd, text(0, ""), getuid(), -1, AT_EMPTY_PATH));
	EXPECT_EQ(-EINVAL, SYS(fchownat, AT_FDCWD, text(0, "out.gz"), -1, -1, 0x8000));
	EXPECT_EQ(-ENOENT, SYS(lchown, text(0, "nope"), -1, -1));
	/* NULL times: now. */
	EXPECT_EQ(0, SYS(utimensat, fd, 0, 0, 0));
	ASSERT_EQ(0, stat("out.gz", &st));
	EXPECT_LT(1300000000, st.st_mtim.tv_sec);

	/* Read-only trees stay as they are. */
	ro = SYS(open, text(0, "/etc/passwd"), O_RDONLY);
	ASSERT_LE(0, ro);
	EXPECT_EQ(-EROFS, SYS(fchmod, ro, 0777));
	EXPECT_EQ(-EROFS, SYS(fchown, ro, -1, -1));
	EXPECT_EQ(-EROFS, SYS(utimensat, ro, 0, 0, 0));
	EXPECT_EQ(-EROFS, SYS(chmod, text(0, "/etc/passwd"), 0777));
	EXPECT_EQ(-EROFS, SYS(chown, text(0, "/etc/passwd"), -1, -1));
	EXPECT_EQ(-EROFS, SYS(lchown, text(0, "/etc/passwd"), -1, -1));
	EXPECT_EQ(-EROFS, SYS(utimensat, AT_FDCWD, text(0, "/etc/passwd"), 0, 0));
	/* A device is a file of its tree; a pipe belongs to no file system. */
	EXPECT_EQ(-EROFS, SYS(fchmod, SYS(open, text(0, "/dev/null"), O_WRONLY), 0666));
	ASSERT_EQ(0, SYS(pipe2, DATA + 0x100, 0));
	EXPECT_EQ(0, SYS(fchmod, *(int *)(mem + DATA + 0x100), 0600));

	/* Linux's errors. */
	EXPECT_EQ(-EBADF, SYS(fchmod, 99, 0644));
	EXPECT_EQ(-ENOENT, SYS(chmod, text(0, "nope"), 0644));
	opath = SYS(open, text(0, "out.gz"), O_PATH);
	ASSERT_LE(0, opath);
	EXPECT_EQ(-EBADF, SYS(fchmod, opath, 0644));
	EXPECT_EQ(-EBADF, SYS(utimensat, opath, 0, 0, 0));
	EXPECT_EQ(0, SYS(utimensat, opath, text(0, ""), 0, AT_EMPTY_PATH));
	EXPECT_EQ(-EINVAL, SYS(utimensat, fd, 0, 0, AT_SYMLINK_NOFOLLOW));
	EXPECT_EQ(-EINVAL, SYS(utimensat, AT_FDCWD, text(0, "out.gz"), 0, 0x8000));
	EXPECT_EQ(-EFAULT, SYS(utimensat, AT_FDCWD, 0, 0, 0));
	EXPECT_EQ(-EFAULT, SYS(utimensat, fd, 0, HOLE, 0));
	times[0].nsec = 1000000000;
	memcpy(mem + DATA, times, sizeof(times));
	EXPECT_EQ(-EINVAL, SYS(utimensat, fd, 0, DATA, 0));
	/* Both UTIME_OMIT: nothing to do, not even a look at the path. */
	times[0].nsec = UTIME_OMIT;
	times[1].nsec = UTIME_OMIT;
	memcpy(mem + DATA, times, sizeof(times));
	EXPECT_EQ(0, SYS(utimensat, AT_FDCWD, text(0, "/etc/passwd"), DATA, 0));
	unlink("link");
	unlink("out.gz");
}

TEST(sysinfo_gives_the_job_s_memory_as_the_machine_s)
{
	struct sysinfo info, host;

	setup(1024);
	ASSERT_EQ(0, SYS(sysinfo, DATA));
	ASSERT_EQ(0, sysinfo(&host));
	memcpy(&info, mem + DATA, sizeof(info));
	EXPECT_EQ(MEM_SIZE, info.totalram);
	/* TEXT, DATA, MAPPED_RO and LIB_MAP are all it has mapped. */
	EXPECT_EQ(MEM_SIZE - 0x1000 - (DATA_END - DATA) - 0x2000 - LIB_MAP_SIZE, info.freeram);
	EXPECT_EQ(1, info.mem_unit);
	EXPECT_EQ(0, info.totalswap);
	EXPECT_LE(host.uptime, info.uptime);
	EXPECT_GE(host.uptime + 5, info.uptime);
	EXPECT_EQ(-EFAULT, SYS(sysinfo, TEXT));
	EXPECT_EQ(-EFAULT, SYS(sysinfo, DATA_END - 8));
}

TEST(processes_and_unknown_calls_are_enosys_and_exit_ends_the_job)
{
	struct vtjob_exit exit = { .reason = VTJOB_EXIT_SYSCALL };
	int64_t result;
	int status;

	setup(1024);
	EXPECT_EQ(-ENOSYS, SYS0(clone));
	EXPECT_EQ(-ENOSYS, SYS0(clone3));
	EXPECT_EQ(-ENOSYS, SYS0(fork));
	EXPECT_EQ(-ENOSYS, SYS0(vfork));
	EXPECT_EQ(-ENOSYS, SYS(execve, text(0, "/bin/true"), 0, 0));
	EXPECT_EQ(-ENOSYS, call(100000, 0, 0, 0, 0, 0, 0));
	EXPECT_EQ(-ENOSYS, call(~0ull, 0, 0, 0, 0, 0, 0));
	exit.syscall.nr = JOB_NR_exit_group;
	exit.syscall.args[0] = 0x1234;
	EXPECT_EQ(JOB_SYSCALL_EXIT, job_syscall_serve(&env, &exit, &result, &status));
	EXPECT_EQ(0x34, status);
}

TEST(umask_is_the_job_s)
{
	setup(1024);
	SYS(umask, 022);
	EXPECT_EQ(022, SYS(umask, 077));
	EXPECT_EQ(0, SYS(mkdir, text(0, "private"), 0777));
	EXPECT_EQ(077, SYS(umask, 022));
	rmdir("private");
}

TEST(no_files_fails_every_path_but_keeps_the_standard_streams)
{
	const struct job_paths_config config = { .no_files = true };
	char err[256];

	setup(1024);
	job_paths_free(&paths);
	ASSERT_EQ(0, job_paths_init(&paths, &config, err, sizeof(err)));
	EXPECT_EQ(-ENOENT, SYS(open, text(0, "/etc/passwd"), O_RDONLY));
	EXPECT_EQ(-ENOENT, SYS(stat, text(0, "x"), DATA));
	EXPECT_EQ(-ENOENT, SYS(mkdir, text(0, "x"), 0755));
	EXPECT_EQ(-ENOENT, SYS(getcwd, DATA, 4096));
	EXPECT_EQ(-ENOENT, SYS(chdir, text(0, "/")));
	EXPECT_EQ(0, SYS(fstat, 1, DATA));
	EXPECT_EQ(0, SYS(newfstatat, 2, text(0, ""), DATA, AT_EMPTY_PATH));
}

/* Before the harness forks: one scratch directory for every test. */
static void __attribute__((constructor)) make_scratch_first(void)
{
	scratch_make("vtjob-syscalls");
}

TEST_HARNESS_MAIN
