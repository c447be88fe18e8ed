// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "files.h"

char *vtj_read_file(const char *path)
{
	size_t len = 0, cap = 4096;
	char *text;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return NULL;
	text = malloc(cap);
	while (text) {
		ssize_t n = read(fd, text + len, cap - len - 1);

		if (n < 0) {
			free(text);
			text = NULL;
			break;
		}
		if (n == 0) {
			text[len] = '\0';
			break;
		}
		len += n;
		if (cap - len < 2) {
			char *bigger = realloc(text, cap * 2);

			if (!bigger)
				free(text);
			text = bigger;
			cap *= 2;
		}
	}
	close(fd);
	return text;
}

int vtj_write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;
	int err = 0;

	if (fd < 0)
		return -errno;
	n = write(fd, text, strlen(text));
	if (n < 0)
		err = -errno;
	else if ((size_t)n != strlen(text))
		err = -EIO;
	close(fd);
	return err;
}
