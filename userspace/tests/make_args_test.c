// SPDX-License-Identifier: GPL-2.0
/*
 * `vtjobctl make`'s command line: where the exec options end and make's
 * arguments begin, what those say of -j, -C and SHELL as make reads them,
 * and the quoting of SHELL's words that make splits back as sh would.
 */
#include "cmd/make_args.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define NR(a) ((int)(sizeof(a) / sizeof((a)[0])))

TEST(exec_options_then_make_args)
{
	char *argv[] = { "make", "--mem", "1G", "--rw=/srv/out", "--strace", "-j3", "all",
			 "--mem", "2G" };
	struct make_command_line line;
	char err[128];

	ASSERT_EQ(0, make_split_command_line(NR(argv), argv, &line, err, sizeof(err)));
	ASSERT_EQ(3, line.nr_options);
	EXPECT_STREQ("--mem", line.options[0].name);
	EXPECT_STREQ("1G", line.options[0].value);
	EXPECT_STREQ("--rw", line.options[1].name);
	EXPECT_STREQ("/srv/out", line.options[1].value);
	EXPECT_STREQ("--strace", line.options[2].name);
	EXPECT_EQ(NULL, line.options[2].value);
	/* From the first argument that is no exec option, all of it is make's. */
	ASSERT_EQ(4, line.nr_make_args);
	EXPECT_STREQ("-j3", line.make_args[0]);
	EXPECT_STREQ("--mem", line.make_args[2]);
	EXPECT_FALSE(line.help);
	make_command_line_free(&line);
}

/* --stats-jsonl is the one stats option a build takes: one file, a line for each line. */
TEST(stats_jsonl_is_an_exec_option_with_a_value)
{
	char *argv[] = { "make", "--stats-jsonl", "stats.jsonl", "--stats-jsonl=b", "all" };
	struct make_command_line line;
	char err[128];

	ASSERT_EQ(0, make_split_command_line(NR(argv), argv, &line, err, sizeof(err)));
	ASSERT_EQ(2, line.nr_options);
	EXPECT_STREQ("--stats-jsonl", line.options[0].name);
	EXPECT_STREQ("stats.jsonl", line.options[0].value);
	EXPECT_STREQ("b", line.options[1].value);
	ASSERT_EQ(1, line.nr_make_args);
	EXPECT_STREQ("all", line.make_args[0]);
	make_command_line_free(&line);
}

TEST(double_dash_ends_the_exec_options)
{
	char *argv[] = { "make", "--timeout", "10", "--", "--strace", "--help" };
	struct make_command_line line;
	char err[128];

	ASSERT_EQ(0, make_split_command_line(NR(argv), argv, &line, err, sizeof(err)));
	ASSERT_EQ(1, line.nr_options);
	ASSERT_EQ(2, line.nr_make_args);
	EXPECT_STREQ("--strace", line.make_args[0]);
	EXPECT_FALSE(line.help);
	make_command_line_free(&line);
}

TEST(help_before_make_args_is_ours)
{
	char *argv[] = { "make", "--help" };
	struct make_command_line line;
	char err[128];

	ASSERT_EQ(0, make_split_command_line(NR(argv), argv, &line, err, sizeof(err)));
	EXPECT_TRUE(line.help);
	EXPECT_EQ(0, line.nr_make_args);
	make_command_line_free(&line);
}

TEST(an_option_without_its_value_is_refused)
{
	char *argv[] = { "make", "--rw" };
	struct make_command_line line;
	char err[128];

	EXPECT_EQ(-1, make_split_command_line(NR(argv), argv, &line, err, sizeof(err)));
	EXPECT_STREQ("option '--rw' needs a value", err);
}

TEST(no_files_and_prefixes_are_make_args)
{
	/* --no-files would leave a build no tree; "--memory" is not --mem. */
	char *argv[] = { "make", "--no-files", "--memory=1" };
	struct make_command_line line;
	char err[128];

	ASSERT_EQ(0, make_split_command_line(NR(argv), argv, &line, err, sizeof(err)));
	EXPECT_EQ(0, line.nr_options);
	EXPECT_EQ(2, line.nr_make_args);
	make_command_line_free(&line);
}

/* Whether make would run parallel with @args given. */
static bool jobs_in(char **args, int nr)
{
	struct make_args_seen seen;
	bool jobs;

	if (make_args_scan(args, nr, "/", &seen))
		abort();
	jobs = seen.jobs;
	free(seen.directory);
	return jobs;
}

TEST(every_spelling_of_j_is_seen)
{
	char *a[] = { "-j" }, *b[] = { "-j4" }, *c[] = { "-kj4" }, *d[] = { "--jobs" },
	     *e[] = { "--jobs=3" }, *f[] = { "all", "-s", "-j", "2" };

	EXPECT_TRUE(jobs_in(a, NR(a)));
	EXPECT_TRUE(jobs_in(b, NR(b)));
	EXPECT_TRUE(jobs_in(c, NR(c)));
	EXPECT_TRUE(jobs_in(d, NR(d)));
	EXPECT_TRUE(jobs_in(e, NR(e)));
	EXPECT_TRUE(jobs_in(f, NR(f)));
}

TEST(a_j_in_a_value_is_no_j)
{
	/* -C and -f take the rest of their word or the next one. */
	char *a[] = { "-Cj" }, *b[] = { "-f", "-jfile" }, *c[] = { "jobs", "-k" },
	     *d[] = { "--", "-j2" }, *e[] = { "-Oline" }, *f[] = { "-l", "-k" };

	EXPECT_FALSE(jobs_in(a, NR(a)));
	EXPECT_FALSE(jobs_in(b, NR(b)));
	EXPECT_FALSE(jobs_in(c, NR(c)));
	EXPECT_FALSE(jobs_in(d, NR(d)));
	EXPECT_FALSE(jobs_in(e, NR(e)));
	EXPECT_FALSE(jobs_in(f, NR(f)));
}

TEST(directories_apply_in_order)
{
	char *args[] = { "-C", "src", "-Clib", "--directory=sub", "--directory", "/abs",
			 "-kC", "x", "all" };
	struct make_args_seen seen;

	ASSERT_EQ(0, make_args_scan(args, 4, "/home/u", &seen));
	EXPECT_STREQ("/home/u/src/lib/sub", seen.directory);
	free(seen.directory);
	ASSERT_EQ(0, make_args_scan(args, NR(args), "/home/u", &seen));
	EXPECT_STREQ("/abs/x", seen.directory);
	free(seen.directory);
}

TEST(no_directory_is_the_current_one)
{
	char *args[] = { "all" };
	struct make_args_seen seen;

	ASSERT_EQ(0, make_args_scan(args, NR(args), "/work", &seen));
	EXPECT_STREQ("/work", seen.directory);
	EXPECT_EQ(-1, seen.shell_index);
	free(seen.directory);
}

TEST(the_last_shell_assignment_is_found)
{
	char *args[] = { "SHELL=/bin/dash", "CC=gcc", "SHELL=/bin/bash", "all" };
	struct make_args_seen seen;

	ASSERT_EQ(0, make_args_scan(args, NR(args), "/", &seen));
	EXPECT_EQ(2, seen.shell_index);
	free(seen.directory);
}

TEST(shell_words_are_quoted_as_sh_reads_them)
{
	char buf[128] = "";

	ASSERT_EQ(0, make_append_shell_word(buf, sizeof(buf), "/usr/bin/vtjobctl"));
	ASSERT_EQ(0, make_append_shell_word(buf, sizeof(buf), "--rw"));
	ASSERT_EQ(0, make_append_shell_word(buf, sizeof(buf), "/srv/my build"));
	ASSERT_EQ(0, make_append_shell_word(buf, sizeof(buf), "it's"));
	ASSERT_EQ(0, make_append_shell_word(buf, sizeof(buf), "$HOME"));
	ASSERT_EQ(0, make_append_shell_word(buf, sizeof(buf), ""));
	EXPECT_STREQ("/usr/bin/vtjobctl --rw '/srv/my build' 'it'\\''s' '$$HOME' ''", buf);
}

TEST(a_word_that_does_not_fit_fails)
{
	char buf[8] = "";

	EXPECT_EQ(0, make_append_shell_word(buf, sizeof(buf), "abc"));
	EXPECT_EQ(-1, make_append_shell_word(buf, sizeof(buf), "defgh"));
}

TEST_HARNESS_MAIN
