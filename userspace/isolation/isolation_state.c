// SPDX-License-Identifier: GPL-2.0
#include "isolation/isolation_state.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/errbuf.h"
#include "lib/host_file.h"

void isolation_state_init(struct isolation_state *state)
{
	memset(state, 0, sizeof(*state));
	cpus_clear(&state->cpus);
}

void isolation_state_free(struct isolation_state *state)
{
	size_t i;

	for (i = 0; i < state->nr_irqs; i++)
		free(state->irqs[i].affinity);
	free(state->irqs);
	isolation_state_init(state);
}

bool isolation_state_is_empty(const struct isolation_state *state)
{
	return cpus_is_empty(&state->cpus) && !state->enabled_cpuset_controller &&
	       !state->created_cgroup && !state->workqueue_cpumask[0] &&
	       !state->watchdog_cpumask[0] && !state->vmstat_interval[0] &&
	       !state->wrote_irqbalance_dropin && state->nr_irqs == 0;
}

/* Where @irq is, or would go to keep the array sorted. */
static size_t irq_index(const struct isolation_state *state, unsigned int irq)
{
	size_t i;

	for (i = 0; i < state->nr_irqs && state->irqs[i].irq < irq; i++)
		;
	return i;
}

const char *isolation_state_irq(const struct isolation_state *state,
				unsigned int irq)
{
	size_t i = irq_index(state, irq);

	return i < state->nr_irqs && state->irqs[i].irq == irq ?
	       state->irqs[i].affinity : NULL;
}

int isolation_state_save_irq(struct isolation_state *state, unsigned int irq,
			     const char *affinity)
{
	size_t i = irq_index(state, irq);
	struct saved_irq *irqs;
	char *copy;

	/* Once saved, the original stays: later reserves see changed values. */
	if (i < state->nr_irqs && state->irqs[i].irq == irq)
		return 0;
	copy = strdup(affinity);
	if (!copy)
		return -ENOMEM;
	irqs = realloc(state->irqs, (state->nr_irqs + 1) * sizeof(*irqs));
	if (!irqs) {
		free(copy);
		return -ENOMEM;
	}
	memmove(&irqs[i + 1], &irqs[i], (state->nr_irqs - i) * sizeof(*irqs));
	irqs[i].irq = irq;
	irqs[i].affinity = copy;
	state->irqs = irqs;
	state->nr_irqs++;
	return 0;
}

void isolation_state_forget_irq(struct isolation_state *state, unsigned int irq)
{
	size_t i = irq_index(state, irq);

	if (i == state->nr_irqs || state->irqs[i].irq != irq)
		return;
	free(state->irqs[i].affinity);
	memmove(&state->irqs[i], &state->irqs[i + 1],
		(state->nr_irqs - i - 1) * sizeof(*state->irqs));
	state->nr_irqs--;
}

struct state_reader {
	struct isolation_state *state;
	const char *name;
	unsigned long lineno;
	bool has_version;
	char *err;
	size_t errlen;
};

static int line_error(struct state_reader *reader, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int line_error(struct state_reader *reader, const char *fmt, ...)
{
	va_list ap;

	errbuf_set(reader->err, reader->errlen, "%s line %lu: ", reader->name, reader->lineno);
	va_start(ap, fmt);
	errbuf_vappend(reader->err, reader->errlen, fmt, ap);
	va_end(ap);
	return -1;
}

/* A decimal number and nothing else, up to @max. */
static bool parse_number(const char *text, unsigned long max, unsigned long *value)
{
	char *end;

	if (!isdigit((unsigned char)*text))
		return false;
	errno = 0;
	*value = strtoul(text, &end, 10);
	return errno == 0 && *end == '\0' && *value <= max;
}

static int read_irq(struct state_reader *reader, char *value)
{
	char *list = strchr(value, ' ');
	char problem[128];
	unsigned long irq;
	struct cpus cpus;

	if (!list)
		return line_error(reader, "expected \"irq NUMBER CPULIST\"");
	*list++ = '\0';
	if (!parse_number(value, UINT_MAX, &irq))
		return line_error(reader, "\"%s\" is not an IRQ number", value);
	if (cpus_parse(list, &cpus, problem, sizeof(problem)))
		return line_error(reader, "%s", problem);
	if (isolation_state_irq(reader->state, irq))
		return line_error(reader, "IRQ %lu is listed twice", irq);
	if (isolation_state_save_irq(reader->state, irq, list))
		return line_error(reader, "out of memory");
	return 0;
}

static int read_flag(struct state_reader *reader, const char *key,
		     const char *value, bool *flag)
{
	if (value)
		return line_error(reader, "%s takes no value", key);
	*flag = true;
	return 0;
}

static int read_item(struct state_reader *reader, char *key, char *value)
{
	struct isolation_state *state = reader->state;
	char problem[CPUS_LIST_MAX + 128];
	unsigned long version, seconds;
	struct cpus cpus;

	if (strcmp(key, "version") == 0) {
		if (!value || !parse_number(value, ULONG_MAX, &version))
			return line_error(reader, "expected \"version NUMBER\"");
		if (version != ISOLATION_STATE_VERSION)
			return line_error(reader, "version %lu, but this vtjobctl knows only %d",
					  version, ISOLATION_STATE_VERSION);
		reader->has_version = true;
		return 0;
	}
	/* Anything before the version could mean something else. */
	if (!reader->has_version)
		return line_error(reader, "expected \"version %d\" first",
				  ISOLATION_STATE_VERSION);

	if (strcmp(key, "enabled-cpuset-controller") == 0)
		return read_flag(reader, key, value, &state->enabled_cpuset_controller);
	if (strcmp(key, "created-cgroup") == 0)
		return read_flag(reader, key, value, &state->created_cgroup);
	if (strcmp(key, "wrote-irqbalance-dropin") == 0)
		return read_flag(reader, key, value, &state->wrote_irqbalance_dropin);
	if (!value)
		return line_error(reader, "%s needs a value", key);
	if (strcmp(key, "cpus") == 0) {
		if (cpus_parse(value, &state->cpus, problem, sizeof(problem)))
			return line_error(reader, "%s", problem);
		return 0;
	}
	if (strcmp(key, "workqueue-cpumask") == 0) {
		if (cpumask_hex_parse(value, &cpus, problem, sizeof(problem)))
			return line_error(reader, "%s", problem);
		snprintf(state->workqueue_cpumask, sizeof(state->workqueue_cpumask),
			 "%s", value);
		return 0;
	}
	if (strcmp(key, "watchdog-cpumask") == 0) {
		if (cpus_parse(value, &cpus, problem, sizeof(problem)))
			return line_error(reader, "%s", problem);
		snprintf(state->watchdog_cpumask, sizeof(state->watchdog_cpumask),
			 "%s", value);
		return 0;
	}
	if (strcmp(key, "vmstat-interval") == 0) {
		if (!parse_number(value, INT_MAX, &seconds) ||
		    strlen(value) >= sizeof(state->vmstat_interval))
			return line_error(reader, "\"%s\" is not a number of seconds", value);
		snprintf(state->vmstat_interval, sizeof(state->vmstat_interval), "%s", value);
		return 0;
	}
	if (strcmp(key, "irq") == 0)
		return read_irq(reader, value);
	return line_error(reader, "unknown item \"%s\"", key);
}

int isolation_state_read(struct isolation_state *state, FILE *in,
			 const char *name, char *err, size_t errlen)
{
	struct state_reader reader = {
		.state = state,
		.name = name,
		.err = err,
		.errlen = errlen,
	};
	char *line = NULL, *value;
	size_t cap = 0;
	ssize_t len;
	int ret = 0;

	isolation_state_init(state);
	while ((len = getline(&line, &cap, in)) >= 0) {
		reader.lineno++;
		if (len > 0 && line[len - 1] == '\n')
			line[--len] = '\0';
		if (line[0] == '\0' || line[0] == '#')
			continue;
		value = strchr(line, ' ');
		if (value)
			*value++ = '\0';
		ret = read_item(&reader, line, value);
		if (ret)
			break;
	}
	if (!ret && ferror(in))
		ret = line_error(&reader, "%s", strerror(errno));
	if (!ret && !reader.has_version) {
		snprintf(err, errlen, "%s: no \"version\" line", name);
		ret = -1;
	}
	free(line);
	if (ret)
		isolation_state_free(state);
	return ret;
}

int isolation_state_write(const struct isolation_state *state, FILE *out)
{
	char list[CPUS_LIST_MAX];
	size_t i;

	cpus_format(&state->cpus, list, sizeof(list));
	fprintf(out, "# What vtjobctl reserve changed; vtjobctl release undoes it.\n"
		"version %d\n", ISOLATION_STATE_VERSION);
	if (list[0])
		fprintf(out, "cpus %s\n", list);
	if (state->enabled_cpuset_controller)
		fputs("enabled-cpuset-controller\n", out);
	if (state->created_cgroup)
		fputs("created-cgroup\n", out);
	if (state->wrote_irqbalance_dropin)
		fputs("wrote-irqbalance-dropin\n", out);
	if (state->workqueue_cpumask[0])
		fprintf(out, "workqueue-cpumask %s\n", state->workqueue_cpumask);
	if (state->watchdog_cpumask[0])
		fprintf(out, "watchdog-cpumask %s\n", state->watchdog_cpumask);
	if (state->vmstat_interval[0])
		fprintf(out, "vmstat-interval %s\n", state->vmstat_interval);
	for (i = 0; i < state->nr_irqs; i++)
		fprintf(out, "irq %u %s\n", state->irqs[i].irq, state->irqs[i].affinity);
	return fflush(out) == 0 && !ferror(out) ? 0 : -1;
}

int isolation_state_dir(char *dir, size_t size, char *err, size_t errlen)
{
	const char *runtime = getenv("RUNTIME_DIRECTORY");
	size_t len;

	if (!runtime || !*runtime) {
		snprintf(dir, size, "%s", ISOLATION_STATE_DIR);
		return 0;
	}
	len = strcspn(runtime, ":");
	if (runtime[0] != '/') {
		snprintf(err, errlen, "RUNTIME_DIRECTORY '%s' is not an absolute path", runtime);
		return -1;
	}
	if (len >= size) {
		snprintf(err, errlen, "RUNTIME_DIRECTORY '%s': %s", runtime, strerror(ENAMETOOLONG));
		return -1;
	}
	snprintf(dir, size, "%.*s", (int)len, runtime);
	return 0;
}

int isolation_state_file(const char *root, const char *name, char *path, size_t size,
			 char *err, size_t errlen)
{
	char dir[PATH_MAX];
	int len;

	if (isolation_state_dir(dir, sizeof(dir), err, errlen))
		return -1;
	len = snprintf(path, size, "%s%s/%s", root, dir, name);
	if (len < 0 || (size_t)len >= size) {
		snprintf(err, errlen, "%s%s/%s: %s", root, dir, name, strerror(ENAMETOOLONG));
		return -1;
	}
	return 0;
}

int isolation_state_load(struct isolation_state *state, const char *root,
			 char *err, size_t errlen)
{
	char path[PATH_MAX];
	FILE *in;
	int ret;

	isolation_state_init(state);
	if (isolation_state_file(root, ISOLATION_STATE_NAME, path, sizeof(path), err, errlen))
		return -1;
	in = fopen(path, "re");
	if (!in) {
		if (errno == ENOENT)
			return 0;
		snprintf(err, errlen, "cannot read %s: %s", path, strerror(errno));
		return -1;
	}
	ret = isolation_state_read(state, in, path, err, errlen);
	fclose(in);
	return ret;
}

bool isolation_state_exists(const char *root)
{
	char path[PATH_MAX], err[PATH_MAX + 64];

	return isolation_state_file(root, ISOLATION_STATE_NAME, path, sizeof(path), err,
				    sizeof(err)) == 0 && access(path, F_OK) == 0;
}

int isolation_state_store(const struct isolation_state *state, const char *root,
			  char *err, size_t errlen)
{
	char dir[PATH_MAX], path[PATH_MAX], new_path[PATH_MAX + 8];
	FILE *out;
	int ret;

	if (isolation_state_dir(dir, sizeof(dir), err, errlen) ||
	    isolation_state_file(root, ISOLATION_STATE_NAME, path, sizeof(path), err, errlen))
		return -1;
	if (isolation_state_is_empty(state)) {
		if (unlink(path) < 0 && errno != ENOENT) {
			snprintf(err, errlen, "cannot remove %s: %s", path, strerror(errno));
			return -1;
		}
		return 0;
	}

	ret = host_mkdirs(root, dir, 0755);
	if (ret) {
		snprintf(err, errlen, "cannot create %s%s: %s", root, dir, strerror(-ret));
		return -1;
	}
	snprintf(new_path, sizeof(new_path), "%s.new", path);
	out = fopen(new_path, "we");
	if (!out) {
		snprintf(err, errlen, "cannot create %s: %s", new_path, strerror(errno));
		return -1;
	}
	ret = isolation_state_write(state, out);
	if (fclose(out) != 0)
		ret = -1;
	if (ret == 0 && rename(new_path, path) < 0)
		ret = -1;
	if (ret) {
		snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
		unlink(new_path);
	}
	return ret;
}
