// SPDX-License-Identifier: GPL-2.0
/* The error buffers that parsers fill in for their callers. */
#include "lib/errbuf.h"

#include <string.h>

#include "harness.h"

static int located(char *buf, size_t size, const char *where, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* As the parsers use it: where first, then what is wrong there. */
static int located(char *buf, size_t size, const char *where, const char *fmt, ...)
{
	va_list ap;

	errbuf_set(buf, size, "%s: ", where);
	va_start(ap, fmt);
	errbuf_vappend(buf, size, fmt, ap);
	va_end(ap);
	return -1;
}

TEST(set_formats_and_fails)
{
	char buf[32];

	EXPECT_EQ(-1, errbuf_set(buf, sizeof(buf), "CPU %u is offline", 3u));
	EXPECT_STREQ("CPU 3 is offline", buf);
}

TEST(set_cuts_a_long_message_short)
{
	char buf[8];

	errbuf_set(buf, sizeof(buf), "%s", "a message longer than the buffer");
	EXPECT_STREQ("a messa", buf);
}

TEST(zero_size_takes_no_buffer)
{
	EXPECT_EQ(-1, errbuf_set(NULL, 0, "%s", "nowhere to go"));
	EXPECT_EQ(-1, located(NULL, 0, "line 1", "%s", "nowhere to go"));
}

TEST(append_follows_the_prefix)
{
	char buf[64];

	EXPECT_EQ(-1, located(buf, sizeof(buf), "state line 4", "unknown item \"%s\"", "x"));
	EXPECT_STREQ("state line 4: unknown item \"x\"", buf);
}

TEST(append_is_cut_at_the_end_of_the_buffer)
{
	char buf[12];

	located(buf, sizeof(buf), "line 4", "%s", "too long");
	EXPECT_STREQ("line 4: too", buf);
}

TEST(prefix_that_fills_the_buffer_leaves_no_message)
{
	char buf[6];

	located(buf, sizeof(buf), "a long prefix", "%s", "lost");
	EXPECT_STREQ("a lon", buf);
}

TEST_HARNESS_MAIN
