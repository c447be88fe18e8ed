/* SPDX-License-Identifier: GPL-2.0 */
/*
 * `vtjobctl make`'s command line, without side effects, so that unit tests
 * can check it: where vtjobctl's exec options end and make's arguments
 * begin, what make's arguments say about -j, -C and SHELL, and the SHELL
 * value that makes every recipe line a job.
 */
#ifndef VTJOBCTL_MAKE_ARGS_H
#define VTJOBCTL_MAKE_ARGS_H

#include <stdbool.h>
#include <stddef.h>

/* One of vtjobctl exec's options, as given: "--mem" and "1G". */
struct make_exec_option {
	const char *name;	/* "--mem", "--rw", "--strace", ... */
	const char *value;	/* NULL for a flag */
};

/*
 * argv[1..] of `vtjobctl make` split: the exec options it starts with
 * (--cpu, --mem, --timeout, --rw, --ro, --strace, --stats-jsonl, as "--name value" or
 * "--name=value"; not --no-files, since a build needs its files), then, after a "--" or from the first
 * argument that is none of them, make's arguments.
 */
struct make_command_line {
	struct make_exec_option *options;	/* malloc'd */
	size_t nr_options;
	bool help;				/* --help came before make's arguments */
	char **make_args;			/* within argv */
	int nr_make_args;
};

/*
 * Splits @argv (argv[0] the command's name). Returns 0, or -1 with one
 * line in @err: an exec option without its value, or no memory.
 */
int make_split_command_line(int argc, char **argv, struct make_command_line *line,
			    char *err, size_t errlen);
void make_command_line_free(struct make_command_line *line);

/* What make's own arguments ask for, as make reads them. */
struct make_args_seen {
	bool jobs;		/* -j, -jN, --jobs[=N], or j in a cluster such as -kj4 */
	/*
	 * The directory make runs in, from its -C/--directory options
	 * applied in order to @cwd (absolute), malloc'd; @cwd when none.
	 */
	char *directory;
	int shell_index;	/* the last SHELL=VALUE among the arguments, or -1 */
};

/* Returns 0, or -1 with no memory. */
int make_args_scan(char *const *args, int nr, const char *cwd, struct make_args_seen *seen);

/*
 * @word quoted as make splits SHELL into words (as sh does: in single
 * quotes where it has anything but letters, digits and _@%+=:,./-), with
 * every '$' doubled, since make expands the value. Appended to @buf (of
 * @size, holding a string); returns -1 if it does not fit.
 */
int make_append_shell_word(char *buf, size_t size, const char *word);

#endif /* VTJOBCTL_MAKE_ARGS_H */
