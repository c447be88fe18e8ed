// SPDX-License-Identifier: GPL-2.0
#include "lib/cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

volatile sig_atomic_t cli_stop_signal;

static void on_stop_signal(int signo)
{
	cli_stop_signal = signo;
}

int cli_catch_stop_signals(void)
{
	struct sigaction action;

	memset(&action, 0, sizeof(action));
	action.sa_handler = on_stop_signal;
	sigemptyset(&action.sa_mask);
	if (sigaction(SIGINT, &action, NULL) < 0 || sigaction(SIGTERM, &action, NULL) < 0) {
		cli_error("cannot catch SIGINT and SIGTERM: %s", strerror(errno));
		return -1;
	}
	return 0;
}

void cli_error(const char *fmt, ...)
{
	va_list ap;

	fputs("vtjobctl: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* Whether @arg ("--name" or "--name=value") names a long option with value @val. */
static bool is_long_option(const char *arg, const struct option *longopts, int val)
{
	size_t len;

	if (strncmp(arg, "--", 2) != 0)
		return false;
	arg += 2;
	len = strcspn(arg, "=");
	for (; longopts->name; longopts++)
		if (strncmp(longopts->name, arg, len) == 0 && longopts->val == val)
			return true;
	return false;
}

int cli_bad_option(const char *command, int getopt_result,
		   const struct option *longopts, char *const argv[])
{
	/*
	 * getopt_long() leaves optopt at 0 for a long option it does not
	 * know and sets it to the option's value for other errors. A long
	 * option is always the argument just consumed; a short one may sit
	 * inside a cluster like -vx, so go by optopt alone for those.
	 */
	const char *arg = argv[optind - 1];
	bool is_long = optopt == 0 || is_long_option(arg, longopts, optopt);
	char short_option[3] = { '-', (char)optopt, '\0' };
	const char *problem;

	if (getopt_result == ':')
		problem = "needs a value";
	else if (optopt != 0 && is_long)
		problem = "takes no value";
	else
		problem = "is not known";

	if (!is_long)
		arg = short_option;
	cli_error("option '%.*s' %s; see 'vtjobctl%s%s --help'",
		  (int)strcspn(arg, "="), arg, problem,
		  command ? " " : "", command ? command : "");
	return EXIT_USAGE;
}
