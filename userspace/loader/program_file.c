// SPDX-License-Identifier: GPL-2.0
#include "loader/program_file.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* Says what is wrong in words that follow the file's name. */
static int failed(int err, char *why, size_t whylen, const char *text)
{
	if (text)
		snprintf(why, whylen, "%s", text);
	else if (err == -ENOENT)
		snprintf(why, whylen, "does not exist");
	else if (err == -ENOTDIR)
		snprintf(why, whylen, "does not exist: a part of its path is not a directory");
	else if (err == -EACCES)
		snprintf(why, whylen, "cannot be read: permission denied");
	else
		snprintf(why, whylen, "cannot be read: %s", strerror(-err));
	return err;
}

/* Reads up to @len bytes from the start; returns how many, or -errno. */
static ssize_t read_start(int fd, uint8_t *buf, size_t len)
{
	size_t done = 0;
	ssize_t n;

	while (done < len) {
		n = pread(fd, buf + done, len - done, (off_t)done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			break;	/* it shrank since fstat(): take what is there */
		done += (size_t)n;
	}
	return (ssize_t)done;
}

/*
 * An ELF file of @size bytes mapped, with an fd of its own kept for the
 * loader; false if the host would not, and the caller reads it instead.
 */
static bool map_whole(int fd, size_t size, struct program_file *file)
{
	void *bytes = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);

	if (bytes == MAP_FAILED)
		return false;
	file->fd = fcntl(fd, F_DUPFD_CLOEXEC, 0);
	if (file->fd < 0) {
		munmap(bytes, size);
		return false;
	}
	file->bytes = bytes;
	file->size = size;
	file->mapped = true;
	return true;
}

int program_file_open_failed(int err, char *why, size_t whylen)
{
	return failed(err, why, whylen, NULL);
}

int program_file_read_fd(int fd, struct program_file *file, char *why, size_t whylen)
{
	uint8_t magic[SELFMAG];
	struct stat st;
	ssize_t n;
	size_t size;

	file->bytes = NULL;
	file->size = 0;
	file->fd = -1;
	file->mapped = false;
	if (fstat(fd, &st) < 0)
		return failed(-errno, why, whylen, NULL);
	if (S_ISDIR(st.st_mode))
		return failed(-EISDIR, why, whylen, "is a directory");
	/* execve() says EACCES for these; the words say why. */
	if (!S_ISREG(st.st_mode))
		return failed(-EACCES, why, whylen, "is not a regular file");
	if (faccessat(fd, "", X_OK, AT_EACCESS | AT_EMPTY_PATH) < 0)
		return failed(-errno, why, whylen,
			      errno == EACCES ? "is not executable: no permission to run it" : NULL);
	if ((uint64_t)st.st_size > SIZE_MAX)
		return failed(-EFBIG, why, whylen, NULL);

	size = (size_t)st.st_size;
	n = read_start(fd, magic, sizeof(magic));
	if (n < 0)
		return failed((int)n, why, whylen, NULL);
	if ((size_t)n < sizeof(magic) || memcmp(magic, ELFMAG, SELFMAG) != 0)
		size = (size_t)n;
	else if (map_whole(fd, size, file))
		return 0;

	/* At least one byte, so that an empty file is no special case. */
	file->bytes = malloc(size ? size : 1);
	if (!file->bytes)
		return failed(-ENOMEM, why, whylen, NULL);
	n = read_start(fd, file->bytes, size);
	if (n < 0) {
		program_file_free(file);
		return failed((int)n, why, whylen, NULL);
	}
	file->size = (size_t)n;
	return 0;
}

int program_file_read(const char *path, struct program_file *file, char *why, size_t whylen)
{
	int fd, err;

	file->bytes = NULL;
	file->size = 0;
	file->fd = -1;
	file->mapped = false;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return failed(-errno, why, whylen, NULL);
	err = program_file_read_fd(fd, file, why, whylen);
	close(fd);
	return err;
}

void program_file_free(struct program_file *file)
{
	/* A file zeroed as { 0 } was never read: its fd 0 is not its own. */
	if (file->mapped) {
		munmap(file->bytes, file->size);
		close(file->fd);
	} else {
		free(file->bytes);
	}
	file->bytes = NULL;
	file->size = 0;
	file->fd = -1;
	file->mapped = false;
}
