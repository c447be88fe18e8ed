// SPDX-License-Identifier: GPL-2.0
/* `vtjobctl --version` for each state the module can be in. */
#include "cmd/version.h"

#include <stdlib.h>
#include <string.h>

#include <linux/vtjob.h>

#include "kselftest_harness.h"

static char *print(const struct module_version *module)
{
	char *text = NULL;
	size_t len;
	FILE *out = open_memstream(&text, &len);

	version_print(out, "1.2.3", module, "modprobe vtjob");
	fclose(out);
	return text;
}

/* The first line, the same whatever the module: vtjobctl's own. */
static char *expected(const char *module_line)
{
	char *text;

	if (asprintf(&text, "vtjobctl 1.2.3 (vtjob API %d)\n%s", VTJOB_API_VERSION,
		     module_line) < 0)
		abort();
	return text;
}

TEST(a_module_not_loaded_is_said_with_how_to_load_it)
{
	struct module_version module = { .loaded = false };
	char *text = print(&module), *want = expected(
		"module: not loaded; load it with 'modprobe vtjob'\n");

	EXPECT_STREQ(want, text);
	free(want);
	free(text);
}

TEST(a_loaded_module_shows_its_version_and_api)
{
	struct module_version module = {
		.loaded = true, .version = "1.2.3", .api_version = VTJOB_API_VERSION,
	};
	char *text = print(&module), *line, *want;

	if (asprintf(&line, "module: vtjob 1.2.3 (vtjob API %d)\n", VTJOB_API_VERSION) < 0)
		abort();
	want = expected(line);
	EXPECT_STREQ(want, text);
	free(line);
	free(want);
	free(text);
}

TEST(another_api_says_what_vtjobctl_needs)
{
	struct module_version module = {
		.loaded = true, .version = "9.0.0", .api_version = VTJOB_API_VERSION + 1,
	};
	char *text = print(&module), *line, *want;

	if (asprintf(&line, "module: vtjob 9.0.0 (vtjob API %d); vtjobctl needs API %d: "
		     "use the two from one release\n",
		     VTJOB_API_VERSION + 1, VTJOB_API_VERSION) < 0)
		abort();
	want = expected(line);
	EXPECT_STREQ(want, text);
	free(line);
	free(want);
	free(text);
}

TEST(a_module_that_cannot_be_asked_says_why)
{
	struct module_version module = {
		.loaded = true, .problem = "its netlink family 'vtjob' is missing",
	};
	char *text = print(&module), *want = expected(
		"module: vtjob (no version) (API unknown: its netlink family 'vtjob' is missing)\n");

	EXPECT_STREQ(want, text);
	free(want);
	free(text);
}

TEST_HARNESS_MAIN
