// SPDX-License-Identifier: GPL-2.0
/*
 * The record of where files are mapped in a job's memory: ranges kept
 * sorted and merged, merged further when the record is full, and a write
 * asks for the job's own copy of exactly the parts that hold files.
 */
#include "guestmem/file_maps.h"

#include <errno.h>

#include "harness.h"

static struct {
	unsigned int calls;
	uint64_t addr[8], len[8];
	int result;
} asked;

static int record_unshare(int job_fd, uint64_t addr, uint64_t len)
{
	if (job_fd != 7)
		return -EBADF;
	if (asked.calls < 8) {
		asked.addr[asked.calls] = addr;
		asked.len[asked.calls] = len;
	}
	asked.calls++;
	return asked.result;
}

static struct guestmem_file_maps fresh(void)
{
	asked.calls = 0;
	asked.result = 0;
	return (struct guestmem_file_maps) { .unshare = record_unshare, .job_fd = 7 };
}

TEST(ranges_stay_sorted_and_neighbours_merge)
{
	struct guestmem_file_maps maps = fresh();

	guestmem_file_maps_add(&maps, 0x5000, 0x6000);
	guestmem_file_maps_add(&maps, 0x1000, 0x2000);
	guestmem_file_maps_add(&maps, 0x8000, 0x9000);
	ASSERT_EQ(3, maps.count);
	EXPECT_EQ(0x1000, maps.ranges[0].start);
	EXPECT_EQ(0x5000, maps.ranges[1].start);
	EXPECT_EQ(0x8000, maps.ranges[2].start);
	/* Touching the first, overlapping the second: all three become one. */
	guestmem_file_maps_add(&maps, 0x2000, 0x5800);
	guestmem_file_maps_add(&maps, 0x5800, 0x8000);
	ASSERT_EQ(1, maps.count);
	EXPECT_EQ(0x1000, maps.ranges[0].start);
	EXPECT_EQ(0x9000, maps.ranges[0].end);
	/* Inside what is there already: nothing changes. */
	guestmem_file_maps_add(&maps, 0x3000, 0x4000);
	EXPECT_EQ(1, maps.count);
	EXPECT_EQ(0x9000, maps.ranges[0].end);
	guestmem_file_maps_add(&maps, 0x3000, 0x3000);
	EXPECT_EQ(1, maps.count);
}

TEST(a_full_record_merges_the_closest_two_and_loses_no_range)
{
	struct guestmem_file_maps maps = fresh();
	uint64_t i;

	/* Gaps of 0x1000, but 0x100 between the 10th and 11th range. */
	for (i = 0; i < GUESTMEM_FILE_MAPS_MAX; i++) {
		uint64_t start = i * 0x2000 + (i > 10 ? 0x100000 : 0) - (i == 10 ? 0xf00 : 0);

		guestmem_file_maps_add(&maps, start, start + 0x1000);
	}
	ASSERT_EQ(GUESTMEM_FILE_MAPS_MAX, maps.count);
	guestmem_file_maps_add(&maps, 0x900000, 0x901000);
	ASSERT_EQ(GUESTMEM_FILE_MAPS_MAX, maps.count);
	/* Every byte that held a file still does. */
	for (i = 0; i < GUESTMEM_FILE_MAPS_MAX; i++) {
		uint64_t start = i * 0x2000 + (i > 10 ? 0x100000 : 0) - (i == 10 ? 0xf00 : 0);

		asked.calls = 0;
		EXPECT_EQ(0, guestmem_file_maps_before_write(&maps, start, 0x1000));
		EXPECT_EQ(1, asked.calls);
		EXPECT_EQ(start, asked.addr[0]);
		EXPECT_EQ(0x1000, asked.len[0]);
	}
	asked.calls = 0;
	EXPECT_EQ(0, guestmem_file_maps_before_write(&maps, 0x900000, 0x1000));
	EXPECT_EQ(1, asked.calls);
	for (i = 1; i < maps.count; i++)
		EXPECT_LT(maps.ranges[i - 1].end, maps.ranges[i].start);
}

TEST(a_write_asks_for_the_parts_that_hold_files_only)
{
	struct guestmem_file_maps maps = fresh();

	guestmem_file_maps_add(&maps, 0x10000, 0x12000);
	guestmem_file_maps_add(&maps, 0x20000, 0x21000);
	EXPECT_EQ(0, guestmem_file_maps_before_write(&maps, 0x1000, 0x1000));
	EXPECT_EQ(0, guestmem_file_maps_before_write(&maps, 0x12000, 0xe000));
	EXPECT_EQ(0, asked.calls);
	/* Across both ranges: the two parts, clipped. */
	EXPECT_EQ(0, guestmem_file_maps_before_write(&maps, 0x11ff0, 0xe020));
	ASSERT_EQ(2, asked.calls);
	EXPECT_EQ(0x11ff0, asked.addr[0]);
	EXPECT_EQ(0x10, asked.len[0]);
	EXPECT_EQ(0x20000, asked.addr[1]);
	EXPECT_EQ(0x10, asked.len[1]);
	/* The module's failure is the write's. */
	asked.result = -ENOMEM;
	EXPECT_EQ(-ENOMEM, guestmem_file_maps_before_write(&maps, 0x10000, 1));
}

TEST_HARNESS_MAIN
