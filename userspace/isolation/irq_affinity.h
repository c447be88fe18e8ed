/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Keeping device interrupts off the reserved CPUs, through
 * /proc/irq/N/smp_affinity_list. A step of host isolation (isolation.h).
 */
#ifndef VTJOBCTL_IRQ_AFFINITY_H
#define VTJOBCTL_IRQ_AFFINITY_H

#include <stdio.h>

#include "lib/cpu_set.h"
#include "isolation/isolation_result.h"
#include "isolation/isolation_state.h"

/*
 * Bring every IRQ in line with @isolated, the CPUs the host is to be kept
 * off from now on (empty: none). An IRQ whose affinity includes one of
 * them has its original saved in @state and is moved off them;
 * one that has an original saved gets that back, less @isolated (see
 * cpus_avoiding()), and
 * once that is the original itself @state forgets it. Prints one line
 * about it to @out. The IRQs the kernel refuses to move (per-CPU and
 * managed ones) are listed in that line and left alone.
 * Returns how that went; *@error is 0, or -ENOMEM when it stopped short.
 */
enum isolation_result
irq_affinity_isolate(const char *root, struct isolation_state *state,
		     const struct cpus *isolated, const struct cpus *online,
		     FILE *out, int *error);

#endif /* VTJOBCTL_IRQ_AFFINITY_H */
