// SPDX-License-Identifier: GPL-2.0
#include "lib/cpulist.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "lib/errbuf.h"

struct cpulist_parser {
	const char *text;
	const char *pos;
	unsigned long max_cpu;
	char *err;
	size_t errlen;
};

static int parse_error(struct cpulist_parser *parser, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int parse_error(struct cpulist_parser *parser, const char *fmt, ...)
{
	va_list ap;

	errbuf_set(parser->err, parser->errlen, "invalid CPU list \"%s\": ", parser->text);
	va_start(ap, fmt);
	errbuf_vappend(parser->err, parser->errlen, fmt, ap);
	va_end(ap);
	return -1;
}

/* 1-based, because people count characters from one. */
static size_t column(const struct cpulist_parser *parser)
{
	return (size_t)(parser->pos - parser->text) + 1;
}

static int unexpected_character(struct cpulist_parser *parser,
				const char *expected)
{
	unsigned char c = *parser->pos;

	if (c == '\0')
		return parse_error(parser, "%s is missing at the end", expected);
	if (isspace(c))
		return parse_error(parser, "whitespace at character %zu",
				   column(parser));
	if (!isprint(c))
		return parse_error(parser, "expected %s at character %zu, found byte 0x%02x",
				   expected, column(parser), c);
	return parse_error(parser, "expected %s at character %zu, found '%c'",
			   expected, column(parser), c);
}

static int parse_cpu(struct cpulist_parser *parser, unsigned long *cpu)
{
	const char *digits = parser->pos;
	char *end;

	/* strtoul() would skip spaces and accept a sign; CPU numbers have neither. */
	if (!isdigit((unsigned char)*digits))
		return unexpected_character(parser, "a CPU number");

	errno = 0;
	*cpu = strtoul(digits, &end, 10);
	if (errno == ERANGE || *cpu > parser->max_cpu)
		return parse_error(parser, "CPU %.*s is above the highest supported CPU %lu",
				   (int)(end - digits), digits, parser->max_cpu);
	parser->pos = end;
	return 0;
}

/* One comma-separated item: "N" or "N-M". */
static int parse_item(struct cpulist_parser *parser, cpu_set_t *set,
		      size_t setsize)
{
	unsigned long first, last, cpu;

	if (parse_cpu(parser, &first))
		return -1;
	last = first;
	if (*parser->pos == '-') {
		parser->pos++;
		if (parse_cpu(parser, &last))
			return -1;
		if (last < first)
			return parse_error(parser, "range end %lu is below start %lu",
					   last, first);
	}
	for (cpu = first; cpu <= last; cpu++)
		CPU_SET_S(cpu, setsize, set);
	return 0;
}

int cpulist_parse(const char *text, cpu_set_t *set, size_t setsize,
		  char *err, size_t errlen)
{
	struct cpulist_parser parser = {
		.text = text,
		.pos = text,
		.max_cpu = setsize * 8 - 1,
		.err = err,
		.errlen = errlen,
	};

	CPU_ZERO_S(setsize, set);
	if (*text == '\0')
		return parse_error(&parser, "it is empty");

	for (;;) {
		if (parse_item(&parser, set, setsize))
			return -1;
		if (*parser.pos == '\0')
			return 0;
		if (*parser.pos != ',')
			return unexpected_character(&parser, "',' or '-'");
		parser.pos++;
		if (*parser.pos == '\0')
			return parse_error(&parser, "it ends with a comma");
	}
}

/* snprintf() at @len into @buf, still counting once @buf is full. */
static void append(char *buf, size_t buflen, size_t *len, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void append(char *buf, size_t buflen, size_t *len, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	if (*len < buflen)
		n = vsnprintf(buf + *len, buflen - *len, fmt, ap);
	else
		n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n > 0)
		*len += (size_t)n;
}

size_t cpulist_format(const cpu_set_t *set, size_t setsize,
		      char *buf, size_t buflen)
{
	const size_t nr_cpus = setsize * 8;
	const char *separator = "";
	size_t len = 0, cpu, first;

	if (buflen > 0)
		buf[0] = '\0';

	for (cpu = 0; cpu < nr_cpus; cpu++) {
		if (!CPU_ISSET_S(cpu, setsize, set))
			continue;
		first = cpu;
		while (cpu + 1 < nr_cpus && CPU_ISSET_S(cpu + 1, setsize, set))
			cpu++;

		if (first == cpu)
			append(buf, buflen, &len, "%s%zu", separator, first);
		else
			append(buf, buflen, &len, "%s%zu-%zu", separator, first, cpu);
		separator = ",";
	}
	return len;
}
