// SPDX-License-Identifier: GPL-2.0
#include "lib/host_file.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

bool host_path(const char *root, const char *path, char *buf, size_t buflen)
{
	int len = snprintf(buf, buflen, "%s%s", root, path);

	return len >= 0 && (size_t)len < buflen;
}

int host_mkdirs(const char *root, const char *path, mode_t mode)
{
	char full[PATH_MAX], *slash;
	size_t root_len = strlen(root);

	if (!host_path(root, path, full, sizeof(full)))
		return -ENAMETOOLONG;
	/* Each parent below @root in turn, then @path itself. */
	for (slash = strchr(full + root_len + 1, '/'); ; slash = strchr(slash + 1, '/')) {
		if (slash)
			*slash = '\0';
		if (mkdir(full, mode) < 0 && errno != EEXIST)
			return -errno;
		if (!slash)
			return 0;
		*slash = '/';
	}
}

int host_file_read(const char *root, const char *path, char *buf, size_t buflen)
{
	char full[PATH_MAX];
	size_t len = 0;
	ssize_t n;
	int fd, err = 0;

	if (!host_path(root, path, full, sizeof(full)))
		return -ENAMETOOLONG;
	fd = open(full, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	/* Loop: procfs and sysfs may hand out a value in more than one read. */
	for (;;) {
		if (len + 1 == buflen) {
			char more;

			/* Full: it fits only if the file ends here. */
			n = read(fd, &more, 1);
			if (n != 0)
				err = n < 0 ? -errno : -EFBIG;
			break;
		}
		n = read(fd, buf + len, buflen - len - 1);
		if (n < 0) {
			err = -errno;
			break;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	if (err)
		return err;
	if (len > 0 && buf[len - 1] == '\n')
		len--;
	buf[len] = '\0';
	return 0;
}

int host_file_write(const char *root, const char *path, const char *text)
{
	char full[PATH_MAX];
	size_t len = strlen(text);
	ssize_t n;
	int fd, err = 0;

	if (!host_path(root, path, full, sizeof(full)))
		return -ENAMETOOLONG;
	/*
	 * O_TRUNC as the shell's '>' does: procfs, sysfs and cgroupfs ignore
	 * it, and a regular file standing in for them ends up holding @text.
	 */
	fd = open(full, O_WRONLY | O_TRUNC | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = write(fd, text, len);
	if (n < 0)
		err = -errno;
	else if ((size_t)n != len)
		err = -EIO;
	if (close(fd) < 0 && !err)
		err = -errno;
	return err;
}
