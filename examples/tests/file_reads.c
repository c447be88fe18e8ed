// SPDX-License-Identifier: GPL-2.0
/*
 * file_reads FILE DIR: read, pread64 and lseek on FILE (at least 2000
 * bytes) and on the directory DIR, as a job and natively alike, one line
 * per case, "NAME: RESULT", where
 * RESULT is what the call returned and, for a read, the sum of the bytes
 * it read. A job's reads of a regular file are served in the module, the
 * rest in vtjobctl; the output must not tell which. Ends with thousands
 * of one-byte reads, which a test counts as served or forwarded.
 */
#include "vtjob_job.h"

#define SYS_READ	0
#define SYS_OPEN	2
#define SYS_CLOSE	3
#define SYS_LSEEK	8
#define SYS_MMAP	9
#define SYS_MPROTECT	10
#define SYS_PREAD64	17

#define O_RDONLY	0
#define O_DIRECTORY	0200000
#define SEEK_SET	0
#define SEEK_CUR	1
#define SEEK_END	2
#define PROT_READ	1
#define PROT_WRITE	2
#define MAP_PRIVATE	2
#define MAP_ANONYMOUS	0x20
#define PAGE		4096l

static unsigned char buf[64];

static void say(const char *name, long result, const unsigned char *bytes)
{
	char number[VTJOB_NUMBER_MAX];
	unsigned long sum = 0;
	long i;

	vtjob_puts(1, name);
	vtjob_puts(1, ": ");
	vtjob_puts(1, vtjob_itoa(result, number));
	if (bytes && result > 0) {
		for (i = 0; i < result; i++)
			sum += bytes[i];
		vtjob_puts(1, " sum ");
		vtjob_puts(1, vtjob_utoa(sum, number));
	}
	vtjob_puts(1, "\n");
}

static long do_read(int fd, void *to, long len)
{
	return vtjob_syscall3(SYS_READ, fd, (long)to, len);
}

static long do_pread(int fd, void *to, long len, long offset)
{
	return vtjob_syscall4(SYS_PREAD64, fd, (long)to, len, offset);
}

static long do_lseek(int fd, long offset, int whence)
{
	return vtjob_syscall3(SYS_LSEEK, fd, offset, whence);
}

int main(int argc, char **argv, char **envp)
{
	unsigned long sum = 0;
	unsigned char byte;
	long size, i, n;
	unsigned char *pages;
	int fd, dir;

	(void)envp;
	if (argc != 3) {
		vtjob_puts(2, "usage: file_reads FILE DIR\n");
		return 2;
	}
	fd = vtjob_syscall2(SYS_OPEN, (long)argv[1], O_RDONLY);
	if (fd < 0) {
		say("open", fd, 0);
		return 1;
	}
	size = do_lseek(fd, 0, SEEK_END);
	if (size < 2000) {
		say("size", size, 0);
		return 1;
	}
	say("seek to start", do_lseek(fd, 0, SEEK_SET), 0);
	say("read 10", do_read(fd, buf, 10), buf);
	say("seek set 100", do_lseek(fd, 100, SEEK_SET), 0);
	say("read after seek", do_read(fd, buf, 10), buf);
	say("pread at 5", do_pread(fd, buf, 10, 5), buf);
	say("position kept", do_lseek(fd, 0, SEEK_CUR), 0);
	say("seek cur back", do_lseek(fd, -50, SEEK_CUR), 0);
	say("read 64", do_read(fd, buf, 64), buf);
	say("seek end less 3", do_lseek(fd, -3, SEEK_END) - size, 0);
	say("read at end", do_read(fd, buf, 10), buf);
	say("read at eof", do_read(fd, buf, 10), buf);
	say("pread past end", do_pread(fd, buf, 10, size + 100), buf);
	say("bad whence", do_lseek(fd, 0, 7), 0);
	say("seek before start", do_lseek(fd, -1, SEEK_SET), 0);
	say("negative pread offset", do_pread(fd, buf, 1, -1), 0);
	say("seek to start again", do_lseek(fd, 0, SEEK_SET), 0);
	say("into code", do_read(fd, (void *)main, 4), 0);
	say("into null", do_read(fd, (void *)0, 4), 0);
	say("non-canonical", do_read(fd, (void *)0x8000000000000000ul, 1), 0);
	say("wraps around", do_read(fd, buf, -(long)buf), 0);
	say("nothing into null", do_read(fd, (void *)0, 0), 0);
	say("position after faults", do_lseek(fd, 0, SEEK_CUR), 0);

	/* A buffer whose last part is read-only: the read stops there. */
	pages = (unsigned char *)vtjob_syscall6(SYS_MMAP, 0, 2 * PAGE, PROT_READ | PROT_WRITE,
						MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if ((long)pages < 0 && (long)pages > -4096) {
		say("mmap", (long)pages, 0);
		return 1;
	}
	say("mprotect", vtjob_syscall3(SYS_MPROTECT, (long)(pages + PAGE), PAGE, PROT_READ), 0);
	say("short at a read-only page", do_read(fd, pages + PAGE - 6, 100), pages + PAGE - 6);
	say("position after short", do_lseek(fd, 0, SEEK_CUR), 0);

	/* Not a regular file: the module leaves it to vtjobctl. */
	dir = vtjob_syscall2(SYS_OPEN, (long)argv[2], O_RDONLY | O_DIRECTORY);
	say("open a directory", dir < 0 ? dir : 0, 0);
	say("read a directory", do_read(dir, buf, 1), 0);
	say("seek a directory", do_lseek(dir, 0, SEEK_SET), 0);
	vtjob_syscall1(SYS_CLOSE, dir);
	say("read a closed fd", do_read(dir, buf, 1), 0);

	do_lseek(fd, 0, SEEK_SET);
	for (i = 0, n = 0; i < 2000; i++)
		if (do_read(fd, &byte, 1) == 1) {
			sum += byte;
			n++;
		}
	say("one byte at a time", n, 0);
	say("their sum", (long)sum, 0);
	sum = 0;
	for (i = 0, n = 0; i < 1000; i++)
		if (do_pread(fd, &byte, 1, (i * 7) % size) == 1) {
			sum += byte;
			n++;
		}
	say("pread one byte at a time", n, 0);
	say("their sum", (long)sum, 0);
	vtjob_syscall1(SYS_CLOSE, fd);
	return 0;
}
VTJOB_DEFINE_START(main);
