// SPDX-License-Identifier: GPL-2.0
/* The isolation state file: its format, both ways, and its errors. */
#include "isolation/isolation_state.h"

#include "harness.h"
#include "fake_root.h"

static char err[512];

static void fill(struct isolation_state *state)
{
	char problem[128];

	isolation_state_init(state);
	if (cpus_parse("1-2,5", &state->cpus, problem, sizeof(problem)))
		abort();
	state->enabled_cpuset_controller = true;
	state->created_cgroup = true;
	strcpy(state->workqueue_cpumask, "f,ffffffff");
	strcpy(state->watchdog_cpumask, "0-35");
	strcpy(state->vmstat_interval, "1");
	/* Out of order, to see them come out sorted. */
	isolation_state_save_irq(state, 24, "0-7");
	isolation_state_save_irq(state, 3, "0");
	isolation_state_save_irq(state, 1000, "1,3");
}

static char *write_text(const struct isolation_state *state)
{
	char *text = NULL;
	size_t len;
	FILE *out = open_memstream(&text, &len);

	if (isolation_state_write(state, out))
		abort();
	fclose(out);
	return text;
}

/* Parse @text; returns what isolation_state_read() does, message in err. */
static int read_text(struct isolation_state *state, const char *text)
{
	FILE *in = fmemopen((void *)text, strlen(text), "r");
	int ret;

	ret = isolation_state_read(state, in, "state", err, sizeof(err));
	fclose(in);
	return ret;
}

#define EXPECT_READ_ERROR(expected, text) do {			\
		struct isolation_state _state;			\
		EXPECT_EQ(-1, read_text(&_state, text));	\
		EXPECT_STREQ(expected, err);			\
	} while (0)

TEST(written_format)
{
	struct isolation_state state;
	char *text;

	fill(&state);
	text = write_text(&state);
	EXPECT_STREQ("# What vtjobctl reserve changed; vtjobctl release undoes it.\n"
		     "version 1\n"
		     "cpus 1-2,5\n"
		     "enabled-cpuset-controller\n"
		     "created-cgroup\n"
		     "workqueue-cpumask f,ffffffff\n"
		     "watchdog-cpumask 0-35\n"
		     "vmstat-interval 1\n"
		     "irq 3 0\n"
		     "irq 24 0-7\n"
		     "irq 1000 1,3\n", text);
	free(text);
	isolation_state_free(&state);
}

TEST(round_trip)
{
	struct isolation_state state, copy;
	char *text, *again;

	fill(&state);
	text = write_text(&state);
	ASSERT_EQ(0, read_text(&copy, text)) TH_LOG("%s", err);
	EXPECT_TRUE(cpus_equal(&state.cpus, &copy.cpus));
	EXPECT_TRUE(copy.enabled_cpuset_controller);
	EXPECT_TRUE(copy.created_cgroup);
	EXPECT_STREQ("f,ffffffff", copy.workqueue_cpumask);
	EXPECT_STREQ("0-35", copy.watchdog_cpumask);
	EXPECT_STREQ("1", copy.vmstat_interval);
	ASSERT_EQ(3, copy.nr_irqs);
	EXPECT_STREQ("0", isolation_state_irq(&copy, 3));
	EXPECT_STREQ("0-7", isolation_state_irq(&copy, 24));
	EXPECT_STREQ("1,3", isolation_state_irq(&copy, 1000));
	again = write_text(&copy);
	EXPECT_STREQ(text, again);
	free(text);
	free(again);
	isolation_state_free(&state);
	isolation_state_free(&copy);
}

TEST(round_trip_of_an_empty_state)
{
	struct isolation_state state, copy;
	char *text;

	isolation_state_init(&state);
	EXPECT_TRUE(isolation_state_is_empty(&state));
	text = write_text(&state);
	ASSERT_EQ(0, read_text(&copy, text));
	EXPECT_TRUE(isolation_state_is_empty(&copy));
	free(text);
}

TEST(comments_and_blank_lines_are_skipped)
{
	struct isolation_state state;

	ASSERT_EQ(0, read_text(&state, "# hello\n\nversion 1\n# cpus 7\n\nirq 9 1\n"));
	EXPECT_TRUE(cpus_is_empty(&state.cpus));
	EXPECT_STREQ("1", isolation_state_irq(&state, 9));
	isolation_state_free(&state);
}

TEST(a_missing_last_newline_is_fine)
{
	struct isolation_state state;

	ASSERT_EQ(0, read_text(&state, "version 1\ncpus 3"));
	EXPECT_TRUE(cpus_has(&state.cpus, 3));
	isolation_state_free(&state);
}

TEST(version_comes_first_and_must_match)
{
	EXPECT_READ_ERROR("state: no \"version\" line", "");
	EXPECT_READ_ERROR("state: no \"version\" line", "# only a comment\n");
	EXPECT_READ_ERROR("state line 1: expected \"version 1\" first", "cpus 1\nversion 1\n");
	EXPECT_READ_ERROR("state line 1: version 2, but this vtjobctl knows only 1", "version 2\n");
	EXPECT_READ_ERROR("state line 1: expected \"version NUMBER\"", "version one\n");
	EXPECT_READ_ERROR("state line 1: expected \"version NUMBER\"", "version\n");
}

TEST(bad_lines_are_named)
{
	EXPECT_READ_ERROR("state line 2: unknown item \"colour\"", "version 1\ncolour blue\n");
	EXPECT_READ_ERROR("state line 2: invalid CPU list \"1,\": it ends with a comma",
			  "version 1\ncpus 1,\n");
	EXPECT_READ_ERROR("state line 2: cpus needs a value", "version 1\ncpus\n");
	EXPECT_READ_ERROR("state line 2: created-cgroup takes no value",
			  "version 1\ncreated-cgroup yes\n");
	EXPECT_READ_ERROR("state line 3: invalid CPU mask \"xyz\": expected groups of 1 to 8 hex digits separated by commas",
			  "version 1\n\nworkqueue-cpumask xyz\n");
	EXPECT_READ_ERROR("state line 2: invalid CPU list \"f\": expected a CPU number at character 1, found 'f'",
			  "version 1\nwatchdog-cpumask f\n");
	EXPECT_READ_ERROR("state line 2: \"1s\" is not a number of seconds",
			  "version 1\nvmstat-interval 1s\n");
	EXPECT_READ_ERROR("state line 2: watchdog-cpumask needs a value",
			  "version 1\nwatchdog-cpumask\n");
	EXPECT_READ_ERROR("state line 2: expected \"irq NUMBER CPULIST\"", "version 1\nirq 5\n");
	EXPECT_READ_ERROR("state line 2: \"x\" is not an IRQ number", "version 1\nirq x 1\n");
	EXPECT_READ_ERROR("state line 2: \"-1\" is not an IRQ number", "version 1\nirq -1 1\n");
	EXPECT_READ_ERROR("state line 2: invalid CPU list \"1 2\": whitespace at character 2",
			  "version 1\nirq 5 1 2\n");
	EXPECT_READ_ERROR("state line 3: IRQ 5 is listed twice", "version 1\nirq 5 1\nirq 5 2\n");
}

TEST(saved_watchdog_and_vmstat_values_are_changes)
{
	struct isolation_state state;

	isolation_state_init(&state);
	strcpy(state.watchdog_cpumask, "0-3");
	/* Or release would drop the file and never put the mask back. */
	EXPECT_FALSE(isolation_state_is_empty(&state));
	state.watchdog_cpumask[0] = '\0';
	strcpy(state.vmstat_interval, "1");
	EXPECT_FALSE(isolation_state_is_empty(&state));
}

TEST(an_irq_original_is_saved_once)
{
	struct isolation_state state;

	isolation_state_init(&state);
	ASSERT_EQ(0, isolation_state_save_irq(&state, 24, "0-7"));
	ASSERT_EQ(0, isolation_state_save_irq(&state, 24, "0"));
	EXPECT_STREQ("0-7", isolation_state_irq(&state, 24));
	EXPECT_EQ(NULL, isolation_state_irq(&state, 25));
	isolation_state_forget_irq(&state, 24);
	isolation_state_forget_irq(&state, 99);
	EXPECT_EQ(NULL, isolation_state_irq(&state, 24));
	EXPECT_TRUE(isolation_state_is_empty(&state));
	isolation_state_free(&state);
}

FIXTURE(file) {
	char root[PATH_MAX];
};

FIXTURE_SETUP(file)
{
	ASSERT_TRUE(fake_root_create(self->root, "state"));
	/* The state in /run/vtjob, whatever runs the tests. */
	unsetenv("RUNTIME_DIRECTORY");
	fake_mkdirs(self->root, "/run");
}

FIXTURE_TEARDOWN(file)
{
	fake_root_remove(self->root);
}

TEST_F(file, a_missing_file_is_an_empty_state)
{
	struct isolation_state state;

	ASSERT_EQ(0, isolation_state_load(&state, self->root, err, sizeof(err)));
	EXPECT_TRUE(isolation_state_is_empty(&state));
}

TEST_F(file, store_then_load)
{
	struct isolation_state state, copy;

	fill(&state);
	ASSERT_EQ(0, isolation_state_store(&state, self->root, err, sizeof(err))) TH_LOG("%s", err);
	EXPECT_NE(NULL, strstr(fake_read(self->root, ISOLATION_STATE_PATH),
			       "\nirq 24 0-7\n"));
	EXPECT_FALSE(fake_exists(self->root, ISOLATION_STATE_PATH ".new"));
	ASSERT_EQ(0, isolation_state_load(&copy, self->root, err, sizeof(err))) TH_LOG("%s", err);
	EXPECT_STREQ("0-7", isolation_state_irq(&copy, 24));
	isolation_state_free(&copy);
	isolation_state_free(&state);
}

TEST_F(file, storing_an_empty_state_removes_the_file)
{
	struct isolation_state state;

	fill(&state);
	ASSERT_EQ(0, isolation_state_store(&state, self->root, err, sizeof(err)));
	isolation_state_free(&state);
	ASSERT_EQ(0, isolation_state_store(&state, self->root, err, sizeof(err)));
	EXPECT_FALSE(fake_exists(self->root, ISOLATION_STATE_PATH));
	/* And again, with nothing to remove. */
	EXPECT_EQ(0, isolation_state_store(&state, self->root, err, sizeof(err)));
}

TEST_F(file, a_broken_file_is_reported_with_its_path)
{
	struct isolation_state state;
	char expected[2 * PATH_MAX];

	fake_write(self->root, ISOLATION_STATE_PATH, "version 1\nbogus\n");
	EXPECT_EQ(-1, isolation_state_load(&state, self->root, err, sizeof(err)));
	snprintf(expected, sizeof(expected), "%s%s line 2: bogus needs a value",
		 self->root, ISOLATION_STATE_PATH);
	EXPECT_STREQ(expected, err);
}

TEST_HARNESS_MAIN
