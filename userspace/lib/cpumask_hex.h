/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CPU masks in the kernel's hex format, as in
 * /sys/devices/virtual/workqueue/cpumask and /proc/irq/N/smp_affinity:
 * 32-bit groups of hex digits, most significant first, separated by
 * commas ("ff", "f,ffffffff"). The first group has just enough digits
 * for the mask's width, every other group eight.
 */
#ifndef VTJOBCTL_CPUMASK_HEX_H
#define VTJOBCTL_CPUMASK_HEX_H

#include <stddef.h>

#include "lib/cpu_set.h"

/* Enough for any struct cpus: eight digits and a comma per 32 CPUs. */
#define CPUMASK_HEX_MAX		(CPULIST_MAX_CPUS / 32 * 9 + 1)

/*
 * Parse @text into @cpus. Returns 0, or -1 with a one-line explanation
 * in @err that quotes @text.
 */
int cpumask_hex_parse(const char *text, struct cpus *cpus, char *err,
		      size_t errlen);

/*
 * The width in bits of the mask @text, a multiple of four: the kernel
 * sizes its masks by the number of possible CPUs, and writing one back
 * in the same width keeps it looking the way the kernel prints it.
 * 0 if @text is not a mask.
 */
unsigned int cpumask_hex_width(const char *text);

/*
 * Write @cpus to @buf as a mask at least @width bits wide (wider if a CPU
 * in @cpus needs it; 0 means just wide enough). Returns the length of the
 * full text, like snprintf().
 */
size_t cpumask_hex_format(const struct cpus *cpus, unsigned int width,
			  char *buf, size_t buflen);

#endif /* VTJOBCTL_CPUMASK_HEX_H */
