// SPDX-License-Identifier: GPL-2.0
/* vtjobctl: the command-line tool for vtjob. Finds the command and runs it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/cli.h"
#include "commands.h"

/* Defined below: it needs the table, and the table lists it. */
static const struct command help_command;

static const struct command *const commands[] = {
	&reserve_command,
	&release_command,
	&status_command,
	&monitor_command,
	&exec_command,
	&make_command,
	&doctor_command,
	&version_command,
	&help_command,
};

#define NR_COMMANDS (sizeof(commands) / sizeof(commands[0]))

static const struct command *find_command(const char *name)
{
	size_t i;

	for (i = 0; i < NR_COMMANDS; i++)
		if (strcmp(commands[i]->name, name) == 0)
			return commands[i];
	return NULL;
}

static void print_usage(FILE *out)
{
	size_t i;

	fputs("Usage: vtjobctl [--help] [--version] <command> [<args>]\n"
	      "\n"
	      "Commands:\n", out);
	for (i = 0; i < NR_COMMANDS; i++)
		fprintf(out, "  %-10s%s\n", commands[i]->name, commands[i]->summary);
	fputs("\n"
	      "Run 'vtjobctl <command> --help' for what a command takes.\n", out);
}

static int unknown_command(const char *name)
{
	cli_error("'%s' is not a command; see 'vtjobctl --help'", name);
	return EXIT_USAGE;
}

static int run_help(int argc, char **argv)
{
	const struct command *command;

	if (argc < 2) {
		print_usage(stdout);
		return EXIT_SUCCESS;
	}
	if (argc > 2) {
		cli_error("help takes one command name, but got '%s' too", argv[2]);
		return EXIT_USAGE;
	}
	command = find_command(argv[1]);
	if (!command)
		return unknown_command(argv[1]);
	fputs(command->help, stdout);
	return EXIT_SUCCESS;
}

static const struct command help_command = {
	.name = "help",
	.summary = "show this list, or what a command takes",
	.help =
		"Usage: vtjobctl help [<command>]\n"
		"\n"
		"Without a command, list the commands; with one, show its help.\n",
	.run = run_help,
};

int main(int argc, char **argv)
{
	static const struct option options[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	static char version_name[] = "version";
	static char *version_argv[] = { version_name, NULL };
	const struct command *command;
	int opt;

	opterr = 0;
	/* '+': stop at the command's name, so its options stay its own. */
	while ((opt = getopt_long(argc, argv, "+:hV", options, NULL)) != -1) {
		switch (opt) {
		case 'h':
			print_usage(stdout);
			return EXIT_SUCCESS;
		case 'V':
			optind = 0;
			return version_command.run(1, version_argv);
		default:
			return cli_bad_option(NULL, opt, options, argv);
		}
	}

	if (optind == argc) {
		print_usage(stderr);
		return EXIT_USAGE;
	}

	command = find_command(argv[optind]);
	if (!command)
		return unknown_command(argv[optind]);

	argc -= optind;
	argv += optind;
	/* 0, not 1: glibc then also forgets where it was inside an option cluster. */
	optind = 0;
	return command->run(argc, argv);
}
