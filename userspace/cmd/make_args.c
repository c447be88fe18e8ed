// SPDX-License-Identifier: GPL-2.0
#include "cmd/make_args.h"

#include <stdlib.h>
#include <string.h>

#include "lib/errbuf.h"

/* vtjobctl exec's options that vtjobctl make hands to every recipe line. */
static const struct {
	const char *name;
	bool has_value;
} exec_options[] = {
	{ "--cpu", true },
	{ "--mem", true },
	{ "--timeout", true },
	{ "--rw", true },
	{ "--ro", true },
	{ "--strace", false },
	{ "--stats-jsonl", true },
};

#define NR_EXEC_OPTIONS (sizeof(exec_options) / sizeof(exec_options[0]))

/* The exec option @arg is ("--mem" or "--mem=1G"), or -1. */
static int exec_option_of(const char *arg, const char **inline_value)
{
	size_t i, len;

	for (i = 0; i < NR_EXEC_OPTIONS; i++) {
		len = strlen(exec_options[i].name);
		if (strncmp(arg, exec_options[i].name, len))
			continue;
		if (arg[len] == '\0') {
			*inline_value = NULL;
			return (int)i;
		}
		if (arg[len] == '=' && exec_options[i].has_value) {
			*inline_value = arg + len + 1;
			return (int)i;
		}
	}
	return -1;
}

int make_split_command_line(int argc, char **argv, struct make_command_line *line,
			    char *err, size_t errlen)
{
	struct make_exec_option *option;
	const char *value;
	int i, which;

	memset(line, 0, sizeof(*line));
	line->options = calloc((size_t)argc, sizeof(*line->options));
	if (!line->options)
		return errbuf_set(err, errlen, "no memory for the command line");
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--")) {
			i++;
			break;
		}
		if (!strcmp(argv[i], "--help")) {
			line->help = true;
			continue;
		}
		which = exec_option_of(argv[i], &value);
		if (which < 0)
			break;
		if (exec_options[which].has_value && !value) {
			if (i + 1 == argc) {
				make_command_line_free(line);
				return errbuf_set(err, errlen, "option '%s' needs a value",
						  exec_options[which].name);
			}
			value = argv[++i];
		}
		option = &line->options[line->nr_options++];
		option->name = exec_options[which].name;
		option->value = value;
	}
	line->make_args = argv + i;
	line->nr_make_args = argc - i;
	return 0;
}

void make_command_line_free(struct make_command_line *line)
{
	free(line->options);
	line->options = NULL;
	line->nr_options = 0;
}

/* make's short options that take the rest of their word, or the next one. */
static bool takes_argument(char c)
{
	return strchr("CfIoW", c) != NULL;
}

/* @dir applied to @base as chdir() would: a new malloc'd path. */
static char *change_directory(char *base, const char *dir)
{
	size_t len;
	char *joined;

	if (dir[0] == '/')
		return strdup(dir);
	len = strlen(base) + strlen(dir) + 2;
	joined = malloc(len);
	if (joined) {
		strcpy(joined, base);
		if (joined[strlen(joined) - 1] != '/')
			strcat(joined, "/");
		strcat(joined, dir);
	}
	return joined;
}

/* Sets @seen->directory to it with -C @dir applied. */
static int apply_directory(struct make_args_seen *seen, const char *dir)
{
	char *next = change_directory(seen->directory, dir);

	if (!next)
		return -1;
	free(seen->directory);
	seen->directory = next;
	return 0;
}

/*
 * One argument of short options, "-kj4" or "-Cdir": notes a j and a C,
 * and says whether the next argument is the value of its last option.
 */
static int scan_short_options(const char *arg, const char *next, struct make_args_seen *seen,
			      bool *took_next)
{
	const char *c;

	*took_next = false;
	for (c = arg + 1; *c; c++) {
		if (*c == 'j') {
			seen->jobs = true;
			/* -j takes an optional number and nothing else. */
			return 0;
		}
		if (*c == 'l' || *c == 'O')
			return 0;	/* an optional value: the rest of the word */
		if (!takes_argument(*c))
			continue;
		if (c[1]) {
			if (*c == 'C')
				return apply_directory(seen, c + 1);
			return 0;
		}
		if (!next)
			return 0;	/* make will say what is missing */
		*took_next = true;
		return *c == 'C' ? apply_directory(seen, next) : 0;
	}
	return 0;
}

int make_args_scan(char *const *args, int nr, const char *cwd, struct make_args_seen *seen)
{
	bool options_ended = false, took_next;
	const char *arg;
	int i;

	seen->jobs = false;
	seen->shell_index = -1;
	seen->directory = strdup(cwd);
	if (!seen->directory)
		return -1;
	for (i = 0; i < nr; i++) {
		arg = args[i];
		if (!strncmp(arg, "SHELL=", 6)) {
			seen->shell_index = i;
			continue;
		}
		if (options_ended || arg[0] != '-' || !arg[1])
			continue;
		if (!strcmp(arg, "--")) {
			options_ended = true;
		} else if (!strcmp(arg, "--jobs") || !strncmp(arg, "--jobs=", 7)) {
			seen->jobs = true;
		} else if (!strncmp(arg, "--directory=", 12)) {
			if (apply_directory(seen, arg + 12))
				goto fail;
		} else if (!strcmp(arg, "--directory")) {
			if (i + 1 < nr && apply_directory(seen, args[++i]))
				goto fail;
		} else if (arg[1] != '-') {
			if (scan_short_options(arg, i + 1 < nr ? args[i + 1] : NULL, seen,
					       &took_next))
				goto fail;
			if (took_next)
				i++;
		}
	}
	return 0;
fail:
	free(seen->directory);
	seen->directory = NULL;
	return -1;
}

static bool safe_in_shell(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       strchr("_@%+=:,./-", c);
}

/* @text after the @*len bytes of @buf; -1 if it does not fit. */
static int append(char *buf, size_t size, size_t *len, const char *text, size_t n)
{
	if (*len + n >= size)
		return -1;
	memcpy(buf + *len, text, n);
	*len += n;
	buf[*len] = '\0';
	return 0;
}

int make_append_shell_word(char *buf, size_t size, const char *word)
{
	size_t len = strlen(buf);
	bool quote = !word[0];
	const char *c;
	int err = 0;

	for (c = word; *c; c++)
		if (!safe_in_shell(*c))
			quote = true;
	if (len)
		err |= append(buf, size, &len, " ", 1);
	if (quote)
		err |= append(buf, size, &len, "'", 1);
	for (c = word; *c && !err; c++) {
		if (*c == '\'')
			err = append(buf, size, &len, "'\\''", 4);
		else if (*c == '$')
			err = append(buf, size, &len, "$$", 2);
		else
			err = append(buf, size, &len, c, 1);
	}
	if (quote)
		err |= append(buf, size, &len, "'", 1);
	return err ? -1 : 0;
}
