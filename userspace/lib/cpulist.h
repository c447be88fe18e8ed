/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CPU lists in the kernel's syntax ("0-3,8-11"), as used by isolcpus=,
 * /sys/devices/system/cpu/online and taskset -c.
 *
 * Sets are glibc's dynamically sized cpu_set_t (CPU_ALLOC), so that a
 * parsed list can go straight to sched_setaffinity().
 */
#ifndef VTJOBCTL_CPULIST_H
#define VTJOBCTL_CPULIST_H

#include <sched.h>
#include <stddef.h>

/*
 * The kernel's own limit (NR_CPUS is at most 8192), which is also vtjob's
 * (VTJOB_MAX_CPU + 1): any CPU the kernel may have can be named.
 */
#define CPULIST_MAX_CPUS	8192
#define CPULIST_SET_SIZE	CPU_ALLOC_SIZE(CPULIST_MAX_CPUS)

/*
 * Parse @text into @set (@setsize bytes, so CPUs 0..setsize*8-1 fit).
 * Returns 0, or -1 with a one-line explanation in @err that quotes
 * @text and says what is wrong where.
 */
int cpulist_parse(const char *text, cpu_set_t *set, size_t setsize,
		  char *err, size_t errlen);

/*
 * Write @set in canonical form ("0-3,5"; "" for an empty set) to @buf.
 * Returns the length of the full text, like snprintf(): a result of
 * @buflen or more means it was truncated.
 */
size_t cpulist_format(const cpu_set_t *set, size_t setsize,
		      char *buf, size_t buflen);

#endif /* VTJOBCTL_CPULIST_H */
