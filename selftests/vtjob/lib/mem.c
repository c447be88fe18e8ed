// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "files.h"
#include "mem.h"

/*
 * The number after @name and @sep at the start of a line of @path: /proc's
 * counters are "Name: N kB" lines in meminfo and "name N" in vmstat.
 */
static long counter(const char *path, const char *name, char sep)
{
	char *text = vtj_read_file(path), *line;
	size_t len = strlen(name);
	long value = -1;

	for (line = text; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
		if (!strncmp(line, name, len) && line[len] == sep) {
			value = strtol(line + len + 1, NULL, 10);
			break;
		}
	}
	free(text);
	return value;
}

long vtj_meminfo_kb(const char *field)
{
	return counter("/proc/meminfo", field, ':');
}

long vtj_free_kb(void)
{
	char *zoneinfo = vtj_read_file("/proc/zoneinfo"), *line;
	long free_kb = vtj_meminfo_kb("MemFree"), pcp_pages = 0;

	if (!zoneinfo || free_kb < 0) {
		free(zoneinfo);
		return -1;
	}
	/* Each CPU's pageset of each zone: "              count: N". */
	for (line = strstr(zoneinfo, "count:"); line;
	     line = strstr(line + 1, "count:"))
		pcp_pages += strtol(line + strlen("count:"), NULL, 10);
	free(zoneinfo);
	return free_kb + pcp_pages * (sysconf(_SC_PAGESIZE) / 1024);
}

long vtj_settled_free_kb(void)
{
	sync();
	vtj_write_file("/proc/sys/vm/drop_caches", "3");
	sleep(1);
	fprintf(stderr, "# Slab %ld kB, SUnreclaim %ld kB, KernelStack %ld kB, PageTables %ld kB\n",
		vtj_meminfo_kb("Slab"), vtj_meminfo_kb("SUnreclaim"),
		vtj_meminfo_kb("KernelStack"), vtj_meminfo_kb("PageTables"));
	return vtj_free_kb();
}

/*
 * The bytes of active objects of the cache on the /proc/slabinfo line at
 * @line ("name active_objs num_objs objsize ..."), its name in @name.
 */
static long slab_bytes(const char *line, char *name, size_t size)
{
	unsigned long active, total, objsize;
	char fmt[32];

	snprintf(fmt, sizeof(fmt), "%%%zus %%lu %%lu %%lu", size - 1);
	if (sscanf(line, fmt, name, &active, &total, &objsize) != 4)
		return -1;
	return (long)(active * objsize);
}

/* The bytes of cache @name in @slabinfo; 0 if it has none. */
static long slab_bytes_of(const char *slabinfo, const char *name)
{
	const char *line;
	char other[64];

	for (line = slabinfo; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
		long bytes = slab_bytes(line, other, sizeof(other));

		if (bytes >= 0 && !strcmp(other, name))
			return bytes;
	}
	return 0;
}

void vtj_log_slab_growth(const char *before, const char *after, int top)
{
	struct { char name[64]; long growth; } most[8] = { { "", 0 } };
	const char *line;
	int i, j;

	if (top > 8)
		top = 8;
	for (line = after; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
		char name[64];
		long growth = slab_bytes(line, name, sizeof(name));

		if (growth < 0)
			continue;
		growth -= slab_bytes_of(before, name);
		for (i = 0; i < top && most[i].growth >= growth; i++)
			;
		if (i == top)
			continue;
		for (j = top - 1; j > i; j--)
			most[j] = most[j - 1];
		snprintf(most[i].name, sizeof(most[i].name), "%s", name);
		most[i].growth = growth;
	}
	fprintf(stderr, "# slab caches that grew most:");
	for (i = 0; i < top && most[i].growth > 0; i++)
		fprintf(stderr, " %s +%ld kB", most[i].name, most[i].growth / 1024);
	fprintf(stderr, "\n");
}

long vtj_vmstat(const char *name)
{
	return counter("/proc/vmstat", name, ' ');
}

long vtj_pins_held(void)
{
	return vtj_vmstat("nr_foll_pin_acquired") - vtj_vmstat("nr_foll_pin_released");
}
