/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What `vtjobctl reserve` changed on the host to keep it off the reserved
 * CPUs, kept in /run/vtjob/isolation so that `vtjobctl release`, run by
 * any later process, puts back exactly what was there before the first
 * reserve. /run is emptied at boot, as are the changes themselves. Under
 * systemd's RuntimeDirectory= (RUNTIME_DIRECTORY set), the file is in
 * that directory instead (isolation_state_dir()).
 *
 * The file is text, one item a line, "#" lines and blank lines ignored:
 *
 *	version 1
 *	cpus 1-2
 *	enabled-cpuset-controller
 *	created-cgroup
 *	wrote-irqbalance-dropin
 *	workqueue-cpumask ff
 *	watchdog-cpumask 0-7
 *	vmstat-interval 1
 *	irq 24 0-7
 *	irq 25 3
 *
 * version     the format; a file with another version is refused
 * cpus        the CPUs the host is kept off now (a CPU list)
 * enabled-cpuset-controller
 *             vtjobctl wrote +cpuset to /sys/fs/cgroup/cgroup.subtree_control
 * created-cgroup
 *             vtjobctl created /sys/fs/cgroup/vtjob
 * wrote-irqbalance-dropin
 *             vtjobctl wrote irqbalance's systemd drop-in
 *             (irqbalance_ban.h) and restarted irqbalance
 * workqueue-cpumask
 *             /sys/devices/virtual/workqueue/cpumask before the first
 *             reserve, as the kernel printed it
 * watchdog-cpumask
 *             /proc/sys/kernel/watchdog_cpumask (a CPU list) before the
 *             first reserve, as the kernel printed it
 * vmstat-interval
 *             /proc/sys/vm/stat_interval (seconds) before the first
 *             reserve, as the kernel printed it
 * irq         an IRQ's smp_affinity_list before vtjobctl first changed it
 *
 * Only what vtjobctl changed is listed: an IRQ that never included a
 * reserved CPU has no line, and an item is saved once, by the reserve
 * that first changed it, however many reserves follow.
 */
#ifndef VTJOBCTL_ISOLATION_STATE_H
#define VTJOBCTL_ISOLATION_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "lib/cpumask_hex.h"
#include "lib/cpu_set.h"

#define ISOLATION_STATE_DIR	"/run/vtjob"
#define ISOLATION_STATE_NAME	"isolation"
#define ISOLATION_STATE_PATH	ISOLATION_STATE_DIR "/" ISOLATION_STATE_NAME
#define ISOLATION_STATE_VERSION	1

struct saved_irq {
	unsigned int irq;
	char *affinity;		/* smp_affinity_list as it was, malloc'd */
};

struct isolation_state {
	struct cpus cpus;
	bool enabled_cpuset_controller;
	bool created_cgroup;
	bool wrote_irqbalance_dropin;
	char workqueue_cpumask[CPUMASK_HEX_MAX];	/* "" if never changed */
	char watchdog_cpumask[CPUS_LIST_MAX];		/* "" if never changed */
	char vmstat_interval[16];			/* "" if never changed */
	size_t nr_irqs;
	struct saved_irq *irqs;				/* sorted by irq */
};

void isolation_state_init(struct isolation_state *state);
void isolation_state_free(struct isolation_state *state);

/* True when the host carries no change of vtjobctl's. */
bool isolation_state_is_empty(const struct isolation_state *state);

/* The saved original of @irq, or NULL. */
const char *isolation_state_irq(const struct isolation_state *state,
				unsigned int irq);
/* Save @irq's original @affinity. Returns 0 or -ENOMEM. */
int isolation_state_save_irq(struct isolation_state *state, unsigned int irq,
			     const char *affinity);
/* Forget @irq's original, once it is back. */
void isolation_state_forget_irq(struct isolation_state *state, unsigned int irq);

/*
 * Parse the format above from @in. Returns 0, or -1 with a line in @err
 * saying which line of @name is wrong and how.
 */
int isolation_state_read(struct isolation_state *state, FILE *in,
			 const char *name, char *err, size_t errlen);
/* Returns 0, or -1 with errno set. */
int isolation_state_write(const struct isolation_state *state, FILE *out);

/*
 * The directory of the state, below the root prefix: $RUNTIME_DIRECTORY
 * when set (its first directory, if systemd gave several), else
 * ISOLATION_STATE_DIR. Returns 0, or -1 with a message in @err if
 * RUNTIME_DIRECTORY is no absolute path or too long.
 */
int isolation_state_dir(char *dir, size_t size, char *err, size_t errlen);

/* @name in that directory, below @root, in @path. Returns 0, or -1 with a message in @err. */
int isolation_state_file(const char *root, const char *name, char *path, size_t size,
			 char *err, size_t errlen);

/*
 * The state file under @root. A missing file is an empty state.
 * Returns 0, or -1 with a message in @err.
 */
int isolation_state_load(struct isolation_state *state, const char *root,
			 char *err, size_t errlen);
/* Whether the state file is there under @root. */
bool isolation_state_exists(const char *root);

/*
 * Replace the file as a whole (a new file renamed over the old), so that
 * a reader never sees half of it; an empty state removes it. Returns 0,
 * or -1 with a message in @err.
 */
int isolation_state_store(const struct isolation_state *state, const char *root,
			  char *err, size_t errlen);

#endif /* VTJOBCTL_ISOLATION_STATE_H */
