/* SPDX-License-Identifier: GPL-2.0 */
/*
 * `vtjobctl status` output, from what the module reported: a table for
 * people, or one JSON object for scripts.
 */
#ifndef VTJOBCTL_STATUS_FORMAT_H
#define VTJOBCTL_STATUS_FORMAT_H

#include <stddef.h>
#include <stdint.h>
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

/* The sample before, for status --watch's rates. */
struct status_rates {
	const struct vtjob_cpu_info *before;
	size_t nr_before;
	uint64_t interval_ns;		/* between it and now */
};

/*
 * The table with two more columns: JOB%, the share of the interval since
 * the sample before that the CPU spent in jobs (over 100 when jobs ran on
 * it the whole time and the module worked for them too), and EXITS/S, its
 * VM exits a second then; "-" for a CPU not reserved in both samples, and
 * for all with @rates NULL (the first sample).
 *
 *	CPU  STATE  VMX  JOB  PID  JOBS  JOBS RUN  JOB TIME  JOB%  EXITS/S
 *	  1  busy   yes   42  300     1         0    2.500s  99.8       40
 */
void status_print_table_with_rates(const struct vtjob_module_info *module,
				   const struct vtjob_cpu_info *cpus, size_t nr_cpus,
				   const struct status_rates *rates, FILE *out);

/*
 * {"schema":1,"api_version":1,"features":...,"vmcs_revision":...,"nr_cpu_ids":3,
 *  "nr_reserved":1,"cpus":[{"id":0,"state":"free","vmx":false,
 *  "jobs_run":0,"job_time_ns":0},...]} on one line; "job_id" and
 * "job_pid" only for a CPU running a job.
 */
void status_print_json(const struct vtjob_module_info *module,
		       const struct vtjob_cpu_info *cpus, size_t nr_cpus, FILE *out);

#endif /* VTJOBCTL_STATUS_FORMAT_H */
