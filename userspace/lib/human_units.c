// SPDX-License-Identifier: GPL-2.0
#include "lib/human_units.h"

#include <inttypes.h>
#include <stdio.h>

void human_size(uint64_t bytes, char *buf, size_t buflen)
{
	static const struct {
		uint64_t size;
		const char *name;
	} units[] = {
		{ GIB, "GiB" },
		{ MIB, "MiB" },
		{ KIB, "KiB" },
	};
	size_t i;

	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (bytes != 0 && bytes % units[i].size == 0) {
			snprintf(buf, buflen, "%" PRIu64 " %s", bytes / units[i].size,
				 units[i].name);
			return;
		}
	}
	snprintf(buf, buflen, "%" PRIu64 " bytes", bytes);
}

void human_seconds(uint64_t ns, char *buf, size_t buflen)
{
	/* Nine significant digits show every nanosecond of a sub-second limit. */
	snprintf(buf, buflen, "%.9g s", (double)ns / 1e9);
}
