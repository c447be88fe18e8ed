/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CPU sets of a fixed size, CPULIST_MAX_CPUS, and the set arithmetic that
 * host isolation needs. A struct cpus lives on the stack or inside another
 * struct, so that code juggling several sets needs no CPU_ALLOC() and no
 * error path for it; underneath it is glibc's cpu_set_t, which the _S
 * macros accept in any whole number of words.
 */
#ifndef VTJOBCTL_CPU_SET_H
#define VTJOBCTL_CPU_SET_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/cpulist.h"

struct cpus {
	cpu_set_t bits[CPULIST_MAX_CPUS / CPU_SETSIZE];
};

void cpus_clear(struct cpus *cpus);
void cpus_add(struct cpus *cpus, unsigned int cpu);
bool cpus_has(const struct cpus *cpus, unsigned int cpu);
bool cpus_is_empty(const struct cpus *cpus);
unsigned int cpus_count(const struct cpus *cpus);
bool cpus_equal(const struct cpus *a, const struct cpus *b);
bool cpus_intersect(const struct cpus *a, const struct cpus *b);

/* @to |= @from */
void cpus_add_all(struct cpus *to, const struct cpus *from);
/* @from &= ~@removed */
void cpus_remove_all(struct cpus *from, const struct cpus *removed);
/* @cpus &= @kept */
void cpus_keep_only(struct cpus *cpus, const struct cpus *kept);

/*
 * What a mask of host work (an IRQ's affinity, the workqueue cpumask)
 * that was @wanted becomes while the host is kept off @avoided: the same
 * CPUs without those, or, if that leaves none, the @online CPUs without
 * them.
 */
void cpus_avoiding(const struct cpus *wanted, const struct cpus *avoided,
		   const struct cpus *online, struct cpus *result);

/*
 * The next CPU in @cpus from @cpu on, or CPULIST_MAX_CPUS when there is
 * none: for (cpu = cpus_next(s, 0); cpu < CPULIST_MAX_CPUS; cpu = cpus_next(s, cpu + 1))
 */
unsigned int cpus_next(const struct cpus *cpus, unsigned int cpu);

/* cpulist_parse() and cpulist_format() for a struct cpus. */
int cpus_parse(const char *text, struct cpus *cpus, char *err, size_t errlen);
size_t cpus_format(const struct cpus *cpus, char *buf, size_t buflen);

/*
 * "CPU 3" or "CPUs 1-2,5" for messages ("no CPUs" if empty), like
 * snprintf().
 */
size_t cpus_describe(const struct cpus *cpus, char *buf, size_t buflen);

/*
 * Enough for the list of any struct cpus: worst is every other CPU,
 * "0,2,4,...", under five characters a CPU on average.
 */
#define CPUS_LIST_MAX	(CPULIST_MAX_CPUS / 2 * 5 + 1)
#define CPUS_DESCRIPTION_MAX	(CPUS_LIST_MAX + 8)

#endif /* VTJOBCTL_CPU_SET_H */
