// SPDX-License-Identifier: GPL-2.0
#include "isolation/isolation.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "isolation/cpuset_partition.h"
#include "lib/host_file.h"
#include "isolation/irq_affinity.h"
#include "isolation/irqbalance_ban.h"
#include "isolation/isolation_state.h"
#include "isolation/vmstat_interval.h"
#include "isolation/watchdog_mask.h"
#include "isolation/workqueue_mask.h"

int isolation_lock(const char *root, char *err, size_t errlen)
{
	char dir[PATH_MAX], path[PATH_MAX];
	int lock, ret;

	if (isolation_state_dir(dir, sizeof(dir), err, errlen) ||
	    isolation_state_file(root, ISOLATION_LOCK_NAME, path, sizeof(path), err, errlen))
		return -1;
	/* Made here, not when the state is stored: fail before changing anything. */
	ret = host_mkdirs(root, dir, 0755);
	if (ret) {
		snprintf(err, errlen, "cannot create %s%s: %s", root, dir, strerror(-ret));
		return -1;
	}
	lock = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (lock < 0) {
		snprintf(err, errlen, "cannot open %s: %s", path, strerror(errno));
		return -1;
	}
	if (flock(lock, LOCK_EX) < 0) {
		snprintf(err, errlen, "cannot lock %s: %s", path, strerror(errno));
		close(lock);
		return -1;
	}
	return lock;
}

void isolation_unlock(int lock)
{
	close(lock);
}

static int read_online_cpus(const char *root, struct cpus *online, char *err,
			    size_t errlen)
{
	char text[CPUS_LIST_MAX], problem[128];
	int ret;

	ret = host_file_read(root, ONLINE_CPUS_PATH, text, sizeof(text));
	if (ret) {
		snprintf(err, errlen, "cannot read %s: %s", ONLINE_CPUS_PATH,
			 strerror(-ret));
		return -1;
	}
	if (cpus_parse(text, online, problem, sizeof(problem))) {
		snprintf(err, errlen, "%s: %s", ONLINE_CPUS_PATH, problem);
		return -1;
	}
	return 0;
}

/*
 * The steps print into one buffer, opened before the first changes
 * anything, so that running out of memory cannot stop them half-way;
 * where each step's line ends is noted as it goes.
 */
struct step_lines {
	FILE *stream;
	char *text;
	size_t len;
	size_t nr_steps;
	const char *names[ISOLATION_MAX_STEPS];
	enum isolation_result results[ISOLATION_MAX_STEPS];
	size_t ends[ISOLATION_MAX_STEPS];
};

static void step_done(struct step_lines *lines, const char *name,
		      enum isolation_result result)
{
	size_t i = lines->nr_steps++;

	fflush(lines->stream);
	lines->names[i] = name;
	lines->results[i] = result;
	lines->ends[i] = lines->len;
}

/* Close the buffer and hand its lines on: as they are to @out, split to @report. */
static int hand_on(struct step_lines *lines, FILE *out, struct isolation_report *report)
{
	struct isolation_step *step;
	size_t i, start = 0, prefix, end;

	if (fclose(lines->stream))
		return -1;
	if (out)
		fwrite(lines->text, 1, lines->len, out);
	for (i = 0; report && i < lines->nr_steps; i++) {
		step = &report->steps[report->nr_steps];
		step->name = lines->names[i];
		step->result = lines->results[i];
		prefix = strlen(step->name) + 2;
		end = lines->ends[i];
		if (end > start && lines->text[end - 1] == '\n')
			end--;
		if (end - start >= prefix &&
		    strncmp(lines->text + start, step->name, prefix - 2) == 0)
			start += prefix;
		step->message = strndup(lines->text + start, end - start);
		if (!step->message)
			break;
		report->nr_steps++;
		start = lines->ends[i];
	}
	free(lines->text);
	return i < lines->nr_steps && report ? -1 : 0;
}

void isolation_report_free(struct isolation_report *report)
{
	size_t i;

	for (i = 0; i < report->nr_steps; i++)
		free(report->steps[i].message);
	report->nr_steps = 0;
}

int isolation_update(const char *root, const struct cpus *added,
		     const struct cpus *reserved, FILE *out,
		     struct isolation_report *report, char *err, size_t errlen)
{
	struct step_lines lines = { .nr_steps = 0 };
	struct isolation_state state;
	struct cpus isolated, online;
	enum isolation_result result;
	int ret, irq_err;

	if (report)
		report->nr_steps = 0;
	if (isolation_state_load(&state, root, err, errlen))
		return -1;

	isolated = state.cpus;
	if (added)
		cpus_add_all(&isolated, added);
	cpus_keep_only(&isolated, reserved);
	if (isolation_state_is_empty(&state) && cpus_is_empty(&isolated)) {
		ret = 0;
		goto out;
	}

	ret = read_online_cpus(root, &online, err, errlen);
	if (ret)
		goto out;
	lines.stream = open_memstream(&lines.text, &lines.len);
	if (!lines.stream) {
		snprintf(err, errlen, "%s; the host is left as it was", strerror(errno));
		ret = -1;
		goto out;
	}

	result = cpuset_partition_isolate(root, &state, &isolated, lines.stream);
	step_done(&lines, "cpuset", result);
	result = irq_affinity_isolate(root, &state, &isolated, &online, lines.stream,
				      &irq_err);
	step_done(&lines, "irqs", result);
	if (irq_err) {
		snprintf(err, errlen, "IRQs: %s", strerror(-irq_err));
		ret = -1;
		/* Keep what was saved: the IRQs changed so far must come back. */
	}
	result = irqbalance_ban_isolate(root, &state, &isolated, lines.stream);
	step_done(&lines, "irqbalance", result);
	result = workqueue_mask_isolate(root, &state, &isolated, &online, lines.stream);
	step_done(&lines, "workqueues", result);
	result = watchdog_mask_isolate(root, &state, &isolated, lines.stream);
	step_done(&lines, "watchdog", result);
	result = vmstat_interval_isolate(root, &state, &isolated, lines.stream);
	step_done(&lines, "vmstat", result);

	state.cpus = isolated;
	if (isolation_state_store(&state, root, err, errlen))
		ret = -1;
	if (hand_on(&lines, out, report) && !ret) {
		snprintf(err, errlen, "reporting the steps: %s", strerror(errno));
		ret = -1;
	}
out:
	isolation_state_free(&state);
	return ret ? -1 : 0;
}
