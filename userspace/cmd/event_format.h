/* SPDX-License-Identifier: GPL-2.0 *
 * "schema" is the version of the objects' shape (EVENT_JSON_SCHEMA),
 * raised when a key changes meaning or goes.
 */
/*
 * `vtjobctl monitor` output: one line per event, as words for people or
 * as a JSON object for scripts.
 *
 *	cpu-reserved cpu=1
 *	cpu-released cpu=1 reason=asked jobs-run=0 job-time-ns=0
 *	{"schema":1,"event":"cpu-released","cpu":1,"reason":"asked","jobs_run":0,"job_time_ns":0}
 *
 * With a time (monitor -t), the line for people starts with it, in local
 * time as ISO 8601 to the microsecond; the JSON object has it as
 * "time_ns", nanoseconds since the Epoch:
 *
 *	2026-12-06T20:37:37.123456+00:00 cpu-reserved cpu=1
 *	{"schema":1,"event":"cpu-reserved","time_ns":1796589457123456789,"cpu":1}
 */
#ifndef VTJOBCTL_EVENT_FORMAT_H
#define VTJOBCTL_EVENT_FORMAT_H

#include <stdbool.h>
#include <stdio.h>
#include <time.h>

#include "client/vtjob_info.h"

/* @when: the time the event was read (CLOCK_REALTIME), or NULL for none. */
#define EVENT_JSON_SCHEMA	1

void event_print(const struct vtjob_event *event, bool json, const struct timespec *when,
		 FILE *out);

/*
 * A line about the stream itself, in the same shape as events: @name
 * alone ("listening", "events-lost", "module-unloaded").
 */
void event_print_notice(const char *name, bool json, const struct timespec *when, FILE *out);

#endif /* VTJOBCTL_EVENT_FORMAT_H */
