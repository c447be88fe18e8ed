// SPDX-License-Identifier: GPL-2.0
#include "isolation/vmstat_interval.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "isolation/host_setting.h"

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

enum isolation_result
vmstat_interval_isolate(const char *root, struct isolation_state *state,
			const struct cpus *isolated, FILE *out)
{
	const struct host_setting setting = {
		.step = "vmstat",
		.path = VMSTAT_INTERVAL_PATH,
		.name = "stat_interval",
		.original = state->vmstat_interval,
		.size = sizeof(state->vmstat_interval),
	};
	char current_text[sizeof(state->vmstat_interval)];
	char wanted_text[sizeof(state->vmstat_interval)];
	long current;

	if (host_setting_read(&setting, root, current_text, out))
		return ISOLATION_SKIPPED;
	if (!parse_seconds(current_text, &current)) {
		fprintf(out, "vmstat: %s holds \"%s\", not a number of seconds; skipped\n",
			VMSTAT_INTERVAL_PATH, current_text);
		return ISOLATION_SKIPPED;
	}

	if (cpus_is_empty(isolated)) {
		if (state->vmstat_interval[0])
			return host_setting_restore(&setting, root, current_text, out) ?
			       ISOLATION_DONE : ISOLATION_FAILED;
		fputs("vmstat: nothing to restore\n", out);
		return ISOLATION_UNCHANGED;
	}
	if (!state->vmstat_interval[0] && current >= VMSTAT_INTERVAL_RESERVED) {
		fprintf(out, "vmstat: statistics already folded every %ld s\n", current);
		return ISOLATION_UNCHANGED;
	}
	snprintf(wanted_text, sizeof(wanted_text), "%d", VMSTAT_INTERVAL_RESERVED);
	if (!host_setting_change(&setting, root, current_text, wanted_text, out))
		return ISOLATION_FAILED;
	fprintf(out, "vmstat: statistics folded every %s s instead of %s s\n",
		wanted_text, state->vmstat_interval);
	/* Written before, by an earlier reserve: nothing changed now. */
	return strcmp(current_text, wanted_text) ? ISOLATION_DONE : ISOLATION_UNCHANGED;
}
