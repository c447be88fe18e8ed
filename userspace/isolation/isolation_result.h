/* SPDX-License-Identifier: GPL-2.0 */
/*
 * How a step of host isolation went, besides the line it printed: what
 * `vtjobctl reserve --json` and `release --json` report for each step.
 */
#ifndef VTJOBCTL_ISOLATION_RESULT_H
#define VTJOBCTL_ISOLATION_RESULT_H

enum isolation_result {
	/* The host is now as the step wants it: changed, or put back. */
	ISOLATION_DONE,
	/* It was so already: nothing written. */
	ISOLATION_UNCHANGED,
	/* The step cannot run on this host (no cgroup v2, no such file). */
	ISOLATION_SKIPPED,
	/* The kernel refused a change: the host is not (all) as wanted. */
	ISOLATION_FAILED,
};

/* "done", "unchanged", "skipped", "failed". */
const char *isolation_result_name(enum isolation_result result);

#endif /* VTJOBCTL_ISOLATION_RESULT_H */
