// SPDX-License-Identifier: GPL-2.0
#include "lib/cpumask_hex.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/errbuf.h"

#define GROUP_BITS	32
#define GROUP_DIGITS	(GROUP_BITS / 4)
#define HEX_DIGITS	"0123456789abcdefABCDEF"

static int parse_error(const char *text, char *err, size_t errlen,
		       const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int parse_error(const char *text, char *err, size_t errlen,
		       const char *fmt, ...)
{
	va_list ap;

	errbuf_set(err, errlen, "invalid CPU mask \"%s\": ", text);
	va_start(ap, fmt);
	errbuf_vappend(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

static size_t count_groups(const char *text)
{
	size_t groups = 1;

	for (; *text; text++)
		groups += *text == ',';
	return groups;
}

int cpumask_hex_parse(const char *text, struct cpus *cpus, char *err,
		      size_t errlen)
{
	size_t groups = count_groups(text), group, digits;
	const char *pos = text;
	unsigned long value;
	unsigned int bit, cpu;

	cpus_clear(cpus);
	if (*text == '\0')
		return parse_error(text, err, errlen, "it is empty");

	/* Groups from the most significant down. */
	for (group = groups; group-- > 0; pos += digits + 1) {
		/* strtoul() alone would take "0x", signs and spaces, too. */
		digits = strspn(pos, HEX_DIGITS);
		if (digits == 0 || digits > GROUP_DIGITS ||
		    (pos[digits] != ',' && pos[digits] != '\0'))
			return parse_error(text, err, errlen,
					   "expected groups of 1 to %d hex digits separated by commas",
					   GROUP_DIGITS);
		value = strtoul(pos, NULL, 16);
		for (bit = 0; bit < GROUP_BITS; bit++) {
			if (!(value & (1UL << bit)))
				continue;
			cpu = group * GROUP_BITS + bit;
			if (cpu >= CPULIST_MAX_CPUS)
				return parse_error(text, err, errlen,
						   "CPU %u is above the highest supported CPU %u",
						   cpu, CPULIST_MAX_CPUS - 1);
			cpus_add(cpus, cpu);
		}
	}
	return 0;
}

unsigned int cpumask_hex_width(const char *text)
{
	size_t groups = count_groups(text);
	size_t first_digits = strcspn(text, ",");

	if (first_digits == 0 || first_digits > GROUP_DIGITS)
		return 0;
	return (unsigned int)(first_digits * 4 + (groups - 1) * GROUP_BITS);
}

static uint32_t group_value(const struct cpus *cpus, unsigned int group)
{
	uint32_t value = 0;
	unsigned int bit;

	for (bit = 0; bit < GROUP_BITS; bit++)
		if (cpus_has(cpus, group * GROUP_BITS + bit))
			value |= (uint32_t)1 << bit;
	return value;
}

size_t cpumask_hex_format(const struct cpus *cpus, unsigned int width,
			  char *buf, size_t buflen)
{
	unsigned int cpu, groups, group, first_digits;
	size_t len = 0;
	int n;

	for (cpu = cpus_next(cpus, 0); cpu < CPULIST_MAX_CPUS;
	     cpu = cpus_next(cpus, cpu + 1))
		if (cpu + 1 > width)
			width = cpu + 1;
	if (width == 0)
		width = 1;

	groups = (width + GROUP_BITS - 1) / GROUP_BITS;
	first_digits = (width - (groups - 1) * GROUP_BITS + 3) / 4;

	if (buflen > 0)
		buf[0] = '\0';
	for (group = groups; group-- > 0;) {
		n = snprintf(len < buflen ? buf + len : NULL,
			     len < buflen ? buflen - len : 0, "%s%0*x",
			     group == groups - 1 ? "" : ",",
			     group == groups - 1 ? (int)first_digits : GROUP_DIGITS,
			     (unsigned int)group_value(cpus, group));
		if (n > 0)
			len += (size_t)n;
	}
	return len;
}
