// SPDX-License-Identifier: GPL-2.0
/*
 * Calls that name files: open, mkdir, unlink, rmdir, rename, symlink, the
 * cwd, readlink and access, through the job's path policy (job_paths.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "runtime/sys/job_sys.h"

/* Room for a last component and the trailing slashes the job wrote. */
#define LAST_MAX	PATH_MAX

/* What Linux checks before it finds the file system read-only. */
enum change {
	CHANGE_CREATE,		/* mkdir: an existing name is -EEXIST */
	CHANGE_REMOVE,		/* unlink, rmdir, rename's source: a missing one -ENOENT */
};

static int64_t read_only_error(int dir, const char *last, enum change change)
{
	struct stat st;
	bool exists = fstatat(dir, last, &st, AT_SYMLINK_NOFOLLOW) == 0;

	if (change == CHANGE_CREATE)
		return exists ? -EEXIST : -EROFS;
	return exists ? -EROFS : -ENOENT;
}

/* job_path_parent() for path argument @path_addr relative to @dirfd. */
static int parent_of(const struct job_syscall_env *env, uint64_t dirfd, uint64_t path_addr,
		     char *last, const struct job_tree **tree)
{
	char path[PATH_MAX];
	int base, err;

	err = job_sys_read_path(env, path_addr, path, false);
	if (err)
		return err;
	base = job_sys_path_base(env, dirfd, path);
	if (base < 0 && base != JOB_PATH_CWD)
		return base;
	return job_path_parent(env->paths, base, path, last, LAST_MAX, tree);
}

int64_t job_sys_openat(const struct job_syscall_env *env, const uint64_t *args)
{
	int flags = job_sys_int(args[2]), base, host, fd;
	char path[PATH_MAX];

	host = job_sys_read_path(env, args[1], path, false);
	if (host)
		return host;
	base = job_sys_path_base(env, args[0], path);
	if (base < 0 && base != JOB_PATH_CWD)
		return base;
	host = job_path_open(env->paths, base, path, flags, (mode_t)args[3]);
	if (host < 0)
		return host;
	fd = job_fd_install(env->fds, host, flags & O_CLOEXEC, 0);
	if (fd < 0) {
		close(host);
		return -EMFILE;
	}
	return fd;
}

int64_t job_sys_open(const struct job_syscall_env *env, const uint64_t *args)
{
	const uint64_t at[6] = { (uint64_t)AT_FDCWD, args[0], args[1], args[2] };

	return job_sys_openat(env, at);
}

int64_t job_sys_mkdirat(const struct job_syscall_env *env, const uint64_t *args)
{
	const struct job_tree *tree;
	char last[LAST_MAX];
	int dir = parent_of(env, args[0], args[1], last, &tree);
	int64_t result;

	if (dir < 0)
		return dir;
	if (!tree->writable)
		result = read_only_error(dir, last, CHANGE_CREATE);
	else
		result = mkdirat(dir, last, (mode_t)args[2] & 07777) < 0 ? -errno : 0;
	close(dir);
	return result;
}

int64_t job_sys_mkdir(const struct job_syscall_env *env, const uint64_t *args)
{
	const uint64_t at[6] = { (uint64_t)AT_FDCWD, args[0], args[1] };

	return job_sys_mkdirat(env, at);
}

/*
 * A symlink's target is a string, resolved only when a path goes through
 * it, and then under the policy as any other symlink: making one needs
 * only a writable tree for the link itself.
 */
int64_t job_sys_symlinkat(const struct job_syscall_env *env, const uint64_t *args)
{
	const struct job_tree *tree;
	char target[PATH_MAX], last[LAST_MAX];
	int64_t result;
	int dir;

	result = job_sys_read_path(env, args[0], target, false);
	if (result)
		return result;
	dir = parent_of(env, args[1], args[2], last, &tree);
	if (dir < 0)
		return dir;
	if (!tree->writable)
		result = read_only_error(dir, last, CHANGE_CREATE);
	else
		result = symlinkat(target, dir, last) < 0 ? -errno : 0;
	close(dir);
	return result;
}

int64_t job_sys_symlink(const struct job_syscall_env *env, const uint64_t *args)
{
	const uint64_t at[6] = { args[0], (uint64_t)AT_FDCWD, args[1] };

	return job_sys_symlinkat(env, at);
}

int64_t job_sys_unlinkat(const struct job_syscall_env *env, const uint64_t *args)
{
	int flags = job_sys_int(args[2]), dir;
	const struct job_tree *tree;
	char last[LAST_MAX];
	int64_t result;

	if (flags & ~AT_REMOVEDIR)
		return -EINVAL;
	dir = parent_of(env, args[0], args[1], last, &tree);
	if (dir < 0)
		return dir;
	if (!tree->writable)
		result = read_only_error(dir, last, CHANGE_REMOVE);
	else
		result = unlinkat(dir, last, flags) < 0 ? -errno : 0;
	close(dir);
	return result;
}

int64_t job_sys_unlink(const struct job_syscall_env *env, const uint64_t *args)
{
	const uint64_t at[6] = { (uint64_t)AT_FDCWD, args[0], 0 };

	return job_sys_unlinkat(env, at);
}

int64_t job_sys_rmdir(const struct job_syscall_env *env, const uint64_t *args)
{
	const uint64_t at[6] = { (uint64_t)AT_FDCWD, args[0], AT_REMOVEDIR };

	return job_sys_unlinkat(env, at);
}

int64_t job_sys_renameat2(const struct job_syscall_env *env, const uint64_t *args)
{
	const struct job_tree *old_tree, *new_tree;
	char old_last[LAST_MAX], new_last[LAST_MAX];
	int old_dir, new_dir;
	int64_t result;

	old_dir = parent_of(env, args[0], args[1], old_last, &old_tree);
	if (old_dir < 0)
		return old_dir;
	new_dir = parent_of(env, args[2], args[3], new_last, &new_tree);
	if (new_dir < 0) {
		close(old_dir);
		return new_dir;
	}
	/* Each tree is a mount of its own: no rename goes between two. */
	if (old_tree != new_tree)
		result = -EXDEV;
	else if (!old_tree->writable)
		result = read_only_error(old_dir, old_last, CHANGE_REMOVE);
	else
		result = renameat2(old_dir, old_last, new_dir, new_last,
				   (unsigned int)args[4]) < 0 ? -errno : 0;
	close(old_dir);
	close(new_dir);
	return result;
}

int64_t job_sys_renameat(const struct job_syscall_env *env, const uint64_t *args)
{
	const uint64_t at[6] = { args[0], args[1], args[2], args[3], 0 };

	return job_sys_renameat2(env, at);
}

int64_t job_sys_rename(const struct job_syscall_env *env, const uint64_t *args)
{
	const uint64_t at[6] = { (uint64_t)AT_FDCWD, args[0], (uint64_t)AT_FDCWD, args[1], 0 };

	return job_sys_renameat2(env, at);
}

/* The job's cwd moves to host directory fd @dir (taken over) if it may search it. */
static int64_t change_cwd(const struct job_syscall_env *env, int dir)
{
	struct stat st;

	if (fstat(dir, &st) < 0 || !S_ISDIR(st.st_mode)) {
		close(dir);
		return -ENOTDIR;
	}
	if (faccessat(dir, "", X_OK, AT_EMPTY_PATH) < 0) {
		int err = -errno;

		close(dir);
		return err;
	}
	job_paths_set_cwd(env->paths, dir);
	return 0;
}

int64_t job_sys_chdir(const struct job_syscall_env *env, const uint64_t *args)
{
	char path[PATH_MAX];
	int dir = job_sys_read_path(env, args[0], path, false);

	if (dir)
		return dir;
	dir = job_path_open(env->paths, JOB_PATH_CWD, path, O_PATH | O_DIRECTORY, 0);
	return dir < 0 ? dir : change_cwd(env, dir);
}

int64_t job_sys_fchdir(const struct job_syscall_env *env, const uint64_t *args)
{
	int host = job_fd_host(env->fds, args[0]), dir;

	if (host < 0)
		return host;
	dir = fcntl(host, F_DUPFD_CLOEXEC, 0);
	return dir < 0 ? -errno : change_cwd(env, dir);
}

int64_t job_sys_getcwd(const struct job_syscall_env *env, const uint64_t *args)
{
	char path[PATH_MAX];
	int len;

	if (env->paths->cwd_fd < 0)
		return -ENOENT;
	len = job_path_of_fd(env->paths->cwd_fd, path, sizeof(path));
	if (len < 0)
		return len == -ERANGE ? -ENAMETOOLONG : len;
	if ((uint64_t)len + 1 > args[1])
		return -ERANGE;
	if (guestmem_copy_to(&env->view, args[0], path, (size_t)len + 1))
		return -EFAULT;
	return len + 1;
}

int64_t job_sys_umask(const struct job_syscall_env *env, const uint64_t *args)
{
	(void)env;
	/* vtjobctl creates no files of its own: its umask is the job's. */
	return umask((mode_t)args[0] & 0777);
}

/* A link's target, cut at @size bytes and without a NUL, as readlink() gives it. */
static int64_t give_link(const struct job_syscall_env *env, uint64_t buf, uint64_t size,
			 const char *target, size_t len)
{
	if (len > size)
		len = (size_t)size;
	if (guestmem_copy_to(&env->view, buf, target, len))
		return -EFAULT;
	return (int64_t)len;
}

int64_t job_sys_readlinkat(const struct job_syscall_env *env, const uint64_t *args)
{
	char path[PATH_MAX], target[PATH_MAX];
	int size = job_sys_int(args[3]), base, fd;
	struct stat st;
	ssize_t len;

	if (size <= 0)
		return -EINVAL;
	fd = job_sys_read_path(env, args[1], path, false);
	if (fd)
		return fd;
	/* The job's own program, not vtjobctl (a magic link, refused below). */
	if (!strcmp(path, "/proc/self/exe") && env->exe_path)
		return give_link(env, args[2], (uint64_t)size, env->exe_path,
				 strlen(env->exe_path));
	base = job_sys_path_base(env, args[0], path);
	if (base < 0 && base != JOB_PATH_CWD)
		return base;
	fd = job_path_open(env->paths, base, path, O_PATH | O_NOFOLLOW, 0);
	if (fd < 0)
		return fd;
	len = -EINVAL;
	if (fstat(fd, &st) == 0 && S_ISLNK(st.st_mode)) {
		len = readlinkat(fd, "", target, sizeof(target));
		if (len < 0)
			len = -errno;
	}
	close(fd);
	return len < 0 ? len : give_link(env, args[2], (uint64_t)size, target, (size_t)len);
}

int64_t job_sys_readlink(const struct job_syscall_env *env, const uint64_t *args)
{
	const uint64_t at[6] = { (uint64_t)AT_FDCWD, args[0], args[1], args[2] };

	return job_sys_readlinkat(env, at);
}

int64_t job_sys_faccessat2(const struct job_syscall_env *env, const uint64_t *args)
{
	int mode = job_sys_int(args[2]), flags = job_sys_int(args[3]), base, fd;
	const struct job_tree *tree;
	char path[PATH_MAX];
	struct stat st;
	int64_t result;

	if (mode & ~(R_OK | W_OK | X_OK))
		return -EINVAL;
	if (flags & ~(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	fd = job_sys_read_path(env, args[1], path, flags & AT_EMPTY_PATH);
	if (fd)
		return fd;
	base = job_sys_path_base(env, args[0], path);
	if (base < 0 && base != JOB_PATH_CWD)
		return base;
	if (path[0] == '\0')
		fd = fcntl(base == JOB_PATH_CWD ? env->paths->cwd_fd : base, F_DUPFD_CLOEXEC, 0);
	else
		fd = job_path_open(env->paths, base, path,
				   O_PATH | (flags & AT_SYMLINK_NOFOLLOW ? O_NOFOLLOW : 0), 0);
	if (fd < 0)
		return path[0] == '\0' ? -EBADF : fd;
	result = faccessat(fd, "", mode, AT_EMPTY_PATH | (flags & AT_EACCESS)) < 0 ? -errno : 0;
	/* SuS: write access on a read-only file system is -EROFS (but devices). */
	if (result == 0 && (mode & W_OK) && fstat(fd, &st) == 0 &&
	    (S_ISREG(st.st_mode) || S_ISDIR(st.st_mode) || S_ISLNK(st.st_mode))) {
		tree = job_path_tree_of(env->paths, fd);
		if (!tree || !tree->writable)
			result = -EROFS;
	}
	close(fd);
	return result;
}

int64_t job_sys_faccessat(const struct job_syscall_env *env, const uint64_t *args)
{
	const uint64_t at[6] = { args[0], args[1], args[2], 0 };

	return job_sys_faccessat2(env, at);
}

int64_t job_sys_access(const struct job_syscall_env *env, const uint64_t *args)
{
	const uint64_t at[6] = { (uint64_t)AT_FDCWD, args[0], args[1], 0 };

	return job_sys_faccessat2(env, at);
}
