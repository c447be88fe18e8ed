// SPDX-License-Identifier: GPL-2.0
#include "isolation/host_setting.h"

#include <string.h>

#include "lib/host_file.h"

int host_setting_read(const struct host_setting *setting, const char *root,
		      char *current, FILE *out)
{
	int err = host_file_read(root, setting->path, current, setting->size);

	if (err)
		fprintf(out, "%s: cannot read %s (%s); skipped\n", setting->step, setting->path,
			strerror(-err));
	return err;
}

const char *host_setting_original(const struct host_setting *setting, const char *current)
{
	return setting->original[0] ? setting->original : current;
}

/* Returns false if the kernel refused @wanted, having said so. */
static bool put_value(const struct host_setting *setting, const char *root,
		      const char *current, const char *wanted, FILE *out)
{
	int err;

	/* Already in place: nothing to write, nothing for the kernel to refuse. */
	if (strcmp(wanted, current) == 0)
		return true;
	/* "" would be no write at all; a newline is the empty value. */
	err = host_file_write(root, setting->path, wanted[0] ? wanted : "\n");
	if (err) {
		fprintf(out, "%s: the kernel refused %s %s (%s); left at %s\n", setting->step,
			setting->name, wanted, strerror(-err), current);
		return false;
	}
	return true;
}

bool host_setting_change(const struct host_setting *setting, const char *root,
			 const char *current, const char *wanted, FILE *out)
{
	if (!put_value(setting, root, current, wanted, out))
		return false;
	/* Only the first change sees the value from before vtjobctl. */
	if (!setting->original[0])
		snprintf(setting->original, setting->size, "%s", current);
	return true;
}

bool host_setting_restore(const struct host_setting *setting, const char *root,
			  const char *current, FILE *out)
{
	if (!put_value(setting, root, current, setting->original, out))
		return false;
	fprintf(out, "%s: restored %s %s\n", setting->step, setting->name, setting->original);
	setting->original[0] = '\0';
	return true;
}
