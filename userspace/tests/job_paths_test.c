// SPDX-License-Identifier: GPL-2.0
/*
 * The path policy against the host's own file system: a scratch tree
 *
 *	rw/         a writable tree: file, sub/, and symlinks out_rel (to
 *	            ../ro/secret), out_abs (to ro/secret, absolute), in_abs
 *	            (to rw/file, absolute), to_other (to other/hidden),
 *	            magic (to /proc/self/fd/0)
 *	ro/secret   read-only under --ro
 *	other/hidden  not visible under --ro
 *
 * opened the ways a job would: "..", absolute and relative symlinks out
 * of a writable tree, magic links, writes in read-only trees, --ro
 * narrowing and --no-files.
 */
#include "runtime/sys/job_paths.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"
#include "scratch_dir.h"

static char base[PATH_MAX];

static void make_file(const char *rel, const char *text)
{
	char path[PATH_MAX * 2];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", base, rel);
	f = fopen(path, "w");
	if (!f)
		abort();
	fputs(text, f);
	fclose(f);
}

static void make_link(const char *target, const char *rel)
{
	char path[PATH_MAX * 2];

	snprintf(path, sizeof(path), "%s/%s", base, rel);
	if (symlink(target, path))
		abort();
}

/* "<base>/<rel>", in one of a few static buffers. */
static const char *at(const char *rel)
{
	static char paths[4][PATH_MAX * 2];
	static int next;
	char *path = paths[next++ % 4];

	snprintf(path, sizeof(paths[0]), "%s/%s", base, rel);
	return path;
}

static void make_scratch(void)
{
	char target[PATH_MAX * 2];

	if (base[0])
		return;
	snprintf(base, sizeof(base), "%s", scratch_make("vtjob-paths"));
	mkdir(at("rw"), 0755);
	mkdir(at("rw/sub"), 0755);
	mkdir(at("ro"), 0755);
	mkdir(at("other"), 0755);
	make_file("rw/file", "rw file\n");
	make_file("ro/secret", "ro secret\n");
	make_file("other/hidden", "hidden\n");
	make_link("../ro/secret", "rw/out_rel");
	snprintf(target, sizeof(target), "%s/ro/secret", base);
	make_link(target, "rw/out_abs");
	snprintf(target, sizeof(target), "%s/rw/file", base);
	make_link(target, "rw/in_abs");
	snprintf(target, sizeof(target), "%s/other/hidden", base);
	make_link(target, "rw/to_other");
	make_link("/proc/self/fd/0", "rw/magic");
	if (chdir(at("rw")))
		abort();
}

/* The default view: / read-only, the current directory (rw/) writable. */
static void default_view(struct job_paths *paths)
{
	const struct job_paths_config config = { 0 };
	char err[256];

	make_scratch();
	if (job_paths_init(paths, &config, err, sizeof(err)))
		abort();
}

/* --ro <base>/ro --rw <base>/rw */
static void narrow_view(struct job_paths *paths)
{
	static const char *ro[1], *rw[1];
	struct job_paths_config config = { .ro = ro, .nr_ro = 1, .rw = rw, .nr_rw = 1 };
	static char ro_path[PATH_MAX * 2], rw_path[PATH_MAX * 2];
	char err[256];

	make_scratch();
	snprintf(ro_path, sizeof(ro_path), "%s/ro", base);
	snprintf(rw_path, sizeof(rw_path), "%s/rw", base);
	ro[0] = ro_path;
	rw[0] = rw_path;
	if (job_paths_init(paths, &config, err, sizeof(err)))
		abort();
}

/* What open gives: 0 for an fd (closed again), or -errno. */
static int try_open(const struct job_paths *paths, const char *path, int flags)
{
	int fd = job_path_open(paths, JOB_PATH_CWD, path, flags, 0644);

	if (fd < 0)
		return fd;
	close(fd);
	return 0;
}

TEST(by_default_the_host_is_read_only_and_the_cwd_writable)
{
	struct job_paths paths;

	default_view(&paths);
	EXPECT_EQ(0, try_open(&paths, at("ro/secret"), O_RDONLY));
	EXPECT_EQ(0, try_open(&paths, "/etc/passwd", O_RDONLY));
	EXPECT_EQ(-EROFS, try_open(&paths, at("ro/secret"), O_WRONLY));
	EXPECT_EQ(-EROFS, try_open(&paths, at("ro/secret"), O_RDONLY | O_TRUNC));
	EXPECT_EQ(-EROFS, try_open(&paths, at("ro/new"), O_WRONLY | O_CREAT));
	EXPECT_EQ(-EEXIST, try_open(&paths, at("ro/secret"), O_WRONLY | O_CREAT | O_EXCL));
	EXPECT_EQ(-EISDIR, try_open(&paths, at("ro"), O_WRONLY));
	EXPECT_EQ(0, try_open(&paths, "file", O_RDWR));
	EXPECT_EQ(0, try_open(&paths, "sub/new", O_WRONLY | O_CREAT));
	EXPECT_EQ(0, access(at("rw/sub/new"), F_OK));
	EXPECT_EQ(-ENOENT, try_open(&paths, "nope/new", O_WRONLY | O_CREAT));
	EXPECT_EQ(-ENOENT, try_open(&paths, "", O_RDONLY));
	/* Devices open for writing on a read-only tree, as on a read-only mount. */
	EXPECT_EQ(0, try_open(&paths, "/dev/null", O_WRONLY));
	/* The cwd is still found through "..": rw/../rw is writable. */
	EXPECT_EQ(0, try_open(&paths, "../rw/file", O_WRONLY));
	job_paths_free(&paths);
}

/*
 * O_TMPFILE holds O_DIRECTORY's bit: O_DIRECTORY alone (opendir()'s open)
 * neither writes nor takes a mode, on a read-only tree or a writable one,
 * whatever mode the call carried.
 */
TEST(a_directory_opens_for_reading_in_either_tree)
{
	struct job_paths paths;

	default_view(&paths);
	EXPECT_EQ(0, try_open(&paths, at("ro"), O_RDONLY | O_DIRECTORY));
	EXPECT_EQ(0, try_open(&paths, ".", O_RDONLY | O_DIRECTORY));
	EXPECT_EQ(0, try_open(&paths, "/etc", O_RDONLY | O_DIRECTORY));
	EXPECT_EQ(-ENOTDIR, try_open(&paths, at("ro/secret"), O_RDONLY | O_DIRECTORY));
	EXPECT_EQ(-EISDIR, try_open(&paths, at("ro"), O_WRONLY | O_DIRECTORY));
	job_paths_free(&paths);
}

TEST(dot_dot_and_symlinks_out_of_a_writable_tree_are_read_only)
{
	struct job_paths paths;

	default_view(&paths);
	EXPECT_EQ(-EROFS, try_open(&paths, "../ro/secret", O_WRONLY));
	EXPECT_EQ(-EROFS, try_open(&paths, "sub/../../ro/secret", O_WRONLY));
	EXPECT_EQ(0, try_open(&paths, "out_rel", O_RDONLY));
	EXPECT_EQ(-EROFS, try_open(&paths, "out_rel", O_WRONLY));
	EXPECT_EQ(0, try_open(&paths, "out_abs", O_RDONLY));
	EXPECT_EQ(-EROFS, try_open(&paths, "out_abs", O_WRONLY | O_TRUNC));
	/* An absolute symlink that stays inside is followed, writable. */
	EXPECT_EQ(0, try_open(&paths, "in_abs", O_WRONLY));
	/* Creating through a symlink out: the tree it points to is read-only. */
	EXPECT_EQ(-EROFS, try_open(&paths, "out_abs", O_WRONLY | O_CREAT));
	job_paths_free(&paths);
}

TEST(magic_links_are_never_followed)
{
	struct job_paths paths;

	default_view(&paths);
	EXPECT_EQ(-ELOOP, try_open(&paths, "/proc/self/fd/0", O_RDONLY));
	EXPECT_EQ(-ELOOP, try_open(&paths, "/proc/self/cwd/file", O_RDONLY));
	EXPECT_EQ(-ELOOP, try_open(&paths, "/proc/self/root/etc/passwd", O_RDONLY));
	EXPECT_EQ(-ELOOP, try_open(&paths, "magic", O_RDONLY));
	EXPECT_EQ(-ELOOP, try_open(&paths, "/proc/self/exe", O_RDONLY));
	job_paths_free(&paths);
}

TEST(ro_narrows_the_view_to_the_listed_trees)
{
	struct job_paths paths;

	narrow_view(&paths);
	EXPECT_EQ(0, try_open(&paths, at("ro/secret"), O_RDONLY));
	EXPECT_EQ(-EROFS, try_open(&paths, at("ro/secret"), O_RDWR));
	EXPECT_EQ(-EROFS, try_open(&paths, at("ro/new"), O_RDWR | O_CREAT));
	EXPECT_EQ(0, try_open(&paths, at("rw/file"), O_RDWR));
	EXPECT_EQ(-ENOENT, try_open(&paths, at("other/hidden"), O_RDONLY));
	EXPECT_EQ(-ENOENT, try_open(&paths, "/etc/passwd", O_RDONLY));
	EXPECT_EQ(-ENOENT, try_open(&paths, "/", O_RDONLY));
	/* ".." out of --ro, into what is not visible, and into what is. */
	EXPECT_EQ(-ENOENT, try_open(&paths, at("ro/../other/hidden"), O_RDONLY));
	EXPECT_EQ(0, try_open(&paths, at("ro/../rw/file"), O_RDONLY));
	EXPECT_EQ(-ENOENT, try_open(&paths, "../other/hidden", O_RDONLY));
	EXPECT_EQ(-ENOENT, try_open(&paths, "../../../../../etc/passwd", O_RDONLY));
	/* Symlinks out of --rw: into --ro read-only, elsewhere nothing. */
	EXPECT_EQ(0, try_open(&paths, "out_rel", O_RDONLY));
	EXPECT_EQ(0, try_open(&paths, "out_abs", O_RDONLY));
	EXPECT_EQ(-EROFS, try_open(&paths, "out_abs", O_WRONLY));
	EXPECT_EQ(-ENOENT, try_open(&paths, "to_other", O_RDONLY));
	EXPECT_EQ(-EACCES, try_open(&paths, "to_other", O_WRONLY | O_CREAT));
	job_paths_free(&paths);
}

TEST(no_files_leaves_no_path_at_all)
{
	const struct job_paths_config config = { .no_files = true };
	struct job_paths paths;
	const struct job_tree *tree;
	char err[256], last[PATH_MAX];

	make_scratch();
	ASSERT_EQ(0, job_paths_init(&paths, &config, err, sizeof(err)));
	EXPECT_EQ(-1, paths.cwd_fd);
	EXPECT_EQ(-ENOENT, try_open(&paths, "/etc/passwd", O_RDONLY));
	EXPECT_EQ(-ENOENT, try_open(&paths, "file", O_RDONLY));
	EXPECT_EQ(-ENOENT, try_open(&paths, "/", O_RDONLY));
	EXPECT_EQ(-ENOENT, try_open(&paths, "new", O_WRONLY | O_CREAT));
	EXPECT_EQ(-ENOENT, job_path_parent(&paths, JOB_PATH_CWD, "/tmp/x", last, sizeof(last),
					   &tree));
	job_paths_free(&paths);
}

TEST(the_parent_of_a_path_names_its_tree)
{
	struct job_paths paths;
	const struct job_tree *tree;
	char last[PATH_MAX];
	int dir;

	default_view(&paths);
	dir = job_path_parent(&paths, JOB_PATH_CWD, "sub/x", last, sizeof(last), &tree);
	ASSERT_LE(0, dir);
	EXPECT_STREQ("x", last);
	EXPECT_TRUE(tree->writable);
	close(dir);
	dir = job_path_parent(&paths, JOB_PATH_CWD, "../ro/x/", last, sizeof(last), &tree);
	ASSERT_LE(0, dir);
	EXPECT_STREQ("x/", last);
	EXPECT_FALSE(tree->writable);
	close(dir);
	/* A symlink out of rw/ as the directory: where it leads decides. */
	dir = job_path_parent(&paths, JOB_PATH_CWD, "out_abs/x", last, sizeof(last), &tree);
	EXPECT_EQ(-ENOTDIR, dir);
	EXPECT_EQ(-ENOENT, job_path_parent(&paths, JOB_PATH_CWD, "", last, sizeof(last), &tree));
	job_paths_free(&paths);
}

TEST(bad_trees_are_refused_with_a_reason)
{
	const char *missing[] = { "/nonexistent/vtjob" };
	const char *file[] = { "/etc/passwd" };
	struct job_paths_config config = { .rw = missing, .nr_rw = 1 };
	struct job_paths paths;
	char err[256];

	make_scratch();
	EXPECT_EQ(-1, job_paths_init(&paths, &config, err, sizeof(err)));
	EXPECT_STREQ("--rw '/nonexistent/vtjob': No such file or directory", err);
	config = (struct job_paths_config) { .ro = file, .nr_ro = 1 };
	EXPECT_EQ(-1, job_paths_init(&paths, &config, err, sizeof(err)));
	EXPECT_STREQ("--ro '/etc/passwd': not a directory", err);
	config = (struct job_paths_config) { .ro = file, .nr_ro = 1, .no_files = true };
	EXPECT_EQ(-1, job_paths_init(&paths, &config, err, sizeof(err)));
}

TEST(the_cwd_is_outside_every_ro_tree_so_the_job_starts_in_the_rw_one)
{
	static const char *ro[1];
	struct job_paths_config config = { .ro = ro, .nr_ro = 1 };
	struct job_paths paths;
	char err[256], cwd[PATH_MAX];

	make_scratch();
	ro[0] = at("ro");
	ASSERT_EQ(0, job_paths_init(&paths, &config, err, sizeof(err)));
	ASSERT_LT(0, job_path_of_fd(paths.cwd_fd, cwd, sizeof(cwd)));
	EXPECT_STREQ(at("ro"), cwd);
	job_paths_free(&paths);
}

/* Before the harness forks: one scratch tree for every test, removed at the end. */
static void __attribute__((constructor)) make_scratch_first(void)
{
	make_scratch();
}

TEST_HARNESS_MAIN
