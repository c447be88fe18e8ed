// SPDX-License-Identifier: GPL-2.0
/* Reading the fields vtjobctl needs from /proc/cpuinfo. */
#include "lib/cpuinfo.h"

#include <stdlib.h>

#include "harness.h"

static const char two_cpus[] =
	"processor\t: 0\n"
	"vendor_id\t: GenuineIntel\n"
	"model name\t: Intel(R) Xeon(R) CPU\n"
	"flags\t\t: fpu vme de vmx smx est\n"
	"vmx flags\t: vnmi preemption_timer invvpid ept_x_only ept vpid\n"
	"bugs\t\t: spectre_v1\n"
	"\n"
	"processor\t: 1\n"
	"vendor_id\t: SomeoneElse\n"
	"flags\t\t: fpu\n"
	"\n";

FIXTURE(cpuinfo_file) {
	char path[64];
	struct cpuinfo info;
};

FIXTURE_SETUP(cpuinfo_file)
{
	snprintf(self->path, sizeof(self->path), "/tmp/vtjobctl-cpuinfo.XXXXXX");
	ASSERT_LE(0, mkstemp(self->path));
}

FIXTURE_TEARDOWN(cpuinfo_file)
{
	cpuinfo_free(&self->info);
	unlink(self->path);
}

static void write_text(const char *path, const char *text)
{
	FILE *file = fopen(path, "w");

	fputs(text, file);
	fclose(file);
}

TEST_F(cpuinfo_file, reads_the_first_cpu)
{
	write_text(self->path, two_cpus);
	ASSERT_EQ(0, cpuinfo_read(self->path, &self->info));
	EXPECT_STREQ("GenuineIntel", self->info.vendor_id);
	EXPECT_STREQ("fpu vme de vmx smx est", self->info.flags);
	EXPECT_STREQ("vnmi preemption_timer invvpid ept_x_only ept vpid",
		     self->info.vmx_flags);
}

TEST_F(cpuinfo_file, missing_fields_are_null)
{
	write_text(self->path, "processor\t: 0\nvendor_id\t: AuthenticAMD\nflags\t\t: svm\n");
	ASSERT_EQ(0, cpuinfo_read(self->path, &self->info));
	EXPECT_STREQ("AuthenticAMD", self->info.vendor_id);
	EXPECT_EQ(NULL, self->info.vmx_flags);
}

TEST_F(cpuinfo_file, empty_file)
{
	ASSERT_EQ(0, cpuinfo_read(self->path, &self->info));
	EXPECT_EQ(NULL, self->info.vendor_id);
	EXPECT_EQ(NULL, self->info.flags);
}

TEST_F(cpuinfo_file, missing_file)
{
	unlink(self->path);
	EXPECT_EQ(-ENOENT, cpuinfo_read(self->path, &self->info));
}

TEST(has_flag_matches_whole_words)
{
	const char *flags = "vmx smx ept_x_only ept vpid";

	EXPECT_TRUE(cpuinfo_has_flag(flags, "vmx"));
	EXPECT_TRUE(cpuinfo_has_flag(flags, "ept"));
	EXPECT_TRUE(cpuinfo_has_flag(flags, "vpid"));
	EXPECT_FALSE(cpuinfo_has_flag(flags, "vm"));
	EXPECT_FALSE(cpuinfo_has_flag(flags, "ept_x"));
	EXPECT_FALSE(cpuinfo_has_flag(flags, "pid"));
	EXPECT_FALSE(cpuinfo_has_flag(flags, ""));
}

TEST(has_flag_handles_odd_spacing_and_null)
{
	EXPECT_TRUE(cpuinfo_has_flag("  vmx  ", "vmx"));
	EXPECT_FALSE(cpuinfo_has_flag("   ", "vmx"));
	EXPECT_FALSE(cpuinfo_has_flag(NULL, "vmx"));
}

TEST_HARNESS_MAIN
