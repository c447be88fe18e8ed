// SPDX-License-Identifier: GPL-2.0
/* `vtjobctl status`: the module and every CPU, as the module reports them. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "lib/cli.h"
#include "cmd/nl_error.h"
#include "commands.h"
#include "cmd/status_format.h"

struct cpu_list {
	struct vtjob_cpu_info *cpus;
	size_t nr_cpus;
};

static int append_cpu(const struct vtjob_cpu_info *cpu, void *arg)
{
	struct cpu_list *list = arg;
	struct vtjob_cpu_info *cpus;

	cpus = realloc(list->cpus, (list->nr_cpus + 1) * sizeof(*cpus));
	if (!cpus)
		return -ENOMEM;
	cpus[list->nr_cpus++] = *cpu;
	list->cpus = cpus;
	return 0;
}

static int run_status(int argc, char **argv)
{
	static const struct option options[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct cpu_list list = { NULL, 0 };
	struct vtjob_module_info module;
	struct vtjob_nl_error err;
	struct vtjob_nl nl;
	bool json = false;
	int opt, status = EXIT_SUCCESS;

	while ((opt = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
		switch (opt) {
		case 'j':
			json = true;
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

	status = cmd_nl_open(&nl);
	if (status)
		return status;
	if (vtjob_nl_get_module(&nl, &module, &err))
		status = cmd_nl_failed("asking the module about itself", &err);
	else if (vtjob_nl_dump_cpus(&nl, append_cpu, &list, &err))
		status = cmd_nl_failed("listing CPUs", &err);
	else if (json)
		status_print_json(&module, list.cpus, list.nr_cpus, stdout);
	else
		status_print_table(&module, list.cpus, list.nr_cpus, stdout);
	free(list.cpus);
	vtjob_nl_close(&nl);
	return status;
}

const struct command status_command = {
	.name = "status",
	.summary = "show the module and every CPU",
	.help =
		"Usage: vtjobctl status [--json]\n"
		"\n"
		"Show the module's API version and how many CPUs are reserved, then\n"
		"one row per possible CPU: its state (free: the host's; idle: reserved,\n"
		"no job; busy: running a job), whether vtjob has it in VMX operation,\n"
		"the job and its runner's pid, and the jobs run and time spent in them\n"
		"since it was reserved.\n"
		"\n"
		"Options:\n"
		"  --json  print one JSON object instead, for scripts\n"
		"\n"
		"Exit status: 0, 1 if the module cannot be asked, 2 for a usage error,\n"
		"125 if the vtjob module is not loaded.\n",
	.run = run_status,
};
