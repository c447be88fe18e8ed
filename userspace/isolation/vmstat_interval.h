/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Spacing out the kernel's per-CPU memory statistics work on the reserved
 * CPUs, through /proc/sys/vm/stat_interval. A step of host isolation
 * (isolation.h).
 *
 * Why: after any kernel activity on a CPU (a system call a job's runner
 * serves there is enough), vmstat_update, a per-CPU work item, runs on
 * that CPU to fold its counters, then once more stat_interval seconds
 * later to see that nothing changed: two preemptions of the runner, one
 * second apart by default. Neither can be moved off the CPU, and the
 * kernel (6.1) has no way to exclude a CPU from them; a longer interval
 * spreads them out, and the host's statistics stay within the per-CPU
 * drift the kernel already allows (zone watermark checks read the exact
 * value when it matters).
 */
#ifndef VTJOBCTL_VMSTAT_INTERVAL_H
#define VTJOBCTL_VMSTAT_INTERVAL_H

#include <stdio.h>

#include "lib/cpu_set.h"
#include "isolation/isolation_result.h"
#include "isolation/isolation_state.h"

#define VMSTAT_INTERVAL_PATH	"/proc/sys/vm/stat_interval"
/* Seconds: longer than a job's short computations, short for statistics. */
#define VMSTAT_INTERVAL_RESERVED	10

/*
 * While @isolated has a CPU, make the interval at least
 * VMSTAT_INTERVAL_RESERVED, saving the original in @state the first time
 * (a longer one is left alone); once none has, put the original back
 * verbatim. Prints one line to @out; a value the kernel refuses is
 * reported there and left as it was.
 * Returns how that went, for reports (isolation_result.h).
 */
enum isolation_result
vmstat_interval_isolate(const char *root, struct isolation_state *state,
			const struct cpus *isolated, FILE *out);

#endif /* VTJOBCTL_VMSTAT_INTERVAL_H */
