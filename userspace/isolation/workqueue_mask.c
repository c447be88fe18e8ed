// SPDX-License-Identifier: GPL-2.0
#include "isolation/workqueue_mask.h"

#include <string.h>

#include "isolation/host_setting.h"
#include "lib/cpumask_hex.h"

enum isolation_result
workqueue_mask_isolate(const char *root, struct isolation_state *state,
		       const struct cpus *isolated, const struct cpus *online,
		       FILE *out)
{
	const struct host_setting setting = {
		.step = "workqueues",
		.path = WORKQUEUE_CPUMASK_PATH,
		.name = "cpumask",
		.original = state->workqueue_cpumask,
		.size = sizeof(state->workqueue_cpumask),
	};
	char current_text[sizeof(state->workqueue_cpumask)];
	char wanted_text[sizeof(state->workqueue_cpumask)];
	char description[CPUS_DESCRIPTION_MAX], problem[CPUMASK_HEX_MAX + 64];
	const char *original_text;
	struct cpus original, wanted;

	if (host_setting_read(&setting, root, current_text, out))
		return ISOLATION_SKIPPED;
	original_text = host_setting_original(&setting, current_text);
	if (cpumask_hex_parse(original_text, &original, problem, sizeof(problem))) {
		fprintf(out, "workqueues: %s; skipped\n", problem);
		return ISOLATION_SKIPPED;
	}

	if (!cpus_intersect(&original, isolated)) {
		if (state->workqueue_cpumask[0])
			return host_setting_restore(&setting, root, current_text, out) ?
			       ISOLATION_DONE : ISOLATION_FAILED;
		if (cpus_is_empty(isolated)) {
			fputs("workqueues: nothing to restore\n", out);
		} else {
			cpus_describe(isolated, description, sizeof(description));
			fprintf(out, "workqueues: already kept off %s (cpumask %s)\n",
				description, current_text);
		}
		return ISOLATION_UNCHANGED;
	}

	cpus_avoiding(&original, isolated, online, &wanted);
	/* In the width the kernel prints, so that it reads back the same. */
	cpumask_hex_format(&wanted, cpumask_hex_width(original_text),
			   wanted_text, sizeof(wanted_text));
	if (!host_setting_change(&setting, root, current_text, wanted_text, out))
		return ISOLATION_FAILED;
	cpus_describe(&wanted, description, sizeof(description));
	fprintf(out, "workqueues: unbound workqueues limited to %s (cpumask %s)\n",
		description, wanted_text);
	/* Written before, by an earlier reserve: nothing changed now. */
	return strcmp(current_text, wanted_text) ? ISOLATION_DONE : ISOLATION_UNCHANGED;
}
