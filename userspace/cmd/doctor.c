// SPDX-License-Identifier: GPL-2.0
/* `vtjobctl doctor`: run the checks on this host and print the verdict. */
#include <stdio.h>
#include <stdlib.h>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

#include "lib/cli.h"
#include "commands.h"
#include "cmd/doctor.h"
#include "cmd/module_load.h"
#include "client/vtjob_device.h"

static bool host_cpuid(unsigned int leaf, struct cpuid_regs *regs)
{
#if defined(__x86_64__) || defined(__i386__)
	/* __get_cpuid() checks the highest leaf first, so this never lies. */
	return __get_cpuid(leaf, &regs->eax, &regs->ebx, &regs->ecx, &regs->edx);
#else
	(void)leaf;
	(void)regs;
	return false;
#endif
}

static const struct doctor_ops host_ops = {
	.cpuid = host_cpuid,
	.open_device = vtjob_device_open,
	.get_api_version = vtjob_get_api_version,
	.get_caps = vtjob_get_caps,
};

static int run_doctor(int argc, char **argv)
{
	static const struct option options[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const struct doctor_env host_env = {
		.sysroot = "",
		.ops = &host_ops,
		.load_command = cmd_module_load_command(),
	};
	struct doctor_report report;
	bool json = false;
	int opt;

	while ((opt = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
		switch (opt) {
		case 'j':
			json = true;
			break;
		case 'h':
			fputs(doctor_command.help, stdout);
			return EXIT_SUCCESS;
		default:
			return cli_bad_option("doctor", opt, options, argv);
		}
	}
	if (optind < argc) {
		cli_error("doctor takes no arguments, but got '%s'", argv[optind]);
		return EXIT_USAGE;
	}

	doctor_examine(&host_env, &report);
	if (json)
		doctor_print_json(&report, stdout);
	else
		doctor_print(&report, stdout);
	return doctor_first_failure(&report) ? EXIT_FAILURE : EXIT_SUCCESS;
}

const struct command doctor_command = {
	.name = "doctor",
	.summary = "check whether this host can run vtjob jobs",
	.help =
		"Usage: vtjobctl doctor [--json]\n"
		"\n"
		"Check whether this host can run vtjob jobs, and say what to do if not:\n"
		"the CPU, its VMX features, the firmware setting, KVM, kernel lockdown\n"
		"(Secure Boot), the vtjob module and whether it is signed with a key the\n"
		"kernel trusts, and /dev/vtjob. Some checks need root to be certain.\n"
		"\n"
		"Options:\n"
		"  --json  print one JSON object instead, for scripts: \"schema\",\n"
		"          \"can_run_jobs\", \"reason\" and the \"checks\"\n"
		"\n"
		"Exit status: 0 if the host can run jobs, 1 if not, 2 for a usage error.\n",
	.run = run_doctor,
};
