/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Where the built jobs of examples/ are, for tests that load them: found
 * from the test program's own path (userspace/tests/), so that a test
 * runs from any directory.
 */
#ifndef VTJOBCTL_TEST_EXAMPLE_JOBS_H
#define VTJOBCTL_TEST_EXAMPLE_JOBS_H

#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* examples/@name, e.g. "hello" or "tests/fault"; in a static buffer. */
static inline const char *example_job(const char *name)
{
	static char path[PATH_MAX];
	char self[PATH_MAX];
	ssize_t len = readlink("/proc/self/exe", self, sizeof(self) - 1);

	if (len < 0)
		return name;
	self[len] = '\0';
	snprintf(path, sizeof(path), "%s/../../examples/%s", dirname(self), name);
	return path;
}

#endif /* VTJOBCTL_TEST_EXAMPLE_JOBS_H */
