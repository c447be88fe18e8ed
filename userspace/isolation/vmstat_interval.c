// SPDX-License-Identifier: GPL-2.0
#include "isolation/vmstat_interval.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "lib/host_file.h"

/* Whole seconds, as the kernel prints the value. */
static bool parse_seconds(const char *text, long *seconds)
{
	char *end;

	if (!isdigit((unsigned char)*text))
		return false;
	errno = 0;
	*seconds = strtol(text, &end, 10);
	return errno == 0 && *end == '\0' && *seconds <= INT_MAX;
}

void vmstat_interval_isolate(const char *root, struct isolation_state *state,
			     const struct cpus *isolated, FILE *out)
{
	char current_text[sizeof(state->vmstat_interval)];
	char wanted_text[sizeof(state->vmstat_interval)];
	long current;
	int err;

	err = host_file_read(root, VMSTAT_INTERVAL_PATH, current_text, sizeof(current_text));
	if (err) {
		fprintf(out, "vmstat: cannot read %s (%s); skipped\n",
			VMSTAT_INTERVAL_PATH, strerror(-err));
		return;
	}
	if (!parse_seconds(current_text, &current)) {
		fprintf(out, "vmstat: %s holds \"%s\", not a number of seconds; skipped\n",
			VMSTAT_INTERVAL_PATH, current_text);
		return;
	}

	if (cpus_is_empty(isolated)) {
		if (!state->vmstat_interval[0]) {
			fputs("vmstat: nothing to restore\n", out);
			return;
		}
		snprintf(wanted_text, sizeof(wanted_text), "%s", state->vmstat_interval);
	} else {
		if (!state->vmstat_interval[0] && current >= VMSTAT_INTERVAL_RESERVED) {
			fprintf(out, "vmstat: statistics already folded every %ld s\n", current);
			return;
		}
		snprintf(wanted_text, sizeof(wanted_text), "%d", VMSTAT_INTERVAL_RESERVED);
	}

	if (strcmp(wanted_text, current_text) != 0) {
		err = host_file_write(root, VMSTAT_INTERVAL_PATH, wanted_text);
		if (err) {
			fprintf(out, "vmstat: the kernel refused stat_interval %s (%s); left at %s\n",
				wanted_text, strerror(-err), current_text);
			return;
		}
	}

	if (cpus_is_empty(isolated)) {
		fprintf(out, "vmstat: restored stat_interval %s\n", wanted_text);
		state->vmstat_interval[0] = '\0';
		return;
	}
	if (!state->vmstat_interval[0])
		snprintf(state->vmstat_interval, sizeof(state->vmstat_interval), "%s",
			 current_text);
	fprintf(out, "vmstat: statistics folded every %s s instead of %s s\n", wanted_text,
		state->vmstat_interval);
}
