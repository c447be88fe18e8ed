// SPDX-License-Identifier: GPL-2.0
#include "cmd/isolation_sync.h"

#include <stdio.h>
#include <stdlib.h>

#include "lib/cli.h"
#include "cmd/nl_error.h"
#include "isolation/isolation_state.h"

/* The live host: no root prefix. */
#define HOST_ROOT	""

static int add_if_reserved(const struct vtjob_cpu_info *cpu, void *arg)
{
	struct cpus *reserved = arg;

	if (cpu->state != VTJOB_CPU_STATE_FREE && cpu->id < CPULIST_MAX_CPUS)
		cpus_add(reserved, cpu->id);
	return 0;
}

static int failed(const char *text, char *problem, size_t problem_size)
{
	cli_error("%s", text);
	if (problem)
		snprintf(problem, problem_size, "%s", text);
	return EXIT_FAILURE;
}

int cmd_isolation_update(struct vtjob_nl *nl, const struct cpus *added,
			 struct isolation_report *report, char *problem,
			 size_t problem_size)
{
	struct vtjob_nl_error nl_err;
	struct cpus reserved;
	char err[512], text[768];
	int lock, status = EXIT_SUCCESS;

	if (report)
		report->nr_steps = 0;
	if (problem)
		problem[0] = '\0';
	/* Without the module, only a host that was isolated needs the lock. */
	if (!nl && !isolation_state_exists(HOST_ROOT))
		return EXIT_SUCCESS;
	lock = isolation_lock(HOST_ROOT, err, sizeof(err));
	if (lock < 0) {
		snprintf(text, sizeof(text), "%s; host isolation is left as it was", err);
		return failed(text, problem, problem_size);
	}

	cpus_clear(&reserved);
	if (nl && vtjob_nl_dump_cpus(nl, add_if_reserved, &reserved, &nl_err)) {
		cmd_nl_error_text("listing the reserved CPUs", &nl_err, text, sizeof(text));
		status = failed(text, problem, problem_size);
	} else if (isolation_update(HOST_ROOT, added, &reserved, report ? NULL : stdout,
				    report, err, sizeof(err))) {
		status = failed(err, problem, problem_size);
	}
	isolation_unlock(lock);
	return status;
}
