/* SPDX-License-Identifier: GPL-2.0 */
/* What every vtjobctl command shares in talking to the user. */
#ifndef VTJOBCTL_CLI_H
#define VTJOBCTL_CLI_H

#include <getopt.h>
#include <signal.h>

/* Exit status for a command line vtjobctl cannot make sense of. */
#define EXIT_USAGE	2

/*
 * vtjobctl failed itself, not the program it was to run, as timeout(1),
 * env(1) and nice(1) exit when they do: the module is not loaded, or exec
 * could not start the job (a bad option, no reserved CPU, too little
 * memory) or lost it (the locked-memory limit, a module failure). A job's own 1 or 2 stays its own.
 */
#define EXIT_OWN_FAILURE	125

/*
 * 0, or the signal (SIGINT, SIGTERM) that asked vtjobctl to stop, once
 * cli_catch_stop_signals() set it up.
 */
extern volatile sig_atomic_t cli_stop_signal;

/*
 * SIGINT and SIGTERM set cli_stop_signal, without SA_RESTART, so that the
 * call they interrupt (VTJOB_RUN, a write for the job, a sleep between
 * samples) ends and its caller sees them. Returns 0, or -1 having said why.
 */
int cli_catch_stop_signals(void);

/* One line on stderr: "vtjobctl: <message>". */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Say which option getopt_long() rejected with @getopt_result, and
 * return EXIT_USAGE. Call getopt_long() with opterr = 0 and an optstring
 * that starts with ':' (after any '+'), so that it reports missing values
 * as ':' and stays quiet itself. @command is NULL for vtjobctl's own
 * options.
 */
int cli_bad_option(const char *command, int getopt_result,
		   const struct option *longopts, char *const argv[]);

#endif /* VTJOBCTL_CLI_H */
