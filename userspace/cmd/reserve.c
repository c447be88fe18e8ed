// SPDX-License-Identifier: GPL-2.0
/* `vtjobctl reserve`: reserve CPUs for jobs, and keep the host off them. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "lib/cli.h"
#include "cmd/cpus_change_json.h"
#include "cmd/isolation_sync.h"
#include "cmd/nl_error.h"
#include "commands.h"
#include "lib/cpu_set.h"
#include "lib/host_file.h"

/*
 * The module refused a CPU whose SMT sibling would stay with the host:
 * name the core, as the kernel's topology lists it, and the way out.
 */
static void smt_sibling_refused(const struct vtjob_nl_error *err)
{
	char path[96], siblings[64];

	snprintf(path, sizeof(path), "/sys/devices/system/cpu/cpu%d/topology/thread_siblings_list",
		 err->cpu);
	if (err->cpu < 0 || host_file_read("", path, siblings, sizeof(siblings)))
		cli_error("%s; reserve whole cores, or pass --allow-smt-sibling", err->message);
	else
		cli_error("%s (its core is CPUs %s); reserve them together, or pass "
			  "--allow-smt-sibling", err->message, siblings);
}

static int run_reserve(int argc, char **argv)
{
	static const struct option options[] = {
		{ "no-isolate", no_argument, NULL, 'n' },
		{ "allow-smt-sibling", no_argument, NULL, 's' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct vtjob_nl_error err;
	char problem[256], description[CPUS_DESCRIPTION_MAX];
	char failure[sizeof(err.message) + 128], isolation_problem[768];
	struct cpus_change change = { .command = "reserve" };
	struct isolation_report report = { .nr_steps = 0 };
	bool isolate = true, allow_smt_sibling = false, json = false;
	struct vtjob_nl nl;
	struct cpus cpus;
	int opt, status = EXIT_SUCCESS;

	while ((opt = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
		switch (opt) {
		case 'n':
			isolate = false;
			break;
		case 's':
			allow_smt_sibling = true;
			break;
		case 'j':
			json = true;
			break;
		case 'h':
			fputs(reserve_command.help, stdout);
			return EXIT_SUCCESS;
		default:
			return cli_bad_option("reserve", opt, options, argv);
		}
	}
	if (optind == argc) {
		cli_error("reserve needs a CPU list, such as 1 or 2-3; see 'vtjobctl reserve --help'");
		return EXIT_USAGE;
	}
	if (optind + 1 < argc) {
		cli_error("reserve takes one CPU list, but got '%s' too", argv[optind + 1]);
		return EXIT_USAGE;
	}
	if (cpus_parse(argv[optind], &cpus, problem, sizeof(problem))) {
		cli_error("%s", problem);
		return EXIT_USAGE;
	}

	change.cpus = argv[optind];

	status = cmd_nl_open(&nl);
	if (status)
		return status;
	if (vtjob_nl_reserve(&nl, &cpus, allow_smt_sibling, &err)) {
		if (err.errnum == EXDEV && err.message[0]) {
			smt_sibling_refused(&err);
			status = EXIT_FAILURE;
		} else {
			status = cmd_nl_failed("reserving CPUs", &err);
		}
		cmd_nl_error_text("reserving CPUs", &err, failure, sizeof(failure));
		change.error = failure;
	} else {
		change.done = true;
		cpus_describe(&cpus, description, sizeof(description));
		if (!json)
			printf("reserved %s\n", description);
		if (isolate) {
			status = cmd_isolation_update(&nl, &cpus, json ? &report : NULL,
						      isolation_problem, sizeof(isolation_problem));
			change.isolation = &report;
			if (isolation_problem[0])
				change.isolation_error = isolation_problem;
		}
	}
	if (json)
		cpus_change_print_json(&change, stdout);
	isolation_report_free(&report);
	vtjob_nl_close(&nl);
	return status;
}

const struct command reserve_command = {
	.name = "reserve",
	.summary = "reserve CPUs for jobs and keep the host off them",
	.help =
		"Usage: vtjobctl reserve CPULIST [--no-isolate] [--allow-smt-sibling] [--json]\n"
		"\n"
		"Reserve the CPUs in CPULIST for vtjob jobs: each enters VMX operation\n"
		"under vtjob. All or none are reserved, and the host keeps at least one\n"
		"online CPU. CPULIST is in the kernel's syntax, as for taskset -c:\n"
		"1, 2-3, 1,4-5. Reserving a reserved CPU changes nothing.\n"
		"\n"
		"A CPU whose SMT sibling (another thread of its core) would stay with the\n"
		"host is refused: the two share the caches and buffers that the\n"
		"flushes at VM entry and exit protect. So are all CPUs while the CPU has\n"
		"a speculative-execution vulnerability vtjob cannot mitigate, unless the\n"
		"module's allow_unmitigated parameter names it; 'vtjobctl doctor' lists\n"
		"them.\n"
		"\n"
		"Then keep the host off the reserved CPUs, one line per step:\n"
		"  cpuset      make /sys/fs/cgroup/vtjob a cpuset partition of them, which\n"
		"              takes them from every other cgroup's tasks\n"
		"  irqs        move device interrupts off them\n"
		"  irqbalance  keep irqbalance from moving them back: under systemd, a\n"
		"              drop-in with IRQBALANCE_BANNED_CPULIST, and a restart;\n"
		"              otherwise a warning naming that variable\n"
		"  workqueues  keep unbound kernel work off them\n"
		"  watchdog    keep the lockup detector off them: its timer would wake\n"
		"              a kernel thread there every 4 s, preempting the job\n"
		"  vmstat      fold memory statistics every 10 s, not every second: after\n"
		"              a job's system calls, two kernel work items preempt it that\n"
		"              far apart\n"
		"A step that cannot be done says why, and the next one runs. What was\n"
		"changed is kept in /run/vtjob/isolation; 'vtjobctl release' puts it back.\n"
		"\n"
		"Options:\n"
		"  --no-isolate         reserve only; leave the host as it is\n"
		"  --allow-smt-sibling  reserve CPUs even if an SMT sibling of theirs stays\n"
		"                       with the host\n"
		"  --json               print one JSON object instead of the lines, for\n"
		"                       scripts: \"schema\", \"done\", \"error\" and each\n"
		"                       step's \"result\" and \"message\" in \"isolation\"\n"
		"\n"
		"Needs root. Exit status: 0 if the CPUs are reserved, 1 if not or if the\n"
		"changes to the host cannot be recorded, 2 for a usage error (a bad\n"
		"CPULIST too), 125 if the vtjob module is not loaded.\n",
	.run = run_reserve,
};
