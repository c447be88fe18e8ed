/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A host setting held in one /proc or /sys file, that a step of host
 * isolation changes while CPUs are isolated and puts back verbatim once
 * none is, with the original kept in struct isolation_state in between.
 * The steps (vmstat_interval.h, watchdog_mask.h, workqueue_mask.h) differ
 * in the value they want; reading and writing the file, saving and
 * forgetting the original, and the lines that report those, are here.
 * IRQ affinities are a file an IRQ, saved as a list: irq_affinity.h.
 */
#ifndef VTJOBCTL_HOST_SETTING_H
#define VTJOBCTL_HOST_SETTING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct host_setting {
	const char *step;	/* what the step's lines start with: "watchdog" */
	const char *path;	/* below the root */
	const char *name;	/* the value, in those lines: "watchdog_cpumask" */
	char *original;		/* in struct isolation_state; "" until first changed */
	size_t size;		/* of @original, and of every value read */
};

/*
 * Read the value into @current (@setting->size bytes). Returns 0, or
 * -errno once it has said on @out that the step is skipped.
 */
int host_setting_read(const struct host_setting *setting, const char *root,
		      char *current, FILE *out);

/* What the step derives its value from: the saved original, else @current. */
const char *host_setting_original(const struct host_setting *setting, const char *current);

/*
 * Write @wanted in place of @current, saving @current as the original
 * unless one is saved already. Returns true if it took, for the caller to
 * say what that achieves; false if the kernel refused it, said on @out.
 */
bool host_setting_change(const struct host_setting *setting, const char *root,
			 const char *current, const char *wanted, FILE *out);

/*
 * Put the saved original back in place of @current and forget it, and
 * say so on @out; or, if the kernel refuses it, say that and keep it.
 * Returns true if it is back.
 */
bool host_setting_restore(const struct host_setting *setting, const char *root,
			  const char *current, FILE *out);

#endif /* VTJOBCTL_HOST_SETTING_H */
