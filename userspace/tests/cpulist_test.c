// SPDX-License-Identifier: GPL-2.0
/* Parsing and formatting of kernel-style CPU lists. */
#include "lib/cpulist.h"

#include "harness.h"

static char result[256];

/* The canonical form of @text, or its error message. */
static const char *canonical(const char *text)
{
	cpu_set_t *set = CPU_ALLOC(CPULIST_MAX_CPUS);

	if (cpulist_parse(text, set, CPULIST_SET_SIZE, result, sizeof(result)) == 0)
		cpulist_format(set, CPULIST_SET_SIZE, result, sizeof(result));
	CPU_FREE(set);
	return result;
}

TEST(single_cpu)
{
	EXPECT_STREQ("1", canonical("1"));
	EXPECT_STREQ("0", canonical("0"));
}

TEST(range)
{
	EXPECT_STREQ("2-5", canonical("2-5"));
	EXPECT_STREQ("7", canonical("7-7"));
}

TEST(list)
{
	EXPECT_STREQ("1,3", canonical("1,3"));
	EXPECT_STREQ("0-3,8-11", canonical("0-3,8-11"));
}

TEST(merges_adjacent_and_unordered_items)
{
	EXPECT_STREQ("0-5", canonical("3-5,0-2"));
	EXPECT_STREQ("0-3,5", canonical("5,0,1,2,3"));
}

TEST(duplicates_are_fine)
{
	EXPECT_STREQ("1-4", canonical("1-3,2-4,3"));
	EXPECT_STREQ("2", canonical("2,2"));
}

TEST(leading_zeros_are_decimal)
{
	EXPECT_STREQ("8-10", canonical("08-010"));
}

TEST(highest_cpu)
{
	EXPECT_STREQ("8191", canonical("8191"));
	EXPECT_STREQ("0-8191", canonical("0-8191"));
}

TEST(rejects_empty)
{
	EXPECT_STREQ("invalid CPU list \"\": it is empty", canonical(""));
}

TEST(rejects_trailing_comma)
{
	EXPECT_STREQ("invalid CPU list \"1,\": it ends with a comma",
		     canonical("1,"));
}

TEST(rejects_empty_items)
{
	EXPECT_STREQ("invalid CPU list \",1\": expected a CPU number at character 1, found ','",
		     canonical(",1"));
	EXPECT_STREQ("invalid CPU list \"1,,2\": expected a CPU number at character 3, found ','",
		     canonical("1,,2"));
}

TEST(rejects_reversed_range)
{
	EXPECT_STREQ("invalid CPU list \"3-1\": range end 1 is below start 3",
		     canonical("3-1"));
	EXPECT_STREQ("invalid CPU list \"0,5-2\": range end 2 is below start 5",
		     canonical("0,5-2"));
}

TEST(rejects_open_ranges)
{
	EXPECT_STREQ("invalid CPU list \"3-\": a CPU number is missing at the end",
		     canonical("3-"));
	EXPECT_STREQ("invalid CPU list \"-3\": expected a CPU number at character 1, found '-'",
		     canonical("-3"));
	EXPECT_STREQ("invalid CPU list \"1-2-3\": expected ',' or '-' at character 4, found '-'",
		     canonical("1-2-3"));
}

TEST(rejects_non_numbers)
{
	EXPECT_STREQ("invalid CPU list \"abc\": expected a CPU number at character 1, found 'a'",
		     canonical("abc"));
	EXPECT_STREQ("invalid CPU list \"1x\": expected ',' or '-' at character 2, found 'x'",
		     canonical("1x"));
	EXPECT_STREQ("invalid CPU list \"+1\": expected a CPU number at character 1, found '+'",
		     canonical("+1"));
	EXPECT_STREQ("invalid CPU list \"0x3\": expected ',' or '-' at character 2, found 'x'",
		     canonical("0x3"));
	EXPECT_STREQ("invalid CPU list \"1\x01\": expected ',' or '-' at character 2, found byte 0x01",
		     canonical("1\x01"));
}

TEST(rejects_whitespace)
{
	EXPECT_STREQ("invalid CPU list \"1, 2\": whitespace at character 3",
		     canonical("1, 2"));
	EXPECT_STREQ("invalid CPU list \" 1\": whitespace at character 1",
		     canonical(" 1"));
	EXPECT_STREQ("invalid CPU list \"1\n\": whitespace at character 2",
		     canonical("1\n"));
}

TEST(rejects_cpus_beyond_the_maximum)
{
	EXPECT_STREQ("invalid CPU list \"8192\": CPU 8192 is above the highest supported CPU 8191",
		     canonical("8192"));
	EXPECT_STREQ("invalid CPU list \"0-99999999999999999999999\": "
		     "CPU 99999999999999999999999 is above the highest supported CPU 8191",
		     canonical("0-99999999999999999999999"));
}

TEST(highest_cpu_follows_the_set_size)
{
	cpu_set_t set;
	char err[128];

	EXPECT_EQ(0, cpulist_parse("1023", &set, sizeof(set), err, sizeof(err)));
	EXPECT_EQ(-1, cpulist_parse("1024", &set, sizeof(set), err, sizeof(err)));
	EXPECT_STREQ("invalid CPU list \"1024\": CPU 1024 is above the highest supported CPU 1023",
		     err);
}

TEST(parse_clears_the_set_first)
{
	cpu_set_t set;
	char err[128];

	CPU_ZERO(&set);
	CPU_SET(9, &set);
	ASSERT_EQ(0, cpulist_parse("1", &set, sizeof(set), err, sizeof(err)));
	EXPECT_EQ(1, CPU_COUNT(&set));
	EXPECT_TRUE(CPU_ISSET(1, &set));
}

TEST(format_empty_set)
{
	cpu_set_t set;
	char buf[8] = "junk";

	CPU_ZERO(&set);
	EXPECT_EQ(0, cpulist_format(&set, sizeof(set), buf, sizeof(buf)));
	EXPECT_STREQ("", buf);
}

TEST(format_reports_the_size_it_needs)
{
	cpu_set_t set;
	char buf[6];

	CPU_ZERO(&set);
	CPU_SET(0, &set);
	CPU_SET(1, &set);
	CPU_SET(2, &set);
	CPU_SET(10, &set);
	CPU_SET(1023, &set);
	/* "0-2,10,1023" is 11 characters; snprintf() style truncation. */
	EXPECT_EQ(11, cpulist_format(&set, sizeof(set), buf, sizeof(buf)));
	EXPECT_STREQ("0-2,1", buf);
	EXPECT_EQ(11, cpulist_format(&set, sizeof(set), NULL, 0));
}

TEST(error_message_truncates_safely)
{
	cpu_set_t set;
	char err[16];

	EXPECT_EQ(-1, cpulist_parse("5-2", &set, sizeof(set), err, sizeof(err)));
	EXPECT_STREQ("invalid CPU lis", err);
}

TEST_HARNESS_MAIN
