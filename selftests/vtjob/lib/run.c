// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "clock.h"
#include "files.h"
#include "run.h"

extern char **environ;

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

int vtj_run_quietly(const char *command)
{
	char *out = NULL;
	int status = vtj_run(command, &out);

	if (status)
		fprintf(stderr, "# %s: exit %d: %s", command, status, out ? out : "");
	free(out);
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

/* vtj_start() and vtj_start_piped(): stderr into @err_pipe[1] if given. */
static pid_t start(char *const argv[], const char *out_path, const char *err_path,
		   const int *err_pipe)
{
	const int create = O_WRONLY | O_CREAT | O_TRUNC;
	posix_spawn_file_actions_t actions;
	pid_t pid;
	int err;

	err = posix_spawn_file_actions_init(&actions);
	if (!err)
		err = posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null",
						       O_RDONLY, 0);
	if (!err)
		err = posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO,
						       out_path ? out_path : "/dev/null",
						       create, 0644);
	if (!err && err_pipe)
		err = posix_spawn_file_actions_adddup2(&actions, err_pipe[1], STDERR_FILENO);
	else if (!err && out_path && err_path && !strcmp(out_path, err_path))
		err = posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
	else if (!err)
		err = posix_spawn_file_actions_addopen(&actions, STDERR_FILENO,
						       err_path ? err_path : "/dev/null",
						       create, 0644);
	if (!err)
		err = posix_spawnp(&pid, argv[0], &actions, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&actions);
	if (err) {
		errno = err;
		return -1;
	}
	return pid;
}

pid_t vtj_start(char *const argv[], const char *out_path, const char *err_path)
{
	return start(argv, out_path, err_path, NULL);
}

pid_t vtj_start_piped(char *const argv[], const char *out_path, int *err_fd)
{
	int fds[2];
	pid_t pid;

	if (pipe2(fds, O_CLOEXEC))
		return -1;
	pid = start(argv, out_path, NULL, fds);
	close(fds[1]);
	if (pid < 0)
		close(fds[0]);
	else
		*err_fd = fds[0];
	return pid;
}

int vtj_wait_for(pid_t pid, double timeout_s, int *status)
{
	double deadline = vtj_now_s() + timeout_s;

	do {
		pid_t got = waitpid(pid, status, WNOHANG);

		if (got == pid)
			return 0;
		if (got < 0)
			return -errno;
		usleep(20 * 1000);
	} while (vtj_now_s() < deadline);
	return -ETIMEDOUT;
}

int vtj_lines(const char *text)
{
	int n = 0;

	for (; text && *text; text++)
		n += *text == '\n';
	return n;
}
