// SPDX-License-Identifier: GPL-2.0
/* `vtjobctl status`: the module and every CPU, as the module reports them. */
#include <stdio.h>
#include <stdlib.h>

#include "lib/cli.h"
#include "cmd/nl_error.h"
#include "commands.h"
#include "cmd/status_format.h"
#include "cmd/status_watch.h"

static int run_status(int argc, char **argv)
{
	static const struct option options[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "watch", no_argument, NULL, 'w' },
		{ "interval", required_argument, NULL, 'i' },
		{ "count", required_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct status_sample sample = { .cpus = NULL };
	struct status_watch watch = { .interval_ns = 1000000000, .count = 0 };
	bool json = false, watching = false, timing = false;
	char problem[128];
	struct vtjob_nl nl;
	int opt, status = EXIT_SUCCESS;

	while ((opt = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
		switch (opt) {
		case 'j':
			json = true;
			break;
		case 'w':
			watching = true;
			break;
		case 'i':
		case 'n':
			timing = true;
			if (opt == 'i' ? status_parse_interval(optarg, &watch.interval_ns, problem,
								sizeof(problem)) :
			    status_parse_count(optarg, &watch.count, problem, sizeof(problem))) {
				cli_error("%s", problem);
				return EXIT_USAGE;
			}
			break;
		case 'h':
			fputs(status_command.help, stdout);
			return EXIT_SUCCESS;
		default:
			return cli_bad_option("status", opt, options, argv);
		}
	}
	if (optind < argc) {
		cli_error("status takes no arguments, but got '%s'", argv[optind]);
		return EXIT_USAGE;
	}
	if (timing && !watching) {
		cli_error("--interval and --count go with --watch");
		return EXIT_USAGE;
	}

	status = cmd_nl_open(&nl);
	if (status)
		return status;
	if (watching) {
		watch.json = json;
		status = status_watch_run(&nl, &watch);
		vtjob_nl_close(&nl);
		return status;
	}
	status = status_sample_take(&nl, &sample);
	if (!status && json)
		status_print_json(&sample.module, sample.cpus, sample.nr_cpus, stdout);
	else if (!status)
		status_print_table(&sample.module, sample.cpus, sample.nr_cpus, stdout);
	free(sample.cpus);
	vtjob_nl_close(&nl);
	return status;
}

const struct command status_command = {
	.name = "status",
	.summary = "show the module and every CPU",
	.help =
		"Usage: vtjobctl status [--json] [--watch [--interval SECONDS] [--count N]]\n"
		"\n"
		"Show the module's API version and how many CPUs are reserved, then\n"
		"one row per possible CPU: its state (free: the host's; idle: reserved,\n"
		"no job; busy: running a job), whether vtjob has it in VMX operation,\n"
		"the job and its runner's pid, and the jobs run and time spent in them\n"
		"since it was reserved.\n"
		"\n"
		"Options:\n"
		"  --json              print one JSON object instead, for scripts\n"
		"  --watch             show it again every second, as top does, in place on\n"
		"                      a terminal, with two more columns: JOB%, the share\n"
		"                      of the last interval the CPU spent in jobs (running\n"
		"                      ones count as they run), and EXITS/S, its VM exits\n"
		"                      a second; until interrupted. With --json, an object\n"
		"                      a line\n"
		"  --interval SECONDS  with --watch: this often instead, such as 2 or 0.5\n"
		"  --count N           with --watch: stop after N samples\n"
		"\n"
		"Exit status: 0 (also when --watch is interrupted), 1 if the module\n"
		"cannot be asked, 2 for a usage error, 125 if the vtjob module is not\n"
		"loaded.\n",
	.run = run_status,
};
