// SPDX-License-Identifier: GPL-2.0
#include "cmd/status_format.h"

#include <inttypes.h>
#include <string.h>

#include "lib/json_writer.h"

#define NSEC_PER_SEC	1000000000ULL
#define NSEC_PER_MSEC	1000000ULL

enum column {
	COLUMN_CPU,
	COLUMN_STATE,
	COLUMN_VMX,
	COLUMN_JOB,
	COLUMN_PID,
	COLUMN_JOBS,
	COLUMN_JOBS_RUN,
	COLUMN_JOB_TIME,
	/* status --watch only: the share of the last interval spent in jobs, and exits then. */
	COLUMN_JOB_SHARE,
	COLUMN_EXIT_RATE,
	NR_COLUMNS,
};

/* Without rates, the table stops before them. */
#define NR_PLAIN_COLUMNS	COLUMN_JOB_SHARE

static const struct {
	const char *title;
	bool numeric;		/* right-aligned, so that digits line up */
} columns[NR_COLUMNS] = {
	[COLUMN_CPU] = { "CPU", true },
	[COLUMN_STATE] = { "STATE", false },
	[COLUMN_VMX] = { "VMX", false },
	[COLUMN_JOB] = { "JOB", true },
	[COLUMN_PID] = { "PID", true },
	[COLUMN_JOBS] = { "JOBS", true },
	[COLUMN_JOBS_RUN] = { "JOBS RUN", true },
	[COLUMN_JOB_TIME] = { "JOB TIME", true },
	[COLUMN_JOB_SHARE] = { "JOB%", true },
	[COLUMN_EXIT_RATE] = { "EXITS/S", true },
};

struct row {
	/* Wide enough for a u64 in decimal and for "18446744073.709s". */
	char cells[NR_COLUMNS][24];
};

static uint64_t total_exits(const struct vtjob_cpu_info *cpu)
{
	uint64_t total = 0;
	size_t i;

	for (i = 0; i < VTJOB_INFO_EXIT_REASONS; i++)
		total += cpu->exits[i];
	return total;
}

/* @cpu as it was in the sample before, if it was reserved then too. */
static const struct vtjob_cpu_info *cpu_before(const struct status_rates *rates,
					       const struct vtjob_cpu_info *cpu)
{
	size_t i;

	for (i = 0; i < rates->nr_before; i++)
		if (rates->before[i].id == cpu->id)
			return rates->before[i].state == VTJOB_CPU_STATE_FREE ? NULL :
			       &rates->before[i];
	return NULL;
}

/*
 * The rate columns: what grew since the sample before, per second. A CPU
 * released and reserved again in between starts its counters anew: "-".
 */
static void fill_rates(const struct vtjob_cpu_info *cpu, const struct status_rates *rates,
		       struct row *row)
{
	const struct vtjob_cpu_info *before = rates ? cpu_before(rates, cpu) : NULL;
	char (*cells)[24] = row->cells;
	uint64_t exits_now = total_exits(cpu), exits_then;

	strcpy(cells[COLUMN_JOB_SHARE], "-");
	strcpy(cells[COLUMN_EXIT_RATE], "-");
	if (!before || cpu->state == VTJOB_CPU_STATE_FREE || !rates->interval_ns)
		return;
	exits_then = total_exits(before);
	if (cpu->job_time_ns < before->job_time_ns || exits_now < exits_then)
		return;
	snprintf(cells[COLUMN_JOB_SHARE], sizeof(cells[0]), "%.1f",
		 100.0 * (double)(cpu->job_time_ns - before->job_time_ns) /
		 (double)rates->interval_ns);
	snprintf(cells[COLUMN_EXIT_RATE], sizeof(cells[0]), "%.0f",
		 (double)(exits_now - exits_then) * (double)NSEC_PER_SEC /
		 (double)rates->interval_ns);
}

static void fill_row(const struct vtjob_cpu_info *cpu, struct row *row)
{
	char (*cells)[24] = row->cells;
	bool reserved = cpu->state != VTJOB_CPU_STATE_FREE;

	snprintf(cells[COLUMN_CPU], sizeof(cells[0]), "%u", cpu->id);
	snprintf(cells[COLUMN_STATE], sizeof(cells[0]), "%s",
		 vtjob_cpu_state_name(cpu->state));
	snprintf(cells[COLUMN_VMX], sizeof(cells[0]), "%s", cpu->vmx ? "yes" : "no");
	if (cpu->has_job) {
		snprintf(cells[COLUMN_JOB], sizeof(cells[0]), "%" PRIu64, (uint64_t)cpu->job_id);
		snprintf(cells[COLUMN_PID], sizeof(cells[0]), "%u", cpu->job_pid);
	} else {
		strcpy(cells[COLUMN_JOB], "-");
		strcpy(cells[COLUMN_PID], "-");
	}
	/* The counters start at each reservation: a free CPU has none. */
	if (reserved) {
		snprintf(cells[COLUMN_JOBS], sizeof(cells[0]), "%u", cpu->nr_jobs);
		snprintf(cells[COLUMN_JOBS_RUN], sizeof(cells[0]), "%" PRIu64,
			 (uint64_t)cpu->jobs_run);
		snprintf(cells[COLUMN_JOB_TIME], sizeof(cells[0]), "%" PRIu64 ".%03" PRIu64 "s",
			 (uint64_t)(cpu->job_time_ns / NSEC_PER_SEC),
			 (uint64_t)(cpu->job_time_ns % NSEC_PER_SEC / NSEC_PER_MSEC));
	} else {
		strcpy(cells[COLUMN_JOBS], "-");
		strcpy(cells[COLUMN_JOBS_RUN], "-");
		strcpy(cells[COLUMN_JOB_TIME], "-");
	}
}

static void print_row(const char *const cells[NR_COLUMNS], const int widths[NR_COLUMNS],
		      int nr_columns, FILE *out)
{
	int column;

	for (column = 0; column < nr_columns; column++) {
		bool last = column == nr_columns - 1;

		if (columns[column].numeric)
			fprintf(out, "%*s", widths[column], cells[column]);
		else if (last)
			fputs(cells[column], out);
		else
			fprintf(out, "%-*s", widths[column], cells[column]);
		fputs(last ? "\n" : "  ", out);
	}
}

/* The table, with the rate columns when @with_rates (@rates NULL: none known yet). */
static void print_table(const struct vtjob_module_info *module,
			const struct vtjob_cpu_info *cpus, size_t nr_cpus,
			bool with_rates, const struct status_rates *rates, FILE *out)
{
	int nr_columns = with_rates ? NR_COLUMNS : NR_PLAIN_COLUMNS;
	const char *cell_texts[NR_COLUMNS];
	int widths[NR_COLUMNS], column;
	struct row row;
	size_t i;

	fprintf(out, "vtjob API %u: %u of %zu CPU%s reserved\n", module->api_version,
		module->nr_reserved, nr_cpus, nr_cpus == 1 ? "" : "s");

	for (column = 0; column < nr_columns; column++) {
		widths[column] = (int)strlen(columns[column].title);
		cell_texts[column] = columns[column].title;
	}
	for (i = 0; i < nr_cpus; i++) {
		fill_row(&cpus[i], &row);
		fill_rates(&cpus[i], rates, &row);
		for (column = 0; column < nr_columns; column++)
			if ((int)strlen(row.cells[column]) > widths[column])
				widths[column] = (int)strlen(row.cells[column]);
	}

	print_row(cell_texts, widths, nr_columns, out);
	for (i = 0; i < nr_cpus; i++) {
		fill_row(&cpus[i], &row);
		fill_rates(&cpus[i], rates, &row);
		for (column = 0; column < nr_columns; column++)
			cell_texts[column] = row.cells[column];
		print_row(cell_texts, widths, nr_columns, out);
	}
}

void status_print_table(const struct vtjob_module_info *module,
			const struct vtjob_cpu_info *cpus, size_t nr_cpus, FILE *out)
{
	print_table(module, cpus, nr_cpus, false, NULL, out);
}

void status_print_table_with_rates(const struct vtjob_module_info *module,
				   const struct vtjob_cpu_info *cpus, size_t nr_cpus,
				   const struct status_rates *rates, FILE *out)
{
	print_table(module, cpus, nr_cpus, true, rates, out);
}

void status_print_json(const struct vtjob_module_info *module,
		       const struct vtjob_cpu_info *cpus, size_t nr_cpus, FILE *out)
{
	struct json_writer json;
	size_t i;

	json_init(&json, out);
	json_begin_object(&json);
	json_key(&json, "schema");
	json_uint(&json, STATUS_JSON_SCHEMA);
	json_key(&json, "api_version");
	json_uint(&json, module->api_version);
	json_key(&json, "features");
	json_uint(&json, module->features);
	json_key(&json, "vmcs_revision");
	json_uint(&json, module->vmcs_revision);
	json_key(&json, "nr_cpu_ids");
	json_uint(&json, module->nr_cpu_ids);
	json_key(&json, "nr_reserved");
	json_uint(&json, module->nr_reserved);

	json_key(&json, "cpus");
	json_begin_array(&json);
	for (i = 0; i < nr_cpus; i++) {
		json_begin_object(&json);
		json_key(&json, "id");
		json_uint(&json, cpus[i].id);
		json_key(&json, "state");
		json_string(&json, vtjob_cpu_state_name(cpus[i].state));
		json_key(&json, "vmx");
		json_bool(&json, cpus[i].vmx);
		if (cpus[i].has_job) {
			json_key(&json, "job_id");
			json_uint(&json, cpus[i].job_id);
			json_key(&json, "job_pid");
			json_uint(&json, cpus[i].job_pid);
		}
		if (cpus[i].state != VTJOB_CPU_STATE_FREE) {
			json_key(&json, "jobs");
			json_uint(&json, cpus[i].nr_jobs);
		}
		json_key(&json, "jobs_run");
		json_uint(&json, cpus[i].jobs_run);
		json_key(&json, "job_time_ns");
		json_uint(&json, cpus[i].job_time_ns);
		json_end_object(&json);
	}
	json_end_array(&json);
	json_end_object(&json);
	fputc('\n', out);
}
