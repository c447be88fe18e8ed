// SPDX-License-Identifier: GPL-2.0
/* `vtjobctl monitor` lines, from parsed events. */
#include "cmd/event_format.h"

#include <stdlib.h>

#include "harness.h"

static char *timed_line(const struct vtjob_event *event, bool json,
			const struct timespec *when)
{
	char *text = NULL;
	size_t len;
	FILE *out = open_memstream(&text, &len);

	event_print(event, json, when, out);
	fclose(out);
	return text;
}

#define EXPECT_TIMED_LINE(expected, event, json, when) do {	\
		char *_text = timed_line(event, json, when);	\
		EXPECT_STREQ(expected, _text);			\
		free(_text);					\
	} while (0)

#define EXPECT_LINE(expected, event, json) EXPECT_TIMED_LINE(expected, event, json, NULL)

TEST(cpu_reserved)
{
	struct vtjob_event event = {
		.cmd = VTJOB_CMD_CPU_RESERVED_NTF,
		.cpu = { .id = 1, .state = VTJOB_CPU_STATE_IDLE, .vmx = true },
	};

	EXPECT_LINE("cpu-reserved cpu=1\n", &event, false);
	EXPECT_LINE("{\"schema\":1,\"event\":\"cpu-reserved\",\"cpu\":1}\n", &event, true);
}

TEST(cpu_released)
{
	struct vtjob_event event = {
		.cmd = VTJOB_CMD_CPU_RELEASED_NTF,
		.cpu = { .id = 2, .has_release_reason = true,
			 .release_reason = VTJOB_RELEASE_OFFLINE, .jobs_run = 5,
			 .job_time_ns = 123456789 },
	};

	EXPECT_LINE("cpu-released cpu=2 reason=offline jobs-run=5 job-time-ns=123456789\n",
		    &event, false);
	EXPECT_LINE("{\"schema\":1,\"event\":\"cpu-released\",\"cpu\":2,\"reason\":\"offline\","
		    "\"jobs_run\":5,\"job_time_ns\":123456789}\n", &event, true);

	event.cpu.release_reason = VTJOB_RELEASE_ASKED;
	EXPECT_LINE("cpu-released cpu=2 reason=asked jobs-run=5 job-time-ns=123456789\n",
		    &event, false);
	event.cpu.release_reason = VTJOB_RELEASE_UNLOAD;
	EXPECT_LINE("cpu-released cpu=2 reason=unload jobs-run=5 job-time-ns=123456789\n",
		    &event, false);
	event.cpu.release_reason = 99;
	EXPECT_LINE("cpu-released cpu=2 reason=unknown jobs-run=5 job-time-ns=123456789\n",
		    &event, false);
}

TEST(job_events)
{
	struct vtjob_event event = {
		.cmd = VTJOB_CMD_JOB_START_NTF,
		.cpu = { .id = 1, .has_job = true, .job_id = 7, .job_pid = 300 },
	};

	EXPECT_LINE("job-start cpu=1 job=7 pid=300\n", &event, false);
	EXPECT_LINE("{\"schema\":1,\"event\":\"job-start\",\"cpu\":1,\"job\":7,\"pid\":300}\n",
		    &event, true);
}

TEST(job_exit_has_run_time_and_exits_by_reason)
{
	struct vtjob_event event = {
		.cmd = VTJOB_CMD_JOB_EXIT_NTF,
		.cpu = { .id = 1, .has_job = true, .job_id = 7, .job_pid = 300,
			 .job_time_ns = 2000000 },
	};

	/* No exit counted yet (a job that never ran). */
	EXPECT_LINE("job-exit cpu=1 job=7 pid=300 job-time-ns=2000000 exits=-\n", &event, false);
	EXPECT_LINE("{\"schema\":1,\"event\":\"job-exit\",\"cpu\":1,\"job\":7,\"pid\":300,"
		    "\"job_time_ns\":2000000,\"exits\":[]}\n", &event, true);

	event.cpu.exits[0] = 3;
	event.cpu.exits[1] = 12;
	event.cpu.exits[VTJOB_INFO_EXIT_REASONS - 1] = 1;
	EXPECT_LINE("job-exit cpu=1 job=7 pid=300 job-time-ns=2000000 exits=0:3,1:12,127:1\n",
		    &event, false);
	EXPECT_LINE("{\"schema\":1,\"event\":\"job-exit\",\"cpu\":1,\"job\":7,\"pid\":300,"
		    "\"job_time_ns\":2000000,\"exits\":[{\"reason\":0,\"count\":3},"
		    "{\"reason\":1,\"count\":12},{\"reason\":127,\"count\":1}]}\n",
		    &event, true);
}

TEST(job_exit_says_how_the_job_ended)
{
	struct vtjob_event event = {
		.cmd = VTJOB_CMD_JOB_EXIT_NTF,
		.cpu = { .id = 1, .has_job = true, .job_id = 7, .job_pid = 300,
			 .job_time_ns = 5, .has_job_end = true,
			 .job_end = VTJOB_JOB_END_FAULTED, .job_status = 11 },
	};

	EXPECT_LINE("job-exit cpu=1 job=7 pid=300 end=faulted status=11 job-time-ns=5 exits=-\n",
		    &event, false);
	EXPECT_LINE("{\"schema\":1,\"event\":\"job-exit\",\"cpu\":1,\"job\":7,\"pid\":300,"
		    "\"end\":\"faulted\",\"status\":11,\"job_time_ns\":5,\"exits\":[]}\n",
		    &event, true);
	event.cpu.job_end = VTJOB_JOB_END_EXITED;
	event.cpu.job_status = 3;
	EXPECT_LINE("job-exit cpu=1 job=7 pid=300 end=exited status=3 job-time-ns=5 exits=-\n",
		    &event, false);
	event.cpu.job_end = 99;
	EXPECT_LINE("job-exit cpu=1 job=7 pid=300 end=unknown status=3 job-time-ns=5 exits=-\n",
		    &event, false);
}

TEST(events_from_a_newer_module)
{
	struct vtjob_event event = { .cmd = 42, .cpu = { .id = 3 } };

	EXPECT_LINE("event-42 cpu=3\n", &event, false);
	EXPECT_LINE("{\"schema\":1,\"event\":\"event-42\",\"cpu\":3}\n", &event, true);
}

TEST(notices)
{
	char *text = NULL;
	size_t len;
	FILE *out = open_memstream(&text, &len);

	event_print_notice("listening", false, NULL, out);
	event_print_notice("module-unloaded", true, NULL, out);
	fclose(out);
	EXPECT_STREQ("listening\n{\"schema\":1,\"event\":\"module-unloaded\"}\n", text);
	free(text);
}

/* monitor -t: 2026-12-06 20:37:37.123456789 UTC. */
static const struct timespec when = { .tv_sec = 1796589457, .tv_nsec = 123456789 };

TEST(a_timestamp_leads_the_line_in_local_time)
{
	struct vtjob_event event = { .cmd = VTJOB_CMD_CPU_RESERVED_NTF, .cpu = { .id = 1 } };

	setenv("TZ", "UTC0", 1);
	tzset();
	EXPECT_TIMED_LINE("2026-12-06T20:37:37.123456+00:00 cpu-reserved cpu=1\n",
			  &event, false, &when);
	/* East of Greenwich, and not a whole hour. */
	setenv("TZ", "IST-5:30", 1);
	tzset();
	EXPECT_TIMED_LINE("2026-12-07T02:07:37.123456+05:30 cpu-reserved cpu=1\n",
			  &event, false, &when);
}

TEST(a_timestamp_in_json_is_nanoseconds_since_the_epoch)
{
	struct vtjob_event event = { .cmd = VTJOB_CMD_CPU_RESERVED_NTF, .cpu = { .id = 1 } };

	EXPECT_TIMED_LINE("{\"schema\":1,\"event\":\"cpu-reserved\",\"time_ns\":1796589457123456789,\"cpu\":1}\n",
			  &event, true, &when);
}

TEST(notices_have_the_timestamp_too)
{
	char *text = NULL;
	size_t len;
	FILE *out = open_memstream(&text, &len);

	setenv("TZ", "UTC0", 1);
	tzset();
	event_print_notice("listening", false, &when, out);
	event_print_notice("listening", true, &when, out);
	fclose(out);
	EXPECT_STREQ("2026-12-06T20:37:37.123456+00:00 listening\n"
		     "{\"schema\":1,\"event\":\"listening\",\"time_ns\":1796589457123456789}\n", text);
	free(text);
}

TEST_HARNESS_MAIN
