// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "builds.h"
#include "run.h"

long vtj_jobs_run(void)
{
	static const char key[] = "\"jobs_run\":";
	char *out = NULL, *at;
	long total = -1;

	/* One "jobs_run" a reserved CPU: their sum. */
	if (vtj_run("vtjobctl status --json", &out) == 0) {
		for (at = strstr(out, key); at; at = strstr(at + 1, key))
			total = (total < 0 ? 0 : total) + atol(at + strlen(key));
	}
	free(out);
	return total;
}

static int compare_lines(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char *vtj_sorted_lines(const char *text)
{
	size_t nr = 0, i, len = strlen(text);
	char *copy = strdup(text), *sorted = malloc(len + 2), **lines, *line, *at;

	lines = calloc(len + 1, sizeof(*lines));
	if (!copy || !sorted || !lines) {
		free(copy);
		free(sorted);
		free(lines);
		return NULL;
	}
	for (line = strtok_r(copy, "\n", &at); line; line = strtok_r(NULL, "\n", &at))
		lines[nr++] = line;
	qsort(lines, nr, sizeof(*lines), compare_lines);
	sorted[0] = '\0';
	for (i = 0, at = sorted; i < nr; i++)
		at += sprintf(at, "%s\n", lines[i]);
	free(lines);
	free(copy);
	return sorted;
}
