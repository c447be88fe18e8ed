// SPDX-License-Identifier: GPL-2.0
#include "isolation/watchdog_mask.h"

#include <string.h>

#include "isolation/host_setting.h"

enum isolation_result
watchdog_mask_isolate(const char *root, struct isolation_state *state,
		      const struct cpus *isolated, FILE *out)
{
	const struct host_setting setting = {
		.step = "watchdog",
		.path = WATCHDOG_CPUMASK_PATH,
		.name = "watchdog_cpumask",
		.original = state->watchdog_cpumask,
		.size = sizeof(state->watchdog_cpumask),
	};
	char current_text[sizeof(state->watchdog_cpumask)];
	char wanted_text[sizeof(state->watchdog_cpumask)];
	char description[CPUS_DESCRIPTION_MAX], problem[CPUS_LIST_MAX + 64];
	const char *original_text;
	struct cpus original, wanted;

	/* Skipped if unreadable: without CONFIG_LOCKUP_DETECTOR there is no detector to stop. */
	if (host_setting_read(&setting, root, current_text, out))
		return ISOLATION_SKIPPED;
	original_text = host_setting_original(&setting, current_text);
	cpus_clear(&original);
	/* The kernel prints an empty mask as an empty line. */
	if (original_text[0] &&
	    cpus_parse(original_text, &original, problem, sizeof(problem))) {
		fprintf(out, "watchdog: %s; skipped\n", problem);
		return ISOLATION_SKIPPED;
	}

	if (!cpus_intersect(&original, isolated)) {
		if (state->watchdog_cpumask[0])
			return host_setting_restore(&setting, root, current_text, out) ?
			       ISOLATION_DONE : ISOLATION_FAILED;
		if (cpus_is_empty(isolated)) {
			fputs("watchdog: nothing to restore\n", out);
		} else {
			cpus_describe(isolated, description, sizeof(description));
			fprintf(out, "watchdog: already kept off %s (watchdog_cpumask %s)\n",
				description, current_text);
		}
		return ISOLATION_UNCHANGED;
	}

	wanted = original;
	cpus_remove_all(&wanted, isolated);
	cpus_format(&wanted, wanted_text, sizeof(wanted_text));
	if (!host_setting_change(&setting, root, current_text, wanted_text, out))
		return ISOLATION_FAILED;
	cpus_describe(&wanted, description, sizeof(description));
	fprintf(out, "watchdog: lockup detector limited to %s (watchdog_cpumask %s)\n",
		description, wanted_text[0] ? wanted_text : "empty");
	/* Written before, by an earlier reserve: nothing changed now. */
	return strcmp(current_text, wanted_text) ? ISOLATION_DONE : ISOLATION_UNCHANGED;
}
