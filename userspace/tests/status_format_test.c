// SPDX-License-Identifier: GPL-2.0
/* `vtjobctl status` output from parsed module and CPU structs. */
#include "cmd/status_format.h"

#include <stdlib.h>
#include <string.h>

#include "harness.h"

static const struct vtjob_module_info module = {
	.api_version = 1,
	.features = 0x70003fff7ULL,
	.vmcs_revision = 0x12,
	.nr_cpu_ids = 3,
	.nr_reserved = 2,
};

static const struct vtjob_cpu_info cpus[] = {
	{ .id = 0, .state = VTJOB_CPU_STATE_FREE },
	{ .id = 1, .state = VTJOB_CPU_STATE_IDLE, .vmx = true, .jobs_run = 3,
	  .job_time_ns = 1234567890 },
	{ .id = 2, .state = VTJOB_CPU_STATE_BUSY, .vmx = true, .has_job = true,
	  .job_id = 42, .job_pid = 4321, .nr_jobs = 3, .jobs_run = 12,
	  .job_time_ns = 5000000 },
};

#define NR_CPUS	(sizeof(cpus) / sizeof(cpus[0]))

static char *table(const struct vtjob_cpu_info *list, size_t nr)
{
	char *text = NULL;
	size_t len;
	FILE *out = open_memstream(&text, &len);

	status_print_table(&module, list, nr, out);
	fclose(out);
	return text;
}

static char *json(const struct vtjob_cpu_info *list, size_t nr)
{
	char *text = NULL;
	size_t len;
	FILE *out = open_memstream(&text, &len);

	status_print_json(&module, list, nr, out);
	fclose(out);
	return text;
}

TEST(table_has_a_header_and_a_row_per_cpu)
{
	char *text = table(cpus, NR_CPUS);

	EXPECT_STREQ("vtjob API 1: 2 of 3 CPUs reserved\n"
		     "CPU  STATE  VMX  JOB   PID  JOBS  JOBS RUN  JOB TIME\n"
		     "  0  free   no     -     -     -         -         -\n"
		     "  1  idle   yes    -     -     0         3    1.234s\n"
		     "  2  busy   yes   42  4321     3        12    0.005s\n", text);
	free(text);
}

TEST(table_columns_widen_for_big_values)
{
	struct vtjob_cpu_info big[] = {
		{ .id = 8191, .state = VTJOB_CPU_STATE_BUSY, .vmx = true, .has_job = true,
		  .job_id = UINT64_MAX, .job_pid = 4194304, .nr_jobs = 4294967295u,
		  .jobs_run = 1000000,
		  .job_time_ns = 86400ULL * 1000000000ULL },
	};
	char *text = table(big, 1);

	EXPECT_STREQ("vtjob API 1: 2 of 1 CPU reserved\n"
		     " CPU  STATE  VMX                   JOB      PID        JOBS  JOBS RUN    JOB TIME\n"
		     "8191  busy   yes  18446744073709551615  4194304  4294967295   1000000  86400.000s\n",
		     text);
	free(text);
}

TEST(table_names_unknown_states)
{
	struct vtjob_cpu_info odd[] = { { .id = 0, .state = 7 } };
	char *text = table(odd, 1);

	EXPECT_NE(NULL, strstr(text, "  0  unknown  no "));
	free(text);
}

TEST(json_is_one_object_on_one_line)
{
	char *text = json(cpus, NR_CPUS);

	EXPECT_STREQ("{\"schema\":1,\"api_version\":1,\"features\":30065033207,\"vmcs_revision\":18,"
		     "\"nr_cpu_ids\":3,\"nr_reserved\":2,\"cpus\":["
		     "{\"id\":0,\"state\":\"free\",\"vmx\":false,\"jobs_run\":0,\"job_time_ns\":0},"
		     "{\"id\":1,\"state\":\"idle\",\"vmx\":true,\"jobs\":0,\"jobs_run\":3,"
		     "\"job_time_ns\":1234567890},"
		     "{\"id\":2,\"state\":\"busy\",\"vmx\":true,\"job_id\":42,\"job_pid\":4321,"
		     "\"jobs\":3,\"jobs_run\":12,\"job_time_ns\":5000000}]}\n", text);
	free(text);
}

static char *table_with_rates(const struct vtjob_cpu_info *now, size_t nr,
			      const struct status_rates *rates)
{
	char *text = NULL;
	size_t len;
	FILE *out = open_memstream(&text, &len);

	status_print_table_with_rates(&module, now, nr, rates, out);
	fclose(out);
	return text;
}

/* status --watch: the share of the interval in jobs, and exits a second. */
TEST(rates_come_from_the_sample_before)
{
	struct vtjob_cpu_info before[NR_CPUS], now[NR_CPUS];
	struct status_rates rates = {
		.before = before, .nr_before = NR_CPUS, .interval_ns = 2000000000,
	};
	char *text;

	memcpy(before, cpus, sizeof(cpus));
	memcpy(now, cpus, sizeof(cpus));
	before[2].exits[0] = 100;
	before[2].exits[1] = 10;
	/* CPU 2 ran jobs 1.5 s of the 2, with 300 exits; CPU 1 stayed idle. */
	now[2].job_time_ns += 1500000000;
	now[2].exits[0] = 350;
	now[2].exits[1] = 60;
	text = table_with_rates(now, NR_CPUS, &rates);
	EXPECT_STREQ("vtjob API 1: 2 of 3 CPUs reserved\n"
		     "CPU  STATE  VMX  JOB   PID  JOBS  JOBS RUN  JOB TIME  JOB%  EXITS/S\n"
		     "  0  free   no     -     -     -         -         -     -        -\n"
		     "  1  idle   yes    -     -     0         3    1.234s   0.0        0\n"
		     "  2  busy   yes   42  4321     3        12    1.505s  75.0      150\n", text);
	free(text);

	/* The first sample has no rates yet. */
	text = table_with_rates(now, NR_CPUS, NULL);
	EXPECT_NE(NULL, strstr(text, "  2  busy   yes   42  4321     3        12    1.505s     -        -\n"))
		TH_LOG("%s", text);
	free(text);
}

/* A CPU released and reserved again between two samples starts its figures anew. */
TEST(counters_that_went_back_have_no_rate)
{
	struct vtjob_cpu_info before[NR_CPUS], now[NR_CPUS];
	struct status_rates rates = {
		.before = before, .nr_before = NR_CPUS, .interval_ns = 1000000000,
	};
	char *text;

	memcpy(before, cpus, sizeof(cpus));
	memcpy(now, cpus, sizeof(cpus));
	now[1].job_time_ns = 0;
	text = table_with_rates(now, NR_CPUS, &rates);
	EXPECT_NE(NULL, strstr(text, "  1  idle   yes    -     -     0         3    0.000s     -        -\n"))
		TH_LOG("%s", text);
	free(text);
}

TEST(json_without_cpus)
{
	char *text = json(cpus, 0);

	EXPECT_NE(NULL, strstr(text, "\"cpus\":[]}\n"));
	free(text);
}

TEST_HARNESS_MAIN
