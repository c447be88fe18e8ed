// SPDX-License-Identifier: GPL-2.0
/*
 * What a job or a local user must not be able to do to the host: each test
 * here shows a defect the review of the module found, and fails without
 * its fix (Documentation/vtjob.rst, "Security model"). CPU 1 is reserved
 * for the tests. Runs in the 3-CPU VM, which boots with preempt=full.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/vtjob.h>

#include "kselftest_harness.h"
#include "lib/clock.h"
#include "lib/cpus.h"
#include "lib/files.h"
#include "lib/fixture.h"
#include "lib/jobs.h"
#include "lib/module.h"
#include "lib/run.h"

#define FILE_MAX	"/proc/sys/fs/file-max"
#define JOB_MEM		(2UL << 20)
#define NOBODY		65534

FIXTURE(hardening) {
	bool ready;
};

FIXTURE_SETUP(hardening)
{
	const char *why_not;

	self->ready = false;
	why_not = vtj_why_no_job_cpu();
	if (why_not)
		SKIP(return, "%s", why_not);
	ASSERT_EQ(0, vtj_ensure_loaded());
	vtj_release("--force all");
	ASSERT_EQ(0, vtj_reserve_no_isolate("1"));
	self->ready = true;
}

FIXTURE_TEARDOWN(hardening)
{
	if (self->ready)
		vtj_release("--force all");
}

/*
 * A user at fs.file-max (a file the caller may not have) gets ENFILE from
 * VTJOB_CREATE_JOB, and nothing else happens. The module used to put the
 * fd twice and fput() an error pointer here: an oops in the child, which
 * the harness also sees in dmesg.
 */
TEST_F(hardening, create_job_at_file_max_fails_cleanly)
{
	char *saved;
	int status;
	pid_t pid;

	VTJ_NEEDS_SETUP();
	saved = vtj_read_file(FILE_MAX);
	ASSERT_NE(NULL, saved);
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		struct vtjob_create_job args;
		int dev = vtj_open_dev();
		void *mem = vtj_job_mem(JOB_MEM);

		if (dev < 0 || !mem)
			_exit(10);
		/* Unprivileged: only CAP_SYS_ADMIN passes fs.file-max. */
		if (setgroups(0, NULL) || setgid(NOBODY) || setuid(NOBODY))
			_exit(11);
		/* The parent lowers the limit once this child is ready. */
		raise(SIGSTOP);
		if (vtj_create_job(dev, mem, JOB_MEM, 1, 0, &args) >= 0)
			_exit(12);
		_exit(errno == ENFILE ? 0 : 13);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, WUNTRACED));
	ASSERT_TRUE(WIFSTOPPED(status));
	ASSERT_EQ(0, vtj_write_file(FILE_MAX, "1"));
	kill(pid, SIGCONT);
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_EQ(0, vtj_write_file(FILE_MAX, saved));
	free(saved);
	ASSERT_TRUE(WIFEXITED(status)) TH_LOG("child ended by signal %d",
					      WTERMSIG(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
}

/*
 * A job fd passed on to another process (fork) is the creator's only:
 * every ioctl on it from elsewhere is EIO, as KVM does for a vCPU fd.
 */
TEST_F(hardening, job_fd_in_another_process_is_refused)
{
	struct vtjob_create_job args;
	struct vtjob_regs regs = { .size = sizeof(regs) };
	int dev, job, status;
	void *mem;
	pid_t pid;

	VTJ_NEEDS_SETUP();
	dev = vtj_open_dev();
	ASSERT_LE(0, dev);
	mem = vtj_job_mem(JOB_MEM);
	ASSERT_NE(NULL, mem);
	job = vtj_create_job(dev, mem, JOB_MEM, 1, 0, &args);
	ASSERT_LE(0, job);
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		struct vtjob_run run = { .size = sizeof(run) };

		if (ioctl(job, VTJOB_GET_REGS, &regs) != -1 || errno != EIO)
			_exit(1);
		if (ioctl(job, VTJOB_RUN, &run) != -1 || errno != EIO)
			_exit(2);
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
	/* Its creator still can. */
	EXPECT_EQ(0, ioctl(job, VTJOB_GET_REGS, &regs));
	close(job);
	close(dev);
	munmap(mem, JOB_MEM);
}

/*
 * A job that loops on a call the module serves runs out of time like one
 * that spins: --timeout 1 ends it with 124 within twice the limit. The
 * time limit used to count only the time in the guest.
 */
static void expect_timeout(struct __test_metadata *_metadata, const char *call)
{
	char command[512], *out = NULL;
	double start, took;
	int status;

	snprintf(command, sizeof(command),
		 "vtjobctl exec --timeout 1 %s/call_loop %s", vtj_jobs_dir(), call);
	start = vtj_now_s();
	status = vtj_run(command, &out);
	took = vtj_now_s() - start;
	TH_LOG("%s: exit %d after %.2f s: %s", call, status, took, out);
	EXPECT_EQ(124, status);
	EXPECT_GT(2.0, took);
	free(out);
}

TEST_F_TIMEOUT(hardening, timeout_ends_a_getpid_loop, 120)
{
	VTJ_NEEDS_SETUP();
	expect_timeout(_metadata, "getpid");
}

TEST_F_TIMEOUT(hardening, timeout_ends_a_madvise_loop, 120)
{
	VTJ_NEEDS_SETUP();
	expect_timeout(_metadata, "madvise");
}

TEST_F_TIMEOUT(hardening, timeout_ends_a_getrandom_loop, 120)
{
	VTJ_NEEDS_SETUP();
	expect_timeout(_metadata, "getrandom");
}

TEST_F_TIMEOUT(hardening, timeout_ends_a_mremap_loop, 120)
{
	VTJ_NEEDS_SETUP();
	expect_timeout(_metadata, "mremap");
}

/*
 * What CPUID tells a job works in it (RDTSCP, RDPID and PKU were told of
 * and faulted), XGETBV shows the XCR0 leaf 0xD describes, and an XSAVE of
 * it fits the size leaf 0xD gives; natively, the same program agrees.
 */
TEST_F(hardening, cpuid_tells_a_job_only_what_works)
{
	char command[512], *out = NULL;

	VTJ_NEEDS_SETUP();
	snprintf(command, sizeof(command), "%s/cpuid_check", vtj_jobs_dir());
	EXPECT_EQ(0, vtj_run(command, &out)) TH_LOG("native: %s", out);
	free(out);
	out = NULL;
	snprintf(command, sizeof(command), "vtjobctl exec %s/cpuid_check",
		 vtj_jobs_dir());
	EXPECT_EQ(0, vtj_run(command, &out)) TH_LOG("job: %s", out);
	EXPECT_NE(NULL, strstr(out, "xgetbv(0) is cpuid(0xd, 0)'s enabled set: ok"))
		TH_LOG("job: %s", out);
	free(out);
}

TEST_HARNESS_MAIN
