/* SPDX-License-Identifier: GPL-2.0 */
/*
 * `vtjobctl monitor` output: one line per event, as words for people or
 * as a JSON object for scripts.
 *
 *	cpu-reserved cpu=1
 *	cpu-released cpu=1 reason=asked jobs-run=0 job-time-ns=0
 *	{"event":"cpu-released","cpu":1,"reason":"asked","jobs_run":0,"job_time_ns":0}
 */
#ifndef VTJOBCTL_EVENT_FORMAT_H
#define VTJOBCTL_EVENT_FORMAT_H

#include <stdbool.h>
#include <stdio.h>

#include "client/vtjob_info.h"

void event_print(const struct vtjob_event *event, bool json, FILE *out);

/*
 * A line about the stream itself, in the same shape as events: @name
 * alone ("listening", "events-lost", "module-unloaded").
 */
void event_print_notice(const char *name, bool json, FILE *out);

#endif /* VTJOBCTL_EVENT_FORMAT_H */
