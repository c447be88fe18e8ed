// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "files.h"
#include "run.h"

/* @shell_line through sh -c, its stdout in *output. */
static int run_shell(const char *shell_line, char **output)
{
	size_t len = 0;
	FILE *out = open_memstream(output, &len);
	FILE *pipe;
	char buf[4096];
	size_t n;
	int status;

	if (!out)
		return -1;
	pipe = popen(shell_line, "r");
	if (!pipe) {
		fclose(out);
		return -1;
	}
	while ((n = fread(buf, 1, sizeof(buf), pipe)) > 0)
		fwrite(buf, 1, n, out);
	status = pclose(pipe);
	fclose(out);
	if (status < 0 || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

int vtj_run(const char *command, char **output)
{
	char *shell_line;
	int status;

	if (asprintf(&shell_line, "%s 2>&1", command) < 0)
		return -1;
	status = run_shell(shell_line, output);
	free(shell_line);
	return status;
}

int vtj_run_apart(const char *command, struct vtj_output *output)
{
	char err_path[64], *shell_line;

	/*
	 * Per user as well as per process: /tmp is sticky, and a test that
	 * runs a command as nobody could not reuse a file root left there.
	 */
	snprintf(err_path, sizeof(err_path), "/tmp/vtj_run.%u.%d.err", getuid(), getpid());
	output->out = NULL;
	output->err = NULL;
	/* The newline ends @command even where it ends with '&' or a comment. */
	if (asprintf(&shell_line, "{ %s\n} 2>%s", command, err_path) < 0) {
		output->status = -1;
	} else {
		output->status = run_shell(shell_line, &output->out);
		free(shell_line);
		output->err = vtj_read_file(err_path);
		unlink(err_path);
	}
	if (!output->out)
		output->out = strdup("");
	if (!output->err)
		output->err = strdup("(no stderr file)");
	return output->status;
}

void vtj_output_free(struct vtj_output *output)
{
	free(output->out);
	free(output->err);
	output->out = output->err = NULL;
}

void vtj_vtjobctl(struct vtj_output *output, const char *fmt, ...)
{
	char command[4096];
	int len = snprintf(command, sizeof(command), "vtjobctl ");
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(command + len, sizeof(command) - len, fmt, ap);
	va_end(ap);
	vtj_output_free(output);
	vtj_run_apart(command, output);
	fprintf(stderr, "# %s: exit %d\n%s%s", command, output->status, output->out, output->err);
}

int vtj_lines(const char *text)
{
	int n = 0;

	for (; text && *text; text++)
		n += *text == '\n';
	return n;
}
