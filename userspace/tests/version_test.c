// SPDX-License-Identifier: GPL-2.0
/* `vtjobctl --version` for each state the module can be in. */
#include "cmd/version.h"

#include <stdlib.h>
#include <string.h>

#include <linux/vtjob.h>

#include "harness.h"

/*
 * What version_print() says of @module, less the first line, which is
 * vtjobctl's own whatever the module: that line is checked here too.
 */
static char *module_line(struct __test_metadata *_metadata, const struct module_version *module)
{
	char *text = NULL, *first = NULL, *rest;
	size_t len;
	FILE *out = open_memstream(&text, &len);

	version_print(out, "1.2.3", module, "modprobe vtjob");
	fclose(out);
	if (asprintf(&first, "vtjobctl 1.2.3 (vtjob API %d)\n", VTJOB_API_VERSION) < 0)
		abort();
	EXPECT_EQ(0, strncmp(text, first, strlen(first))) TH_LOG("%s", text);
	rest = strdup(text + strlen(first));
	free(first);
	free(text);
	return rest;
}

TEST(a_module_not_loaded_is_said_with_how_to_load_it)
{
	struct module_version module = { .loaded = false };
	char *line = module_line(_metadata, &module);

	EXPECT_STREQ("module: not loaded; load it with 'modprobe vtjob'\n", line);
	free(line);
}

TEST(a_loaded_module_shows_its_version_and_api)
{
	struct module_version module = {
		.loaded = true, .version = "1.2.3", .api_version = VTJOB_API_VERSION,
	};
	char *line = module_line(_metadata, &module), *want;

	if (asprintf(&want, "module: vtjob 1.2.3 (vtjob API %d)\n", VTJOB_API_VERSION) < 0)
		abort();
	EXPECT_STREQ(want, line);
	free(want);
	free(line);
}

TEST(another_api_says_what_vtjobctl_needs)
{
	struct module_version module = {
		.loaded = true, .version = "9.0.0", .api_version = VTJOB_API_VERSION + 1,
	};
	char *line = module_line(_metadata, &module), *want;

	if (asprintf(&want, "module: vtjob 9.0.0 (vtjob API %d); vtjobctl needs API %d: "
		     "use the two from one release\n",
		     VTJOB_API_VERSION + 1, VTJOB_API_VERSION) < 0)
		abort();
	EXPECT_STREQ(want, line);
	free(want);
	free(line);
}

TEST(a_module_that_cannot_be_asked_says_why)
{
	struct module_version module = {
		.loaded = true, .problem = "its netlink family 'vtjob' is missing",
	};
	char *line = module_line(_metadata, &module);

	EXPECT_STREQ("module: vtjob (no version) (API unknown: its netlink family 'vtjob' is missing)\n",
		     line);
	free(line);
}

TEST_HARNESS_MAIN
