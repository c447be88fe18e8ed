// SPDX-License-Identifier: GPL-2.0
/*
 * Tries to write where a job should not: each argument is a path to
 * create and write. Prints, for each, "PATH: written" or "PATH: ERRNAME",
 * and goes on; exits 0 when every attempt was answered, refused or not,
 * which is what a job that is refused and goes on looks like.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char *errname(int err)
{
	switch (err) {
	case EROFS: return "EROFS";
	case EACCES: return "EACCES";
	case ENOENT: return "ENOENT";
	case EPERM: return "EPERM";
	case ELOOP: return "ELOOP";
	case EXDEV: return "EXDEV";
	default: return strerror(err);
	}
}

int main(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		int fd = open(argv[i], O_WRONLY | O_CREAT | O_TRUNC, 0644);

		if (fd < 0) {
			printf("%s: %s\n", argv[i], errname(errno));
			continue;
		}
		if (write(fd, "escaped\n", 8) != 8)
			printf("%s: write %s\n", argv[i], errname(errno));
		else
			printf("%s: written\n", argv[i]);
		close(fd);
	}
	return 0;
}
