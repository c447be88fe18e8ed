// SPDX-License-Identifier: GPL-2.0
#include "lib/cpu_set.h"

#include <stdio.h>

#define CPUS_SIZE	sizeof(((struct cpus *)0)->bits)

_Static_assert(CPULIST_MAX_CPUS % CPU_SETSIZE == 0,
	       "struct cpus must hold exactly CPULIST_MAX_CPUS");

void cpus_clear(struct cpus *cpus)
{
	CPU_ZERO_S(CPUS_SIZE, cpus->bits);
}

void cpus_add(struct cpus *cpus, unsigned int cpu)
{
	CPU_SET_S(cpu, CPUS_SIZE, cpus->bits);
}

bool cpus_has(const struct cpus *cpus, unsigned int cpu)
{
	return CPU_ISSET_S(cpu, CPUS_SIZE, cpus->bits);
}

bool cpus_is_empty(const struct cpus *cpus)
{
	return CPU_COUNT_S(CPUS_SIZE, cpus->bits) == 0;
}

unsigned int cpus_count(const struct cpus *cpus)
{
	return CPU_COUNT_S(CPUS_SIZE, cpus->bits);
}

bool cpus_equal(const struct cpus *a, const struct cpus *b)
{
	return CPU_EQUAL_S(CPUS_SIZE, a->bits, b->bits);
}

bool cpus_intersect(const struct cpus *a, const struct cpus *b)
{
	struct cpus both;

	CPU_AND_S(CPUS_SIZE, both.bits, a->bits, b->bits);
	return !cpus_is_empty(&both);
}

void cpus_add_all(struct cpus *to, const struct cpus *from)
{
	CPU_OR_S(CPUS_SIZE, to->bits, to->bits, from->bits);
}

void cpus_remove_all(struct cpus *from, const struct cpus *removed)
{
	struct cpus both;

	/* glibc has no and-not: the CPUs in both, flipped off again by XOR. */
	CPU_AND_S(CPUS_SIZE, both.bits, from->bits, removed->bits);
	CPU_XOR_S(CPUS_SIZE, from->bits, from->bits, both.bits);
}

void cpus_keep_only(struct cpus *cpus, const struct cpus *kept)
{
	CPU_AND_S(CPUS_SIZE, cpus->bits, cpus->bits, kept->bits);
}

void cpus_avoiding(const struct cpus *wanted, const struct cpus *avoided,
		   const struct cpus *online, struct cpus *result)
{
	*result = *wanted;
	cpus_remove_all(result, avoided);
	if (cpus_is_empty(result)) {
		/* It ran on avoided CPUs only: any CPU the host keeps will do. */
		*result = *online;
		cpus_remove_all(result, avoided);
	}
}

unsigned int cpus_next(const struct cpus *cpus, unsigned int cpu)
{
	for (; cpu < CPULIST_MAX_CPUS; cpu++)
		if (cpus_has(cpus, cpu))
			return cpu;
	return CPULIST_MAX_CPUS;
}

int cpus_parse(const char *text, struct cpus *cpus, char *err, size_t errlen)
{
	return cpulist_parse(text, cpus->bits, CPUS_SIZE, err, errlen);
}

size_t cpus_format(const struct cpus *cpus, char *buf, size_t buflen)
{
	return cpulist_format(cpus->bits, CPUS_SIZE, buf, buflen);
}

size_t cpus_describe(const struct cpus *cpus, char *buf, size_t buflen)
{
	const char *prefix;
	size_t len;
	int n;

	switch (cpus_count(cpus)) {
	case 0:
		n = snprintf(buf, buflen, "no CPUs");
		return n > 0 ? (size_t)n : 0;
	case 1:
		prefix = "CPU ";
		break;
	default:
		prefix = "CPUs ";
		break;
	}
	n = snprintf(buf, buflen, "%s", prefix);
	len = n > 0 ? (size_t)n : 0;
	return len + cpus_format(cpus, len < buflen ? buf + len : NULL,
				 len < buflen ? buflen - len : 0);
}
