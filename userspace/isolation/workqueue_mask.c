// SPDX-License-Identifier: GPL-2.0
#include "isolation/workqueue_mask.h"

#include <string.h>

#include "lib/cpumask_hex.h"
#include "lib/host_file.h"

void workqueue_mask_isolate(const char *root, struct isolation_state *state,
			    const struct cpus *isolated, const struct cpus *online,
			    FILE *out)
{
	char current_text[CPUMASK_HEX_MAX], wanted_text[CPUMASK_HEX_MAX];
	char description[CPUS_DESCRIPTION_MAX], problem[CPUMASK_HEX_MAX + 64];
	const char *original_text = current_text;
	struct cpus original, wanted;
	bool restoring;
	int err;

	err = host_file_read(root, WORKQUEUE_CPUMASK_PATH, current_text,
			     sizeof(current_text));
	if (err) {
		fprintf(out, "workqueues: cannot read %s (%s); skipped\n",
			WORKQUEUE_CPUMASK_PATH, strerror(-err));
		return;
	}
	if (state->workqueue_cpumask[0])
		original_text = state->workqueue_cpumask;
	if (cpumask_hex_parse(original_text, &original, problem, sizeof(problem))) {
		fprintf(out, "workqueues: %s; skipped\n", problem);
		return;
	}

	restoring = !cpus_intersect(&original, isolated);
	if (restoring && !state->workqueue_cpumask[0]) {
		cpus_describe(isolated, description, sizeof(description));
		if (cpus_is_empty(isolated))
			fputs("workqueues: nothing to restore\n", out);
		else
			fprintf(out, "workqueues: already kept off %s (cpumask %s)\n",
				description, current_text);
		return;
	}

	if (restoring) {
		snprintf(wanted_text, sizeof(wanted_text), "%s", original_text);
	} else {
		cpus_avoiding(&original, isolated, online, &wanted);
		/* In the width the kernel prints, so that it reads back the same. */
		cpumask_hex_format(&wanted, cpumask_hex_width(original_text),
				   wanted_text, sizeof(wanted_text));
	}

	if (strcmp(wanted_text, current_text) != 0) {
		err = host_file_write(root, WORKQUEUE_CPUMASK_PATH, wanted_text);
		if (err) {
			fprintf(out, "workqueues: the kernel refused cpumask %s (%s); left at %s\n",
				wanted_text, strerror(-err), current_text);
			return;
		}
	}

	if (restoring) {
		fprintf(out, "workqueues: restored cpumask %s\n", wanted_text);
		state->workqueue_cpumask[0] = '\0';
		return;
	}
	if (!state->workqueue_cpumask[0])
		snprintf(state->workqueue_cpumask, sizeof(state->workqueue_cpumask),
			 "%s", current_text);
	cpus_describe(&wanted, description, sizeof(description));
	fprintf(out, "workqueues: unbound workqueues limited to %s (cpumask %s)\n",
		description, wanted_text);
}
