/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The program `vtjobctl exec` runs, and its interpreter, read from their
 * files as execve() would find them.
 */
#ifndef VTJOBCTL_PROGRAM_FILE_H
#define VTJOBCTL_PROGRAM_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct program_file {
	uint8_t *bytes;
	size_t size;
	/*
	 * An ELF file is mapped (@bytes, read-only), not read, and kept open
	 * here, for the loader to map its segments from (image_fd of its
	 * plan); -1 for anything else. Only @mapped says @fd is the file's.
	 */
	int fd;
	bool mapped;
};

/*
 * Read the program at @path (a path, not looked up in PATH). Like
 * execve(), it must be a regular file we may execute. Maps the whole
 * ELF file (a compiler's 30 MiB are not read for their headers), or reads
 * only the first bytes of a file they show is not one, so that a large
 * file of anything else costs nothing.
 *
 * Returns 0, or -errno with what is wrong in @why, written to follow the
 * file's name ("does not exist", "is a directory"): -ENOENT or -ENOTDIR
 * when there is no such file, anything else when there is one that
 * cannot be run.
 */
int program_file_read(const char *path, struct program_file *file, char *why, size_t whylen);

/*
 * The same for a file the caller opened for reading as @fd (which stays
 * open), through a path policy, say: the checks and errors are
 * program_file_read()'s.
 */
int program_file_read_fd(int fd, struct program_file *file, char *why, size_t whylen);

/*
 * The words program_file_read() has for -errno @err from opening the
 * file ("does not exist"), in @why. Returns @err.
 */
int program_file_open_failed(int err, char *why, size_t whylen);

void program_file_free(struct program_file *file);

#endif /* VTJOBCTL_PROGRAM_FILE_H */
