/* SPDX-License-Identifier: GPL-2.0 */
/* Human names for the VTJOB_FEAT_* bits of struct vtjob_caps. */
#ifndef VTJOBCTL_VTJOB_FEATURES_H
#define VTJOBCTL_VTJOB_FEATURES_H

#include <stddef.h>
#include <linux/types.h>

struct vtjob_feature {
	__u64 bit;
	const char *name;
	/* Its word in /proc/cpuinfo's "vmx flags" line, or NULL if the kernel does not list it. */
	const char *cpuinfo_flag;
};

extern const struct vtjob_feature vtjob_features[];
extern const size_t vtjob_nr_features;

#endif /* VTJOBCTL_VTJOB_FEATURES_H */
