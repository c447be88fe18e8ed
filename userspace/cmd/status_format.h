/* SPDX-License-Identifier: GPL-2.0 */
/*
 * `vtjobctl status` output, from what the module reported: a table for
 * people, or one JSON object for scripts.
 */
#ifndef VTJOBCTL_STATUS_FORMAT_H
#define VTJOBCTL_STATUS_FORMAT_H

#include <stddef.h>
#include <stdio.h>

#include "client/vtjob_info.h"

/*
 * A header line, then a row per CPU:
 *
 *	vtjob API 1: 1 of 3 CPUs reserved
 *	CPU  STATE  VMX  JOB  PID  JOBS RUN  JOB TIME
 *	  0  free   no   -    -           -         -
 *	  1  idle   yes  -    -           0    0.000s
 */
void status_print_table(const struct vtjob_module_info *module,
			const struct vtjob_cpu_info *cpus, size_t nr_cpus, FILE *out);

/* The version of the JSON's shape: raised when a key changes meaning or goes. */
#define STATUS_JSON_SCHEMA	1

/*
 * {"schema":1,"api_version":1,"features":...,"vmcs_revision":...,"nr_cpu_ids":3,
 *  "nr_reserved":1,"cpus":[{"id":0,"state":"free","vmx":false,
 *  "jobs_run":0,"job_time_ns":0},...]} on one line; "job_id" and
 * "job_pid" only for a CPU running a job.
 */
void status_print_json(const struct vtjob_module_info *module,
		       const struct vtjob_cpu_info *cpus, size_t nr_cpus, FILE *out);

#endif /* VTJOBCTL_STATUS_FORMAT_H */
