// SPDX-License-Identifier: GPL-2.0
/* `vtjobctl exec --stats` and --stats-json: what they print from the figures. */
#include "cmd/exec_stats.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static struct job_stats_totals two_processes(void)
{
	struct job_stats_totals totals;

	memset(&totals, 0, sizeof(totals));
	totals.processes = 2;
	totals.jobs = 3;
	totals.run_ns = 4100000;
	totals.syscalls_served = 12;
	totals.syscalls_forwarded = 3;
	totals.max_rss_kib = 9344;
	totals.guest_ns = 3000000;
	totals.process_ns = 20000000;
	totals.in_run_ns = 5000000;
	totals.serving_ns = 9000000;
	totals.exec_ns = 1000000;
	totals.waiting_ns = 2000000;
	totals.exits[0] = 15;		/* EXCEPTION_NMI */
	totals.exits[1] = 2;		/* EXTERNAL_INTERRUPT */
	totals.exits[77] = 1;		/* a number Linux has no name for */
	return totals;
}

static char *text_of(const struct job_stats_totals *totals, uint64_t wall_ns, int status)
{
	char *text = NULL;
	size_t len;
	FILE *out = open_memstream(&text, &len);

	exec_stats_print_text(totals, wall_ns, status, out);
	fclose(out);
	return text;
}

static char *json_of(const struct job_stats_totals *totals, uint64_t wall_ns, int status)
{
	char *text = NULL;
	size_t len;
	FILE *out = open_memstream(&text, &len);

	exec_stats_print_json(totals, wall_ns, status, out);
	fclose(out);
	return text;
}

TEST(text_as_time_v_and_strace_c)
{
	struct job_stats_totals totals = two_processes();
	char *text = text_of(&totals, 12300000, 0);

	EXPECT_STREQ("vtjob stats: 2 processes, 3 jobs\n"
		     "\tWall clock time: 0.0123 s\n"
		     "\tJob time (in the guest, and in the module for it): 0.0041 s\n"
		     "\tSystem calls served on the CPU: 12\n"
		     "\tSystem calls forwarded to vtjobctl: 3\n"
		     "\tMaximum resident set size: 9344 KiB\n"
		     "\tExit status: 0\n"
		     "\tVM exits: 18\n"
		     "\t       15 EXCEPTION_NMI (0)\n"
		     "\t        2 EXTERNAL_INTERRUPT (1)\n"
		     "\t        1 unknown (77)\n"
		     "\tTime of the processes: 0.02 s, by where it went:\n"
		     "\t\tguest compute           0.003 s\n"
		     "\t\tmodule, on the CPU      0.0011 s  (VM exits, calls and page faults served there)\n"
		     "\t\tentering VTJOB_RUN      0.0009 s  (and leaving it, waiting for the CPU)\n"
		     "\t\tforwarded calls         0.006 s\n"
		     "\t\texecve                  0.001 s  (loading new programs)\n"
		     "\t\twaiting                 0.002 s  (wait4, vfork, sigsuspend, poll)\n"
		     "\t\tstart-up and end        0.006 s  (vtjobctl, the first program, fork, "
		     "teardown)\n", text);
	free(text);
}

TEST(one_of_each_and_whole_seconds)
{
	const char *start = "vtjob stats: 1 process, 1 job\n"
			    "\tWall clock time: 3.000000001 s\n"
			    "\tJob time (in the guest, and in the module for it): 2 s\n";
	struct job_stats_totals totals;
	char *text;

	memset(&totals, 0, sizeof(totals));
	totals.processes = 1;
	totals.jobs = 1;
	totals.run_ns = 2000000000;

	text = text_of(&totals, 3000000001, 139);
	EXPECT_EQ(0, strncmp(start, text, strlen(start))) TH_LOG("%s", text);
	EXPECT_NE(NULL, strstr(text, "\tExit status: 139\n\tVM exits: 0\n"));
	/* The runners' times cannot be less than nothing, whatever the clocks. */
	EXPECT_NE(NULL, strstr(text, "\t\tmodule, on the CPU      2 s "));
	EXPECT_NE(NULL, strstr(text, "\t\tentering VTJOB_RUN      0 s "));
	free(text);
}

TEST(a_job_without_figures_makes_them_incomplete)
{
	struct job_stats_totals totals = two_processes();
	char *text, *json;

	totals.error = -ENOTTY;
	text = text_of(&totals, 1, 0);
	EXPECT_NE(NULL, strstr(text, "\n\tIncomplete: the module could not tell a job's figures "
				     "(Inappropriate ioctl for device)\n"));
	json = json_of(&totals, 1, 0);
	EXPECT_NE(NULL, strstr(json, ",\"error\":\"Inappropriate ioctl for device\","));
	free(text);
	free(json);
}

TEST(json_has_the_schema_and_every_figure)
{
	struct job_stats_totals totals = two_processes();
	char *json = json_of(&totals, 12300000, 1);

	EXPECT_STREQ("{\"schema\":1,\"processes\":2,\"jobs\":3,\"wall_ns\":12300000,"
		     "\"job_time_ns\":4100000,\"syscalls_served\":12,\"syscalls_forwarded\":3,"
		     "\"max_rss_kib\":9344,\"exit_status\":1,\"guest_ns\":3000000,"
		     "\"process_ns\":20000000,\"in_run_ns\":5000000,\"serving_ns\":9000000,"
		     "\"exec_ns\":1000000,\"waiting_ns\":2000000,\"exits\":["
		     "{\"reason\":0,\"name\":\"EXCEPTION_NMI\",\"count\":15},"
		     "{\"reason\":1,\"name\":\"EXTERNAL_INTERRUPT\",\"count\":2},"
		     "{\"reason\":77,\"count\":1}]}\n", json);
	free(json);
}

TEST_HARNESS_MAIN
