/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The small one-value files of /proc, /sys and /run that host isolation
 * reads and writes. Every path is taken below a root prefix: "" on a live
 * host, a temporary directory standing in for it in the unit tests.
 */
#ifndef VTJOBCTL_HOST_FILE_H
#define VTJOBCTL_HOST_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* @root followed by @path, in @buf; false if it does not fit. */
bool host_path(const char *root, const char *path, char *buf, size_t buflen);

/*
 * mkdir -p of @path below @root, each directory made with @mode: the
 * parents @root does not have yet too (a minimal host may have no /run).
 * Returns 0, or -errno for the first directory that cannot be made.
 */
int host_mkdirs(const char *root, const char *path, mode_t mode);

/*
 * Read the whole of a small file into @buf, without its trailing newline.
 * Returns 0, or -errno (-EFBIG if it does not fit in @buf).
 */
int host_file_read(const char *root, const char *path, char *buf, size_t buflen);

/*
 * Write @text to an existing file in one write(), as the kernel's
 * one-value files want. Returns 0 or -errno; the errno is the kernel's
 * verdict on the value (EINVAL, EIO, ...).
 */
int host_file_write(const char *root, const char *path, const char *text);

#endif /* VTJOBCTL_HOST_FILE_H */
