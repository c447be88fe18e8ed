/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the commands that talk to the module share: connecting, and
 * telling the user in one line why a request failed.
 */
#ifndef VTJOBCTL_NL_ERROR_H
#define VTJOBCTL_NL_ERROR_H

#include "client/vtjob_nl.h"
#include "lib/cli.h"

/* What every command exits with when the module is not loaded. */
#define EXIT_MODULE_NOT_LOADED	EXIT_OWN_FAILURE

/*
 * The one line for a module that is not loaded, whichever of its handles
 * (/dev/vtjob, the netlink family) the command found missing: @missing.
 * It names the command that loads it (cmd/module_load.h).
 */
void cmd_module_not_loaded(const char *missing);

/*
 * vtjob_nl_open(), saying why on stderr if it fails. Returns 0, or the
 * exit status for the failure: EXIT_MODULE_NOT_LOADED when the module is
 * not loaded, EXIT_FAILURE for anything else.
 */
int cmd_nl_open(struct vtjob_nl *nl);

/*
 * One line on stderr about @err, from a request that was @doing something
 * ("reserving CPUs"): the kernel's own message if it gave one, else what
 * the errno means here. Returns the exit status for it.
 */
int cmd_nl_failed(const char *doing, const struct vtjob_nl_error *err);

/* That line's text, for a report of its own (--json). */
void cmd_nl_error_text(const char *doing, const struct vtjob_nl_error *err,
		       char *text, size_t size);

#endif /* VTJOBCTL_NL_ERROR_H */
