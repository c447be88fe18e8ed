// SPDX-License-Identifier: GPL-2.0
/*
 * Files mapped into memory as a program sees them: private mappings that
 * see the file until the program writes a page, and then keep their own
 * copy; shared read-only ones that see every change; system calls that
 * read into a mapped file's pages and write out of them; parts unmapped,
 * replaced or moved; a mapping across fork; PROT_NONE made readable; and
 * that reading a file's pages through a mapping copies none of them.
 * Fits in a job of 16 MiB.
 * Prints what it saw, one line a step; the same as a job as natively.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define PAGE		4096
#define FILE_PAGES	4
/* The file's last page is partly past its end. */
#define FILE_SIZE	(3 * PAGE + 100)
#define BIG_SIZE	(4 << 20)

static char path[64], big_path[64];

/* Byte @i of the file: each page its own letter. */
static char file_byte(size_t i)
{
	return (char)('a' + i / PAGE);
}

/* A file of @size bytes, each @fill or, for 0, file_byte()'s. */
static int make_file(const char *name, size_t size, int fill)
{
	static char chunk[PAGE];
	size_t done, i;
	int fd = open(name, O_RDWR | O_CREAT | O_TRUNC, 0600);

	for (done = 0; fd >= 0 && done < size; done += i) {
		for (i = 0; i < PAGE && done + i < size; i++)
			chunk[i] = fill ? (char)fill : file_byte(done + i);
		if (write(fd, chunk, i) != (ssize_t)i) {
			close(fd);
			return -1;
		}
	}
	return fd;
}

/* Whether @len bytes at @p are the file's from @offset. */
static int holds_file(const char *p, size_t offset, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (p[i] != file_byte(offset + i))
			return 0;
	return 1;
}

static int all_zero(const char *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (p[i])
			return 0;
	return 1;
}

/* The file's byte at @offset, as read(), not a mapping, sees it. */
static char on_disk(int fd, off_t offset)
{
	char c = '?';

	if (pread(fd, &c, 1, offset) != 1)
		return '!';
	return c;
}

/* The process's anonymous memory in KiB, from /proc/self/smaps_rollup. */
static long anonymous_kib(void)
{
	char line[256];
	long kib = -1;
	FILE *f = fopen("/proc/self/smaps_rollup", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "Anonymous: %ld kB", &kib) == 1)
			break;
	fclose(f);
	return kib;
}

static void private_mappings(int fd)
{
	char *map = mmap(NULL, FILE_PAGES * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);

	if (map == MAP_FAILED) {
		printf("private: mmap failed: %s\n", strerror(errno));
		return;
	}
	printf("private: holds the file %d, zero past its end %d\n",
	       holds_file(map, 0, FILE_SIZE), all_zero(map + FILE_SIZE, PAGE - 100));
	/* Read first, so that the page is mapped before it is written. */
	printf("private: page 1 reads '%c'\n", map[PAGE]);
	map[PAGE] = 'X';
	printf("private: after a write, the mapping has '%c', the file '%c'\n", map[PAGE],
	       on_disk(fd, PAGE));
	/* A page the program has not written follows the file; one it wrote does not. */
	if (pwrite(fd, "YY", 2, 2 * PAGE) != 2 || pwrite(fd, "Z", 1, PAGE + 1) != 1)
		printf("private: pwrite failed\n");
	printf("private: after the file changed, page 2 has '%c', page 1 '%c%c'\n",
	       map[2 * PAGE], map[PAGE], map[PAGE + 1]);
	if (pwrite(fd, "cc", 2, 2 * PAGE) != 2 || pwrite(fd, "b", 1, PAGE + 1) != 1)
		printf("private: pwrite back failed\n");
	munmap(map, FILE_PAGES * PAGE);
}

static void shared_read_only(void)
{
	int ro = open(path, O_RDONLY), rw = open(path, O_WRONLY);
	char *map;

	map = mmap(NULL, FILE_SIZE, PROT_READ, MAP_SHARED, ro, 0);
	if (map == MAP_FAILED || rw < 0) {
		printf("shared: mmap failed: %s\n", strerror(errno));
		return;
	}
	printf("shared: page 3 reads '%c'\n", map[3 * PAGE]);
	if (pwrite(rw, "Q", 1, 3 * PAGE) != 1)
		printf("shared: pwrite failed\n");
	printf("shared: after the file changed, page 3 reads '%c'\n", map[3 * PAGE]);
	if (pwrite(rw, "d", 1, 3 * PAGE) != 1)
		printf("shared: pwrite back failed\n");
	printf("shared: mprotect to writable: %s\n",
	       mprotect(map, PAGE, PROT_READ | PROT_WRITE) ? strerror(errno) : "allowed");
	munmap(map, FILE_SIZE);
	close(ro);
	close(rw);
}

/* The kernel (or vtjobctl) writing into a mapped file's pages, and reading them. */
static void calls_on_mapped_pages(int fd)
{
	char *map = mmap(NULL, FILE_PAGES * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	int pipe_fds[2];
	char out[8] = { 0 };

	if (map == MAP_FAILED || pipe(pipe_fds)) {
		printf("calls: setup failed: %s\n", strerror(errno));
		return;
	}
	/* Page 0 read first (mapped), page 2 not touched before the call. */
	printf("calls: page 0 reads '%c'\n", map[0]);
	if (write(pipe_fds[1], "12345", 5) != 5 || read(pipe_fds[0], map + 10, 5) != 5 ||
	    write(pipe_fds[1], "67", 2) != 2 || read(pipe_fds[0], map + 2 * PAGE + 10, 2) != 2)
		printf("calls: read into the mapping failed: %s\n", strerror(errno));
	printf("calls: read() into it: '%.5s' and '%.2s', the file keeps '%c%c'\n", map + 10,
	       map + 2 * PAGE + 10, on_disk(fd, 10), on_disk(fd, 2 * PAGE + 10));
	printf("calls: page 0 around it still the file's: %d %d\n", holds_file(map, 0, 10),
	       holds_file(map + 15, 15, PAGE - 15));
	/* Out of the file's pages, one written by the program and one not. */
	map[PAGE + 5] = 'W';
	if (write(pipe_fds[1], map + PAGE + 4, 3) != 3 || read(pipe_fds[0], out, 3) != 3)
		printf("calls: write() out of the mapping failed\n");
	printf("calls: write() out of it: '%s'\n", out);
	if (write(pipe_fds[1], map + 3 * PAGE, 3) != 3 || read(pipe_fds[0], out, 3) != 3)
		printf("calls: write() out of the mapping failed\n");
	printf("calls: write() out of an untouched page: '%s'\n", out);
	close(pipe_fds[0]);
	close(pipe_fds[1]);
	munmap(map, FILE_PAGES * PAGE);
}

static void unmapped_replaced_moved(int fd)
{
	char *map = mmap(NULL, FILE_PAGES * PAGE, PROT_READ, MAP_PRIVATE, fd, 0), *anon, *moved;

	if (map == MAP_FAILED) {
		printf("replace: mmap failed\n");
		return;
	}
	printf("replace: page 1 reads '%c'\n", map[PAGE]);
	/* As ld.so's .bss: anonymous memory over a part of the file's. */
	anon = mmap(map + PAGE, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
		    -1, 0);
	printf("replace: anonymous over page 1: zero %d, pages 0 and 2 the file's %d %d\n",
	       anon != MAP_FAILED && all_zero(anon, PAGE), holds_file(map, 0, PAGE),
	       holds_file(map + 2 * PAGE, 2 * PAGE, PAGE));
	/* Unmapped and mapped again at the same place: fresh memory. */
	munmap(map + 2 * PAGE, PAGE);
	anon = mmap(map + 2 * PAGE, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE,
		    -1, 0);
	printf("replace: unmapped and mapped again: %s, zero %d\n",
	       anon == map + 2 * PAGE ? "same place" : "elsewhere",
	       anon != MAP_FAILED && all_zero(anon, PAGE));
	/* The file mapped over anonymous memory it had replaced. */
	anon = mmap(map + PAGE, PAGE, PROT_READ, MAP_PRIVATE | MAP_FIXED, fd, PAGE);
	printf("replace: the file over it again: %d\n", holds_file(anon, PAGE, PAGE));
	moved = mremap(map, PAGE, 2 * PAGE, MREMAP_MAYMOVE);
	printf("replace: moved and grown: holds the file %d\n",
	       moved != MAP_FAILED && holds_file(moved, 0, PAGE));
	munmap(moved, 2 * PAGE);
	munmap(map, FILE_PAGES * PAGE);
}

static void across_fork(int fd)
{
	char *map = mmap(NULL, FILE_PAGES * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	int status;
	pid_t pid;

	if (map == MAP_FAILED) {
		printf("fork: mmap failed\n");
		return;
	}
	map[0] = 'P';
	printf("fork: page 2 reads '%c'\n", map[2 * PAGE]);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		int ok = map[0] == 'P' && holds_file(map + 1, 1, FILE_SIZE - 1);

		map[2 * PAGE] = 'C';
		_exit(ok && map[2 * PAGE] == 'C' ? 0 : 1);
	}
	waitpid(pid, &status, 0);
	printf("fork: the child saw the parent's copy and the file: exit %d; "
	       "the parent still has '%c' and '%c', the file '%c'\n",
	       WIFEXITED(status) ? WEXITSTATUS(status) : -1, map[0], map[2 * PAGE],
	       on_disk(fd, 2 * PAGE));
	munmap(map, FILE_PAGES * PAGE);
}

static void protections(int fd)
{
	char *map = mmap(NULL, FILE_PAGES * PAGE, PROT_NONE, MAP_PRIVATE, fd, 0);

	if (map == MAP_FAILED) {
		printf("prot: mmap failed\n");
		return;
	}
	printf("prot: PROT_NONE made readable: %d\n",
	       !mprotect(map, FILE_PAGES * PAGE, PROT_READ) && holds_file(map, 0, FILE_SIZE));
	printf("prot: read-only made writable and written: %d, the file '%c'\n",
	       !mprotect(map, PAGE, PROT_READ | PROT_WRITE) && (map[0] = 'M') == 'M', on_disk(fd, 0));
	munmap(map, FILE_PAGES * PAGE);
}

/* 4 MiB of a file read through a mapping adds no anonymous memory. */
static void nothing_copied(void)
{
	int fd = make_file(big_path, BIG_SIZE, 'x');
	long before, after;
	unsigned long sum = 0;
	char *map;
	size_t i;

	map = fd < 0 ? MAP_FAILED : mmap(NULL, BIG_SIZE, PROT_READ, MAP_PRIVATE, fd, 0);
	if (map == MAP_FAILED) {
		printf("shared pages: mmap failed\n");
		return;
	}
	before = anonymous_kib();
	for (i = 0; i < BIG_SIZE; i += PAGE)
		sum += (unsigned char)map[i];
	after = anonymous_kib();
	printf("shared pages: read %d MiB of a mapped file (sum %lu): anonymous memory "
	       "grew by less than 1 MiB: %s\n", BIG_SIZE >> 20, sum,
	       before < 0 ? "no /proc" : after - before < 1024 ? "yes" : "no");
	munmap(map, BIG_SIZE);
	close(fd);
	unlink(big_path);
}

int main(void)
{
	int fd;

	snprintf(path, sizeof(path), "file_maps-%d", (int)getpid());
	snprintf(big_path, sizeof(big_path), "file_maps-big-%d", (int)getpid());
	fd = make_file(path, FILE_SIZE, 0);
	if (fd < 0) {
		printf("cannot make %s: %s\n", path, strerror(errno));
		return 1;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	private_mappings(fd);
	shared_read_only();
	calls_on_mapped_pages(fd);
	unmapped_replaced_moved(fd);
	across_fork(fd);
	protections(fd);
	nothing_copied();
	close(fd);
	unlink(path);
	printf("done\n");
	return 0;
}
