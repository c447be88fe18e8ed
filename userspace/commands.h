/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vtjobctl's subcommands. Adding one takes a cmd/<name>.c defining a
 * struct command, and a line in the table in vtjobctl.c.
 */
#ifndef VTJOBCTL_COMMANDS_H
#define VTJOBCTL_COMMANDS_H

struct command {
	const char *name;
	const char *summary;	/* one line for `vtjobctl --help` */
	const char *help;	/* the whole of `vtjobctl <name> --help` */
	/*
	 * argv[0] is the command's name, and getopt_long() is reset, so
	 * that run() parses its options as if it were a program of its own.
	 * Returns the exit status.
	 */
	int (*run)(int argc, char **argv);
};

extern const struct command doctor_command;
extern const struct command exec_command;
extern const struct command make_command;
extern const struct command monitor_command;
extern const struct command release_command;
extern const struct command reserve_command;
extern const struct command status_command;
extern const struct command version_command;

#endif /* VTJOBCTL_COMMANDS_H */
