// SPDX-License-Identifier: GPL-2.0
#include "cmd/status_watch.h"

#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmd/nl_error.h"
#include "cmd/status_format.h"
#include "lib/cli.h"
#include "lib/errbuf.h"

#define NSEC_PER_SEC		1000000000ULL
#define MAX_INTERVAL_S		86400.0
/* Home, then clear to the end of the screen: a new frame over the old. */
#define CLEAR_SCREEN		"\033[H\033[J"

int status_parse_interval(const char *text, uint64_t *ns, char *err, size_t errlen)
{
	double seconds;
	char *end;

	errno = 0;
	seconds = strtod(text, &end);
	if (!*text || *end || errno || !isfinite(seconds))
		return errbuf_set(err, errlen, "--interval '%s' is not a number of seconds, "
				  "such as 1 or 0.5", text);
	if (seconds <= 0 || seconds > MAX_INTERVAL_S)
		return errbuf_set(err, errlen, "--interval '%s' is not above 0 and at most a day "
				  "(86400)", text);
	*ns = (uint64_t)(seconds * (double)NSEC_PER_SEC + 0.5);
	if (!*ns)
		*ns = 1;
	return 0;
}

int status_parse_count(const char *text, unsigned long *count, char *err, size_t errlen)
{
	char *end;

	errno = 0;
	*count = strtoul(text, &end, 10);
	if (*text < '0' || *text > '9' || *end || errno || !*count)
		return errbuf_set(err, errlen, "--count '%s' is not a whole number above 0", text);
	return 0;
}

static int append_cpu(const struct vtjob_cpu_info *cpu, void *arg)
{
	struct status_sample *sample = arg;
	struct vtjob_cpu_info *cpus;

	cpus = realloc(sample->cpus, (sample->nr_cpus + 1) * sizeof(*cpus));
	if (!cpus)
		return -ENOMEM;
	cpus[sample->nr_cpus++] = *cpu;
	sample->cpus = cpus;
	return 0;
}

int status_sample_take(struct vtjob_nl *nl, struct status_sample *sample)
{
	struct vtjob_nl_error err;

	sample->nr_cpus = 0;
	clock_gettime(CLOCK_MONOTONIC, &sample->when);
	if (vtjob_nl_get_module(nl, &sample->module, &err))
		return cmd_nl_failed("asking the module about itself", &err);
	if (vtjob_nl_dump_cpus(nl, append_cpu, sample, &err))
		return cmd_nl_failed("listing CPUs", &err);
	return 0;
}

static uint64_t ns_between(const struct timespec *from, const struct timespec *to)
{
	return (uint64_t)(to->tv_sec - from->tv_sec) * NSEC_PER_SEC +
	       (uint64_t)to->tv_nsec - (uint64_t)from->tv_nsec;
}

static void show(const struct status_sample *now, const struct status_sample *before,
		 bool in_place,
		 const struct status_watch *watch)
{
	struct status_rates rates;

	if (watch->json) {
		status_print_json(&now->module, now->cpus, now->nr_cpus, stdout);
	} else {
		if (in_place)
			fputs(CLEAR_SCREEN, stdout);
		else if (before)
			fputc('\n', stdout);
		if (before) {
			rates.before = before->cpus;
			rates.nr_before = before->nr_cpus;
			rates.interval_ns = ns_between(&before->when, &now->when);
		}
		status_print_table_with_rates(&now->module, now->cpus, now->nr_cpus,
					      before ? &rates : NULL, stdout);
	}
	fflush(stdout);
}

int status_watch_run(struct vtjob_nl *nl, const struct status_watch *watch)
{
	struct status_sample samples[2] = { { .cpus = NULL }, { .cpus = NULL } };
	struct status_sample *now = &samples[0], *before = NULL, *spare = &samples[1];
	bool in_place = !watch->json && isatty(STDOUT_FILENO);
	struct timespec pause = {
		.tv_sec = (time_t)(watch->interval_ns / NSEC_PER_SEC),
		.tv_nsec = (long)(watch->interval_ns % NSEC_PER_SEC),
	};
	unsigned long shown = 0;
	int status = 0;

	/* A signal ends the sleep between samples at once. */
	if (cli_catch_stop_signals())
		return EXIT_FAILURE;
	while (!cli_stop_signal) {
		status = status_sample_take(nl, now);
		if (status)
			break;
		show(now, before, in_place, watch);
		if (watch->count && ++shown == watch->count)
			break;
		before = now;
		now = spare;
		spare = before;
		/* Interrupted by SIGINT or SIGTERM: the loop ends. */
		nanosleep(&pause, NULL);
	}
	free(samples[0].cpus);
	free(samples[1].cpus);
	return status;
}
