// SPDX-License-Identifier: GPL-2.0
/* The feature name table must cover the uapi header's bits, once each. */
#include "client/vtjob_features.h"

#include <linux/vtjob.h>

#include "harness.h"

/* The header has no mask for these; keep in step with it. */
#define OPTIONAL_FEATURES \
	(VTJOB_FEAT_TRUE_CTLS | VTJOB_FEAT_VPID | VTJOB_FEAT_EPT_2M | \
	 VTJOB_FEAT_UNRESTRICTED_GUEST)

static __u64 table_bits(void)
{
	__u64 bits = 0;
	size_t i;

	for (i = 0; i < vtjob_nr_features; i++)
		bits |= vtjob_features[i].bit;
	return bits;
}

TEST(every_required_feature_has_a_name)
{
	EXPECT_EQ(VTJOB_FEAT_REQUIRED, table_bits() & VTJOB_FEAT_REQUIRED);
}

TEST(every_optional_feature_has_a_name)
{
	EXPECT_EQ(OPTIONAL_FEATURES, table_bits() & OPTIONAL_FEATURES);
}

TEST(entries_are_single_distinct_bits)
{
	__u64 seen = 0, bit;
	size_t i;

	for (i = 0; i < vtjob_nr_features; i++) {
		bit = vtjob_features[i].bit;
		EXPECT_EQ(0, bit & (bit - 1));
		EXPECT_EQ(0, seen & bit);
		EXPECT_NE(NULL, vtjob_features[i].name);
		seen |= bit;
	}
	EXPECT_EQ(0, seen & ~(VTJOB_FEAT_REQUIRED | OPTIONAL_FEATURES));
}

TEST_HARNESS_MAIN
