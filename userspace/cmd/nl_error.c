// SPDX-License-Identifier: GPL-2.0
#include "cmd/nl_error.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/cli.h"
#include "cmd/module_load.h"

/* The capability that the family's admin-perm operations check. */
#define ADMIN_CAPABILITY	"CAP_SYS_ADMIN"

void cmd_module_not_loaded(const char *missing)
{
	cli_error("vtjob module is not loaded (%s is missing); "
		  "load it with '%s'; see 'vtjobctl doctor'", missing, cmd_module_load_command());
}

int cmd_nl_open(struct vtjob_nl *nl)
{
	struct vtjob_nl_error err;
	int ret;

	ret = vtjob_nl_open(nl, &err);
	if (ret == 0)
		return 0;
	if (ret != -ENOENT)
		return cmd_nl_failed("connecting to the vtjob module", &err);
	cmd_module_not_loaded("the generic netlink family '" VTJOB_GENL_NAME "'");
	return EXIT_MODULE_NOT_LOADED;
}

void cmd_nl_error_text(const char *doing, const struct vtjob_nl_error *err,
		       char *text, size_t size)
{
	if (err->message[0])
		snprintf(text, size, "%s", err->message);
	else if (err->errnum == EPERM)
		snprintf(text, size, "%s needs %s (run as root)", doing, ADMIN_CAPABILITY);
	else
		snprintf(text, size, "%s failed: %s", doing, strerror(err->errnum));
}

int cmd_nl_failed(const char *doing, const struct vtjob_nl_error *err)
{
	char text[sizeof(err->message) + 128];

	cmd_nl_error_text(doing, err, text, sizeof(text));
	cli_error("%s", text);
	return EXIT_FAILURE;
}
