// SPDX-License-Identifier: GPL-2.0
/*
 * The --stats sum of a job tree: shared with forked runners, added to
 * atomically, and saying so when a job's figures cannot be read.
 */
#include "runtime/job_stats.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"

static struct job_stats_snapshot one_job(uint64_t run_ns, uint64_t served)
{
	struct job_stats_snapshot job;

	memset(&job, 0, sizeof(job));
	job.run_ns = run_ns;
	job.guest_ns = run_ns / 2;
	job.syscalls_served = served;
	job.syscalls_forwarded = 1;
	job.exits[0] = served + 1;
	job.exits[48] = 2;
	return job;
}

TEST(a_new_sum_is_zero)
{
	struct job_stats *stats = job_stats_create();
	struct job_stats_totals totals;
	size_t i;

	ASSERT_NE(NULL, stats);
	memset(&totals, 0xff, sizeof(totals));
	job_stats_read(stats, &totals);
	EXPECT_EQ(0, totals.processes);
	EXPECT_EQ(0, totals.jobs);
	EXPECT_EQ(0, totals.run_ns);
	EXPECT_EQ(0, totals.error);
	for (i = 0; i < JOB_STATS_EXIT_REASONS; i++)
		EXPECT_EQ(0, totals.exits[i]);
	job_stats_destroy(stats);
}

/* Forked runners add to the same sum as their parent: a tree's figures are one. */
TEST(children_add_to_their_parent_s_sum)
{
	struct job_stats *stats = job_stats_create();
	struct job_stats_snapshot job = one_job(1000, 5);
	struct job_stats_totals totals;
	int i, status;
	pid_t child;

	ASSERT_NE(NULL, stats);
	for (i = 0; i < 3; i++) {
		child = fork();
		ASSERT_LE(0, child);
		if (child == 0) {
			struct job_stats_runner runner = {
				.start_ns = job_stats_now_ns() - 5000,
				.in_run_ns = 1500,
				.serving_ns = 700,
				.exec_ns = 200,
				.waiting_ns = 300,
			};

			job_stats_add_snapshot(stats, &job);
			job_stats_add_process(stats, &runner);
			_exit(0);
		}
		ASSERT_EQ(child, waitpid(child, &status, 0));
		ASSERT_EQ(0, status);
	}
	job_stats_add_snapshot(stats, &job);
	job_stats_add_process(stats, &(struct job_stats_runner) {
		.start_ns = job_stats_now_ns() - 5000,
	});

	job_stats_read(stats, &totals);
	EXPECT_EQ(4, totals.processes);
	EXPECT_EQ(4, totals.jobs);
	EXPECT_EQ(4000, totals.run_ns);
	EXPECT_EQ(2000, totals.guest_ns);
	/* Each runner's life counts from its start to its end: 5 us at least. */
	EXPECT_LE(20000, totals.process_ns);
	EXPECT_EQ(4500, totals.in_run_ns);
	EXPECT_EQ(2100, totals.serving_ns);
	EXPECT_EQ(600, totals.exec_ns);
	EXPECT_EQ(900, totals.waiting_ns);
	EXPECT_EQ(20, totals.syscalls_served);
	EXPECT_EQ(4, totals.syscalls_forwarded);
	EXPECT_EQ(24, totals.exits[0]);
	EXPECT_EQ(8, totals.exits[48]);
	/* This process's own peak, at least: the largest of the four. */
	EXPECT_LT(0, totals.max_rss_kib);
	job_stats_destroy(stats);
}

TEST(a_job_the_module_cannot_tell_of_is_noted)
{
	struct job_stats *stats = job_stats_create();
	struct job_stats_snapshot job = one_job(1000, 5);
	struct job_stats_totals totals;
	int fd = open("/dev/null", O_RDONLY);

	ASSERT_NE(NULL, stats);
	ASSERT_LE(0, fd);
	/* Not a job fd: the ioctl is refused, and nothing is counted for it. */
	EXPECT_EQ(-ENOTTY, job_stats_add_job(stats, fd));
	job_stats_add_snapshot(stats, &job);
	job_stats_read(stats, &totals);
	EXPECT_EQ(-ENOTTY, totals.error);
	EXPECT_EQ(1, totals.jobs);
	EXPECT_EQ(1000, totals.run_ns);
	close(fd);
	job_stats_destroy(stats);
}


/* A call's time goes where its kind says, and always under serving. */
TEST(a_runner_s_calls_are_sorted_by_kind)
{
	struct job_stats_runner runner;
	uint64_t before = job_stats_now_ns();

	job_stats_runner_start(&runner);
	EXPECT_LE(before, runner.start_ns);
	EXPECT_EQ(0, runner.serving_ns);
	EXPECT_EQ(JOB_STATS_CALL_EXEC, job_stats_call_kind(SYS_execve));
	EXPECT_EQ(JOB_STATS_CALL_EXEC, job_stats_call_kind(SYS_execveat));
	EXPECT_EQ(JOB_STATS_CALL_WAITING, job_stats_call_kind(SYS_wait4));
	EXPECT_EQ(JOB_STATS_CALL_WAITING, job_stats_call_kind(SYS_vfork));
	EXPECT_EQ(JOB_STATS_CALL_WAITING, job_stats_call_kind(SYS_rt_sigsuspend));
	EXPECT_EQ(JOB_STATS_CALL_SERVED, job_stats_call_kind(SYS_read));
	EXPECT_EQ(JOB_STATS_CALL_SERVED, job_stats_call_kind(SYS_openat));
	EXPECT_EQ(JOB_STATS_CALL_SERVED, job_stats_call_kind(SYS_clone));

	job_stats_runner_served(&runner, JOB_STATS_CALL_SERVED, 10);
	job_stats_runner_served(&runner, JOB_STATS_CALL_EXEC, 200);
	job_stats_runner_served(&runner, JOB_STATS_CALL_WAITING, 3000);
	EXPECT_EQ(3210, runner.serving_ns);
	EXPECT_EQ(200, runner.exec_ns);
	EXPECT_EQ(3000, runner.waiting_ns);
}

TEST_HARNESS_MAIN
