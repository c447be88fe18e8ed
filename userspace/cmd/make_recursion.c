// SPDX-License-Identifier: GPL-2.0
/* A recursive recipe line, known by the jobserver fds make hands it alone. */
#include "cmd/make_recursion.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The option make 4.2 and later write, and the one before it. */
static const char *const jobserver_options[] = {
	"--jobserver-auth=",
	"--jobserver-fds=",
};

/* The fd number @text starts with, and in *@next where it ends; -1 if none. */
static int parse_fd(const char *text, const char **next)
{
	char *end;
	long fd;

	if (*text < '0' || *text > '9')
		return -1;
	errno = 0;
	fd = strtol(text, &end, 10);
	if (errno || fd > INT_MAX)
		return -1;
	*next = end;
	return (int)fd;
}

/* @value, @len long, as "R,W": 0 with the two fds, or -1. */
static int parse_fd_pair(const char *value, size_t len, int fds[2])
{
	const char *end = value + len, *at;

	fds[0] = parse_fd(value, &at);
	if (fds[0] < 0 || at >= end || *at != ',')
		return -1;
	fds[1] = parse_fd(at + 1, &at);
	if (fds[1] < 0 || at != end)
		return -1;
	return 0;
}

int make_jobserver_fds(const char *makeflags, int fds[2])
{
	const char *word = makeflags;
	int found = -1;
	size_t len, i;

	while (word && *word) {
		word += strspn(word, " ");
		len = strcspn(word, " ");
		if (!len)
			break;
		/* The command-line variables follow; their values are the user's text. */
		if (len == 2 && !strncmp(word, "--", 2))
			break;
		for (i = 0; i < sizeof(jobserver_options) / sizeof(jobserver_options[0]); i++) {
			size_t opt_len = strlen(jobserver_options[i]);

			/* The last one counts, as make's own option parsing has it. */
			if (len > opt_len && !strncmp(word, jobserver_options[i], opt_len))
				found = parse_fd_pair(word + opt_len, len - opt_len, fds);
		}
		word += len;
	}
	return found;
}

/* Both ends of one pipe, as make's jobserver is: not two fds open by chance. */
static bool are_one_pipe(const int fds[2])
{
	struct stat read_end, write_end;

	return fstat(fds[0], &read_end) == 0 && fstat(fds[1], &write_end) == 0 &&
	       S_ISFIFO(read_end.st_mode) && read_end.st_dev == write_end.st_dev &&
	       read_end.st_ino == write_end.st_ino;
}

bool make_line_is_recursive(const char *makeflags)
{
	int fds[2];

	return makeflags && !make_jobserver_fds(makeflags, fds) && are_one_pipe(fds);
}
