// SPDX-License-Identifier: GPL-2.0
/* `vtjobctl monitor`: print the module's events as they come. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>

#include "lib/cli.h"
#include "cmd/nl_error.h"
#include "commands.h"
#include "cmd/event_format.h"

struct monitor_style {
	bool json;
	bool timestamps;	/* -t: each line with the time it was read */
};

/* Now, for -t; NULL without it. */
static const struct timespec *now(const struct monitor_style *style, struct timespec *when)
{
	if (!style->timestamps)
		return NULL;
	clock_gettime(CLOCK_REALTIME, when);
	return when;
}

/*
 * Each line goes out at once: a script reading through a pipe must not
 * wait for a buffer to fill.
 */
static void print_event(const struct vtjob_event *event, void *arg)
{
	const struct monitor_style *style = arg;
	struct timespec when;

	event_print(event, style->json, now(style, &when), stdout);
	fflush(stdout);
}

static void print_notice(const char *name, const struct monitor_style *style)
{
	struct timespec when;

	event_print_notice(name, style->json, now(style, &when), stdout);
	fflush(stdout);
}

/*
 * Until SIGINT or SIGTERM arrives on @stop_fd, or the module goes.
 * Returns the exit status.
 */
static int watch(struct vtjob_nl *nl, int stop_fd, const struct monitor_style *style)
{
	struct pollfd fds[2] = {
		{ .fd = vtjob_nl_fd(nl), .events = POLLIN },
		{ .fd = stop_fd, .events = POLLIN },
	};
	struct vtjob_nl_error err;
	int ret;

	for (;;) {
		if (poll(fds, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			cli_error("cannot wait for events: %s", strerror(errno));
			return EXIT_FAILURE;
		}
		if (fds[1].revents)
			return EXIT_SUCCESS;
		if (!fds[0].revents)
			continue;

		ret = vtjob_nl_read_events(nl, print_event, (void *)style, &err);
		if (ret == -ENOBUFS) {
			print_notice("events-lost", style);
		} else if (ret == -ENODEV) {
			print_notice("module-unloaded", style);
			return EXIT_SUCCESS;
		} else if (ret) {
			return cmd_nl_failed("reading events", &err);
		}
	}
}

static int run_monitor(int argc, char **argv)
{
	static const struct option options[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "timestamp", no_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct monitor_style style = { .json = false, .timestamps = false };
	struct vtjob_nl_error err;
	struct vtjob_nl nl;
	sigset_t stop_signals;
	int opt, status, stop_fd;

	while ((opt = getopt_long(argc, argv, ":ht", options, NULL)) != -1) {
		switch (opt) {
		case 'j':
			style.json = true;
			break;
		case 't':
			style.timestamps = true;
			break;
		case 'h':
			fputs(monitor_command.help, stdout);
			return EXIT_SUCCESS;
		default:
			return cli_bad_option("monitor", opt, options, argv);
		}
	}
	if (optind < argc) {
		cli_error("monitor takes no arguments, but got '%s'", argv[optind]);
		return EXIT_USAGE;
	}

	/*
	 * The signals wait in a signalfd next to the socket, rather than
	 * interrupting a read that libnl would just restart.
	 */
	sigemptyset(&stop_signals);
	sigaddset(&stop_signals, SIGINT);
	sigaddset(&stop_signals, SIGTERM);
	stop_fd = -1;
	if (sigprocmask(SIG_BLOCK, &stop_signals, NULL) == 0)
		stop_fd = signalfd(-1, &stop_signals, SFD_CLOEXEC);
	if (stop_fd < 0) {
		cli_error("cannot catch SIGINT and SIGTERM: %s", strerror(errno));
		return EXIT_FAILURE;
	}

	status = cmd_nl_open(&nl);
	if (status) {
		close(stop_fd);
		return status;
	}
	if (vtjob_nl_subscribe(&nl, &err)) {
		status = cmd_nl_failed("subscribing to events", &err);
	} else {
		/* From here on no event is missed: scripts may start acting. */
		print_notice("listening", &style);
		status = watch(&nl, stop_fd, &style);
	}
	vtjob_nl_close(&nl);
	close(stop_fd);
	return status;
}

const struct command monitor_command = {
	.name = "monitor",
	.summary = "print the module's events as they happen",
	.help =
		"Usage: vtjobctl monitor [--json] [-t]\n"
		"\n"
		"Print one line per event of the vtjob module as it happens, until\n"
		"interrupted (SIGINT, SIGTERM) or the module is unloaded:\n"
		"  cpu-reserved cpu=1\n"
		"  cpu-released cpu=1 reason=asked jobs-run=0 job-time-ns=0\n"
		"  job-start cpu=1 job=7 pid=300\n"
		"  job-exit cpu=1 job=7 pid=300 job-time-ns=2000000 exits=0:3,1:12\n"
		"The reason a CPU was released is asked, offline or unload. A job's\n"
		"exit gives the time it ran and its VM exits as REASON:COUNT, REASON\n"
		"the basic exit reason of the Intel SDM (Vol. 3D, Appendix C). The first\n"
		"line, 'listening', says that every event from then on will be shown;\n"
		"'events-lost' says that the kernel dropped some because they were not\n"
		"read in time; 'module-unloaded' is the last line when the module goes.\n"
		"\n"
		"Options:\n"
		"  --json           one JSON object per line instead, such as\n"
		"                   {\"event\":\"cpu-reserved\",\"cpu\":1}\n"
		"  -t, --timestamp  start each line with the time it was read, as ip\n"
		"                   monitor -t does: local time in ISO 8601, such as\n"
		"                   2026-12-06T20:37:37.123456+00:00 cpu-reserved cpu=1;\n"
		"                   with --json, \"time_ns\", nanoseconds since the Epoch\n"
		"\n"
		"Exit status: 0 when interrupted or the module is unloaded, 1 on error,\n"
		"2 for a usage error, 125 if the vtjob module is not loaded.\n",
	.run = run_monitor,
};
