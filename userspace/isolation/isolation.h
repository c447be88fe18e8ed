/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host isolation: keeping the host's own work off the CPUs vtjob has
 * reserved, in six steps, each reported in one line: a cgroup v2 cpuset
 * partition (cpuset_partition.h), IRQ affinities (irq_affinity.h),
 * irqbalance's banned CPUs (irqbalance_ban.h), the unbound workqueue mask
 * (workqueue_mask.h), the lockup detector's mask (watchdog_mask.h) and
 * the memory statistics interval (vmstat_interval.h). What they changed is kept in
 * /run/vtjob/isolation (isolation_state.h) so that a later vtjobctl can
 * put it back.
 *
 * Every path is taken below @root: "" on a live host.
 */
#ifndef VTJOBCTL_ISOLATION_H
#define VTJOBCTL_ISOLATION_H

#include <stddef.h>
#include <stdio.h>

#include "lib/cpu_set.h"
#include "isolation/isolation_result.h"

/* In the state's directory (isolation_state_dir()). */
#define ISOLATION_LOCK_NAME	"lock"
#define ONLINE_CPUS_PATH	"/sys/devices/system/cpu/online"

/*
 * Wait until no other vtjobctl is changing the isolation, and keep it so
 * until isolation_unlock(). Taken before asking the module which CPUs it
 * has reserved, so that what it says still holds when the steps run.
 * Returns the lock, or -1 with a message in @err.
 */
int isolation_lock(const char *root, char *err, size_t errlen);
void isolation_unlock(int lock);

/* cpuset, irqs, irqbalance, workqueues, watchdog, vmstat. */
#define ISOLATION_MAX_STEPS	8

/* One step as it went: for reports other than the lines, such as JSON. */
struct isolation_step {
	const char *name;		/* "cpuset": what its line starts with */
	enum isolation_result result;
	char *message;			/* its line less "name: " and the newline; malloc'd */
};

struct isolation_report {
	size_t nr_steps;		/* 0 when there was nothing to do */
	struct isolation_step steps[ISOLATION_MAX_STEPS];
};

void isolation_report_free(struct isolation_report *report);

/*
 * Keep the host off the CPUs it is kept off now plus @added (may be NULL),
 * as far as the module still has them @reserved: released CPUs drop out,
 * including those the module let go by itself (gone offline), and once
 * none is left everything is put back exactly and the state file goes.
 * Prints a line per step to @out (may be NULL), or nothing when there is
 * nothing to do, and fills @report (may be NULL; isolation_report_free()
 * it) with the same steps and their results.
 * Returns 0, or -1 with a message in @err if the state cannot be kept.
 */
int isolation_update(const char *root, const struct cpus *added,
		     const struct cpus *reserved, FILE *out,
		     struct isolation_report *report, char *err, size_t errlen);

#endif /* VTJOBCTL_ISOLATION_H */
