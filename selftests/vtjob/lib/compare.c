// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"

#define BUSYBOX		"/bin/busybox"
/* How much of a command's output goes to the log. */
#define LOG_BYTES	600

void vtj_shell(struct vtj_output *run, const char *dir, const char *fmt, ...)
{
	char line[2048], command[2560];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	snprintf(command, sizeof(command), "cd %s && { %s\n}", dir, line);
	vtj_output_free(run);
	vtj_run_apart(command, run);
	/* Enough to see what happened; a whole sorted file is no use in a log. */
	fprintf(stderr, "# %s: exit %d\n%.*s%s%.*s", line, run->status, LOG_BYTES, run->out,
		strlen(run->out) > LOG_BYTES ? "...\n" : "", LOG_BYTES, run->err);
}

char *vtj_files_left(const char *dir)
{
	char command[256], *files = NULL;

	snprintf(command, sizeof(command),
		 "cd %s && find . -type f | sort | xargs -r sha256sum", dir);
	vtj_run(command, &files);
	return files ? files : strdup("");
}

void vtj_fresh_copy(const char *work, const char *name)
{
	char command[1024];

	/*
	 * cp -a keeps the files' times but not a symlink's: the link gets the
	 * second of the copy, which tar records. One fixed time for every link
	 * keeps the native and the job copy equal when they straddle a second.
	 */
	snprintf(command, sizeof(command),
		 "rm -rf %s/%s && mkdir -p %s/%s && cp -a %s/in %s/%s/ && "
		 "find %s/%s -type l -exec " BUSYBOX " touch -h -d '2020-01-01 00:00:00' {} +",
		 work, name, work, name, work, work, name, work, name);
	if (system(command))
		abort();
}
