// SPDX-License-Identifier: GPL-2.0
#include "cmd/exec_stats.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/cli.h"
#include "lib/json_writer.h"
#include "runtime/job_exit_text.h"

#define NSEC_PER_SEC	UINT64_C(1000000000)

static const char *json_option(const struct exec_stats_request *request)
{
	return request->json_append ? "--stats-jsonl" : "--stats-json";
}

int exec_stats_begin(const struct exec_stats_request *request, struct exec_stats *stats)
{
	memset(stats, 0, sizeof(*stats));
	if (!request->print && !request->json_path)
		return 0;
	if (request->json_path) {
		stats->json = fopen(request->json_path, request->json_append ? "ae" : "we");
		if (!stats->json) {
			cli_error("cannot open '%s' for %s: %s", request->json_path,
				  json_option(request), strerror(errno));
			return -1;
		}
	}
	stats->sum = job_stats_create();
	if (!stats->sum) {
		cli_error("no memory for --stats: %s", strerror(errno));
		exec_stats_free(stats);
		return -1;
	}
	stats->start_ns = request->started_ns ? request->started_ns : job_stats_now_ns();
	return 0;
}

/*
 * The object in one write(): lines that execs running at once append to
 * one file (O_APPEND) stay whole.
 */
static int write_json(const struct job_stats_totals *totals, uint64_t wall_ns, int status,
		      FILE *file)
{
	char *line = NULL;
	size_t len = 0;
	FILE *out;
	ssize_t n;
	int err = 0;

	out = open_memstream(&line, &len);
	if (!out)
		return -1;
	exec_stats_print_json(totals, wall_ns, status, out);
	if (fclose(out)) {
		free(line);
		return -1;
	}
	n = write(fileno(file), line, len);
	if (n < 0 || (size_t)n != len) {
		if (n >= 0)
			errno = ENOSPC;
		err = -1;
	}
	free(line);
	return err;
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
	wall_ns = job_stats_now_ns() - stats->start_ns;
	job_stats_read(stats->sum, &totals);
	if (request->print)
		exec_stats_print_text(&totals, wall_ns, status, stderr);
	if (stats->json) {
		if (write_json(&totals, wall_ns, status, stats->json) | fclose(stats->json))
			cli_error("cannot write '%s' for %s: %s", request->json_path,
				  json_option(request), strerror(errno));
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

/*
 * @a - @b, or 0: the module's clock (the TSC) and vtjobctl's
 * (CLOCK_MONOTONIC) may differ by a little where one time holds the other.
 */
static uint64_t less(uint64_t a, uint64_t b)
{
	return a > b ? a - b : 0;
}

static void print_share(const char *what, uint64_t ns, const char *why, FILE *out)
{
	fprintf(out, "\t\t%-24s", what);
	print_seconds(ns, out);
	fprintf(out, "%s%s\n", *why ? "  " : "", why);
}

/* Where the processes' time went, from the module's figures and the runners'. */
static void print_breakdown(const struct job_stats_totals *totals, FILE *out)
{
	uint64_t outside_run = totals->serving_ns + totals->in_run_ns;

	fputs("\tTime of the processes: ", out);
	print_seconds(totals->process_ns, out);
	fputs(", by where it went:\n", out);
	print_share("guest compute", totals->guest_ns, "", out);
	print_share("module, on the CPU", less(totals->run_ns, totals->guest_ns),
		    "(VM exits, calls and page faults served there)", out);
	print_share("entering VTJOB_RUN", less(totals->in_run_ns, totals->run_ns),
		    "(and leaving it, waiting for the CPU)", out);
	print_share("forwarded calls",
		    less(totals->serving_ns, totals->exec_ns + totals->waiting_ns), "", out);
	print_share("execve", totals->exec_ns, "(loading new programs)", out);
	print_share("waiting", totals->waiting_ns, "(wait4, vfork, sigsuspend, poll)", out);
	print_share("start-up and end", less(totals->process_ns, outside_run),
		    "(vtjobctl, the first program, fork, teardown)", out);
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
	print_breakdown(totals, out);
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
	key_uint(&json, "guest_ns", totals->guest_ns);
	key_uint(&json, "process_ns", totals->process_ns);
	key_uint(&json, "in_run_ns", totals->in_run_ns);
	key_uint(&json, "serving_ns", totals->serving_ns);
	key_uint(&json, "exec_ns", totals->exec_ns);
	key_uint(&json, "waiting_ns", totals->waiting_ns);
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
