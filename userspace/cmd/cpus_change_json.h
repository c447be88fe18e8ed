/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What `vtjobctl reserve --json` and `release --json` print: one JSON
 * object on a line, saying what the module did and each step of host
 * isolation, for scripts (Documentation/vtjob.rst has every key):
 *
 *	{"schema":1,"command":"reserve","cpus":"1-2","done":true,
 *	 "isolation":[{"step":"cpuset","result":"done",
 *	 "message":"/sys/fs/cgroup/vtjob is an isolated partition of CPUs 1-2"},...]}
 */
#ifndef VTJOBCTL_CPUS_CHANGE_JSON_H
#define VTJOBCTL_CPUS_CHANGE_JSON_H

#include <stdbool.h>
#include <stdio.h>

#include "isolation/isolation.h"

/* The version of the object's shape: raised when a key changes meaning or goes. */
#define CPUS_CHANGE_JSON_SCHEMA	1

struct cpus_change {
	const char *command;		/* "reserve", "release" */
	const char *cpus;		/* as given: "1-2", "all" */
	bool done;			/* the module did it */
	const char *error;		/* why not, or NULL */
	/* NULL: isolation not attempted (--no-isolate, or the module refused). */
	const struct isolation_report *isolation;
	const char *isolation_error;	/* the state could not be kept, or NULL */
};

void cpus_change_print_json(const struct cpus_change *change, FILE *out);

#endif /* VTJOBCTL_CPUS_CHANGE_JSON_H */
