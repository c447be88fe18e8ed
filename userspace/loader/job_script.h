/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Scripts, as execve() runs them (fs/binfmt_script.c): a file whose first
 * line is "#!INTERPRETER [ARGUMENT]" runs INTERPRETER with the ARGUMENT,
 * if any, and the script's path in front of the script's own arguments.
 */
#ifndef VTJOBCTL_JOB_SCRIPT_H
#define VTJOBCTL_JOB_SCRIPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What Linux reads of a file to tell its kind (BINPRM_BUF_SIZE). */
#define JOB_SCRIPT_HEAD_SIZE	256

/*
 * How many times execve() follows an interpreter that is a script
 * itself: Linux's limit, past which it fails with ELOOP.
 */
#define JOB_SCRIPT_MAX_DEPTH	5

struct job_script {
	char interp[JOB_SCRIPT_HEAD_SIZE];	/* the interpreter, as the line names it */
	char arg[JOB_SCRIPT_HEAD_SIZE];		/* the one argument, spaces and all */
	bool has_arg;
};

/*
 * Whether @head, a file's first @size bytes (at most
 * JOB_SCRIPT_HEAD_SIZE count), starts with "#!": 1 with @script filled in
 * as Linux parses the line (the interpreter ends at the first space, tab
 * or NUL; the rest of the line, trimmed, is one argument; a file of just
 * "#!" names "", which execve() cannot find); 0 when it is no script;
 * -ENOEXEC when the line names no interpreter, or one cut short by the
 * end of what Linux reads.
 */
int job_script_parse(const uint8_t *head, size_t size, struct job_script *script);

/*
 * The interpreter's argv in place of the script's @argv: the
 * interpreter, the argument if any, @path (what execve() was given for
 * the script), then @argv without its first string. A malloc'd
 * NULL-terminated array of malloc'd strings, or NULL when out of memory.
 */
char **job_script_argv(const struct job_script *script, const char *path, char *const *argv);

#endif /* VTJOBCTL_JOB_SCRIPT_H */
