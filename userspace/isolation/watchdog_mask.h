/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Keeping the lockup detector off the reserved CPUs, through
 * /proc/sys/kernel/watchdog_cpumask. A step of host isolation
 * (isolation.h).
 *
 * Why: on every CPU in that mask the soft-lockup detector runs an hrtimer
 * (every watchdog_thresh * 2 / 5 seconds, 4 s by default) that queues work
 * for the CPU's stopper thread, migration/N, which preempts whatever runs
 * there: a job's runner loses the CPU to it once every 4 s. A job cannot
 * lock the CPU up (the VMX-preemption timer and every host interrupt end
 * its run), so the detector has nothing to watch there. nohz_full= and
 * isolcpus=nohz keep it off the same way at boot.
 */
#ifndef VTJOBCTL_WATCHDOG_MASK_H
#define VTJOBCTL_WATCHDOG_MASK_H

#include <stdio.h>

#include "lib/cpu_set.h"
#include "isolation/isolation_result.h"
#include "isolation/isolation_state.h"

#define WATCHDOG_CPUMASK_PATH	"/proc/sys/kernel/watchdog_cpumask"

/*
 * Bring the mask in line with @isolated (empty: none), as
 * workqueue_mask_isolate() does: save the original in @state the first
 * time, take @isolated out of the original while CPUs are isolated, and
 * put the original back verbatim once none is. Unlike host work, the
 * detector is never moved to a CPU it was not on: a mask of reserved
 * CPUs only becomes empty. Prints one line to @out; a mask the kernel
 * refuses is reported there and left as it was.
 * Returns how that went, for reports (isolation_result.h).
 */
enum isolation_result
watchdog_mask_isolate(const char *root, struct isolation_state *state,
		      const struct cpus *isolated, FILE *out);

#endif /* VTJOBCTL_WATCHDOG_MASK_H */
