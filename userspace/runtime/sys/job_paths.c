// SPDX-License-Identifier: GPL-2.0
#include "runtime/sys/job_paths.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/openat2.h>

/* A path joined from a directory's and the job's: both up to PATH_MAX. */
#define JOINED_PATH_MAX	(2 * PATH_MAX)

/* The flags openat2() knows; open() ignores the rest, openat2() refuses them. */
#define OPEN_FLAGS_KNOWN (O_ACCMODE | O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_APPEND | \
			  O_NONBLOCK | O_DSYNC | O_ASYNC | O_DIRECT | O_LARGEFILE | \
			  O_DIRECTORY | O_NOFOLLOW | O_NOATIME | O_CLOEXEC | O_SYNC | \
			  O_PATH | O_TMPFILE)
/* All that O_PATH keeps of the others (open(2)). */
#define O_PATH_FLAGS_KEPT (O_PATH | O_DIRECTORY | O_NOFOLLOW)

static long openat2_syscall(int dirfd, const char *path, struct open_how *how)
{
	long fd = syscall(SYS_openat2, dirfd, path, how, sizeof(*how));

	return fd < 0 ? -errno : fd;
}

static bool is_root(const struct job_tree *tree)
{
	return tree->len == 1;
}

/* Whether tree @tree holds the canonical or lexical absolute @path. */
static bool tree_holds(const struct job_tree *tree, const char *path)
{
	if (is_root(tree))
		return path[0] == '/';
	return !strncmp(path, tree->path, tree->len) &&
	       (path[tree->len] == '\0' || path[tree->len] == '/');
}

/* @path inside @tree, which holds it: never empty, never absolute. */
static const char *inside(const struct job_tree *tree, const char *path)
{
	const char *rel = path + (is_root(tree) ? 0 : tree->len);

	while (*rel == '/')
		rel++;
	return *rel ? rel : ".";
}

/*
 * openat2() of @rel beneath @tree. "/" is the root of the job's view:
 * there, as there, ".." stops at the top and absolute symlinks start
 * from it (RESOLVE_IN_ROOT); any other tree refuses to be left at all
 * (RESOLVE_BENEATH: -EXDEV), so that the caller looks elsewhere.
 */
/*
 * Whether open(2) takes a mode: with O_CREAT, or O_TMPFILE whole. O_TMPFILE
 * holds O_DIRECTORY's bit, which alone opens a directory and nothing more.
 */
static bool takes_mode(int flags)
{
	return (flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE;
}

static int open_beneath(const struct job_tree *tree, const char *rel, int flags, mode_t mode)
{
	struct open_how how;

	memset(&how, 0, sizeof(how));
	how.flags = (uint64_t)(unsigned int)(flags | O_CLOEXEC);
	if (takes_mode(flags))
		how.mode = mode & 07777;
	how.resolve = RESOLVE_NO_MAGICLINKS |
		      (is_root(tree) ? RESOLVE_IN_ROOT : RESOLVE_BENEATH);
	return (int)openat2_syscall(tree->fd, rel, &how);
}

int job_path_of_fd(int fd, char *buf, size_t size)
{
	static const char deleted[] = " (deleted)";
	char link[64];
	ssize_t len;

	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	len = readlink(link, buf, size);
	if (len < 0)
		return errno == ENOENT ? -EBADF : -errno;
	if ((size_t)len >= size)
		return -ERANGE;
	buf[len] = '\0';
	/* Pipes, sockets and anon inodes are "pipe:[123]" and the like. */
	if (buf[0] != '/')
		return -ENOENT;
	if ((size_t)len > strlen(deleted) &&
	    !strcmp(buf + len - strlen(deleted), deleted) && access(buf, F_OK) < 0)
		return -ENOENT;
	return (int)len;
}

const struct job_tree *job_path_tree_of(const struct job_paths *paths, int fd)
{
	char path[PATH_MAX];
	size_t i;

	if (job_path_of_fd(fd, path, sizeof(path)) < 0)
		return NULL;
	for (i = 0; i < paths->nr_trees; i++)
		if (tree_holds(&paths->trees[i], path))
			return &paths->trees[i];
	return NULL;
}

/* The job's @path made absolute from @base into @out (JOINED_PATH_MAX). */
static int absolute(const struct job_paths *paths, int base, const char *path, char *out)
{
	int dir = base == JOB_PATH_CWD ? paths->cwd_fd : base;
	int len;

	if (path[0] == '\0')
		return -ENOENT;
	if (path[0] == '/') {
		snprintf(out, JOINED_PATH_MAX, "%s", path);
		return 0;
	}
	if (dir < 0)
		return -ENOENT;
	len = job_path_of_fd(dir, out, PATH_MAX);
	if (len == -ENOENT) {
		/* Linux walks from a pipe's fd no further than this. */
		struct stat st;

		return fstat(dir, &st) == 0 && !S_ISDIR(st.st_mode) ? -ENOTDIR : -ENOENT;
	}
	if (len < 0)
		return len == -ERANGE ? -ENAMETOOLONG : len;
	snprintf(out + len, JOINED_PATH_MAX - (size_t)len, "%s%s",
		 out[len - 1] == '/' ? "" : "/", path);
	return 0;
}

/*
 * Open @abs where the job's view has it. First beneath each tree that
 * holds it by name, innermost first; if every one says it leaves the tree
 * (through ".." or a symlink), look it up from the host's root, find the
 * tree that holds what it names, and open it again beneath that one.
 */
static int open_visible(const struct job_paths *paths, const char *abs, int flags, mode_t mode)
{
	char found[PATH_MAX];
	struct open_how how;
	size_t i;
	int fd, len;

	for (i = 0; i < paths->nr_trees; i++) {
		const struct job_tree *tree = &paths->trees[i];

		if (!tree_holds(tree, abs))
			continue;
		fd = open_beneath(tree, inside(tree, abs), flags, mode);
		if (fd != -EXDEV)
			return fd;
	}
	if (paths->nr_trees == 0)
		return -ENOENT;

	memset(&how, 0, sizeof(how));
	how.flags = O_PATH | O_CLOEXEC | (flags & (O_NOFOLLOW | O_DIRECTORY));
	how.resolve = RESOLVE_NO_MAGICLINKS;
	fd = (int)openat2_syscall(AT_FDCWD, abs, &how);
	if (fd < 0)
		return fd == -ELOOP || fd == -ENAMETOOLONG || fd == -ENOTDIR ? fd : -ENOENT;
	len = job_path_of_fd(fd, found, sizeof(found));
	close(fd);
	if (len < 0)
		return -ENOENT;
	for (i = 0; i < paths->nr_trees; i++)
		if (tree_holds(&paths->trees[i], found))
			return open_beneath(&paths->trees[i], inside(&paths->trees[i], found),
					    flags, mode);
	return -ENOENT;
}

static bool wants_write(int flags)
{
	return (flags & O_ACCMODE) != O_RDONLY || (flags & O_TRUNC) || takes_mode(flags);
}

/* Devices, FIFOs and sockets open for writing even on a read-only mount. */
static bool is_special(mode_t mode)
{
	return S_ISCHR(mode) || S_ISBLK(mode) || S_ISFIFO(mode) || S_ISSOCK(mode);
}

/* Reopen what @fd names, beneath the tree that holds it, with @flags. */
static int reopen(const struct job_paths *paths, int fd, int flags, mode_t mode)
{
	const struct job_tree *tree = job_path_tree_of(paths, fd);
	char path[PATH_MAX];

	if (!tree || job_path_of_fd(fd, path, sizeof(path)) < 0)
		return -ENOENT;
	return open_beneath(tree, inside(tree, path), flags, mode);
}

/* Split @abs into its directory (in place) and last component. */
static int split_last(char *abs, char *last, size_t lastlen)
{
	size_t end = strlen(abs), start;

	while (end > 1 && abs[end - 1] == '/')
		end--;
	start = end;
	while (start > 0 && abs[start - 1] != '/')
		start--;
	if (start == end) {
		/* "/" itself: its own parent, as ".." is at the top. */
		snprintf(last, lastlen, ".");
		return 0;
	}
	if (end - start > NAME_MAX)
		return -ENAMETOOLONG;
	snprintf(last, lastlen, "%s", abs + start);
	abs[start > 1 ? start - 1 : 1] = '\0';
	return 0;
}

static int create(const struct job_paths *paths, char *abs, int flags, mode_t mode)
{
	char last[NAME_MAX + 1], path[PATH_MAX], joined[PATH_MAX + NAME_MAX + 2];
	const struct job_tree *tree;
	int dir, err;

	if (abs[strlen(abs) - 1] == '/')
		return -EISDIR;
	err = split_last(abs, last, sizeof(last));
	if (err)
		return err;
	if (!strcmp(last, ".") || !strcmp(last, ".."))
		return -EISDIR;
	dir = open_visible(paths, abs, O_PATH | O_DIRECTORY, 0);
	if (dir < 0)
		return dir;
	tree = job_path_tree_of(paths, dir);
	err = job_path_of_fd(dir, path, sizeof(path));
	close(dir);
	if (!tree || err < 0)
		return -ENOENT;
	if (!tree->writable)
		return -EROFS;
	snprintf(joined, sizeof(joined), "%s/%s", path, last);
	dir = open_beneath(tree, inside(tree, joined), flags, mode);
	/* A symlink out of the writable tree, to something not there yet. */
	return dir == -EXDEV ? -EACCES : dir;
}

int job_path_open(const struct job_paths *paths, int base, const char *path, int flags,
		  mode_t mode)
{
	char abs[JOINED_PATH_MAX];
	struct stat st;
	int fd, err;

	flags &= OPEN_FLAGS_KNOWN;
	if (flags & O_PATH)
		flags &= O_PATH_FLAGS_KEPT;
	err = absolute(paths, base, path, abs);
	if (err)
		return err;
	if (!wants_write(flags))
		return open_visible(paths, abs, flags, mode);

	fd = open_visible(paths, abs, O_PATH | (flags & (O_NOFOLLOW | O_DIRECTORY)), 0);
	if (fd == -ENOENT && (flags & O_CREAT))
		return create(paths, abs, flags, mode);
	if (fd < 0)
		return fd;
	if ((flags & O_CREAT) && (flags & O_EXCL)) {
		close(fd);
		return -EEXIST;
	}
	if (fstat(fd, &st) < 0) {
		err = -errno;
		close(fd);
		return err;
	}
	if (!is_special(st.st_mode)) {
		const struct job_tree *tree = job_path_tree_of(paths, fd);

		if (!tree || !tree->writable) {
			close(fd);
			return S_ISDIR(st.st_mode) && !(flags & O_TRUNC) ? -EISDIR : -EROFS;
		}
	}
	err = reopen(paths, fd, flags, mode);
	close(fd);
	return err;
}

int job_path_parent(const struct job_paths *paths, int base, const char *path, char *last,
		    size_t lastlen, const struct job_tree **tree)
{
	char abs[JOINED_PATH_MAX];
	int dir, err;

	err = absolute(paths, base, path, abs);
	if (!err)
		err = split_last(abs, last, lastlen);
	if (err)
		return err;
	dir = open_visible(paths, abs, O_PATH | O_DIRECTORY, 0);
	if (dir < 0)
		return dir;
	*tree = job_path_tree_of(paths, dir);
	if (!*tree) {
		close(dir);
		return -ENOENT;
	}
	return dir;
}

void job_paths_set_cwd(struct job_paths *paths, int dir_fd)
{
	if (paths->cwd_fd >= 0)
		close(paths->cwd_fd);
	paths->cwd_fd = dir_fd;
}

static int compare_trees(const void *a, const void *b)
{
	const struct job_tree *x = a, *y = b;

	return x->len < y->len ? 1 : x->len > y->len ? -1 : strcmp(x->path, y->path);
}

static int config_error(char *err, size_t errlen, const char *option, const char *path,
			const char *why)
{
	snprintf(err, errlen, "%s '%s': %s", option, path, why);
	return -1;
}

/* Adds @path as a tree, or makes the same tree writable. */
static int add_tree(struct job_paths *paths, const char *option, const char *path,
		    bool writable, char *err, size_t errlen)
{
	struct job_tree *tree;
	char *real;
	size_t i;
	int fd;

	real = realpath(path, NULL);
	if (!real)
		return config_error(err, errlen, option, path, strerror(errno));
	for (i = 0; i < paths->nr_trees; i++) {
		if (!strcmp(paths->trees[i].path, real)) {
			paths->trees[i].writable |= writable;
			free(real);
			return 0;
		}
	}
	fd = open(real, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		config_error(err, errlen, option, path,
			     errno == ENOTDIR ? "not a directory" : strerror(errno));
		free(real);
		return -1;
	}
	tree = realloc(paths->trees, (paths->nr_trees + 1) * sizeof(*tree));
	if (!tree) {
		close(fd);
		free(real);
		return config_error(err, errlen, option, path, strerror(ENOMEM));
	}
	paths->trees = tree;
	tree = &paths->trees[paths->nr_trees++];
	tree->path = real;
	tree->len = strlen(real);
	tree->fd = fd;
	tree->writable = writable;
	return 0;
}

static int initial_cwd(struct job_paths *paths)
{
	int fd = open(".", O_PATH | O_DIRECTORY | O_CLOEXEC);
	const struct job_tree *first = NULL;
	size_t i;

	if (fd >= 0 && job_path_tree_of(paths, fd)) {
		paths->cwd_fd = fd;
		return 0;
	}
	if (fd >= 0)
		close(fd);
	for (i = 0; i < paths->nr_trees && !first; i++)
		if (paths->trees[i].writable)
			first = &paths->trees[i];
	if (!first && paths->nr_trees)
		first = &paths->trees[paths->nr_trees - 1];
	if (!first)
		return 0;
	paths->cwd_fd = fcntl(first->fd, F_DUPFD_CLOEXEC, 0);
	return paths->cwd_fd < 0 ? -1 : 0;
}

int job_paths_init(struct job_paths *paths, const struct job_paths_config *config,
		   char *err, size_t errlen)
{
	size_t i;

	paths->trees = NULL;
	paths->nr_trees = 0;
	paths->cwd_fd = -1;
	if (config->no_files) {
		if (config->nr_rw || config->nr_ro)
			return config_error(err, errlen, "--no-files",
					    config->nr_rw ? config->rw[0] : config->ro[0],
					    "leaves the job no files: give it without --rw and --ro");
		return 0;
	}
	if (config->nr_ro == 0 &&
	    (add_tree(paths, "the root", "/", false, err, errlen) ||
	     add_tree(paths, "the current directory", ".", true, err, errlen)))
		goto fail;
	for (i = 0; i < config->nr_ro; i++)
		if (add_tree(paths, "--ro", config->ro[i], false, err, errlen))
			goto fail;
	for (i = 0; i < config->nr_rw; i++)
		if (add_tree(paths, "--rw", config->rw[i], true, err, errlen))
			goto fail;
	qsort(paths->trees, paths->nr_trees, sizeof(*paths->trees), compare_trees);
	if (initial_cwd(paths)) {
		snprintf(err, errlen, "cannot open the job's current directory: %s",
			 strerror(errno));
		goto fail;
	}
	return 0;
fail:
	job_paths_free(paths);
	return -1;
}

void job_paths_free(struct job_paths *paths)
{
	size_t i;

	for (i = 0; i < paths->nr_trees; i++) {
		close(paths->trees[i].fd);
		free(paths->trees[i].path);
	}
	free(paths->trees);
	paths->trees = NULL;
	paths->nr_trees = 0;
	if (paths->cwd_fd >= 0)
		close(paths->cwd_fd);
	paths->cwd_fd = -1;
}
