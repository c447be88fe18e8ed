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
#include <linux/capability.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/vtjob.h>

#include "kselftest_harness.h"
#include "lib/clock.h"
#include "lib/cpus.h"
#include "lib/files.h"
#include "lib/fixture.h"
#include "lib/guest.h"
#include "lib/jobs.h"
#include "lib/kmsg.h"
#include "lib/module.h"
#include "lib/run.h"

#define FILE_MAX	"/proc/sys/fs/file-max"
#define HUNG_TASK_TIMEOUT	"/proc/sys/kernel/hung_task_timeout_secs"
#define HUNG_TASK_PANIC		"/proc/sys/kernel/hung_task_panic"
#define JOB_MEM		(2UL << 20)
#define NOBODY		65534
/* Far more than a per-CPU counter's error on any CPU count a VM has. */
#define SURE_OPEN_FILES	512

VTJ_GUEST(spin_forever, "1: jmp 1b");

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
	int status, i;
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
		/*
		 * The kernel compares fs.file-max with a per-CPU counter's
		 * quick sum, which may be short by up to 32 files a CPU: in a
		 * VM with few files open it can read 0, and let a file past
		 * a limit of 1. Files of our own keep it well above.
		 */
		for (i = 0; i < SURE_OPEN_FILES; i++)
			if (open("/dev/null", O_RDONLY) < 0)
				_exit(14);
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

/*
 * Starts "vtjobctl exec spin" on CPU 1 with its output thrown away, and
 * returns its pid; the job spins until something ends it.
 */
static pid_t start_spinning_job(void)
{
	char path[512];
	char *argv[] = { "vtjobctl", "exec", "--cpu", "1", path, NULL };

	snprintf(path, sizeof(path), "%s/spin", vtj_jobs_dir());
	return vtj_start(argv, NULL, NULL);
}

enum teardown_race {
	RACE_RELEASE,		/* release --force against the job's fd close */
	RACE_OFFLINE,		/* CPU offline against the job's fd close */
	RACE_RELEASE_ONLY,	/* release --force against a running job */
	NR_RACES,
};

/*
 * Eviction, VMCS clearing and the job's fd being closed race in every
 * order the timing gives: release --force or an offline while the job's
 * process is killed, at random points of the job's start. Each round must
 * end (no hang), leave dmesg clean (the harness checks it) and leave a CPU
 * that runs the next job correctly. Release read vmcs_ready without the
 * job's lock, and a VMCLEAR could reach a CPU that had left VMX.
 */
TEST_F_TIMEOUT(hardening, teardown_races_end_cleanly, 900)
{
	unsigned int round, rounds = 12;
	char command[512], *out = NULL;

	VTJ_NEEDS_SETUP();
	srand(getpid());
	for (round = 0; round < rounds; round++) {
		enum teardown_race race = round % NR_RACES;
		pid_t job = start_spinning_job();
		int status;

		ASSERT_LT(0, job);
		usleep(rand() % 300000);
		switch (race) {
		case RACE_RELEASE:
			kill(job, SIGKILL);
			vtj_release("--force 1");
			break;
		case RACE_OFFLINE:
			kill(job, SIGKILL);
			EXPECT_EQ(0, vtj_set_cpu_online(1, false));
			break;
		case RACE_RELEASE_ONLY:
			EXPECT_EQ(0, vtj_release("--force 1"));
			break;
		default:
			break;
		}
		ASSERT_EQ(job, waitpid(job, &status, 0));
		/*
		 * Killed by us, or by losing its CPU (137); or, released
		 * before it had a job, refused a CPU that is not reserved.
		 */
		if (race == RACE_RELEASE_ONLY && WIFEXITED(status)) {
			EXPECT_NE(0, WEXITSTATUS(status));
		} else if (race != RACE_RELEASE_ONLY) {
			EXPECT_TRUE(WIFSIGNALED(status) || WEXITSTATUS(status) == 137)
				TH_LOG("round %u: status 0x%x", round, status);
		}
		if (race == RACE_OFFLINE)
			ASSERT_EQ(0, vtj_set_cpu_online(1, true));
		vtj_release("--force all");
		ASSERT_EQ(0, vtj_reserve_no_isolate("1")) TH_LOG("round %u", round);
		snprintf(command, sizeof(command), "vtjobctl exec %s/exit_with 7",
			 vtj_jobs_dir());
		EXPECT_EQ(7, vtj_run(command, &out))
			TH_LOG("round %u: %s", round, out);
		free(out);
		out = NULL;
	}
}

/* Waits until thread @tid of this process runs a job on CPU 1. */
static bool wait_until_running_on_cpu1(const volatile pid_t *tid)
{
	int tries;

	for (tries = 0; tries < 600; tries++) {
		if (*tid && vtj_thread_running_on(*tid, 1))
			return true;
		usleep(100 * 1000);
	}
	return false;
}

/*
 * Another thread's ioctl on a job whose run is long waits for the run to
 * end, and killably: the hung-task detector, which passes over killable
 * waits, has nothing to say of it. Holding job->lock made that wait
 * uninterruptible, reported after 120 s (a panic in the test VMs); with
 * the detector's timeout at 2 s, a wait of over 5 s would be reported
 * here. Once the run ends at its time limit, the ioctl works.
 */
TEST_F_TIMEOUT(hardening, an_ioctl_waiting_for_a_run_is_not_a_hung_task, 300)
{
	char *saved_timeout, *saved_panic;
	struct vtjob_regs regs = { .size = sizeof(regs) };
	struct vtj_runner runner = { .job = -1 };
	struct vtjob_create_job args;
	int dev, kmsg, ret;
	double start, waited;
	uint8_t *mem;

	VTJ_NEEDS_SETUP();
	saved_timeout = vtj_read_file(HUNG_TASK_TIMEOUT);
	saved_panic = vtj_read_file(HUNG_TASK_PANIC);
	ASSERT_NE(NULL, saved_timeout) TH_LOG("no hung-task detector in this kernel");
	ASSERT_NE(NULL, saved_panic);
	kmsg = vtj_kmsg_open();
	ASSERT_LE(0, kmsg);
	dev = vtj_open_dev();
	ASSERT_LE(0, dev);
	mem = vtj_guest_memory(spin_forever_start, spin_forever_end);
	ASSERT_NE(NULL, mem);
	/* Ten seconds of job time: twice what the detector needs to report. */
	runner.job = vtj_create_job(dev, mem, VTJ_GUEST_MEM_SIZE, 1, 10ULL * 1000000000,
				    &args);
	ASSERT_LE(0, runner.job) TH_LOG("VTJOB_CREATE_JOB: %s", strerror(errno));
	ASSERT_EQ(0, vtj_guest_set_start_regs(runner.job));

	/* A report fails this test; it must not panic the VM. */
	ASSERT_EQ(0, vtj_write_file(HUNG_TASK_PANIC, "0"));
	ASSERT_EQ(0, vtj_write_file(HUNG_TASK_TIMEOUT, "2"));
	ASSERT_EQ(0, vtj_runner_start(&runner));
	EXPECT_TRUE(wait_until_running_on_cpu1(&runner.tid));
	start = vtj_now_s();
	ret = ioctl(runner.job, VTJOB_GET_REGS, &regs);
	waited = vtj_now_s() - start;
	ASSERT_EQ(0, pthread_join(runner.thread, NULL));
	EXPECT_EQ(0, vtj_write_file(HUNG_TASK_TIMEOUT, saved_timeout));
	EXPECT_EQ(0, vtj_write_file(HUNG_TASK_PANIC, saved_panic));

	TH_LOG("VTJOB_GET_REGS waited %.1f s for the run", waited);
	EXPECT_EQ(0, ret) TH_LOG("VTJOB_GET_REGS: %s", strerror(errno));
	EXPECT_EQ(0, runner.ret) TH_LOG("VTJOB_RUN: %s", strerror(runner.err));
	EXPECT_EQ(VTJOB_EXIT_TIMEOUT, runner.run.exit.reason);
	/* The run held the job until its time was up. */
	EXPECT_LE(5.0, waited);
	/* Where the job spins, its one instruction. */
	EXPECT_EQ(VTJ_GUEST_CODE, regs.rip);
	EXPECT_KMSG_CLEAN(kmsg);
	free(saved_timeout);
	free(saved_panic);
	close(kmsg);
	close(runner.job);
	close(dev);
	munmap(mem, VTJ_GUEST_MEM_SIZE);
}

/* The state letter of process @pid's main thread ("R", "S", "D", ...). */
static char process_state(pid_t pid)
{
	char path[64], *stat, *after_name, state = '?';

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	stat = vtj_read_file(path);
	after_name = stat ? strrchr(stat, ')') : NULL;
	if (after_name && after_name[1] == ' ')
		state = after_name[2];
	free(stat);
	return state;
}

/*
 * A process whose one thread runs its job, with no time limit, while
 * another waits on the job in an ioctl, dies of SIGKILL at once, and
 * CPU 1 runs the next job.
 */
TEST_F_TIMEOUT(hardening, a_process_waiting_on_its_own_job_dies_of_sigkill, 300)
{
	char command[512], *out = NULL, ready = 0;
	double start, took = -1;
	int ready_pipe[2], status, tries;
	pid_t pid;

	VTJ_NEEDS_SETUP();
	ASSERT_EQ(0, pipe(ready_pipe));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		struct vtjob_regs regs = { .size = sizeof(regs) };
		struct vtj_runner runner = { .job = -1 };
		struct vtjob_create_job args;
		uint8_t *mem = vtj_guest_memory(spin_forever_start, spin_forever_end);
		int dev = vtj_open_dev();

		close(ready_pipe[0]);
		if (dev < 0 || !mem)
			_exit(10);
		runner.job = vtj_create_job(dev, mem, VTJ_GUEST_MEM_SIZE, 1, 0, &args);
		if (runner.job < 0 || vtj_guest_set_start_regs(runner.job) ||
		    vtj_runner_start(&runner) || !wait_until_running_on_cpu1(&runner.tid))
			_exit(11);
		if (write(ready_pipe[1], "r", 1) != 1)
			_exit(12);
		ioctl(runner.job, VTJOB_GET_REGS, &regs);
		_exit(13);	/* the run never ends: only SIGKILL gets here */
	}
	close(ready_pipe[1]);
	EXPECT_EQ(1, read(ready_pipe[0], &ready, 1));
	close(ready_pipe[0]);
	/* Its main thread waits for the job: D, as a killable wait shows. */
	for (tries = 0; tries < 100 && process_state(pid) != 'D'; tries++)
		usleep(100 * 1000);
	EXPECT_EQ('D', process_state(pid));
	start = vtj_now_s();
	EXPECT_EQ(0, kill(pid, SIGKILL));
	if (vtj_wait_for(pid, 30, &status) == 0)
		took = vtj_now_s() - start;
	ASSERT_LE(0, took) TH_LOG("the process did not die in 30 s");
	TH_LOG("dead %.2f s after SIGKILL", took);
	EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
		TH_LOG("status 0x%x", status);
	EXPECT_GT(2.0, took);

	snprintf(command, sizeof(command), "vtjobctl exec --cpu 1 %s/exit_with 7",
		 vtj_jobs_dir());
	EXPECT_EQ(7, vtj_run(command, &out)) TH_LOG("%s", out);
	free(out);
}

/* Whether the file at @path holds @text yet, waiting up to a minute. */
static bool wait_for_text(const char *path, const char *text)
{
	int tries;

	for (tries = 0; tries < 600; tries++) {
		char *content = vtj_read_file(path);
		bool found = content && strstr(content, text);

		free(content);
		if (found)
			return true;
		usleep(100 * 1000);
	}
	return false;
}

/*
 * A job whose CPU goes offline is killed, and vtjobctl says so with 137,
 * whatever the runner was doing. Here the job sleeps a millisecond at a
 * time, so that its runner leaves the CPU and comes back all the while.
 * A CPU going offline stops being active before the hotplug callback
 * evicts its job, and the scheduler pushes a runner that wakes meanwhile
 * to another CPU: the run failed to bind back (EBUSY, or EINVAL at the
 * start of VTJOB_RUN), and vtjobctl exited 1 with "running the job
 * failed". stress_test found it.
 */
TEST_F_TIMEOUT(hardening, a_cpu_going_offline_kills_a_sleeping_job, 900)
{
	const char *log_file = "/tmp/hardening_offline.log";
	char path[512];
	char *argv[] = { "vtjobctl", "exec", "--cpu", "1", path, "nanosleep", NULL };
	int round, status;

	VTJ_NEEDS_SETUP();
	snprintf(path, sizeof(path), "%s/call_loop", vtj_jobs_dir());
	for (round = 0; round < 8; round++) {
		pid_t pid = vtj_start(argv, log_file, log_file);
		char *log;

		ASSERT_LT(0, pid);
		EXPECT_TRUE(wait_for_text(log_file, "looping"));
		usleep(round * 7000);
		ASSERT_EQ(0, vtj_set_cpu_online(1, false));
		ASSERT_EQ(0, vtj_wait_for(pid, 120, &status)) TH_LOG("round %d: vtjobctl hung",
								     round);
		log = vtj_read_file(log_file);
		EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 137)
			TH_LOG("round %d: status 0x%x: %s", round, status, log);
		EXPECT_NE(NULL, strstr(log ? log : "", "vtjob: job killed: its CPU went offline"))
			TH_LOG("round %d: %s", round, log);
		free(log);
		ASSERT_EQ(0, vtj_set_cpu_online(1, true));
		ASSERT_EQ(0, vtj_reserve_no_isolate("1"));
	}
	unlink(log_file);
}

/* The value of "Name:" in /proc/self/status, in kB; -1 if it is not there. */
static long status_kb(const char *name)
{
	char *status = vtj_read_file("/proc/self/status"), *at;
	long kb = -1;

	at = status ? strstr(status, name) : NULL;
	if (at)
		kb = strtol(at + strlen(name), NULL, 10);
	free(status);
	return kb;
}

/* Exits with status 7 at once: touches its page tables and its code only. */
VTJ_GUEST(exit_7, "mov $60, %eax\n mov $7, %edi\n syscall");

/*
 * A job's memory is pinned as the job touches it, not at creation, and
 * what is pinned is locked memory: it shows in VmLck while the job exists,
 * and a user without CAP_IPC_LOCK cannot pin more than RLIMIT_MEMLOCK
 * allows. It used to be charged to nothing, and then pinned whole up
 * front.
 */
TEST_F(hardening, job_memory_is_pinned_as_used_against_rlimit_memlock)
{
	int status;
	pid_t pid;

	VTJ_NEEDS_SETUP();
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		struct rlimit enough = { 2 * VTJ_GUEST_MEM_SIZE, 2 * VTJ_GUEST_MEM_SIZE };
		struct rlimit none = { 0, 0 };
		struct vtjob_create_job args;
		int dev = vtj_open_dev(), job;
		uint8_t *mem = vtj_guest_memory(exit_7_start, exit_7_end);
		struct vtjob_run r = { .size = sizeof(r) };
		long locked;

		if (dev < 0 || !mem)
			_exit(10);
		/* Without CAP_IPC_LOCK, which would pass any limit. */
		if (setgroups(0, NULL) || setgid(NOBODY) || setuid(NOBODY))
			_exit(11);
		if (setrlimit(RLIMIT_MEMLOCK, &enough))
			_exit(12);
		job = vtj_create_job(dev, mem, VTJ_GUEST_MEM_SIZE, 1, 0, &args);
		if (job < 0)
			_exit(13);
		if (status_kb("VmLck:") != 0)
			_exit(14);
		if (vtj_guest_set_start_regs(job) || ioctl(job, VTJOB_RUN, &r) ||
		    r.exit.reason != VTJOB_EXIT_SYSCALL || r.exit.syscall.nr != 60)
			_exit(15);
		/* Its tables and its code: a page each, or one 2 MiB page. */
		locked = status_kb("VmLck:");
		if (locked < 4 * 4 || locked > 2048)
			_exit(16);
		close(job);
		if (status_kb("VmLck:") != 0)
			_exit(17);

		/* No memory to lock: the job is made, but its first touch stops it. */
		if (setrlimit(RLIMIT_MEMLOCK, &none))
			_exit(18);
		job = vtj_create_job(dev, mem, VTJ_GUEST_MEM_SIZE, 1, 0, &args);
		if (job < 0 || vtj_guest_set_start_regs(job))
			_exit(19);
		if (ioctl(job, VTJOB_RUN, &r) != -1 || errno != ENOMEM)
			_exit(20);
		/* A refusal charges nothing either. */
		if (status_kb("VmLck:") != 0)
			_exit(21);
		close(job);
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
}

/* Runs `vtjobctl exec ARGS` with RLIMIT_MEMLOCK @limit and no CAP_IPC_LOCK. */
static int exec_with_memlock(rlim_t limit, const char *args, char **err)
{
	const char *err_file = "/tmp/hardening_memlock.err";
	int status;
	pid_t pid;

	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		struct rlimit rlim = { limit, limit };
		char command[512];

		/* Root without CAP_IPC_LOCK is held to the limit as others are. */
		if (prctl(PR_CAPBSET_DROP, CAP_IPC_LOCK, 0, 0, 0) ||
		    setrlimit(RLIMIT_MEMLOCK, &rlim))
			_exit(100);
		snprintf(command, sizeof(command), "exec vtjobctl exec %s >/dev/null 2>%s",
			 args, err_file);
		execl("/bin/sh", "sh", "-c", command, (char *)NULL);
		_exit(101);
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	*err = vtj_read_file(err_file);
	unlink(err_file);
	return WEXITSTATUS(status);
}

/*
 * --mem is a limit, not an allocation: a small job with a large --mem
 * runs within a small locked-memory limit. A job that cannot pin what it
 * touches stops, and the user hears which limit stopped it.
 */
TEST_F(hardening, exec_names_the_locked_memory_limit)
{
	char args[256], *err = NULL;

	VTJ_NEEDS_SETUP();
	snprintf(args, sizeof(args), "--mem 512M %s/hello", vtj_jobs_dir());
	EXPECT_EQ(0, exec_with_memlock(16UL << 20, args, &err)) TH_LOG("%s", err);
	EXPECT_STREQ("", err);
	free(err);
	err = NULL;

	/* Fewer pages than its page tables and its code take. */
	snprintf(args, sizeof(args), "%s/hello", vtj_jobs_dir());
	EXPECT_EQ(125, exec_with_memlock(8UL << 10, args, &err));
	ASSERT_NE(NULL, err);
	EXPECT_STREQ("vtjobctl: the job ran out of memory: its pinned pages would pass the "
		     "locked-memory limit of 8 KiB (raise 'ulimit -l', or memlock in "
		     "/etc/security/limits.conf)\n", err);
	free(err);
}

/* The value of "name: 0x..." in the module's debugfs caps. */
static unsigned long caps_value(const char *caps, const char *name)
{
	const char *at = strstr(caps, name);

	return at ? strtoul(at + strlen(name), NULL, 16) : 0;
}

/*
 * The controls KVM requires are set in every job's VMCS, as the debugfs
 * view shows: HLT, INVLPG, MWAIT, RDPMC, CR8 load and store, MOV-DR,
 * unconditional I/O and MONITOR exiting; load debug controls on entry and
 * save them on exit. They rested on the CPU's defaults before. exec_test
 * runs the instructions themselves.
 */
TEST_F(hardening, the_controls_kvm_requires_are_set)
{
	static const struct { unsigned int bit; const char *name; } proc[] = {
		{ 7, "HLT exiting" }, { 9, "INVLPG exiting" },
		{ 10, "MWAIT exiting" }, { 11, "RDPMC exiting" },
		{ 19, "CR8-load exiting" }, { 20, "CR8-store exiting" },
		{ 23, "MOV-DR exiting" }, { 24, "unconditional I/O exiting" },
		{ 29, "MONITOR exiting" },
	};
	unsigned long proc_ctls;
	char *caps;
	size_t i;

	VTJ_NEEDS_SETUP();
	caps = vtj_read_file(VTJ_DEBUGFS "/caps");
	ASSERT_NE(NULL, caps);
	proc_ctls = caps_value(caps, "proc_ctls: ");
	for (i = 0; i < sizeof(proc) / sizeof(proc[0]); i++) {
		const char *name = proc[i].name;

		EXPECT_NE(0, proc_ctls & (1UL << proc[i].bit)) TH_LOG("%s is not set", name);
	}
	EXPECT_TRUE(caps_value(caps, "entry_ctls: ") & (1UL << 2))
		TH_LOG("load debug controls is not set");
	EXPECT_TRUE(caps_value(caps, "exit_ctls: ") & (1UL << 2))
		TH_LOG("save debug controls is not set");
	free(caps);
}

TEST_HARNESS_MAIN
