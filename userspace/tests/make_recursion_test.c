// SPDX-License-Identifier: GPL-2.0
/*
 * Telling a recursive recipe line by make's jobserver: the fds MAKEFLAGS
 * names, as make 4.0 to 4.4 write them, and whether they are open here as
 * one pipe, as make hands them to a recursive line only.
 */
#include "cmd/make_recursion.h"

#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include "harness.h"

TEST(jobserver_auth_of_make_4_3)
{
	int fds[2] = { -1, -1 };

	ASSERT_EQ(0, make_jobserver_fds("s -j2 --jobserver-auth=3,4 -- SHELL=/bin/sh", fds));
	EXPECT_EQ(3, fds[0]);
	EXPECT_EQ(4, fds[1]);
	/* No single-letter flags: make starts MAKEFLAGS with a space. */
	ASSERT_EQ(0, make_jobserver_fds(" -j --jobserver-auth=10,11", fds));
	EXPECT_EQ(10, fds[0]);
	EXPECT_EQ(11, fds[1]);
}

TEST(jobserver_fds_of_make_4_1)
{
	int fds[2] = { -1, -1 };

	ASSERT_EQ(0, make_jobserver_fds(" --jobserver-fds=5,6 -j", fds));
	EXPECT_EQ(5, fds[0]);
	EXPECT_EQ(6, fds[1]);
}

TEST(no_jobserver_without_j)
{
	int fds[2];

	EXPECT_EQ(-1, make_jobserver_fds("", fds));
	EXPECT_EQ(-1, make_jobserver_fds("s -j1 -- SHELL=/bin/sh", fds));
	EXPECT_EQ(-1, make_jobserver_fds("   ", fds));
}

TEST(fifo_jobserver_of_make_4_4_is_no_pipe)
{
	int fds[2];

	EXPECT_EQ(-1, make_jobserver_fds(" -j4 --jobserver-auth=fifo:/tmp/GMfifo1234", fds));
}

/* A variable's value is the user's text, not make's word. */
TEST(command_line_variables_do_not_count)
{
	int fds[2];

	EXPECT_EQ(-1, make_jobserver_fds("s -- X=--jobserver-auth=3,4", fds));
	EXPECT_EQ(-1, make_jobserver_fds(" -- --jobserver-auth=3,4", fds));
}

TEST(malformed_fds_are_none)
{
	static const char *const bad[] = {
		" --jobserver-auth=3", " --jobserver-auth=3,", " --jobserver-auth=,4",
		" --jobserver-auth=3,4x", " --jobserver-auth=-3,4", " --jobserver-auth=3;4",
		" --jobserver-auth=99999999999,4", " --jobserver-auth=",
	};
	size_t i;
	int fds[2];

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		EXPECT_EQ(-1, make_jobserver_fds(bad[i], fds)) TH_LOG("case %zu", i);
}

/* make's own option parsing: the last one given wins. */
TEST(last_jobserver_option_counts)
{
	int fds[2] = { -1, -1 };

	ASSERT_EQ(0, make_jobserver_fds(" --jobserver-fds=5,6 --jobserver-auth=7,8", fds));
	EXPECT_EQ(7, fds[0]);
	EXPECT_EQ(8, fds[1]);
}

static void makeflags_for(char *buf, size_t len, int read_fd, int write_fd)
{
	snprintf(buf, len, "s -j2 --jobserver-auth=%d,%d -- SHELL=/bin/sh", read_fd, write_fd);
}

TEST(open_jobserver_pipe_is_a_recursive_line)
{
	char flags[128];
	int fds[2];

	ASSERT_EQ(0, pipe(fds));
	makeflags_for(flags, sizeof(flags), fds[0], fds[1]);
	EXPECT_TRUE(make_line_is_recursive(flags));
	/* Closed, as make's close-on-exec leaves them for another line. */
	close(fds[0]);
	close(fds[1]);
	EXPECT_FALSE(make_line_is_recursive(flags));
	EXPECT_FALSE(make_line_is_recursive(NULL));
	EXPECT_FALSE(make_line_is_recursive(" -j1"));
}

/* Two fds open by chance at those numbers are not make's jobserver. */
TEST(two_unrelated_pipes_are_no_jobserver)
{
	int first[2], second[2], file;
	char flags[128];

	ASSERT_EQ(0, pipe(first));
	ASSERT_EQ(0, pipe(second));
	makeflags_for(flags, sizeof(flags), first[0], second[1]);
	EXPECT_FALSE(make_line_is_recursive(flags));
	file = open("/dev/null", O_RDONLY);
	ASSERT_LE(0, file);
	makeflags_for(flags, sizeof(flags), file, file);
	EXPECT_FALSE(make_line_is_recursive(flags));
	close(file);
	close(first[0]);
	close(first[1]);
	close(second[0]);
	close(second[1]);
}

TEST_HARNESS_MAIN
