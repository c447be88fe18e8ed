// SPDX-License-Identifier: GPL-2.0
/* `vtjobctl reserve --json` and `release --json`: the object they print. */
#include "cmd/cpus_change_json.h"

#include <stdlib.h>
#include <string.h>

#include "harness.h"

static char *print(const struct cpus_change *change)
{
	char *text = NULL;
	size_t len;
	FILE *out = open_memstream(&text, &len);

	cpus_change_print_json(change, out);
	fclose(out);
	return text;
}

TEST(a_reserve_with_its_steps)
{
	struct isolation_report report = {
		.nr_steps = 2,
		.steps = {
			{ "cpuset", ISOLATION_SKIPPED,
			  (char *)"cgroup v2 is not mounted on /sys/fs/cgroup; skipped" },
			{ "irqs", ISOLATION_FAILED,
			  (char *)"moved 2 IRQs off CPU 1; 1 cannot move: 30" },
		},
	};
	struct cpus_change change = {
		.command = "reserve", .cpus = "1", .done = true, .isolation = &report,
	};
	char *text = print(&change);

	EXPECT_STREQ("{\"schema\":1,\"command\":\"reserve\",\"cpus\":\"1\",\"done\":true,"
		     "\"isolation\":[{\"step\":\"cpuset\",\"result\":\"skipped\","
		     "\"message\":\"cgroup v2 is not mounted on /sys/fs/cgroup; skipped\"},"
		     "{\"step\":\"irqs\",\"result\":\"failed\","
		     "\"message\":\"moved 2 IRQs off CPU 1; 1 cannot move: 30\"}]}\n", text);
	free(text);
}

TEST(a_refusal_has_the_error_and_no_steps)
{
	struct cpus_change change = {
		.command = "release", .cpus = "all",
		.error = "CPU 1 runs job 7; pass --force to end it",
	};
	char *text = print(&change);

	EXPECT_STREQ("{\"schema\":1,\"command\":\"release\",\"cpus\":\"all\",\"done\":false,"
		     "\"error\":\"CPU 1 runs job 7; pass --force to end it\"}\n", text);
	free(text);
}

TEST(a_state_that_cannot_be_kept_is_an_isolation_error)
{
	struct isolation_report report = { .nr_steps = 0 };
	struct cpus_change change = {
		.command = "reserve", .cpus = "2-3", .done = true, .isolation = &report,
		.isolation_error = "cannot create /run/vtjob: Read-only file system",
	};
	char *text = print(&change);

	EXPECT_STREQ("{\"schema\":1,\"command\":\"reserve\",\"cpus\":\"2-3\",\"done\":true,"
		     "\"isolation\":[],\"isolation_error\":"
		     "\"cannot create /run/vtjob: Read-only file system\"}\n", text);
	free(text);
}

TEST(every_result_has_a_name)
{
	EXPECT_STREQ("done", isolation_result_name(ISOLATION_DONE));
	EXPECT_STREQ("unchanged", isolation_result_name(ISOLATION_UNCHANGED));
	EXPECT_STREQ("skipped", isolation_result_name(ISOLATION_SKIPPED));
	EXPECT_STREQ("failed", isolation_result_name(ISOLATION_FAILED));
}

TEST_HARNESS_MAIN
