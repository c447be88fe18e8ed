// SPDX-License-Identifier: GPL-2.0
#include "cmd/event_format.h"

#include <inttypes.h>

#include "lib/json_writer.h"

/*
 * An event is a name and fields; the two formats differ only in how they
 * write them, so the fields are listed once, here.
 */
struct event_writer {
	bool json;
	struct json_writer writer;
	FILE *out;
};

/* "2026-12-06T20:37:37.123456+00:00 ": local time, as date --iso-8601 writes it. */
static void print_local_time(const struct timespec *when, FILE *out)
{
	char seconds[32], zone[8];
	struct tm tm;

	if (!localtime_r(&when->tv_sec, &tm) ||
	    !strftime(seconds, sizeof(seconds), "%Y-%m-%dT%H:%M:%S", &tm) ||
	    strftime(zone, sizeof(zone), "%z", &tm) != 5) {
		fprintf(out, "@%lld.%06ld ", (long long)when->tv_sec, when->tv_nsec / 1000);
		return;
	}
	fprintf(out, "%s.%06ld%.3s:%s ", seconds, when->tv_nsec / 1000, zone, zone + 3);
}

static void begin(struct event_writer *w, const char *name, const struct timespec *when)
{
	if (w->json) {
		json_init(&w->writer, w->out);
		json_begin_object(&w->writer);
		json_key(&w->writer, "schema");
		json_uint(&w->writer, EVENT_JSON_SCHEMA);
		json_key(&w->writer, "event");
		json_string(&w->writer, name);
		if (when) {
			json_key(&w->writer, "time_ns");
			json_uint(&w->writer, (uint64_t)when->tv_sec * 1000000000u +
					      (uint64_t)when->tv_nsec);
		}
	} else {
		if (when)
			print_local_time(when, w->out);
		fputs(name, w->out);
	}
}

/* @text_key for people (words-with-dashes), @json_name for scripts (jq-friendly). */
static void field_uint(struct event_writer *w, const char *text_key,
		       const char *json_name, uint64_t value)
{
	if (w->json) {
		json_key(&w->writer, json_name);
		json_uint(&w->writer, value);
	} else {
		fprintf(w->out, " %s=%" PRIu64, text_key, value);
	}
}

static void field_string(struct event_writer *w, const char *text_key,
			 const char *json_name, const char *value)
{
	if (w->json) {
		json_key(&w->writer, json_name);
		json_string(&w->writer, value);
	} else {
		fprintf(w->out, " %s=%s", text_key, value);
	}
}

/*
 * VM exits by basic reason (SDM numbers), the reasons that occurred only:
 * "exits=0:3,1:12" for people ("-" for none), and for scripts
 * "exits":[{"reason":0,"count":3},{"reason":1,"count":12}].
 */
static void field_exits(struct event_writer *w, const __u64 *exits)
{
	unsigned int reason;
	bool first = true;

	if (w->json) {
		json_key(&w->writer, "exits");
		json_begin_array(&w->writer);
	} else {
		fputs(" exits=", w->out);
	}
	for (reason = 0; reason < VTJOB_INFO_EXIT_REASONS; reason++) {
		if (!exits[reason])
			continue;
		if (w->json) {
			json_begin_object(&w->writer);
			json_key(&w->writer, "reason");
			json_uint(&w->writer, reason);
			json_key(&w->writer, "count");
			json_uint(&w->writer, exits[reason]);
			json_end_object(&w->writer);
		} else {
			fprintf(w->out, "%s%u:%" PRIu64, first ? "" : ",", reason,
				(uint64_t)exits[reason]);
		}
		first = false;
	}
	if (w->json)
		json_end_array(&w->writer);
	else if (first)
		fputc('-', w->out);
}

static void end(struct event_writer *w)
{
	if (w->json)
		json_end_object(&w->writer);
	fputc('\n', w->out);
}

void event_print(const struct vtjob_event *event, bool json, const struct timespec *when,
		 FILE *out)
{
	struct event_writer w = { .json = json, .out = out };
	const struct vtjob_cpu_info *cpu = &event->cpu;
	const char *name = vtjob_event_name(event->cmd);
	char unknown[32];

	if (!name) {
		/* From a newer module: still worth a line. */
		snprintf(unknown, sizeof(unknown), "event-%u", event->cmd);
		name = unknown;
	}
	begin(&w, name, when);
	field_uint(&w, "cpu", "cpu", cpu->id);
	switch (event->cmd) {
	case VTJOB_CMD_CPU_RELEASED_NTF:
		if (cpu->has_release_reason)
			field_string(&w, "reason", "reason",
				     vtjob_release_reason_name(cpu->release_reason));
		field_uint(&w, "jobs-run", "jobs_run", cpu->jobs_run);
		field_uint(&w, "job-time-ns", "job_time_ns", cpu->job_time_ns);
		break;
	case VTJOB_CMD_JOB_START_NTF:
	case VTJOB_CMD_JOB_EXIT_NTF:
		if (cpu->has_job) {
			field_uint(&w, "job", "job", cpu->job_id);
			field_uint(&w, "pid", "pid", cpu->job_pid);
		}
		if (event->cmd == VTJOB_CMD_JOB_EXIT_NTF && cpu->has_job_end) {
			field_string(&w, "end", "end", vtjob_job_end_name(cpu->job_end));
			field_uint(&w, "status", "status", cpu->job_status);
		}
		if (event->cmd == VTJOB_CMD_JOB_EXIT_NTF) {
			field_uint(&w, "job-time-ns", "job_time_ns", cpu->job_time_ns);
			field_exits(&w, cpu->exits);
		}
		break;
	}
	end(&w);
}

void event_print_notice(const char *name, bool json, const struct timespec *when, FILE *out)
{
	struct event_writer w = { .json = json, .out = out };

	begin(&w, name, when);
	end(&w);
}
