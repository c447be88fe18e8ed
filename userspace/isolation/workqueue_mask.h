/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Keeping unbound workqueues (kernel work not tied to a CPU) off the
 * reserved CPUs, through /sys/devices/virtual/workqueue/cpumask. A step of
 * host isolation (isolation.h).
 */
#ifndef VTJOBCTL_WORKQUEUE_MASK_H
#define VTJOBCTL_WORKQUEUE_MASK_H

#include <stdio.h>

#include "lib/cpu_set.h"
#include "isolation/isolation_result.h"
#include "isolation/isolation_state.h"

#define WORKQUEUE_CPUMASK_PATH	"/sys/devices/virtual/workqueue/cpumask"

/*
 * Bring the mask in line with @isolated (empty: none), as
 * irq_affinity_isolate() does for IRQs: save the original in @state the
 * first time, derive the mask from the original while CPUs are isolated,
 * and put the original back verbatim once none is. Prints one line to
 * @out; a mask the kernel refuses is reported there and left as it was.
 * Returns how that went, for reports (isolation_result.h).
 */
enum isolation_result
workqueue_mask_isolate(const char *root, struct isolation_state *state,
		       const struct cpus *isolated, const struct cpus *online,
		       FILE *out);

#endif /* VTJOBCTL_WORKQUEUE_MASK_H */
