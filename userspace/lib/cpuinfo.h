/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The few /proc/cpuinfo fields vtjobctl uses, from the first CPU's block.
 * The kernel fills them from its own probe, which tells us what it found
 * usable (e.g. it drops "vmx" when the firmware has VMX turned off).
 */
#ifndef VTJOBCTL_CPUINFO_H
#define VTJOBCTL_CPUINFO_H

#include <stdbool.h>

struct cpuinfo {
	char *vendor_id;	/* "GenuineIntel"; NULL when the field is absent */
	char *flags;		/* space-separated; NULL when absent */
	char *vmx_flags;	/* "vmx flags" line (Linux 5.9+); NULL when absent */
};

/* Returns 0, or -errno when @path cannot be read. */
int cpuinfo_read(const char *path, struct cpuinfo *info);
void cpuinfo_free(struct cpuinfo *info);

/* Whether space-separated @flags (may be NULL) holds the word @name. */
bool cpuinfo_has_flag(const char *flags, const char *name);

#endif /* VTJOBCTL_CPUINFO_H */
