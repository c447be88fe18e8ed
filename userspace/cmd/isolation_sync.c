// SPDX-License-Identifier: GPL-2.0
#include "cmd/isolation_sync.h"

#include <stdio.h>
#include <stdlib.h>

#include "lib/cli.h"
#include "cmd/nl_error.h"
#include "isolation/isolation.h"
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

int cmd_isolation_update(struct vtjob_nl *nl, const struct cpus *added)
{
	struct vtjob_nl_error nl_err;
	struct cpus reserved;
	char err[512];
	int lock, status = EXIT_SUCCESS;

	/* Without the module, only a host that was isolated needs the lock. */
	if (!nl && !isolation_state_exists(HOST_ROOT))
		return EXIT_SUCCESS;
	lock = isolation_lock(HOST_ROOT, err, sizeof(err));
	if (lock < 0) {
		cli_error("%s; host isolation is left as it was", err);
		return EXIT_FAILURE;
	}

	cpus_clear(&reserved);
	if (nl && vtjob_nl_dump_cpus(nl, add_if_reserved, &reserved, &nl_err)) {
		status = cmd_nl_failed("listing the reserved CPUs", &nl_err);
	} else if (isolation_update(HOST_ROOT, added, &reserved, stdout, err, sizeof(err))) {
		cli_error("%s", err);
		status = EXIT_FAILURE;
	}
	isolation_unlock(lock);
	return status;
}
