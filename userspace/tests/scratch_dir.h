/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A scratch directory under /tmp for tests that work on real files,
 * removed with everything in it when the test program ends.
 */
#ifndef VTJOBCTL_TEST_SCRATCH_DIR_H
#define VTJOBCTL_TEST_SCRATCH_DIR_H

#define _XOPEN_SOURCE_EXTENDED 1
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static char scratch_dir[PATH_MAX];
static pid_t scratch_owner;

static int scratch_remove_one(const char *path, const struct stat *st, int type,
			      struct FTW *ftw)
{
	(void)st;
	(void)type;
	(void)ftw;
	remove(path);
	return 0;
}

static void scratch_remove(void)
{
	/* The harness forks a child a test: only the parent cleans up. */
	if (scratch_dir[0] && getpid() == scratch_owner)
		nftw(scratch_dir, scratch_remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* Make it (once) as /tmp/@prefix-XXXXXX; returns its path. */
static inline const char *scratch_make(const char *prefix)
{
	if (scratch_dir[0])
		return scratch_dir;
	snprintf(scratch_dir, sizeof(scratch_dir), "/tmp/%s-XXXXXX", prefix);
	if (!mkdtemp(scratch_dir))
		abort();
	scratch_owner = getpid();
	atexit(scratch_remove);
	return scratch_dir;
}

#endif /* VTJOBCTL_TEST_SCRATCH_DIR_H */
