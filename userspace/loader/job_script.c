// SPDX-License-Identifier: GPL-2.0
#include "loader/job_script.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static bool spacetab(char c)
{
	return c == ' ' || c == '\t';
}

/* The first of [@first, @last] that is not a space or tab, or NULL. */
static const char *next_non_spacetab(const char *first, const char *last)
{
	for (; first <= last; first++)
		if (!spacetab(*first))
			return first;
	return NULL;
}

/* The first of [@first, @last] that ends a word: a space, tab or NUL. */
static const char *next_terminator(const char *first, const char *last)
{
	for (; first <= last; first++)
		if (spacetab(*first) || !*first)
			return first;
	return NULL;
}

int job_script_parse(const uint8_t *head, size_t size, struct job_script *script)
{
	/* Zeros past the end of a short file, as Linux reads it. */
	char buf[JOB_SCRIPT_HEAD_SIZE] = { 0 };
	const char *buf_end = buf + sizeof(buf) - 1;
	const char *i_end, *i_name, *i_sep, *i_arg = NULL;
	size_t len;

	memcpy(buf, head, size < sizeof(buf) ? size : sizeof(buf));
	if (buf[0] != '#' || buf[1] != '!')
		return 0;

	/* A newline, before any NUL, ends the line; else a word must end in it. */
	len = strnlen(buf, sizeof(buf));
	i_end = memchr(buf, '\n', len);
	if (!i_end) {
		i_end = next_non_spacetab(buf + 2, buf_end);
		/* All blanks, or an interpreter that may go on past the buffer. */
		if (!i_end || !next_terminator(i_end, buf_end))
			return -ENOEXEC;
		i_end = buf_end;
	}
	while (spacetab(i_end[-1]))
		i_end--;
	i_name = next_non_spacetab(buf + 2, i_end);
	if (!i_name || i_name == i_end)
		return -ENOEXEC;
	i_sep = next_terminator(i_name, i_end);
	if (i_sep && *i_sep != '\0')
		i_arg = next_non_spacetab(i_sep, i_end);

	memset(script, 0, sizeof(*script));
	len = (size_t)((i_sep && i_sep < i_end ? i_sep : i_end) - i_name);
	memcpy(script->interp, i_name, len);
	/* A NUL inside the name ends it, as the kernel's string does. */
	script->interp[len] = '\0';
	if (i_arg && i_arg < i_end) {
		memcpy(script->arg, i_arg, (size_t)(i_end - i_arg));
		script->has_arg = true;
	}
	return 1;
}

char **job_script_argv(const struct job_script *script, const char *path, char *const *argv)
{
	size_t argc = 0, n = 0, i;
	char **out;

	while (argv[argc])
		argc++;
	/* The interpreter, its argument, the path, and argv[1] on. */
	out = calloc(argc + 3, sizeof(*out));
	if (!out)
		return NULL;
	out[n++] = strdup(script->interp);
	if (script->has_arg)
		out[n++] = strdup(script->arg);
	out[n++] = strdup(path);
	for (i = 1; i < argc; i++)
		out[n++] = strdup(argv[i]);
	for (i = 0; i < n; i++) {
		if (!out[i]) {
			for (i = 0; i < n; i++)
				free(out[i]);
			free(out);
			return NULL;
		}
	}
	return out;
}
