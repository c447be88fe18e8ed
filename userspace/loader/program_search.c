// SPDX-License-Identifier: GPL-2.0
#include "loader/program_search.h"

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The failures after which execvp() tries the next directory of PATH. */
static bool not_there(int err)
{
	return err == -ENOENT || err == -ENOTDIR || err == -ESTALE || err == -ENODEV ||
	       err == -ETIMEDOUT || err == -ENAMETOOLONG;
}

/* Found but not runnable: execvp() remembers EACCES and goes on. */
static bool cannot_run(int err)
{
	return err == -EACCES || err == -EISDIR;
}

static int read_path(const char *path, struct program_file *file, char **found, char *why,
		     size_t whylen)
{
	int err = program_file_read(path, file, why, whylen);

	if (err)
		return err;
	*found = strdup(path);
	if (!*found) {
		program_file_free(file);
		snprintf(why, whylen, "cannot be run: %s", strerror(ENOMEM));
		return -ENOMEM;
	}
	return 0;
}

int program_search_read(const char *name, const char *search_path, struct program_file *file,
			char **found, char *why, size_t whylen)
{
	char candidate[PATH_MAX], first_denied[PATH_MAX], denied_why[256], try_why[256];
	const char *dir, *end;
	size_t dir_len, name_len = strlen(name);
	int err;

	*found = NULL;
	file->bytes = NULL;
	file->size = 0;
	if (strchr(name, '/'))
		return read_path(name, file, found, why, whylen);
	if (!name[0])
		return program_file_open_failed(-ENOENT, why, whylen);
	if (!search_path)
		search_path = PROGRAM_SEARCH_DEFAULT_PATH;

	first_denied[0] = '\0';
	for (dir = search_path;; dir = end + 1) {
		end = strchrnul(dir, ':');
		dir_len = (size_t)(end - dir);
		/* An empty entry is the current directory, as execvp() has it. */
		if (dir_len == 0)
			err = snprintf(candidate, sizeof(candidate), "%s", name);
		else
			err = snprintf(candidate, sizeof(candidate), "%.*s/%s", (int)dir_len, dir,
				       name);
		if (err < 0 || (size_t)err >= sizeof(candidate) || name_len >= NAME_MAX + 1)
			err = -ENAMETOOLONG;
		else
			err = read_path(candidate, file, found, try_why, sizeof(try_why));
		if (!err)
			return 0;
		if (cannot_run(err) && !first_denied[0]) {
			snprintf(first_denied, sizeof(first_denied), "%s", candidate);
			snprintf(denied_why, sizeof(denied_why), "%s", try_why);
		} else if (!cannot_run(err) && !not_there(err)) {
			snprintf(why, whylen, "was found in PATH as '%s', which %s", candidate,
				 try_why);
			return err;
		}
		if (!*end)
			break;
	}
	if (first_denied[0]) {
		snprintf(why, whylen, "was found in PATH only as '%s', which %s", first_denied,
			 denied_why);
		return -EACCES;
	}
	snprintf(why, whylen, "is not in any directory of PATH (%s)", search_path);
	return -ENOENT;
}
