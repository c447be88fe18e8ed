// SPDX-License-Identifier: GPL-2.0
/* CPU masks in the kernel's hex format (/sys/devices/virtual/workqueue/cpumask). */
#include "lib/cpumask_hex.h"

#include "harness.h"

static char result[CPUMASK_HEX_MAX + 256];

/* The CPU list of mask @text, or the error. */
static const char *list_of_mask(const char *text)
{
	struct cpus cpus;

	if (cpumask_hex_parse(text, &cpus, result, sizeof(result)) == 0)
		cpus_format(&cpus, result, sizeof(result));
	return result;
}

/* CPU list @list as a mask @width bits wide. */
static const char *mask_of_list(const char *list, unsigned int width)
{
	struct cpus cpus;
	char err[128];

	cpus_clear(&cpus);
	if (*list && cpus_parse(list, &cpus, err, sizeof(err)))
		abort();
	cpumask_hex_format(&cpus, width, result, sizeof(result));
	return result;
}

TEST(parse_small_masks)
{
	EXPECT_STREQ("0-2", list_of_mask("7"));
	EXPECT_STREQ("0-7", list_of_mask("ff"));
	EXPECT_STREQ("0,3", list_of_mask("9"));
	EXPECT_STREQ("1-3,8", list_of_mask("10e"));
	EXPECT_STREQ("", list_of_mask("0"));
	EXPECT_STREQ("4-7", list_of_mask("F0"));
}

TEST(parse_masks_beyond_32_cpus)
{
	EXPECT_STREQ("0-35", list_of_mask("f,ffffffff"));
	EXPECT_STREQ("32", list_of_mask("1,00000000"));
	EXPECT_STREQ("0,63", list_of_mask("80000000,00000001"));
	EXPECT_STREQ("0-63", list_of_mask("ffffffff,ffffffff"));
	EXPECT_STREQ("64", list_of_mask("00000001,00000000,00000000"));
}

/* The widest mask there is: 8192 CPUs, 256 groups. */
TEST(parse_the_highest_cpu)
{
	char mask[CPUMASK_HEX_MAX] = "80000000";
	int i;

	for (i = 1; i < CPULIST_MAX_CPUS / 32; i++)
		strcat(mask, ",00000000");
	EXPECT_STREQ("8191", list_of_mask(mask));
	EXPECT_EQ(CPULIST_MAX_CPUS, cpumask_hex_width(mask));
}

TEST(parse_rejects_what_is_not_a_mask)
{
	EXPECT_STREQ("invalid CPU mask \"\": it is empty", list_of_mask(""));
	EXPECT_STREQ("invalid CPU mask \"0x3\": expected groups of 1 to 8 hex digits separated by commas",
		     list_of_mask("0x3"));
	EXPECT_STREQ("invalid CPU mask \"f,\": expected groups of 1 to 8 hex digits separated by commas",
		     list_of_mask("f,"));
	EXPECT_STREQ("invalid CPU mask \"1ffffffff\": expected groups of 1 to 8 hex digits separated by commas",
		     list_of_mask("1ffffffff"));
	EXPECT_STREQ("invalid CPU mask \" 3\": expected groups of 1 to 8 hex digits separated by commas",
		     list_of_mask(" 3"));
	EXPECT_STREQ("invalid CPU mask \"-3\": expected groups of 1 to 8 hex digits separated by commas",
		     list_of_mask("-3"));
	EXPECT_STREQ("invalid CPU mask \"3g\": expected groups of 1 to 8 hex digits separated by commas",
		     list_of_mask("3g"));
}

TEST(parse_rejects_cpus_beyond_the_maximum)
{
	char mask[CPUMASK_HEX_MAX + 16] = "1";
	int i;

	/* 256 zero groups after a 1: CPU 8192. */
	for (i = 0; i < CPULIST_MAX_CPUS / 32; i++)
		strcat(mask, ",00000000");
	EXPECT_NE(NULL, strstr(list_of_mask(mask),
			       "CPU 8192 is above the highest supported CPU 8191"));
}

TEST(width_follows_the_kernel_text)
{
	EXPECT_EQ(4, cpumask_hex_width("7"));
	EXPECT_EQ(8, cpumask_hex_width("ff"));
	EXPECT_EQ(36, cpumask_hex_width("f,ffffffff"));
	EXPECT_EQ(64, cpumask_hex_width("ffffffff,ffffffff"));
	EXPECT_EQ(0, cpumask_hex_width(""));
	EXPECT_EQ(0, cpumask_hex_width("123456789"));
}

TEST(format_in_the_given_width)
{
	/* As the kernel prints nr_cpu_ids bits: the first group just wide enough. */
	EXPECT_STREQ("5", mask_of_list("0,2", 4));
	EXPECT_STREQ("01", mask_of_list("0", 8));
	EXPECT_STREQ("fe", mask_of_list("1-7", 8));
	EXPECT_STREQ("0,fffffffe", mask_of_list("1-31", 36));
	EXPECT_STREQ("f,fffffffd", mask_of_list("0,2-35", 36));
	EXPECT_STREQ("00000000,00000001", mask_of_list("0", 64));
	EXPECT_STREQ("80000000,00000000", mask_of_list("63", 64));
	EXPECT_STREQ("0", mask_of_list("", 4));
}

TEST(format_widens_for_the_cpus_it_holds)
{
	EXPECT_STREQ("1", mask_of_list("0", 0));
	EXPECT_STREQ("0", mask_of_list("", 0));
	EXPECT_STREQ("10", mask_of_list("4", 4));
	EXPECT_STREQ("1,00000000", mask_of_list("32", 0));
	EXPECT_STREQ("1,00000000,00000000", mask_of_list("64", 8));
}

TEST(round_trip_of_kernel_masks)
{
	static const char *const masks[] = {
		"1", "3", "7", "f", "ff", "fd", "0f", "ffffffff",
		"f,ffffffff", "0,00000001", "ffffffff,fffffffe",
		"00000001,00000000,00000000",
	};
	char copy[CPUMASK_HEX_MAX];
	struct cpus cpus;
	size_t i;

	for (i = 0; i < sizeof(masks) / sizeof(masks[0]); i++) {
		ASSERT_EQ(0, cpumask_hex_parse(masks[i], &cpus, result, sizeof(result)));
		cpumask_hex_format(&cpus, cpumask_hex_width(masks[i]), copy, sizeof(copy));
		EXPECT_STREQ(masks[i], copy);
	}
}

TEST(format_reports_the_size_it_needs)
{
	struct cpus cpus;
	char small[4];

	cpus_clear(&cpus);
	cpus_add(&cpus, 40);
	EXPECT_EQ(strlen("100,00000000"), cpumask_hex_format(&cpus, 0, small, sizeof(small)));
	EXPECT_STREQ("100", small);
	EXPECT_EQ(strlen("100,00000000"), cpumask_hex_format(&cpus, 0, NULL, 0));
}

TEST_HARNESS_MAIN
