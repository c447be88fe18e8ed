/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The program `vtjobctl exec PROG` runs when PROG has no slash: found
 * through PATH as execvp(), env(1) and timeout(1) find it.
 */
#ifndef VTJOBCTL_PROGRAM_SEARCH_H
#define VTJOBCTL_PROGRAM_SEARCH_H

#include <stddef.h>

#include "loader/program_file.h"

/* glibc's execvp() searches this when PATH is not set at all. */
#define PROGRAM_SEARCH_DEFAULT_PATH	"/bin:/usr/bin"

/*
 * Reads the program @name into @file as program_file_read() does. A
 * @name with a slash is a path and is read as it is. Otherwise each
 * directory of @search_path (a PATH value; NULL for
 * PROGRAM_SEARCH_DEFAULT_PATH; an empty entry is the current directory)
 * is tried in order, with execvp()'s rules: a candidate that does not
 * exist (ENOENT, ENOTDIR, ...) is passed over, one that exists but cannot
 * be run (EACCES, a directory) is remembered and passed over, and any
 * other failure stops the search.
 *
 * Returns 0 with the path that was read in *@found (malloc'd), or -errno
 * with *@found NULL and @why words that follow the name: -ENOENT when no
 * directory has it, -EACCES when the only ones found cannot be run
 * (naming the first), else the failure that stopped the search.
 */
int program_search_read(const char *name, const char *search_path, struct program_file *file,
			char **found, char *why, size_t whylen);

#endif /* VTJOBCTL_PROGRAM_SEARCH_H */
