/* SPDX-License-Identifier: GPL-2.0 */
/* `vtjobctl --version`: vtjobctl's version, and the loaded module's. */
#ifndef VTJOBCTL_VERSION_H
#define VTJOBCTL_VERSION_H

#include <stdbool.h>
#include <stdio.h>

/* What vtjobctl found out about the module. */
struct module_version {
	bool loaded;
	/* /sys/module/vtjob/version; "" when the module has none. */
	char version[64];
	/* From MODULE_GET, or 0 with why in @problem. */
	unsigned int api_version;
	char problem[256];
};

/*
 * The lines of `vtjobctl --version`: vtjobctl's own version and API, then
 * the module's, or that it is not loaded and @load_command loads it.
 */
void version_print(FILE *out, const char *vtjobctl_version,
		   const struct module_version *module, const char *load_command);

#endif /* VTJOBCTL_VERSION_H */
