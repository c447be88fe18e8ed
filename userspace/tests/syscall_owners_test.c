// SPDX-License-Identifier: GPL-2.0
/*
 * The owner table, common/syscall_owners.h, against what is built from
 * it and what is written about it. vtjobctl's handler table is expanded
 * from the same rows, so a VTJOBCTL or SPLIT row without its
 * job_sys_<name>() does not build; what a build cannot catch is checked
 * here: that job_syscall_serve() answers the numbers of such rows and
 * only those (a hand-made entry, a macro that drops an owner), that no
 * call is in two rows (the module's table and vtjobctl's would each take
 * it), that the flags mean something to the side that reads them, and
 * that Documentation/vtjob.rst's table lists exactly the rows.
 */
#include "runtime/sys/job_syscalls.h"

#include <ctype.h>
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"

struct owner_row {
	const char *name;
	const char *owner;	/* MODULE, VTJOBCTL, SPLIT or NONE */
	uint64_t nr;
	unsigned int flags;
};

static const struct owner_row rows[] = {
#define VTJ_SYSCALL(name, owner, flags) { #name, #owner, JOB_NR_##name, flags },
#include "common/syscall_owners.h"
};

#define NR_ROWS	(sizeof(rows) / sizeof(rows[0]))

/* The rows vtjobctl serves; the module may still serve part of a SPLIT one. */
static bool served_by_vtjobctl(const struct owner_row *row)
{
	return !strcmp(row->owner, "VTJOBCTL") || !strcmp(row->owner, "SPLIT");
}

static const struct owner_row *row_of(uint64_t nr)
{
	size_t i;

	for (i = 0; i < NR_ROWS; i++)
		if (rows[i].nr == nr)
			return &rows[i];
	return NULL;
}

/*
 * Just enough of a job for any handler to fail early: no memory mapped
 * (its page tables are one empty PML4), no fds, no files. Every argument
 * is ~0, a bad fd and a bad pointer at once, so that no call here opens,
 * creates or writes anything.
 */
static uint8_t mem[4096];
static struct job_signal_queue no_signals;
static struct job_fd_table fds;
static struct job_paths paths;
static struct job_process_call process;
static struct job_syscall_env env;

static void setup(void)
{
	static const int no_stdio[3] = { -1, -1, -1 };
	const struct job_paths_config config = { .no_files = true };
	char err[256];

	if (job_fd_table_init(&fds, 64, no_stdio) ||
	    job_paths_init(&paths, &config, err, sizeof(err)))
		abort();
	env = (struct job_syscall_env) {
		.view = { .mem = mem, .mem_size = sizeof(mem), .cr3 = 0 },
		.write = write,
		.signals = &no_signals,
		.fds = &fds,
		.paths = &paths,
		.process = &process,
	};
}

static enum job_syscall_outcome serve(uint64_t nr, int64_t *result, int *status)
{
	struct vtjob_exit exit = { .reason = VTJOB_EXIT_SYSCALL };
	int i;

	exit.syscall.nr = nr;
	for (i = 0; i < 6; i++)
		exit.syscall.args[i] = ~0ull;
	*result = 0;
	*status = -1;
	return job_syscall_serve(&env, &exit, result, status);
}

TEST(every_row_is_one_real_call_with_a_known_owner)
{
	size_t i, j;

	for (i = 0; i < NR_ROWS; i++) {
		const struct owner_row *row = &rows[i];
		bool known = !strcmp(row->owner, "MODULE") || !strcmp(row->owner, "VTJOBCTL") ||
			     !strcmp(row->owner, "SPLIT") || !strcmp(row->owner, "NONE");

		EXPECT_TRUE(known) TH_LOG("%s: owner %s", row->name, row->owner);
		EXPECT_GT(JOB_NR_LIMIT, row->nr) TH_LOG("%s", row->name);
		for (j = 0; j < i; j++)
			EXPECT_NE(rows[j].nr, row->nr)
				TH_LOG("%s is in two rows (%s, %s)", row->name, rows[j].owner,
				       row->owner);
	}
}

/*
 * Each flag is read by one side only: the module waits for the layout,
 * vtjobctl ends the job. On a row the other side owns it would do nothing.
 */
TEST(flags_sit_where_they_are_read)
{
	const unsigned int known = VTJ_SYS_F_NEEDS_MM | VTJ_SYS_F_ENDS_JOB |
				   VTJ_SYS_F_JOB_STATE;
	size_t i;

	for (i = 0; i < NR_ROWS; i++) {
		const struct owner_row *row = &rows[i];

		EXPECT_EQ(0, row->flags & ~known) TH_LOG("%s: flags %#x", row->name, row->flags);
		if (row->flags & VTJ_SYS_F_NEEDS_MM)
			EXPECT_TRUE(!strcmp(row->owner, "MODULE") || !strcmp(row->owner, "SPLIT"))
				TH_LOG("%s: NEEDS_MM on a %s row", row->name, row->owner);
		if (row->flags & VTJ_SYS_F_ENDS_JOB)
			EXPECT_STREQ("VTJOBCTL", row->owner) TH_LOG("%s", row->name);
		if (row->flags & VTJ_SYS_F_JOB_STATE)
			EXPECT_STREQ("MODULE", row->owner) TH_LOG("%s", row->name);
	}
}

TEST(vtjobctl_serves_its_rows)
{
	mode_t umask_before = umask(022);
	enum job_syscall_outcome outcome;
	int64_t result;
	size_t i;
	int status;

	umask(umask_before);
	setup();
	for (i = 0; i < NR_ROWS; i++) {
		const struct owner_row *row = &rows[i];

		if (!served_by_vtjobctl(row))
			continue;
		outcome = serve(row->nr, &result, &status);
		if (row->flags & VTJ_SYS_F_ENDS_JOB) {
			EXPECT_EQ(JOB_SYSCALL_EXIT, outcome) TH_LOG("%s", row->name);
			/* The low byte of ~0, as wait() would see it. */
			EXPECT_EQ(0xff, status) TH_LOG("%s", row->name);
			continue;
		}
		/* fork and vfork have no arguments to refuse: the runtime would fork. */
		if (outcome == JOB_SYSCALL_PROCESS) {
			EXPECT_EQ(JOB_PROCESS_FORK, process.kind) TH_LOG("%s", row->name);
			EXPECT_TRUE(row->nr == JOB_NR_fork || row->nr == JOB_NR_vfork)
				TH_LOG("%s", row->name);
			job_process_call_free(&process);
			continue;
		}
		EXPECT_EQ(JOB_SYSCALL_RETURN, outcome) TH_LOG("%s", row->name);
		EXPECT_NE(-ENOSYS, result) TH_LOG("%s is not served", row->name);
	}
	/* umask(~0) did set 0777: the harness's files want the old one. */
	umask(umask_before);
}

TEST(the_module_s_rows_are_enosys_in_vtjobctl)
{
	int64_t result;
	size_t i;
	int status;

	setup();
	for (i = 0; i < NR_ROWS; i++) {
		if (served_by_vtjobctl(&rows[i]))
			continue;
		EXPECT_EQ(JOB_SYSCALL_RETURN, serve(rows[i].nr, &result, &status))
			TH_LOG("%s", rows[i].name);
		EXPECT_EQ(-ENOSYS, result) TH_LOG("%s (%s) is served", rows[i].name, rows[i].owner);
	}
}

/* Nothing in vtjobctl's table but the rows: any other number is -ENOSYS. */
TEST(numbers_in_no_row_are_enosys)
{
	/* Past the table, and numbers whose low 32 bits are a served call. */
	static const uint64_t beyond[] = {
		JOB_NR_LIMIT, 4095, 1ull << 32 | JOB_NR_read, 1ull << 63 | JOB_NR_exit, ~0ull,
	};
	int64_t result;
	uint64_t nr;
	size_t i;
	int status;

	setup();
	for (nr = 0; nr < JOB_NR_LIMIT; nr++) {
		if (row_of(nr))
			continue;
		EXPECT_EQ(JOB_SYSCALL_RETURN, serve(nr, &result, &status)) TH_LOG("%lu", nr);
		EXPECT_EQ(-ENOSYS, result) TH_LOG("%lu is in no row, but served", nr);
	}
	for (i = 0; i < sizeof(beyond) / sizeof(beyond[0]); i++) {
		EXPECT_EQ(JOB_SYSCALL_RETURN, serve(beyond[i], &result, &status))
			TH_LOG("%#lx", beyond[i]);
		EXPECT_EQ(-ENOSYS, result) TH_LOG("%#lx", beyond[i]);
	}
}

/*
 * Documentation/vtjob.rst, found from the test program's own path
 * (userspace/tests/), so that the test runs from any directory.
 */
static FILE *open_doc(char *path, size_t size)
{
	char self[PATH_MAX];
	ssize_t len = readlink("/proc/self/exe", self, sizeof(self) - 1);

	if (len < 0)
		return NULL;
	self[len] = '\0';
	snprintf(path, size, "%s/../../Documentation/vtjob.rst", dirname(self));
	return fopen(path, "r");
}

/* A simple table's border: columns of '=' with spaces between. */
static bool is_border(const char *line)
{
	return line[0] == '=' && strspn(line, "= \n") == strlen(line);
}

/*
 * One row of the table, "``name``   owner   note": the name and owner
 * word into @name and @owner. A line that starts with a space continues
 * the note above and is not a row.
 */
static bool parse_row(const char *line, char *name, size_t namelen, char *owner,
		      size_t ownerlen)
{
	const char *end;
	size_t len;

	if (strncmp(line, "``", 2))
		return false;
	line += 2;
	end = strstr(line, "``");
	if (!end || end == line || (size_t)(end - line) >= namelen || !isspace(end[2]))
		return false;
	memcpy(name, line, end - line);
	name[end - line] = '\0';
	line = end + 2;
	line += strspn(line, " ");
	for (len = 0; islower(line[len]); len++)
		;
	if (len == 0 || len >= ownerlen || !isspace(line[len]))
		return false;
	memcpy(owner, line, len);
	owner[len] = '\0';
	return true;
}

TEST(the_documentation_lists_every_row)
{
	bool seen[NR_ROWS] = { false }, inside = false, header = false, ended = false;
	char path[PATH_MAX], name[64], owner[16];
	unsigned int lineno = 0;
	char *line = NULL;
	size_t cap = 0, i;
	FILE *doc;

	doc = open_doc(path, sizeof(path));
	ASSERT_NE(NULL, doc) TH_LOG("%s: %s", path, strerror(errno));
	while (getline(&line, &cap, doc) > 0) {
		const struct owner_row *row = NULL;
		bool parsed;

		lineno++;
		if (!strcmp(line, ".. syscall-owners-begin\n")) {
			EXPECT_FALSE(inside || ended) TH_LOG("line %u: a second begin", lineno);
			inside = true;
			continue;
		}
		if (!strcmp(line, ".. syscall-owners-end\n")) {
			EXPECT_TRUE(inside) TH_LOG("line %u: end before begin", lineno);
			inside = false;
			ended = true;
			continue;
		}
		if (!inside || line[0] == '\n' || line[0] == ' ' || is_border(line))
			continue;
		/* The first line between the borders names the columns. */
		if (!header) {
			header = true;
			EXPECT_EQ(0, strncmp(line, "Call ", 5)) TH_LOG("line %u: %s", lineno, line);
			continue;
		}
		parsed = parse_row(line, name, sizeof(name), owner, sizeof(owner));
		EXPECT_TRUE(parsed) TH_LOG("line %u is no ``call`` owner row: %s", lineno, line);
		if (!parsed)
			continue;
		for (i = 0; i < NR_ROWS && !row; i++)
			if (!strcmp(rows[i].name, name))
				row = &rows[i];
		EXPECT_NE(NULL, row) TH_LOG("line %u: %s is in no row of syscall_owners.h",
					    lineno, name);
		if (!row)
			continue;
		EXPECT_FALSE(seen[row - rows]) TH_LOG("line %u: %s again", lineno, name);
		seen[row - rows] = true;
		EXPECT_EQ(0, strcasecmp(owner, row->owner))
			TH_LOG("line %u: %s is %s in the table, %s in syscall_owners.h", lineno,
			       name, owner, row->owner);
	}
	free(line);
	fclose(doc);
	ASSERT_TRUE(ended) TH_LOG("%s has no syscall-owners-begin/-end pair", path);
	EXPECT_TRUE(header) TH_LOG("no table between the markers");
	for (i = 0; i < NR_ROWS; i++)
		EXPECT_TRUE(seen[i]) TH_LOG("%s (%s) is not in the table", rows[i].name,
					    rows[i].owner);
}

TEST_HARNESS_MAIN
