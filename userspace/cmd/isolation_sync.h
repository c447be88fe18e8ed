/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Keeping host isolation (isolation/isolation.h) in step with the module's
 * reservations, after `vtjobctl reserve` and `vtjobctl release`.
 */
#ifndef VTJOBCTL_ISOLATION_SYNC_H
#define VTJOBCTL_ISOLATION_SYNC_H

#include <stddef.h>

#include "lib/cpu_set.h"
#include "client/vtjob_nl.h"
#include "isolation/isolation.h"

/*
 * Under the isolation lock, ask the module which CPUs it has reserved
 * and bring the isolation in line: the CPUs isolated so far plus @added
 * (NULL for none), less those no longer reserved. With @nl NULL (the
 * module is not loaded) none is reserved, and everything is put back.
 * Prints a line per step on stdout, or with @report (for --json) fills
 * it instead; a failure, in one line on stderr, and in @problem when
 * given (@problem_size bytes; "" if none). Returns the exit status.
 */
int cmd_isolation_update(struct vtjob_nl *nl, const struct cpus *added,
			 struct isolation_report *report, char *problem,
			 size_t problem_size);

#endif /* VTJOBCTL_ISOLATION_SYNC_H */
