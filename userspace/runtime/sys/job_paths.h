/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What a job may touch of the host's files, and the resolution of the
 * paths it gives under that policy.
 *
 * The job sees a set of trees, each a host directory at its own path,
 * read-only or writable: by default "/" read-only and vtjobctl's current
 * directory writable; --rw adds writable trees; --ro narrows the view to
 * the --ro and --rw trees; --no-files leaves none. A path the job gives
 * (absolute, or relative to its cwd or a directory fd) resolves as it
 * would in a mount namespace holding just those trees: the kernel walks
 * it with openat2() from a tree's own directory fd, with RESOLVE_BENEATH
 * (RESOLVE_IN_ROOT for "/") and RESOLVE_NO_MAGICLINKS, so that "..",
 * absolute symlinks and /proc's magic links never lead outside the tree.
 * A path that leaves one tree is looked up once more from the host's
 * root to find which tree, if any, holds what it names, and reopened
 * beneath that one. Whatever no tree holds does not exist (-ENOENT).
 * Writes need a writable tree: a read-only one gives -EROFS, as a
 * read-only mount does.
 */
#ifndef VTJOBCTL_JOB_PATHS_H
#define VTJOBCTL_JOB_PATHS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct job_tree {
	char *path;		/* canonical and absolute: "/" or "/a/b" */
	size_t len;
	int fd;			/* O_PATH directory fd */
	bool writable;
};

struct job_paths {
	struct job_tree *trees;	/* longest path first: the innermost wins */
	size_t nr_trees;
	int cwd_fd;		/* the job's cwd, O_PATH; -1 when it has none */
};

struct job_paths_config {
	const char *const *rw;	/* --rw trees */
	size_t nr_rw;
	const char *const *ro;	/* --ro trees */
	size_t nr_ro;
	bool no_files;		/* --no-files */
};

/*
 * Open the trees of @config and set the job's cwd: vtjobctl's own when a
 * tree holds it, else the first --rw tree, else the first --ro one.
 * Returns 0, or -1 with a one-line reason in @err (a tree that does not
 * exist or is not a directory).
 */
int job_paths_init(struct job_paths *paths, const struct job_paths_config *config,
		   char *err, size_t errlen);
void job_paths_free(struct job_paths *paths);

/* The job's cwd as the @base of a path, where a directory fd would go. */
#define JOB_PATH_CWD	(-100)

/*
 * open(2) of @path, relative to host directory fd @base or JOB_PATH_CWD,
 * with @flags and @mode as the job gave them. Returns a host fd or
 * -errno as Linux would give the job. The host fd is close-on-exec.
 */
int job_path_open(const struct job_paths *paths, int base, const char *path, int flags,
		  mode_t mode);

/*
 * For calls that change a directory's entries (mkdir, unlink, rmdir,
 * rename): the directory that holds @path's last component, as an O_PATH
 * host fd, with the component in @last (at most NAME_MAX bytes, plus any
 * trailing slashes the job wrote) and the tree that holds the directory
 * in *@tree. Returns the fd or -errno.
 */
int job_path_parent(const struct job_paths *paths, int base, const char *path, char *last,
		    size_t lastlen, const struct job_tree **tree);

/* The tree that holds what host fd @fd is open on, or NULL. */
const struct job_tree *job_path_tree_of(const struct job_paths *paths, int fd);

/*
 * The absolute path of what host fd @fd is open on, as the job sees it
 * (the host's path: trees sit at their own paths). Returns its length,
 * -ENOENT if it was deleted or is not a file system object, or
 * -ERANGE if it does not fit in @size bytes with its NUL.
 */
int job_path_of_fd(int fd, char *buf, size_t size);

/* chdir() to host directory fd @dir_fd, which the paths now own. */
void job_paths_set_cwd(struct job_paths *paths, int dir_fd);

#endif /* VTJOBCTL_JOB_PATHS_H */
