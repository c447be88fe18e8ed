/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Keeping irqbalance off the isolated CPUs. irqbalance moves IRQs every
 * 10 s by its own idea of the CPUs, which knows nothing of cpuset
 * partitions: it would undo irq_affinity.h's step. It reads
 * IRQBALANCE_BANNED_CPULIST from its environment at start, so while CPUs
 * are isolated a systemd drop-in sets it to them, and irqbalance is
 * restarted to read it; once none is, the drop-in goes and irqbalance is
 * restarted again. An irqbalance that systemd does not run cannot be told
 * so: the step says so, naming the variable, and fails.
 *
 * Every path is below @root, systemctl included, so that the unit tests
 * run it on a fake host with a fake systemctl.
 */
#ifndef VTJOBCTL_IRQBALANCE_BAN_H
#define VTJOBCTL_IRQBALANCE_BAN_H

#include <stdio.h>

#include "lib/cpu_set.h"
#include "isolation/isolation_result.h"
#include "isolation/isolation_state.h"

/* Present when systemd is the init system (sd_booted(3)). */
#define SYSTEMD_RUNTIME_UNITS		"/run/systemd/system"
#define IRQBALANCE_DROPIN_DIR		SYSTEMD_RUNTIME_UNITS "/irqbalance.service.d"
#define IRQBALANCE_DROPIN_PATH		IRQBALANCE_DROPIN_DIR "/vtjob.conf"
#define SYSTEMCTL_PATH			"/bin/systemctl"
#define IRQBALANCE_UNIT			"irqbalance.service"

/*
 * Ban @isolated (empty: none) from irqbalance, as above: write, rewrite
 * or remove the drop-in, noting in @state that there is one, and restart
 * irqbalance if it runs. Nothing at all while irqbalance does not run
 * and no drop-in of vtjobctl's is there. Prints one line to @out.
 * Returns how that went, for reports (isolation_result.h).
 */
enum isolation_result
irqbalance_ban_isolate(const char *root, struct isolation_state *state,
		       const struct cpus *isolated, FILE *out);

#endif /* VTJOBCTL_IRQBALANCE_BAN_H */
