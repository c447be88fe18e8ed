/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Commands, run through the shell as a user would type them (vtjobctl,
 * busybox, the jobs natively), and what they printed.
 */
#ifndef VTJOB_SELFTEST_LIB_RUN_H
#define VTJOB_SELFTEST_LIB_RUN_H

#include <sys/types.h>

/*
 * Runs `@command 2>&1` through the shell: its stdout, and the stderr of
 * the last command in it, which is all that 2>&1 binds to (all of it when
 * @command is one compound command), malloc'd in *output. Its exit
 * status, or -1 if it could not run or was killed.
 */
int vtj_run(const char *command, char **output);

/*
 * Runs @command as vtj_run() does, for its status alone: what it said goes
 * to the log only when that is not 0.
 */
int vtj_run_quietly(const char *command);

/* What a command did, its stdout and stderr apart. */
struct vtj_output {
	int status;
	char *out;
	char *err;
};

/*
 * Runs a shell command with its stdout and stderr apart, for the tests
 * that tell what a command says from what it complains of. Fills all of
 * @output, whatever it held (free that first); out and err are never NULL
 * then: "" without stdout, "(no stderr file)" if stderr was lost. Returns
 * the status, as vtj_run() does.
 */
int vtj_run_apart(const char *command, struct vtj_output *output);
void vtj_output_free(struct vtj_output *output);

/*
 * `vtjobctl ARGS`, ARGS from @fmt, as a user runs it, into @output (what
 * it held is freed first: zero it before the first call); the command,
 * its status and all it said go to the log.
 */
void __attribute__((format(printf, 2, 3)))
vtj_vtjobctl(struct vtj_output *output, const char *fmt, ...);

/*
 * Starts @argv (argv[0] looked up on PATH) in the background, as a
 * user's shell would with "&": stdin from /dev/null, stdout into
 * @out_path and stderr into @err_path, each created or emptied, or
 * /dev/null if NULL; the same path twice is one file for both. Its pid,
 * or -1 with errno set.
 */
pid_t vtj_start(char *const argv[], const char *out_path, const char *err_path);

/*
 * The same, with stderr into a pipe whose read end (close-on-exec) is
 * left in *@err_fd: for a program whose stderr must not be a file it
 * could seek in or grow, and which the caller reads as it runs.
 */
pid_t vtj_start_piped(char *const argv[], const char *out_path, int *err_fd);

/*
 * Waits at most @timeout_s for @pid, a child: 0 with its wait status in
 * *@status, or -ETIMEDOUT with the child left as it is.
 */
int vtj_wait_for(pid_t pid, double timeout_s, int *status);

/* The number of lines in @text, a command's output; 0 for NULL. */
int vtj_lines(const char *text);

#endif /* VTJOB_SELFTEST_LIB_RUN_H */
