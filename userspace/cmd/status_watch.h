/* SPDX-License-Identifier: GPL-2.0 */
/*
 * `vtjobctl status --watch`: the status table again and again, as top(1)
 * shows processes, refreshed in place on a terminal, with what changed
 * since the sample before: each CPU's share of the interval spent in jobs
 * and its VM exits a second (status_print_table_with_rates()).
 */
#ifndef VTJOBCTL_STATUS_WATCH_H
#define VTJOBCTL_STATUS_WATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "client/vtjob_nl.h"

/* What the module says of itself and of every CPU, and when it said it. */
struct status_sample {
	struct vtjob_module_info module;
	struct vtjob_cpu_info *cpus;	/* malloc'd; reused by the next sample */
	size_t nr_cpus;
	struct timespec when;		/* CLOCK_MONOTONIC */
};

/* Ask the module. Returns 0, or the exit status having said why on stderr. */
int status_sample_take(struct vtjob_nl *nl, struct status_sample *sample);

struct status_watch {
	uint64_t interval_ns;
	unsigned long count;		/* samples to show; 0: until interrupted */
	bool json;			/* a status --json object a line instead */
};

/*
 * --interval SECONDS: a decimal number of seconds above 0, at most a day
 * ("1", "0.5"). Returns 0, or -1 with a one-line explanation in @err.
 */
int status_parse_interval(const char *text, uint64_t *ns, char *err, size_t errlen);
/* --count N: a whole number above 0. Returns 0, or -1 with @err. */
int status_parse_count(const char *text, unsigned long *count, char *err, size_t errlen);

/*
 * Show samples until @watch->count were shown, SIGINT or SIGTERM, or the
 * module cannot be asked. Returns the exit status: 0, or 1 having said why.
 */
int status_watch_run(struct vtjob_nl *nl, const struct status_watch *watch);

#endif /* VTJOBCTL_STATUS_WATCH_H */
