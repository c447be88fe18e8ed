// SPDX-License-Identifier: GPL-2.0
/* `vtjobctl version` (and --version): which vtjobctl, which module. */
#include "cmd/version.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <linux/vtjob.h>

#include "lib/cli.h"
#include "lib/host_file.h"
#include "client/vtjob_nl.h"
#include "cmd/module_load.h"
#include "commands.h"

#ifndef VTJOBCTL_VERSION
#define VTJOBCTL_VERSION "unknown"
#endif

#define MODULE_DIR	"/sys/module/" VTJOB_DEVICE_NAME

void version_print(FILE *out, const char *vtjobctl_version,
		   const struct module_version *module, const char *load_command)
{
	fprintf(out, "vtjobctl %s (vtjob API %d)\n", vtjobctl_version, VTJOB_API_VERSION);
	if (!module->loaded) {
		fprintf(out, "module: not loaded; load it with '%s'\n", load_command);
		return;
	}
	fprintf(out, "module: vtjob %s", module->version[0] ? module->version : "(no version)");
	if (!module->api_version)
		fprintf(out, " (API unknown: %s)\n", module->problem);
	else if (module->api_version != VTJOB_API_VERSION)
		fprintf(out, " (vtjob API %u); vtjobctl needs API %d: use the two from one release\n",
			module->api_version, VTJOB_API_VERSION);
	else
		fprintf(out, " (vtjob API %u)\n", module->api_version);
}

/*
 * Only a module already loaded is asked: asking the netlink family of one
 * that is not would load it, as MODULE_ALIAS_GENL_FAMILY makes the kernel.
 */
static void read_module_version(struct module_version *module)
{
	struct vtjob_module_info info;
	struct vtjob_nl_error err;
	struct vtjob_nl nl;
	int ret;

	memset(module, 0, sizeof(*module));
	module->loaded = access(MODULE_DIR, F_OK) == 0;
	if (!module->loaded)
		return;
	if (host_file_read("", MODULE_DIR "/version", module->version, sizeof(module->version)))
		module->version[0] = '\0';

	ret = vtjob_nl_open(&nl, &err);
	if (ret == 0) {
		ret = vtjob_nl_get_module(&nl, &info, &err);
		vtjob_nl_close(&nl);
	}
	if (ret == 0)
		module->api_version = info.api_version;
	else if (ret == -ENOENT)
		snprintf(module->problem, sizeof(module->problem),
			 "its netlink family '%s' is missing", VTJOB_GENL_NAME);
	else
		snprintf(module->problem, sizeof(module->problem), "%s",
			 err.message[0] ? err.message : strerror(err.errnum));
}

static int run_version(int argc, char **argv)
{
	static const struct option options[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct module_version module;
	int opt;

	while ((opt = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
		switch (opt) {
		case 'h':
			fputs(version_command.help, stdout);
			return EXIT_SUCCESS;
		default:
			return cli_bad_option("version", opt, options, argv);
		}
	}
	if (optind < argc) {
		cli_error("version takes no arguments, but got '%s'", argv[optind]);
		return EXIT_USAGE;
	}

	read_module_version(&module);
	version_print(stdout, VTJOBCTL_VERSION, &module, cmd_module_load_command());
	return EXIT_SUCCESS;
}

const struct command version_command = {
	.name = "version",
	.summary = "show vtjobctl's version and the loaded module's",
	.help =
		"Usage: vtjobctl version\n"
		"       vtjobctl --version\n"
		"\n"
		"Show vtjobctl's version and the vtjob API it was built for, then the\n"
		"loaded module's version and API, or that the module is not loaded\n"
		"(this does not load it). vtjobctl and the module work together only\n"
		"with the same API.\n"
		"\n"
		"Exit status: 0, or 2 for a usage error.\n",
	.run = run_version,
};
