// SPDX-License-Identifier: GPL-2.0
#include "cmd/exec_stats.h"

#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "lib/cli.h"
#include "lib/json_writer.h"
#include "runtime/job_exit_text.h"

#define NSEC_PER_SEC	UINT64_C(1000000000)

int exec_stats_begin(const struct exec_stats_request *request, struct exec_stats *stats)
{
	memset(stats, 0, sizeof(*stats));
	if (!request->print && !request->json_path)
		return 0;
	if (request->json_path) {
		stats->json = fopen(request->json_path, "we");
		if (!stats->json) {
			cli_error("cannot open '%s' for --stats-json: %s", request->json_path,
				  strerror(errno));
			return -1;
		}
	}
	stats->sum = job_stats_create();
	if (!stats->sum) {
		cli_error("no memory for --stats: %s", strerror(errno));
		exec_stats_free(stats);
		return -1;
	}
	clock_gettime(CLOCK_MONOTONIC, &stats->start);
	return 0;
}

static uint64_t ns_since(const struct timespec *start)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (uint64_t)(now.tv_sec - start->tv_sec) * NSEC_PER_SEC +
	       (uint64_t)now.tv_nsec - (uint64_t)start->tv_nsec;
}

void exec_stats_free(struct exec_stats *stats)
{
	if (stats->json)
		fclose(stats->json);
	stats->json = NULL;
	job_stats_destroy(stats->sum);
	stats->sum = NULL;
}

void exec_stats_end(struct exec_stats *stats, const struct exec_stats_request *request,
		    int status)
{
	struct job_stats_totals totals;
	uint64_t wall_ns;

	if (!stats->sum)
		return;
	wall_ns = ns_since(&stats->start);
	job_stats_read(stats->sum, &totals);
	if (request->print)
		exec_stats_print_text(&totals, wall_ns, status, stderr);
	if (stats->json) {
		exec_stats_print_json(&totals, wall_ns, status, stats->json);
		if (fclose(stats->json))
			cli_error("cannot write '%s' for --stats-json: %s", request->json_path,
				  strerror(errno));
		stats->json = NULL;
	}
	exec_stats_free(stats);
}

/* Seconds to the nanosecond, trailing zeros dropped: "0.0123 s", "2 s". */
static void print_seconds(uint64_t ns, FILE *out)
{
	char fraction[16];
	size_t len;

	len = (size_t)snprintf(fraction, sizeof(fraction), "%09" PRIu64, ns % NSEC_PER_SEC);
	while (len > 0 && fraction[len - 1] == '0')
		fraction[--len] = '\0';
	fprintf(out, "%" PRIu64 "%s%s s", ns / NSEC_PER_SEC, len ? "." : "", fraction);
}

static uint64_t total_exits(const struct job_stats_totals *totals)
{
	uint64_t total = 0;
	size_t i;

	for (i = 0; i < JOB_STATS_EXIT_REASONS; i++)
		total += totals->exits[i];
	return total;
}

void exec_stats_print_text(const struct job_stats_totals *totals, uint64_t wall_ns,
			   int status, FILE *out)
{
	const char *name;
	size_t i;

	fprintf(out, "vtjob stats: %" PRIu64 " process%s, %" PRIu64 " job%s\n",
		totals->processes, totals->processes == 1 ? "" : "es",
		totals->jobs, totals->jobs == 1 ? "" : "s");
	if (totals->error)
		fprintf(out, "\tIncomplete: the module could not tell a job's figures (%s)\n",
			strerror(-totals->error));
	fputs("\tWall clock time: ", out);
	print_seconds(wall_ns, out);
	fputs("\n\tJob time (in the guest, and in the module for it): ", out);
	print_seconds(totals->run_ns, out);
	fprintf(out, "\n\tSystem calls served on the CPU: %" PRIu64 "\n"
		"\tSystem calls forwarded to vtjobctl: %" PRIu64 "\n"
		"\tMaximum resident set size: %" PRIu64 " KiB\n"
		"\tExit status: %d\n"
		"\tVM exits: %" PRIu64 "\n",
		totals->syscalls_served, totals->syscalls_forwarded, totals->max_rss_kib,
		status, total_exits(totals));
	for (i = 0; i < JOB_STATS_EXIT_REASONS; i++) {
		if (!totals->exits[i])
			continue;
		name = vmx_exit_reason_name((unsigned int)i);
		fprintf(out, "\t%9" PRIu64 " %s (%zu)\n", totals->exits[i],
			name ? name : "unknown", i);
	}
}

static void key_uint(struct json_writer *json, const char *key, uint64_t value)
{
	json_key(json, key);
	json_uint(json, value);
}

void exec_stats_print_json(const struct job_stats_totals *totals, uint64_t wall_ns,
			   int status, FILE *out)
{
	struct json_writer json;
	const char *name;
	size_t i;

	json_init(&json, out);
	json_begin_object(&json);
	key_uint(&json, "schema", EXEC_STATS_JSON_SCHEMA);
	key_uint(&json, "processes", totals->processes);
	key_uint(&json, "jobs", totals->jobs);
	key_uint(&json, "wall_ns", wall_ns);
	key_uint(&json, "job_time_ns", totals->run_ns);
	key_uint(&json, "syscalls_served", totals->syscalls_served);
	key_uint(&json, "syscalls_forwarded", totals->syscalls_forwarded);
	key_uint(&json, "max_rss_kib", totals->max_rss_kib);
	json_key(&json, "exit_status");
	json_int(&json, status);
	if (totals->error) {
		json_key(&json, "error");
		json_string(&json, strerror(-totals->error));
	}
	json_key(&json, "exits");
	json_begin_array(&json);
	for (i = 0; i < JOB_STATS_EXIT_REASONS; i++) {
		if (!totals->exits[i])
			continue;
		name = vmx_exit_reason_name((unsigned int)i);
		json_begin_object(&json);
		key_uint(&json, "reason", i);
		if (name) {
			json_key(&json, "name");
			json_string(&json, name);
		}
		key_uint(&json, "count", totals->exits[i]);
		json_end_object(&json);
	}
	json_end_array(&json);
	json_end_object(&json);
	fputc('\n', out);
}
