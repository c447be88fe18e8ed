// SPDX-License-Identifier: GPL-2.0
/* `vtjobctl release`: give reserved CPUs back to the host. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/cli.h"
#include "cmd/cpus_change_json.h"
#include "cmd/isolation_sync.h"
#include "cmd/nl_error.h"
#include "commands.h"
#include "lib/cpu_set.h"

static int run_release(int argc, char **argv)
{
	static const struct option options[] = {
		{ "force", no_argument, NULL, 'f' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct vtjob_nl_error err;
	char problem[256], description[CPUS_DESCRIPTION_MAX];
	char failure[sizeof(err.message) + 128], isolation_problem[768];
	struct cpus_change change = { .command = "release" };
	struct isolation_report report = { .nr_steps = 0 };
	bool force = false, json = false, connected, all;
	struct vtjob_nl nl;
	struct cpus cpus;
	int opt, status;

	while ((opt = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
		switch (opt) {
		case 'f':
			force = true;
			break;
		case 'j':
			json = true;
			break;
		case 'h':
			fputs(release_command.help, stdout);
			return EXIT_SUCCESS;
		default:
			return cli_bad_option("release", opt, options, argv);
		}
	}
	if (optind == argc) {
		cli_error("release needs a CPU list or 'all'; see 'vtjobctl release --help'");
		return EXIT_USAGE;
	}
	if (optind + 1 < argc) {
		cli_error("release takes one CPU list or 'all', but got '%s' too",
			  argv[optind + 1]);
		return EXIT_USAGE;
	}
	all = strcmp(argv[optind], "all") == 0;
	if (!all && cpus_parse(argv[optind], &cpus, problem, sizeof(problem))) {
		cli_error("%s", problem);
		return EXIT_USAGE;
	}

	change.cpus = argv[optind];

	status = cmd_nl_open(&nl);
	connected = status == 0;
	if (status == EXIT_MODULE_NOT_LOADED) {
		/*
		 * Without the module no CPU is reserved: the isolation left
		 * from before it was unloaded can all go back. The release
		 * itself did not happen, so the exit status still says so.
		 */
		change.error = "the vtjob module is not loaded";
	} else if (status) {
		return status;
	} else if (vtjob_nl_release(&nl, all ? NULL : &cpus, force, &err)) {
		status = cmd_nl_failed("releasing CPUs", &err);
		cmd_nl_error_text("releasing CPUs", &err, failure, sizeof(failure));
		change.error = failure;
	} else {
		change.done = true;
		cpus_describe(&cpus, description, sizeof(description));
		if (!json)
			printf("released %s\n", all ? "every reserved CPU" : description);
	}

	/* Whatever the module let go, even before a refusal, goes back to the host. */
	if (change.done || !connected) {
		change.isolation = &report;
		if (cmd_isolation_update(connected ? &nl : NULL, NULL, json ? &report : NULL,
					 isolation_problem, sizeof(isolation_problem)) && !status)
			status = EXIT_FAILURE;
		if (isolation_problem[0])
			change.isolation_error = isolation_problem;
	}
	if (json)
		cpus_change_print_json(&change, stdout);
	isolation_report_free(&report);
	if (connected)
		vtjob_nl_close(&nl);
	return status;
}

const struct command release_command = {
	.name = "release",
	.summary = "give reserved CPUs back to the host",
	.help =
		"Usage: vtjobctl release CPULIST|all [--force] [--json]\n"
		"\n"
		"Release the CPUs in CPULIST, or every reserved CPU: each leaves VMX\n"
		"operation and is the host's again. A CPU running a job is refused\n"
		"unless --force is given, which ends the job.\n"
		"\n"
		"Then undo what 'vtjobctl reserve' changed on the host for them, one line\n"
		"per step: the cpuset partition shrinks to the CPUs still reserved, or\n"
		"goes; IRQ affinities and the workqueue mask get their saved values\n"
		"back, less the CPUs still reserved; irqbalance's drop-in follows them,\n"
		"or goes. Once none is reserved, everything\n"
		"is as it was before the first reserve. CPUs the module let go by\n"
		"itself (gone offline) are given back too, and with the module\n"
		"unloaded everything is, though the exit status is then 125.\n"
		"\n"
		"Options:\n"
		"  --force  release CPUs even while they run jobs\n"
		"  --json   print one JSON object instead of the lines, for scripts, as\n"
		"           reserve --json does\n"
		"\n"
		"Needs root. Exit status: 0 if the CPUs are released, 1 if not or if the\n"
		"changes to the host cannot be recorded, 2 for a usage error (a bad\n"
		"CPULIST too), 125 if the vtjob module is not loaded.\n",
	.run = run_release,
};
