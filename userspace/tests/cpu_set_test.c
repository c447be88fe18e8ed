// SPDX-License-Identifier: GPL-2.0
/*
 * CPU set arithmetic: what IRQ affinities and the workqueue mask become
 * while the host is kept off reserved CPUs.
 */
#include "lib/cpu_set.h"

#include "harness.h"

static struct cpus set_of(const char *list)
{
	struct cpus cpus;
	char err[128];

	cpus_clear(&cpus);
	if (*list && cpus_parse(list, &cpus, err, sizeof(err)))
		abort();
	return cpus;
}

static char result[256];

static const char *list_of(const struct cpus *cpus)
{
	cpus_format(cpus, result, sizeof(result));
	return result;
}

/* cpus_avoiding() of three lists, as a list. */
static const char *avoiding(const char *wanted, const char *avoided, const char *online)
{
	struct cpus w = set_of(wanted), a = set_of(avoided), o = set_of(online), r;

	cpus_avoiding(&w, &a, &o, &r);
	return list_of(&r);
}

TEST(avoiding_removes_the_reserved_cpus)
{
	EXPECT_STREQ("0,3", avoiding("0-3", "1-2", "0-3"));
	EXPECT_STREQ("0", avoiding("0-1", "1", "0-1"));
	EXPECT_STREQ("0-3,6-7", avoiding("0-7", "4-5", "0-7"));
}

TEST(avoiding_leaves_other_masks_alone)
{
	EXPECT_STREQ("0,3", avoiding("0,3", "1-2", "0-3"));
	EXPECT_STREQ("0-3", avoiding("0-3", "", "0-3"));
}

TEST(avoiding_falls_back_to_online_host_cpus)
{
	/* Bound to a reserved CPU only: the host's online CPUs take it. */
	EXPECT_STREQ("0,3", avoiding("2", "1-2", "0-3"));
	EXPECT_STREQ("0,3", avoiding("1-2", "1-2", "0-3"));
	/* Offline CPUs are no fallback. */
	EXPECT_STREQ("0,4", avoiding("1", "1", "0-1,4"));
	EXPECT_STREQ("5", avoiding("1", "1-4", "1-5"));
}

TEST(avoiding_everything_leaves_nothing)
{
	/* The module never allows it; the arithmetic must not invent CPUs. */
	EXPECT_STREQ("", avoiding("0-1", "0-1", "0-1"));
}

TEST(avoiding_beyond_32_and_64_cpus)
{
	EXPECT_STREQ("0-39,41-99", avoiding("0-99", "40", "0-99"));
	EXPECT_STREQ("64-127", avoiding("8191", "8191", "64-127"));
}

TEST(set_operations)
{
	struct cpus a = set_of("0-3"), b = set_of("2-5");

	EXPECT_TRUE(cpus_intersect(&a, &b));
	cpus_add_all(&a, &b);
	EXPECT_STREQ("0-5", list_of(&a));
	cpus_remove_all(&a, &b);
	EXPECT_STREQ("0-1", list_of(&a));
	EXPECT_FALSE(cpus_intersect(&a, &b));
	a = set_of("0-7");
	cpus_keep_only(&a, &b);
	EXPECT_STREQ("2-5", list_of(&a));
	EXPECT_EQ(4, cpus_count(&a));
	EXPECT_TRUE(cpus_equal(&a, &b));
	EXPECT_EQ(2, cpus_next(&a, 0));
	EXPECT_EQ(5, cpus_next(&a, 5));
	EXPECT_EQ(CPULIST_MAX_CPUS, cpus_next(&a, 6));
}

TEST(describe)
{
	struct cpus cpus = set_of("");

	cpus_describe(&cpus, result, sizeof(result));
	EXPECT_STREQ("no CPUs", result);
	cpus = set_of("3");
	cpus_describe(&cpus, result, sizeof(result));
	EXPECT_STREQ("CPU 3", result);
	cpus = set_of("1-2,5");
	EXPECT_EQ(strlen("CPUs 1-2,5"), cpus_describe(&cpus, result, sizeof(result)));
	EXPECT_STREQ("CPUs 1-2,5", result);
	/* Truncated like snprintf(), with the full length returned. */
	EXPECT_EQ(strlen("CPUs 1-2,5"), cpus_describe(&cpus, result, 7));
	EXPECT_STREQ("CPUs 1", result);
}

TEST_HARNESS_MAIN
