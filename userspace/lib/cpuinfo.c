// SPDX-License-Identifier: GPL-2.0
#include "lib/cpuinfo.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Lines look like "vmx flags\t: vnmi preemption_timer ...\n". */
static bool split_field(char *line, char **key, char **value)
{
	char *colon = strchr(line, ':');
	char *end;

	if (!colon)
		return false;

	end = colon;
	while (end > line && isspace((unsigned char)end[-1]))
		end--;
	*end = '\0';
	*key = line;

	*value = colon + 1;
	*value += strspn(*value, " \t");
	(*value)[strcspn(*value, "\n")] = '\0';
	return true;
}

static int keep_value(char **field, const char *value)
{
	if (*field)	/* a repeated key: the first one wins */
		return 0;
	*field = strdup(value);
	return *field ? 0 : -ENOMEM;
}

int cpuinfo_read(const char *path, struct cpuinfo *info)
{
	char *line = NULL, *key, *value;
	size_t size = 0;
	int ret = 0;
	FILE *file;

	memset(info, 0, sizeof(*info));
	file = fopen(path, "re");
	if (!file)
		return -errno;

	while (ret == 0 && getline(&line, &size, file) > 0) {
		/* A blank line ends the first CPU's block; the others repeat it. */
		if (line[0] == '\n')
			break;
		if (!split_field(line, &key, &value))
			continue;
		if (strcmp(key, "vendor_id") == 0)
			ret = keep_value(&info->vendor_id, value);
		else if (strcmp(key, "flags") == 0)
			ret = keep_value(&info->flags, value);
		else if (strcmp(key, "vmx flags") == 0)
			ret = keep_value(&info->vmx_flags, value);
	}
	if (ret == 0 && ferror(file))
		ret = -EIO;

	free(line);
	fclose(file);
	if (ret)
		cpuinfo_free(info);
	return ret;
}

void cpuinfo_free(struct cpuinfo *info)
{
	free(info->vendor_id);
	free(info->flags);
	free(info->vmx_flags);
	memset(info, 0, sizeof(*info));
}

bool cpuinfo_has_flag(const char *flags, const char *name)
{
	size_t len = strlen(name);
	const char *word;

	if (!flags || len == 0)
		return false;

	for (word = flags; *word; word += strcspn(word, " ")) {
		word += strspn(word, " ");
		if (strncmp(word, name, len) == 0 &&
		    (word[len] == ' ' || word[len] == '\0'))
			return true;
	}
	return false;
}
