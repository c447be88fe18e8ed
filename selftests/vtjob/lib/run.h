/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Commands, run through the shell as a user would type them (vtjobctl,
 * busybox, the jobs natively), and what they printed.
 */
#ifndef VTJOB_SELFTEST_LIB_RUN_H
#define VTJOB_SELFTEST_LIB_RUN_H

/*
 * Runs `@command 2>&1` through the shell: its stdout, and the stderr of
 * the last command in it, which is all that 2>&1 binds to (all of it when
 * @command is one compound command), malloc'd in *output. Its exit
 * status, or -1 if it could not run or was killed.
 */
int vtj_run(const char *command, char **output);

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

/* The number of lines in @text, a command's output; 0 for NULL. */
int vtj_lines(const char *text);

#endif /* VTJOB_SELFTEST_LIB_RUN_H */
