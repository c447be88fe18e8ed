// SPDX-License-Identifier: GPL-2.0
/* The values of `vtjobctl exec`'s options: --mem, --timeout and --cpu. */
#include "cmd/exec_options.h"

#include "lib/human_units.h"
#include "loader/job_layout.h"

#include "harness.h"

static char err[256];

static uint64_t mem(const char *text)
{
	uint64_t bytes = 0xdead;

	err[0] = '\0';
	if (exec_parse_mem(text, &bytes, err, sizeof(err)))
		return 0;
	return bytes;
}

static uint64_t timeout(const char *text)
{
	uint64_t ns = 0xdead;

	err[0] = '\0';
	if (exec_parse_timeout(text, &ns, err, sizeof(err)))
		return 0xbad;
	return ns;
}

TEST(mem_takes_bytes_and_binary_suffixes)
{
	EXPECT_EQ(64ull << 20, mem("64M"));
	EXPECT_EQ(64ull << 20, mem("64m"));
	EXPECT_EQ(64ull << 20, mem("64MiB"));
	EXPECT_EQ(2ull << 30, mem("2G"));
	EXPECT_EQ(8ull << 20, mem("8192K"));
	EXPECT_EQ(8ull << 20, mem("8388608"));
	EXPECT_EQ(JOB_MEM_MAX, mem("64G"));
}

TEST(mem_rounds_up_to_whole_pages)
{
	EXPECT_EQ(102400, mem("100000"));
	EXPECT_EQ(4096, mem("1"));
	EXPECT_EQ(4096, mem("4096"));
	EXPECT_EQ(8192, mem("4097"));
}

TEST(mem_refuses_nothing_and_too_much)
{
	EXPECT_EQ(0, mem("0"));
	EXPECT_STREQ("--mem '0' is no memory at all", err);
	EXPECT_EQ(0, mem("0M"));
	EXPECT_EQ(0, mem("65G"));
	EXPECT_STREQ("--mem '65G' is more than the largest job memory, 64 GiB", err);
	EXPECT_EQ(0, mem("68719476737"));
	EXPECT_EQ(0, mem("99999999999999999999999"));
	EXPECT_STREQ("--mem '99999999999999999999999' is more than the largest job memory, 64 GiB",
		     err);
	EXPECT_EQ(0, mem("18446744073709551615K"));
}

TEST(mem_refuses_garbage)
{
	static const char *const garbage[] = {
		"", "M", "-1", "+64M", " 64M", "64 M", "64MB", "1.5G", "64X", "0x40M",
		"64M ", "64KM", "sixty",
	};
	size_t i;

	for (i = 0; i < sizeof(garbage) / sizeof(garbage[0]); i++) {
		EXPECT_EQ(0, mem(garbage[i])) TH_LOG("'%s' was taken", garbage[i]);
		EXPECT_EQ(0, strncmp(err, "--mem '", 7));
		EXPECT_NE(NULL, strstr(err, "is not a size; give bytes or a number with K, M or G"));
	}
}

TEST(timeout_takes_seconds_and_fractions)
{
	EXPECT_EQ(500000000, timeout("0.5"));
	EXPECT_EQ(500000000, timeout(".5"));
	EXPECT_EQ(10000000000ull, timeout("10"));
	EXPECT_EQ(10000000000ull, timeout("10s"));
	EXPECT_EQ(120000000000ull, timeout("2m"));
	EXPECT_EQ(5400000000000ull, timeout("1.5h"));
	EXPECT_EQ(300000000, timeout("0.3"));
	EXPECT_EQ(1000, timeout("1e-6"));
	EXPECT_EQ(1, timeout("0.000000001"));
}

TEST(timeout_zero_is_no_limit)
{
	EXPECT_EQ(0, timeout("0"));
	EXPECT_EQ(0, timeout("0.0"));
}

TEST(timeout_never_rounds_a_limit_away)
{
	EXPECT_EQ(1, timeout("1e-12"));
}

TEST(timeout_refuses_garbage_and_forever)
{
	static const char *const garbage[] = {
		"", "-1", "+1", " 1", "1 ", "inf", "nan", "infinity", "0x10", "1x", "1d",
		"1ms", "s", ".", "1..2",
	};
	size_t i;

	for (i = 0; i < sizeof(garbage) / sizeof(garbage[0]); i++) {
		EXPECT_EQ(0xbad, timeout(garbage[i])) TH_LOG("'%s' was taken", garbage[i]);
		EXPECT_NE(NULL, strstr(err, "is not a number of seconds, such as 10 or 0.5"))
			TH_LOG("'%s': %s", garbage[i], err);
	}
	EXPECT_EQ(0xbad, timeout("1e300"));
	EXPECT_NE(NULL, strstr(err, "is too long")) TH_LOG("%s", err);
	EXPECT_EQ(0xbad, timeout("1e10h"));
	EXPECT_NE(NULL, strstr(err, "is too long"));
}

TEST(cpu_takes_a_cpu_number)
{
	uint32_t cpu = 0;

	EXPECT_EQ(0, exec_parse_cpu("0", &cpu, err, sizeof(err)));
	EXPECT_EQ(0, cpu);
	EXPECT_EQ(0, exec_parse_cpu("8191", &cpu, err, sizeof(err)));
	EXPECT_EQ(8191, cpu);
	EXPECT_EQ(-1, exec_parse_cpu("8192", &cpu, err, sizeof(err)));
	EXPECT_STREQ("--cpu '8192' is above the highest supported CPU 8191", err);
	EXPECT_EQ(-1, exec_parse_cpu("99999999999999999999", &cpu, err, sizeof(err)));
	EXPECT_EQ(-1, exec_parse_cpu("-1", &cpu, err, sizeof(err)));
	EXPECT_STREQ("--cpu '-1' is not a CPU number", err);
	EXPECT_EQ(-1, exec_parse_cpu("1a", &cpu, err, sizeof(err)));
	EXPECT_EQ(-1, exec_parse_cpu("", &cpu, err, sizeof(err)));
	EXPECT_EQ(-1, exec_parse_cpu(" 1", &cpu, err, sizeof(err)));
}

TEST(sizes_read_as_exact_binary_units)
{
	char text[HUMAN_TEXT_MAX];

	human_size(64ull << 20, text, sizeof(text));
	EXPECT_STREQ("64 MiB", text);
	human_size(1ull << 30, text, sizeof(text));
	EXPECT_STREQ("1 GiB", text);
	human_size(102400, text, sizeof(text));
	EXPECT_STREQ("100 KiB", text);
	human_size((64ull << 20) + 4096, text, sizeof(text));
	EXPECT_STREQ("65540 KiB", text);
	human_size(4097, text, sizeof(text));
	EXPECT_STREQ("4097 bytes", text);
	human_size(0, text, sizeof(text));
	EXPECT_STREQ("0 bytes", text);
}

TEST(durations_read_as_seconds)
{
	char text[HUMAN_TEXT_MAX];

	human_seconds(500000000, text, sizeof(text));
	EXPECT_STREQ("0.5 s", text);
	human_seconds(300000000, text, sizeof(text));
	EXPECT_STREQ("0.3 s", text);
	human_seconds(120000000000ull, text, sizeof(text));
	EXPECT_STREQ("120 s", text);
	human_seconds(1, text, sizeof(text));
	EXPECT_STREQ("1e-09 s", text);
	human_seconds(1234567891, text, sizeof(text));
	EXPECT_STREQ("1.23456789 s", text);
}

TEST_HARNESS_MAIN
