// SPDX-License-Identifier: GPL-2.0
#include "cmd/exec_options.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <linux/vtjob.h>

#include "lib/errbuf.h"
#include "lib/human_units.h"
#include "loader/job_layout.h"

/*
 * strtoull() and strtod() skip leading whitespace and take signs; an
 * option value that starts with either is a typo, not a number.
 */
static bool starts_like_a_number(const char *text)
{
	return isdigit((unsigned char)text[0]) ||
	       (text[0] == '.' && isdigit((unsigned char)text[1]));
}

static uint64_t size_unit(const char *suffix)
{
	static const struct {
		const char *names[2];
		uint64_t size;
	} units[] = {
		{ { "", "" }, 1 },
		{ { "K", "KiB" }, KIB },
		{ { "M", "MiB" }, MIB },
		{ { "G", "GiB" }, GIB },
	};
	size_t i;

	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (!strcasecmp(suffix, units[i].names[0]) ||
		    !strcasecmp(suffix, units[i].names[1]))
			return units[i].size;
	return 0;
}

int exec_parse_mem(const char *text, uint64_t *bytes, char *err, size_t errlen)
{
	char largest[HUMAN_TEXT_MAX];
	unsigned long long number;
	uint64_t unit, size;
	char *end;

	human_size(JOB_MEM_MAX, largest, sizeof(largest));
	if (!starts_like_a_number(text))
		return errbuf_set(err, errlen,
				  "--mem '%s' is not a size; give bytes or a number with K, M or G, such as 64M",
				  text);
	errno = 0;
	number = strtoull(text, &end, 10);
	unit = size_unit(end);
	if (!unit || *end == '.')
		return errbuf_set(err, errlen,
				  "--mem '%s' is not a size; give bytes or a number with K, M or G, such as 64M",
				  text);
	if (errno == ERANGE || number > JOB_MEM_MAX / unit)
		return errbuf_set(err, errlen, "--mem '%s' is more than the largest job memory, %s",
				  text, largest);
	if (number == 0)
		return errbuf_set(err, errlen, "--mem '%s' is no memory at all", text);

	/* JOB_MEM_MAX is whole pages: rounding up cannot pass it. */
	size = number * unit;
	*bytes = (size + X86_PAGE_SIZE - 1) & ~(uint64_t)(X86_PAGE_SIZE - 1);
	return 0;
}

static double seconds_per_unit(const char *suffix)
{
	if (!strcmp(suffix, "") || !strcmp(suffix, "s"))
		return 1;
	if (!strcmp(suffix, "m"))
		return 60;
	if (!strcmp(suffix, "h"))
		return 3600;
	return 0;
}

int exec_parse_timeout(const char *text, uint64_t *ns, char *err, size_t errlen)
{
	/* Beyond this, nanoseconds no longer fit in the kernel's __u64. */
	const double max_seconds = 18e9;
	double seconds, unit;
	char *end;

	if (!starts_like_a_number(text))
		return errbuf_set(err, errlen,
				  "--timeout '%s' is not a number of seconds, such as 10 or 0.5",
				  text);
	errno = 0;
	seconds = strtod(text, &end);
	unit = seconds_per_unit(end);
	/* strtod() also reads hexadecimal and "infinity"; neither is a time. */
	if (!unit || !isfinite(seconds) || strpbrk(text, "xXpP"))
		return errbuf_set(err, errlen,
				  "--timeout '%s' is not a number of seconds, such as 10 or 0.5",
				  text);
	seconds *= unit;
	if (errno == ERANGE && seconds != 0)
		return errbuf_set(err, errlen, "--timeout '%s' is too long", text);
	if (seconds > max_seconds)
		return errbuf_set(err, errlen, "--timeout '%s' is too long; the limit is %.0f s",
				  text, max_seconds);
	*ns = (uint64_t)(seconds * 1e9 + 0.5);
	/* Any time at all is a limit: never let it round down to "none". */
	if (*ns == 0 && seconds > 0)
		*ns = 1;
	return 0;
}

int exec_parse_cpu(const char *text, uint32_t *cpu, char *err, size_t errlen)
{
	unsigned long number;
	char *end;

	errno = 0;
	number = strtoul(text, &end, 10);
	if (!isdigit((unsigned char)text[0]) || *end != '\0')
		return errbuf_set(err, errlen, "--cpu '%s' is not a CPU number", text);
	if (errno == ERANGE || number > VTJOB_MAX_CPU)
		return errbuf_set(err, errlen,
				  "--cpu '%s' is above the highest supported CPU %d",
				  text, VTJOB_MAX_CPU);
	*cpu = (uint32_t)number;
	return 0;
}

int exec_add_tree(struct exec_file_options *files, bool writable, const char *path,
		  char *err, size_t errlen)
{
	const char ***list = writable ? &files->rw : &files->ro;
	size_t *nr = writable ? &files->nr_rw : &files->nr_ro;
	const char **grown;

	if (path[0] == '\0')
		return errbuf_set(err, errlen, "%s needs a directory, not an empty path",
				  writable ? "--rw" : "--ro");
	grown = realloc(*list, (*nr + 1) * sizeof(**list));
	if (!grown)
		return errbuf_set(err, errlen, "no memory for %s '%s'",
				  writable ? "--rw" : "--ro", path);
	grown[(*nr)++] = path;
	*list = grown;
	return 0;
}

int exec_check_file_options(const struct exec_file_options *files, char *err, size_t errlen)
{
	if (files->no_files && (files->nr_rw || files->nr_ro))
		return errbuf_set(err, errlen,
				  "--no-files leaves the job no files: it goes with neither --rw nor --ro");
	return 0;
}

void exec_file_options_free(struct exec_file_options *files)
{
	free(files->rw);
	free(files->ro);
	files->rw = files->ro = NULL;
	files->nr_rw = files->nr_ro = 0;
}

int exec_check_output_path(const char *option, const char *path, char *err, size_t errlen)
{
	if (!*path)
		return errbuf_set(err, errlen, "%s needs a file name", option);
	return 0;
}
