// SPDX-License-Identifier: GPL-2.0
#include "cmd/module_load.h"

#include <libgen.h>
#include <stdbool.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MODPROBE_COMMAND	"modprobe vtjob"

/* Whether @tree, vtjobctl's directory's parent, holds the module's source. */
static bool is_source_tree(const char *tree)
{
	char kbuild[PATH_MAX];

	return snprintf(kbuild, sizeof(kbuild), "%s/kmod/Kbuild", tree) < (int)sizeof(kbuild) &&
	       access(kbuild, F_OK) == 0;
}

const char *cmd_module_load_command(void)
{
	static char command[PATH_MAX + 32];
	char exe[PATH_MAX], tree[PATH_MAX];
	ssize_t len;

	if (command[0])
		return command;
	snprintf(command, sizeof(command), "%s", MODPROBE_COMMAND);
	len = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (len <= 0)
		return command;
	exe[len] = '\0';
	/* dirname() twice: /tree/userspace/vtjobctl becomes /tree. */
	snprintf(tree, sizeof(tree), "%s", dirname(dirname(exe)));
	if (is_source_tree(tree))
		snprintf(command, sizeof(command), "insmod %s/kmod/vtjob.ko", tree);
	return command;
}
