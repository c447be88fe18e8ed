/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the commands that talk to the module share: connecting, and
 * telling the user in one line why a request failed.
 */
#ifndef VTJOBCTL_NL_ERROR_H
#define VTJOBCTL_NL_ERROR_H

#include "client/vtjob_nl.h"

/*
 * The one line for a module that is not loaded, whichever of its handles
 * (/dev/vtjob, the netlink family) the command found missing: @missing.
 */
void cmd_module_not_loaded(const char *missing);

/*
 * vtjob_nl_open(), saying why on stderr if it fails. Returns 0 or its
 * -errno: -ENOENT when the module is not loaded.
 */
int cmd_nl_open(struct vtjob_nl *nl);

/*
 * One line on stderr about @err, from a request that was @doing something
 * ("reserving CPUs"): the kernel's own message if it gave one, else what
 * the errno means here. Returns the exit status for it.
 */
int cmd_nl_failed(const char *doing, const struct vtjob_nl_error *err);

#endif /* VTJOBCTL_NL_ERROR_H */
