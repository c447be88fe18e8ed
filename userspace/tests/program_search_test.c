// SPDX-License-Identifier: GPL-2.0
/*
 * `vtjobctl exec PROG` finding PROG through PATH as execvp() does: the
 * directories in order, a missing file passed over, one that cannot be
 * run remembered and passed over, the errors and their words.
 */
#include "loader/program_search.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"
#include "tests/scratch_dir.h"

/*
 * A file of @mode at @dir/@name under the scratch directory: the ELF magic
 * (else only the first bytes are read) and its own path.
 */
static void put_file(const char *dir, const char *name, mode_t mode)
{
	char path[2 * PATH_MAX];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", scratch_make("program_search"), dir);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/%s/%s", scratch_dir, dir, name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
	if (fd < 0 || write(fd, ELFMAG, SELFMAG) != SELFMAG ||
	    write(fd, path, strlen(path)) != (ssize_t)strlen(path))
		abort();
	fchmod(fd, mode);
	close(fd);
}

static void put_dir(const char *dir, const char *name)
{
	char path[2 * PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", scratch_make("program_search"), dir);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/%s/%s", scratch_dir, dir, name);
	mkdir(path, 0755);
}

/* PATH of the scratch directories named in @dirs, ':' between them. */
static const char *search_path(const char *const *dirs, size_t nr)
{
	static char path[4 * PATH_MAX];
	size_t i, len = 0;

	path[0] = '\0';
	for (i = 0; i < nr; i++)
		len += snprintf(path + len, sizeof(path) - len, "%s%s/%s", i ? ":" : "",
				scratch_make("program_search"), dirs[i]);
	return path;
}

static char *expected_path(const char *dir, const char *name)
{
	static char path[2 * PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s/%s", scratch_make("program_search"), dir, name);
	return path;
}

#define NR(a) (sizeof(a) / sizeof((a)[0]))

TEST(found_in_a_later_directory_after_missing_ones)
{
	static const char *const dirs[] = { "empty", "nothere", "bin" };
	struct program_file file;
	char why[PATH_MAX + 256], *found;

	put_file("empty", "other", 0755);
	put_file("bin", "tool", 0755);
	ASSERT_EQ(0, program_search_read("tool", search_path(dirs, NR(dirs)), &file, &found,
					 why, sizeof(why))) TH_LOG("%s", why);
	EXPECT_STREQ(expected_path("bin", "tool"), found);
	/* The bytes are those of the file found. */
	ASSERT_EQ(SELFMAG + strlen(found), file.size);
	EXPECT_EQ(0, memcmp(found, file.bytes + SELFMAG, strlen(found)));
	free(found);
	program_file_free(&file);
}

TEST(first_runnable_one_wins)
{
	static const char *const dirs[] = { "first", "second" };
	struct program_file file;
	char why[PATH_MAX + 256], *found;

	put_file("first", "twice", 0755);
	put_file("second", "twice", 0755);
	ASSERT_EQ(0, program_search_read("twice", search_path(dirs, NR(dirs)), &file, &found,
					 why, sizeof(why)));
	EXPECT_STREQ(expected_path("first", "twice"), found);
	free(found);
	program_file_free(&file);
}

TEST(not_executable_and_directories_are_passed_over)
{
	static const char *const dirs[] = { "noexec", "isdir", "good" };
	struct program_file file;
	char why[PATH_MAX + 256], *found;

	put_file("noexec", "prog", 0644);
	put_dir("isdir", "prog");
	put_file("good", "prog", 0755);
	ASSERT_EQ(0, program_search_read("prog", search_path(dirs, NR(dirs)), &file, &found,
					 why, sizeof(why))) TH_LOG("%s", why);
	EXPECT_STREQ(expected_path("good", "prog"), found);
	free(found);
	program_file_free(&file);
}

TEST(only_unrunnable_ones_is_eacces_naming_the_first)
{
	static const char *const dirs[] = { "missing", "isdir2", "noexec2" };
	struct program_file file;
	char why[PATH_MAX + 256], *found = (char *)"unchanged";

	put_dir("isdir2", "cmd");
	put_file("noexec2", "cmd", 0644);
	EXPECT_EQ(-EACCES, program_search_read("cmd", search_path(dirs, NR(dirs)), &file,
					       &found, why, sizeof(why)));
	EXPECT_EQ(NULL, found);
	EXPECT_NE(NULL, strstr(why, expected_path("isdir2", "cmd"))) TH_LOG("%s", why);
	EXPECT_NE(NULL, strstr(why, "is a directory")) TH_LOG("%s", why);
}

TEST(nowhere_is_enoent_naming_path)
{
	static const char *const dirs[] = { "a", "b" };
	struct program_file file;
	char why[PATH_MAX + 256], *found;
	const char *path = search_path(dirs, NR(dirs));

	put_file("a", "x", 0755);
	EXPECT_EQ(-ENOENT, program_search_read("no-such-program", path, &file, &found, why,
					       sizeof(why)));
	EXPECT_EQ(NULL, found);
	EXPECT_NE(NULL, strstr(why, "is not in any directory of PATH")) TH_LOG("%s", why);
	EXPECT_NE(NULL, strstr(why, path)) TH_LOG("%s", why);
}

TEST(a_name_with_a_slash_is_not_searched)
{
	static const char *const dirs[] = { "sl" };
	struct program_file file;
	char why[PATH_MAX + 256], *found;

	put_file("sl", "p", 0755);
	/* "sl/p" relative to the current directory, not to PATH's entries. */
	ASSERT_EQ(0, chdir(scratch_make("program_search")));
	ASSERT_EQ(0, program_search_read("sl/p", "/nonexistent", &file, &found, why,
					 sizeof(why)));
	EXPECT_STREQ("sl/p", found);
	free(found);
	program_file_free(&file);
	EXPECT_EQ(-ENOENT, program_search_read("./p", search_path(dirs, NR(dirs)), &file,
					       &found, why, sizeof(why)));
	EXPECT_STREQ("does not exist", why);
}

TEST(an_empty_entry_is_the_current_directory)
{
	struct program_file file;
	char why[PATH_MAX + 256], *found;

	put_file("cwd", "here", 0755);
	ASSERT_EQ(0, chdir(expected_path("cwd", "")));
	ASSERT_EQ(0, program_search_read("here", "/nonexistent::/also-not", &file, &found, why,
					 sizeof(why))) TH_LOG("%s", why);
	EXPECT_STREQ("here", found);
	free(found);
	program_file_free(&file);
}

TEST(no_path_is_execvp_default)
{
	struct program_file file;
	char why[PATH_MAX + 256], *found;

	ASSERT_EQ(0, program_search_read("sh", NULL, &file, &found, why, sizeof(why)));
	EXPECT_STREQ("/bin/sh", found);
	free(found);
	program_file_free(&file);
}

TEST(an_empty_name_does_not_exist)
{
	struct program_file file;
	char why[PATH_MAX + 256], *found;

	EXPECT_EQ(-ENOENT, program_search_read("", "/bin", &file, &found, why, sizeof(why)));
	EXPECT_STREQ("does not exist", why);
}

TEST_HARNESS_MAIN
