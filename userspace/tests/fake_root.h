/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A temporary directory standing in for the host's /proc, /sys and /run,
 * for tests of code that takes a root prefix.
 */
#ifndef VTJOBCTL_TESTS_FAKE_ROOT_H
#define VTJOBCTL_TESTS_FAKE_ROOT_H

#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* @root followed by @path, in @buf of PATH_MAX; a test has no use for a cut one. */
static inline void fake_path(char *buf, const char *root, const char *path)
{
	int len = snprintf(buf, PATH_MAX, "%s%s", root, path);

	if (len < 0 || len >= PATH_MAX)
		abort();
}

/* Makes @root (a buffer of PATH_MAX) a new empty directory; false on failure. */
static inline bool fake_root_create(char *root, const char *name)
{
	snprintf(root, PATH_MAX, "/tmp/vtjobctl-%s.XXXXXX", name);
	return mkdtemp(root) != NULL;
}

static inline int fake_root_remove_entry(const char *path, const struct stat *st,
					 int type, struct FTW *ftw)
{
	(void)st;
	(void)type;
	(void)ftw;
	return remove(path);
}

static inline void fake_root_remove(const char *root)
{
	nftw(root, fake_root_remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* mkdir -p of @path below @root. */
static inline void fake_mkdirs(const char *root, const char *path)
{
	char buf[PATH_MAX], *slash;

	fake_path(buf, root, path);
	for (slash = buf + strlen(root) + 1; (slash = strchr(slash, '/')); slash++) {
		*slash = '\0';
		mkdir(buf, 0755);
		*slash = '/';
	}
	mkdir(buf, 0755);
}

/* Creates @path below @root, and its directories, holding @text. */
static inline void fake_write(const char *root, const char *path, const char *text)
{
	char buf[PATH_MAX], *slash;
	FILE *file;

	fake_path(buf, "", path);
	slash = strrchr(buf, '/');
	if (slash && slash != buf) {
		*slash = '\0';
		fake_mkdirs(root, buf);
	}
	fake_path(buf, root, path);
	file = fopen(buf, "w");
	if (!file)
		abort();
	fputs(text, file);
	fclose(file);
}

/*
 * The text of @path below @root without a trailing newline, in a static
 * buffer: "(missing)" if there is no such file.
 */
static inline const char *fake_read(const char *root, const char *path)
{
	static char text[4096];
	char buf[PATH_MAX];
	size_t len;
	FILE *file;

	fake_path(buf, root, path);
	file = fopen(buf, "r");
	if (!file)
		return "(missing)";
	len = fread(text, 1, sizeof(text) - 1, file);
	fclose(file);
	text[len] = '\0';
	if (len > 0 && text[len - 1] == '\n')
		text[len - 1] = '\0';
	return text;
}

/* chmod of @path below @root: a fake command made executable. */
static inline void fake_chmod(const char *root, const char *path, mode_t mode)
{
	char buf[PATH_MAX];

	fake_path(buf, root, path);
	if (chmod(buf, mode) < 0)
		abort();
}

static inline bool fake_exists(const char *root, const char *path)
{
	char buf[PATH_MAX];

	fake_path(buf, root, path);
	return access(buf, F_OK) == 0;
}

#endif /* VTJOBCTL_TESTS_FAKE_ROOT_H */
