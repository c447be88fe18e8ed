// SPDX-License-Identifier: GPL-2.0
#include "guestmem/file_maps.h"

#include <string.h>

/* Joins range @i with range @i + 1, and whatever lies between them. */
static void join_next(struct guestmem_file_maps *maps, unsigned int i)
{
	if (maps->ranges[i + 1].end > maps->ranges[i].end)
		maps->ranges[i].end = maps->ranges[i + 1].end;
	memmove(&maps->ranges[i + 1], &maps->ranges[i + 2],
		(maps->count - i - 2) * sizeof(maps->ranges[0]));
	maps->count--;
}

void guestmem_file_maps_add(struct guestmem_file_maps *maps, uint64_t start, uint64_t end)
{
	unsigned int i, at = 0, closest = 0;

	if (start >= end)
		return;
	while (at < maps->count && maps->ranges[at].start < start)
		at++;
	/* Full: the two ranges closest to each other become one. */
	if (maps->count == GUESTMEM_FILE_MAPS_MAX) {
		for (i = 1; i + 1 < maps->count; i++)
			if (maps->ranges[i + 1].start - maps->ranges[i].end <
			    maps->ranges[closest + 1].start - maps->ranges[closest].end)
				closest = i;
		join_next(maps, closest);
		if (at > closest + 1)
			at--;
	}
	memmove(&maps->ranges[at + 1], &maps->ranges[at],
		(maps->count - at) * sizeof(maps->ranges[0]));
	maps->ranges[at].start = start;
	maps->ranges[at].end = end;
	maps->count++;
	/* Overlapping or touching neighbours are one range. */
	if (at > 0 && maps->ranges[at - 1].end >= start)
		join_next(maps, --at);
	while (at + 1 < maps->count && maps->ranges[at + 1].start <= maps->ranges[at].end)
		join_next(maps, at);
}

int guestmem_file_maps_before_write(const struct guestmem_file_maps *maps, uint64_t addr,
				    uint64_t len)
{
	uint64_t end = addr + len;
	unsigned int i;
	int err;

	for (i = 0; i < maps->count && maps->ranges[i].start < end; i++) {
		uint64_t from = addr > maps->ranges[i].start ? addr : maps->ranges[i].start;
		uint64_t to = end < maps->ranges[i].end ? end : maps->ranges[i].end;

		if (from >= to)
			continue;
		err = maps->unshare(maps->job_fd, from, to - from);
		if (err)
			return err;
	}
	return 0;
}
