/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Taking the reserved CPUs away from the host's tasks with a cgroup v2
 * cpuset partition, /sys/fs/cgroup/vtjob: a partition root owns its CPUs
 * exclusively, so they leave the effective CPUs of every other cgroup.
 * Job runners will be placed into it. A step of host isolation
 * (isolation.h).
 */
#ifndef VTJOBCTL_CPUSET_PARTITION_H
#define VTJOBCTL_CPUSET_PARTITION_H

#include <stdio.h>

#include "lib/cpu_set.h"
#include "isolation/isolation_result.h"
#include "isolation/isolation_state.h"

#define CGROUP_ROOT		"/sys/fs/cgroup"
#define VTJOB_CGROUP		CGROUP_ROOT "/vtjob"

/*
 * Make VTJOB_CGROUP a partition of exactly @isolated: "isolated" (no load
 * balancing either) where the kernel allows it, else "root". With
 * @isolated empty, turn it back into a member and remove it, and take
 * back the cpuset controller if vtjobctl enabled it. @state records what
 * was created or enabled. Prints one line to @out: what was done, or why
 * it could not be.
 * Returns how that went, for reports (isolation_result.h).
 */
enum isolation_result
cpuset_partition_isolate(const char *root, struct isolation_state *state,
			 const struct cpus *isolated, FILE *out);

#endif /* VTJOBCTL_CPUSET_PARTITION_H */
