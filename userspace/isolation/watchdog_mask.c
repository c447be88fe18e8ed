// SPDX-License-Identifier: GPL-2.0
#include "isolation/watchdog_mask.h"

#include <string.h>

#include "lib/host_file.h"

void watchdog_mask_isolate(const char *root, struct isolation_state *state,
			   const struct cpus *isolated, FILE *out)
{
	char current_text[CPUS_LIST_MAX], wanted_text[CPUS_LIST_MAX];
	char description[CPUS_DESCRIPTION_MAX], problem[CPUS_LIST_MAX + 64];
	const char *original_text = current_text;
	struct cpus original, wanted;
	bool restoring;
	int err;

	err = host_file_read(root, WATCHDOG_CPUMASK_PATH, current_text,
			     sizeof(current_text));
	if (err) {
		/* A kernel without CONFIG_LOCKUP_DETECTOR has no detector to stop. */
		fprintf(out, "watchdog: cannot read %s (%s); skipped\n",
			WATCHDOG_CPUMASK_PATH, strerror(-err));
		return;
	}
	if (state->watchdog_cpumask[0])
		original_text = state->watchdog_cpumask;
	cpus_clear(&original);
	/* The kernel prints an empty mask as an empty line. */
	if (original_text[0] &&
	    cpus_parse(original_text, &original, problem, sizeof(problem))) {
		fprintf(out, "watchdog: %s; skipped\n", problem);
		return;
	}

	restoring = !cpus_intersect(&original, isolated);
	if (restoring && !state->watchdog_cpumask[0]) {
		cpus_describe(isolated, description, sizeof(description));
		if (cpus_is_empty(isolated))
			fputs("watchdog: nothing to restore\n", out);
		else
			fprintf(out, "watchdog: already kept off %s (watchdog_cpumask %s)\n",
				description, current_text);
		return;
	}

	if (restoring) {
		snprintf(wanted_text, sizeof(wanted_text), "%s", original_text);
	} else {
		wanted = original;
		cpus_remove_all(&wanted, isolated);
		cpus_format(&wanted, wanted_text, sizeof(wanted_text));
	}

	if (strcmp(wanted_text, current_text) != 0) {
		/* "" would be no write at all; a newline is the empty list. */
		err = host_file_write(root, WATCHDOG_CPUMASK_PATH,
				      wanted_text[0] ? wanted_text : "\n");
		if (err) {
			fprintf(out, "watchdog: the kernel refused watchdog_cpumask %s (%s); left at %s\n",
				wanted_text, strerror(-err), current_text);
			return;
		}
	}

	if (restoring) {
		fprintf(out, "watchdog: restored watchdog_cpumask %s\n", wanted_text);
		state->watchdog_cpumask[0] = '\0';
		return;
	}
	if (!state->watchdog_cpumask[0])
		snprintf(state->watchdog_cpumask, sizeof(state->watchdog_cpumask),
			 "%s", current_text);
	cpus_describe(&wanted, description, sizeof(description));
	fprintf(out, "watchdog: lockup detector limited to %s (watchdog_cpumask %s)\n",
		description, wanted_text[0] ? wanted_text : "empty");
}
