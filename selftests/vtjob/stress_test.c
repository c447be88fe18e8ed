// SPDX-License-Identifier: GPL-2.0
/*
 * Many jobs at once, and everything that can end them at once: vtjobctl
 * killed at random points, CPUs released from under jobs (release
 * --force) and taken offline, runner threads moved from CPU to CPU by
 * another process; then random system calls from inside jobs. Each
 * round's outcome is asserted: every job ended as its program does when
 * run natively, or as what hit it explains; the module has no job left;
 * the CPUs run the next job; no page stays pinned; the kernel log shows
 * no trouble. At the end, the CPUs are released and reserved again, and
 * free memory is back within STRESS_FREE_KB_BOUND.
 *
 * The size comes from the environment, so that make check runs it small
 * and make stress large: VTJ_STRESS_ROUNDS (default 6), VTJ_FUZZ_SEEDS
 * (default 4) and VTJ_FUZZ_CALLS (default 20000). The log starts with the
 * seed; VTJ_STRESS_SEED=that replays the same choices (the timing of what
 * runs at once is the machine's). CPUs 1 and 2 take the jobs and the host
 * keeps CPU 0: it runs in the 3-CPU VM, which boots with preempt=full.
 */
#include <dirent.h>
#include <errno.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "lib/clock.h"
#include "lib/cpus.h"
#include "lib/files.h"
#include "lib/fixture.h"
#include "lib/jobs.h"
#include "lib/kmsg.h"
#include "lib/mem.h"
#include "lib/module.h"
#include "lib/run.h"

#define STRESS_DIR		"/tmp/stress_test"
/* What a job with a scratch directory in STRESS_DIR must leave as it was. */
#define LIST_AROUND_SCRATCH	"ls -a /tmp " STRESS_DIR
#define NR_JOB_CPUS		2		/* CPUs 1 and 2 */
#define MAX_JOBS_A_ROUND	8
/* When, in a round, jobs start and things happen to them, in ms. */
#define ROUND_SPREAD_MS		1500
/*
 * How long a round may take past its last event, in seconds of the VM's
 * time, before a vtjobctl still running counts as hung: every job has a
 * time limit far below it.
 */
#define ROUND_DEADLINE_S	300
/*
 * Pages pinned by jobs and never unpinned. The counters are per-CPU
 * batched, and others pin pages too: a few come and go, while one job's
 * 8 MiB left pinned would be 2048.
 */
#define PINS_BOUND		512
/*
 * Free memory lost over all rounds but the first, which warms the caches
 * up. A job's memory kept (8 MiB at the least) is far above it; so are
 * 8 KiB kept by each of the 250-odd jobs a make stress run creates.
 */
#define STRESS_FREE_KB_BOUND	2048

/*
 * What a job may print that is vtjobctl explaining an end it did not
 * choose: refusals to start on a CPU that was taken away, with
 * vtjobctl's own exit status, and kills.
 */
#define EXIT_REFUSED		125
#define SAYS_NO_CPU		"no CPU is reserved for jobs"
#define SAYS_NOT_RESERVED	"is not reserved for jobs"
#define SAYS_CANNOT_RUN		"cannot run jobs now"
#define SAYS_RELEASED		"vtjob: job killed: its CPU was released from under it"
#define SAYS_OFFLINE		"vtjob: job killed: its CPU went offline"

/*
 * A program the rounds run as jobs. @status is what it exits with: -1
 * for what it does natively (measured first), 124 for those that run
 * until their --timeout. @says is in its output when it ran to its end.
 * The faults are those Linux reports natively as a segfault or a trap:
 * its report of a general protection fault in a user program would read
 * as kernel trouble in the log. libc_calls is not among them: it expects
 * time() within 2 s of gettimeofday(), and an affinity storm once kept
 * its runner off the CPU longer than that.
 */
struct job_kind {
	const char *program;
	const char *arg;	/* NULL: none; exit_with gets a random status */
	const char *mem;
	const char *timeout;
	int status;
	const char *says;
};

static const struct job_kind kinds[] = {
	{ "exit_with", NULL, "8M", "30", -1, NULL },
	{ "hello", "stress", "8M", "30", -1, "hello from a vtjob job" },
	{ "fault", "null-read", "8M", "30", -1, "fault: null-read" },
	{ "fault", "ud2", "8M", "30", -1, "fault: ud2" },
	{ "fault", "divide", "8M", "30", -1, "fault: divide" },
	{ "fault", "int3", "8M", "30", -1, "fault: int3" },
	{ "spin", NULL, "8M", "2", 124, "spinning" },
	{ "spin_for", "100000000", "8M", "1", 124, "start" },
	{ "call_loop", "getpid", "8M", "1", 124, NULL },
	{ "call_loop", "madvise", "48M", "0.5", 124, "looping" },
	{ "call_loop", "nanosleep", "8M", "2", 124, "looping" },
	{ "libc_tour-glibc", NULL, "64M", "30", -1, "done" },
	{ "libc_tour-musl", NULL, "64M", "30", -1, "done" },
};

#define NR_KINDS	(sizeof(kinds) / sizeof(kinds[0]))

enum disturbance {
	UNDISTURBED,
	RELEASED,	/* release --force, then reserve again */
	OFFLINED,	/* offline, online, then reserve again */
	NR_DISTURBANCES,
};

static const char *const disturbance_names[NR_DISTURBANCES] = {
	[UNDISTURBED] = "left alone",
	[RELEASED] = "released and reserved again",
	[OFFLINED] = "taken offline and back",
};

/* One vtjobctl exec of a round, from its plan to how it ended. */
struct stress_job {
	const struct job_kind *kind;
	char arg[16];
	int cpu;		/* --cpu, or -1 for any */
	int expected;		/* its status when it runs to its end */
	double start_at;	/* seconds into the round */
	double kill_at;		/* when it gets SIGKILL; < 0: never */
	pid_t pid;
	bool killed;		/* SIGKILL was sent while it ran */
	bool done;		/* reaped */
	double started, ended;	/* on vtj_now_s()'s clock */
	int status;		/* its wait status */
	char log[64];
};

/* What happens to one job CPU in a round, from a process of its own. */
struct disturber {
	unsigned int cpu;
	enum disturbance kind;
	double start_at;
	useconds_t pause;	/* between taking the CPU away and giving it back */
	pid_t pid;
	bool done;
	double started, ended;
	int status;
};

struct round {
	unsigned int nr_jobs;
	struct stress_job jobs[MAX_JOBS_A_ROUND];
	struct disturber disturbers[NR_JOB_CPUS];
	double storm_from, storm_to;	/* < 0: no affinity storm */
	pid_t storm;
	pid_t monitor;
};

/* How the jobs of all rounds ended, for the log. */
struct tally {
	unsigned int ran, refused, killed, evicted;
	unsigned long moves;	/* runner threads moved by the storms */
};

FIXTURE(stress) {
	bool ready;
};

/* The run's seed, the same for every test; -1 if VTJ_STRESS_SEED is bad. */
static long stress_seed;

/* A size or seed from the environment: @fallback if unset, -1 if not a number. */
static long env_number(const char *name, long fallback)
{
	const char *value = getenv(name);
	char *end;
	long n;

	if (!value || !*value)
		return fallback;
	errno = 0;
	n = strtol(value, &end, 0);
	if (errno || *end || n < 0) {
		fprintf(stderr, "# %s=%s is not a number\n", name, value);
		return -1;
	}
	return n;
}

/* Before the harness forks its tests, so that they all have the one seed. */
static void __attribute__((constructor)) choose_seed(void)
{
	stress_seed = env_number("VTJ_STRESS_SEED", (long)(time(NULL) ^ getpid()) & 0x7fffffff);
}

FIXTURE_SETUP(stress)
{
	const char *why_not = vtj_why_no_job_cpu();

	self->ready = false;
	if (why_not)
		SKIP(return, "%s", why_not);
	if (access("/sys/devices/system/cpu/cpu2/online", F_OK))
		SKIP(return, "needs CPU 2: jobs run on CPUs 1 and 2");
	ASSERT_LE(0, stress_seed);
	TH_LOG("seed %ld: VTJ_STRESS_SEED=%ld makes the same choices", stress_seed, stress_seed);
	ASSERT_EQ(0, vtj_ensure_loaded());
	vtj_release("--force all");
	ASSERT_EQ(0, vtj_reserve_no_isolate("1-2"));
	ASSERT_EQ(0, vtj_run_quietly("rm -rf " STRESS_DIR " && mkdir -p " STRESS_DIR));
	/* Jobs write where vtjobctl runs, if anywhere. */
	ASSERT_EQ(0, chdir(STRESS_DIR));
	self->ready = true;
}

FIXTURE_TEARDOWN(stress)
{
	if (!self->ready)
		return;
	vtj_set_cpu_online(1, true);
	vtj_set_cpu_online(2, true);
	vtj_release("--force all");
	if (chdir("/") == 0)
		vtj_run_quietly("rm -rf " STRESS_DIR);
}

/* random(), below @n. */
static unsigned long below(unsigned long n)
{
	return n ? (unsigned long)random() % n : 0;
}

static double ms_in_round(unsigned long ms)
{
	return ms / 1000.0;
}

static double later(double a, double b)
{
	return a > b ? a : b;
}

/*
 * The exit status of @kind run natively, as a shell gives it: 128 + the
 * signal for a program killed by one; -1 if it could not run.
 */
static int native_status(const struct job_kind *kind)
{
	char path[512], arg[16];
	char *argv[] = { path, kind->arg ? arg : NULL, NULL };
	int status;
	pid_t pid;

	snprintf(path, sizeof(path), "%s/%s", vtj_jobs_dir(), kind->program);
	snprintf(arg, sizeof(arg), "%s", kind->arg ? kind->arg : "");
	pid = vtj_start(argv, NULL, NULL);
	if (pid < 0 || vtj_wait_for(pid, ROUND_DEADLINE_S, &status))
		return -1;
	return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
}

/* Plans round @nr: its jobs, what happens to each CPU, the storm. */
static void plan_round(struct round *round, unsigned long seed, unsigned int nr,
		       const int *natives)
{
	unsigned int i;

	memset(round, 0, sizeof(*round));
	/* Each round from its own seed, so that one can be replayed alone. */
	srandom((unsigned int)(seed * 1000003 + nr));
	round->nr_jobs = 4 + below(MAX_JOBS_A_ROUND - 3);
	for (i = 0; i < round->nr_jobs; i++) {
		struct stress_job *job = &round->jobs[i];
		unsigned int k = below(NR_KINDS);

		job->kind = &kinds[k];
		job->expected = kinds[k].status < 0 ? natives[k] : kinds[k].status;
		if (job->kind->arg) {
			snprintf(job->arg, sizeof(job->arg), "%s", job->kind->arg);
		} else if (!strcmp(job->kind->program, "exit_with")) {
			job->expected = below(256);
			snprintf(job->arg, sizeof(job->arg), "%d", job->expected);
		}
		job->cpu = below(4) ? -1 : 1 + below(NR_JOB_CPUS);
		job->start_at = ms_in_round(below(ROUND_SPREAD_MS));
		/* A quarter are killed, at any point of their start or run. */
		job->kill_at = below(4) ? -1 : job->start_at + ms_in_round(below(ROUND_SPREAD_MS));
		job->pid = -1;
		snprintf(job->log, sizeof(job->log), "round%u-job%u.log", nr, i);
	}
	for (i = 0; i < NR_JOB_CPUS; i++) {
		struct disturber *d = &round->disturbers[i];

		d->cpu = 1 + i;
		d->kind = below(NR_DISTURBANCES);
		/* Mostly while jobs run: they start within ROUND_SPREAD_MS. */
		d->start_at = ms_in_round(ROUND_SPREAD_MS / 4 + below(ROUND_SPREAD_MS));
		d->pause = below(500) * 1000;
		d->pid = -1;
	}
	round->storm_from = -1;
	round->storm_to = -1;
	if (below(2)) {
		round->storm_from = ms_in_round(below(ROUND_SPREAD_MS / 2));
		round->storm_to = round->storm_from + ms_in_round(below(2 * ROUND_SPREAD_MS));
	}
	round->storm = -1;
	round->monitor = -1;
}

/* vtjobctl exec of @job, in the background. */
static pid_t start_job(struct stress_job *job)
{
	char path[512], cpu[16];
	char *argv[16];
	int argc = 0;

	snprintf(path, sizeof(path), "%s/%s", vtj_jobs_dir(), job->kind->program);
	argv[argc++] = "vtjobctl";
	argv[argc++] = "exec";
	argv[argc++] = "--mem";
	argv[argc++] = (char *)job->kind->mem;
	argv[argc++] = "--timeout";
	argv[argc++] = (char *)job->kind->timeout;
	if (job->cpu >= 0) {
		snprintf(cpu, sizeof(cpu), "%d", job->cpu);
		argv[argc++] = "--cpu";
		argv[argc++] = cpu;
	}
	argv[argc++] = path;
	if (job->arg[0])
		argv[argc++] = job->arg;
	argv[argc] = NULL;
	return vtj_start(argv, job->log, job->log);
}

/* The steps of a disturbance, in its own process: 0, or which step failed. */
static int disturb(const struct disturber *d)
{
	char cpu[8], release[32];

	snprintf(cpu, sizeof(cpu), "%u", d->cpu);
	snprintf(release, sizeof(release), "--force %u", d->cpu);
	switch (d->kind) {
	case RELEASED:
		if (vtj_release(release))
			return 1;
		usleep(d->pause);
		return vtj_reserve_no_isolate(cpu) ? 2 : 0;
	case OFFLINED:
		if (vtj_set_cpu_online(d->cpu, false))
			return 3;
		usleep(d->pause);
		if (vtj_set_cpu_online(d->cpu, true))
			return 4;
		return vtj_reserve_no_isolate(cpu) ? 5 : 0;
	default:
		return 0;
	}
}

static volatile sig_atomic_t storm_stop;

static void on_storm_stop(int signo)
{
	storm_stop = signo;
}

/* Whether process @pid is a vtjobctl. */
static bool is_vtjobctl(const char *pid)
{
	char path[300], *comm;
	bool is;

	snprintf(path, sizeof(path), "/proc/%s/comm", pid);
	comm = vtj_read_file(path);
	is = comm && !strcmp(comm, "vtjobctl\n");
	free(comm);
	return is;
}

/* Moves each thread of process @pid to a random set of CPUs 0-2. */
static unsigned long move_threads(const char *pid)
{
	unsigned long moves = 0;
	char path[300];
	struct dirent *task;
	DIR *tasks;

	snprintf(path, sizeof(path), "/proc/%s/task", pid);
	tasks = opendir(path);
	if (!tasks)
		return 0;
	while ((task = readdir(tasks))) {
		cpu_set_t set;
		unsigned long bits = 1 + below(7);
		int cpu;

		if (task->d_name[0] == '.')
			continue;
		CPU_ZERO(&set);
		for (cpu = 0; cpu <= NR_JOB_CPUS; cpu++)
			if (bits & (1UL << cpu))
				CPU_SET(cpu, &set);
		/* A set of only an offline CPU is refused: that is no move. */
		if (!sched_setaffinity(atoi(task->d_name), sizeof(set), &set))
			moves++;
	}
	closedir(tasks);
	return moves;
}

/*
 * The affinity storm, in its own process until SIGTERM: every few ms,
 * every thread of every vtjobctl (the runners among them) gets a new
 * random CPU set, as any process of the same user may give it. Writes how
 * many threads it moved to @count_file.
 */
static int storm(unsigned int seed, const char *count_file)
{
	unsigned long moves = 0;
	FILE *out;

	srandom(seed);
	signal(SIGTERM, on_storm_stop);
	while (!storm_stop) {
		struct dirent *entry;
		DIR *proc = opendir("/proc");

		if (!proc)
			return 1;
		while ((entry = readdir(proc)))
			if (entry->d_name[0] >= '1' && entry->d_name[0] <= '9' &&
			    is_vtjobctl(entry->d_name))
				moves += move_threads(entry->d_name);
		closedir(proc);
		usleep(below(5000));
	}
	out = fopen(count_file, "w");
	if (!out)
		return 2;
	fprintf(out, "%lu\n", moves);
	return fclose(out) ? 3 : 0;
}

/* Forks a process that exits with what @call returns; its pid in @pid. */
#define RUN_IN_CHILD(pid, call) do {				\
		(pid) = fork();					\
		if ((pid) == 0)					\
			_exit(call);				\
	} while (0)

/* Starts `vtjobctl monitor --json` into @log and waits until it listens. */
static pid_t start_monitor(const char *log)
{
	char *argv[] = { "vtjobctl", "monitor", "--json", NULL };
	pid_t pid = vtj_start(argv, log, log);
	int tries;

	for (tries = 0; pid > 0 && tries < 600; tries++) {
		char *out = vtj_read_file(log);
		bool listening = out && strstr(out, "listening");

		free(out);
		if (listening)
			return pid;
		usleep(100 * 1000);
	}
	if (pid > 0) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
	}
	return -1;
}

/* Whether the round's windows [a0, a1] and [b0, b1] overlap. */
static bool overlap(double a0, double a1, double b0, double b1)
{
	return a0 <= b1 && b0 <= a1;
}

/*
 * Runs the round's events in their order: jobs start, get SIGKILL, CPUs
 * are taken away and given back, the storm starts and stops; waits for
 * every process. False if something did not end by the deadline.
 */
static bool run_round(struct __test_metadata *_metadata, struct round *round,
		      unsigned int nr, const char *storm_file)
{
	double t0 = vtj_now_s(), last_event = 0, now;
	unsigned int i, running;
	bool all_started;

	for (i = 0; i < round->nr_jobs; i++) {
		last_event = later(last_event, round->jobs[i].start_at);
		last_event = later(last_event, round->jobs[i].kill_at);
	}
	for (i = 0; i < NR_JOB_CPUS; i++)
		last_event = later(last_event, round->disturbers[i].start_at);
	last_event = later(last_event, round->storm_to);

	for (;;) {
		now = vtj_now_s() - t0;
		all_started = true;
		running = 0;
		for (i = 0; i < round->nr_jobs; i++) {
			struct stress_job *job = &round->jobs[i];

			if (job->pid < 0 && now >= job->start_at) {
				job->started = vtj_now_s();
				job->pid = start_job(job);
				ASSERT_LT(0, job->pid) TH_LOG("vtjobctl: %s", strerror(errno));
			}
			all_started &= job->pid > 0;
			if (job->pid > 0 && !job->done) {
				if (job->kill_at >= 0 && now >= job->kill_at && !job->killed) {
					kill(job->pid, SIGKILL);
					job->killed = true;
				}
				job->done = waitpid(job->pid, &job->status, WNOHANG) == job->pid;
				if (job->done)
					job->ended = vtj_now_s();
				else
					running++;
			}
		}
		for (i = 0; i < NR_JOB_CPUS; i++) {
			struct disturber *d = &round->disturbers[i];

			if (d->pid < 0 && now >= d->start_at) {
				d->started = vtj_now_s();
				RUN_IN_CHILD(d->pid, disturb(d));
				ASSERT_LT(0, d->pid);
			}
			all_started &= d->pid > 0;
			if (d->pid > 0 && !d->done) {
				d->done = waitpid(d->pid, &d->status, WNOHANG) == d->pid;
				if (d->done)
					d->ended = vtj_now_s();
				else
					running++;
			}
		}
		if (round->storm_from >= 0 && round->storm < 0 && now >= round->storm_from &&
		    now < round->storm_to) {
			RUN_IN_CHILD(round->storm, storm(random(), storm_file));
			ASSERT_LT(0, round->storm);
		}
		if (round->storm > 0 && now >= round->storm_to) {
			int status;

			kill(round->storm, SIGTERM);
			ASSERT_EQ(0, vtj_wait_for(round->storm, 60, &status));
			EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
				TH_LOG("round %u: the storm ended with 0x%x", nr, status);
			round->storm = 0;
		}
		if (all_started && !running && (round->storm_from < 0 || now >= round->storm_to))
			return true;
		if (now > last_event + ROUND_DEADLINE_S)
			break;
		usleep(10 * 1000);
	}

	TH_LOG("round %u: still running %d s after its last event; blocked tasks on the console",
	       nr, ROUND_DEADLINE_S);
	vtj_dump_blocked_tasks();
	for (i = 0; i < round->nr_jobs; i++) {
		struct stress_job *job = &round->jobs[i];

		if (job->pid > 0 && !job->done) {
			TH_LOG("round %u: job %u (%s %s, pid %d) hung", nr, i,
			       job->kind->program, job->arg, job->pid);
			kill(job->pid, SIGKILL);
			job->done = !vtj_wait_for(job->pid, 60, &job->status);
			job->ended = vtj_now_s();
		}
	}
	for (i = 0; i < NR_JOB_CPUS; i++) {
		struct disturber *d = &round->disturbers[i];

		if (d->pid > 0 && !d->done) {
			TH_LOG("round %u: taking CPU %u away hung", nr, d->cpu);
			kill(d->pid, SIGKILL);
			d->done = !vtj_wait_for(d->pid, 60, &d->status);
			d->ended = vtj_now_s();
		}
	}
	return false;
}

/*
 * Whether @job ended in a way its program or what happened to it
 * explains, counting which in @tally. @disturbed: a CPU was taken away
 * while it lived.
 */
static bool job_end_explained(struct __test_metadata *_metadata, unsigned int nr,
			      unsigned int i, const struct stress_job *job, bool disturbed,
			      struct tally *tally)
{
	char *log = vtj_read_file(job->log);
	const char *out = log ? log : "";
	int status = job->status, code = WEXITSTATUS(status);
	bool ok = false;

	if (job->killed && WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) {
		tally->killed++;
		ok = true;
	} else if (!WIFEXITED(status)) {
		/* vtjobctl itself died of something nobody sent it. */
	} else if (code == job->expected && (!job->kind->says || strstr(out, job->kind->says))) {
		tally->ran++;
		ok = true;
	} else if (disturbed && code == 137 &&
		   (strstr(out, SAYS_RELEASED) || strstr(out, SAYS_OFFLINE))) {
		tally->evicted++;
		ok = true;
	} else if (disturbed && code == EXIT_REFUSED &&
		   (job->cpu >= 0 ? strstr(out, SAYS_NOT_RESERVED) || strstr(out, SAYS_CANNOT_RUN) :
				    strstr(out, SAYS_NO_CPU) != NULL)) {
		/* Jobs share CPUs: only a CPU taken away refuses one. */
		tally->refused++;
		ok = true;
	}
	EXPECT_TRUE(ok) TH_LOG("round %u, job %u: vtjobctl exec%s%s %s %s: wait status 0x%x "
			       "(expected exit %d%s%s); it said:\n%s",
			       nr, i, job->cpu >= 0 ? " --cpu " : "",
			       job->cpu >= 0 ? (job->cpu == 1 ? "1" : "2") : "",
			       job->kind->program, job->arg, status, job->expected,
			       job->killed ? ", or SIGKILL, which it got" : "",
			       disturbed ? ", or an end its CPU's release explains" : "", out);
	free(log);
	return ok;
}

/* Job ids in @events, lines of `vtjobctl monitor --json`, of event @name. */
static unsigned int job_ids(const char *events, const char *name, unsigned long long *ids,
			    unsigned int max)
{
	char key[64];
	const char *at = events;
	unsigned int n = 0;

	snprintf(key, sizeof(key), "\"event\":\"%s\"", name);
	while (at && (at = strstr(at, key)) && n < max) {
		const char *job = strstr(at, "\"job\":");

		if (job)
			ids[n++] = strtoull(job + strlen("\"job\":"), NULL, 10);
		at += strlen(key);
	}
	return n;
}

/*
 * Gives the monitor writing @monitor_log up to a minute to see as many
 * jobs end as it saw start: every job's process has been reaped, so its
 * job is gone, but the event may not have been read yet.
 */
static void wait_for_job_exits(const char *monitor_log)
{
	unsigned long long ids[64];
	int tries;

	for (tries = 0; tries < 600; tries++) {
		char *events = vtj_read_file(monitor_log);
		bool caught_up = events && job_ids(events, "job-start", ids, 64) ==
					   job_ids(events, "job-exit", ids, 64);

		free(events);
		if (caught_up)
			return;
		usleep(100 * 1000);
	}
}

/*
 * Every job the round's monitor saw start it saw end, once: no job is
 * left in the module, whatever its CPU went through.
 */
static void expect_every_job_ended(struct __test_metadata *_metadata, unsigned int nr,
				   const char *monitor_log)
{
	unsigned long long starts[64], exits[64];
	char *events = vtj_read_file(monitor_log);
	unsigned int nr_starts, nr_exits, i, j, found;

	ASSERT_NE(NULL, events);
	EXPECT_EQ(NULL, strstr(events, "events-lost")) TH_LOG("round %u: %s", nr, events);
	nr_starts = job_ids(events, "job-start", starts, 64);
	nr_exits = job_ids(events, "job-exit", exits, 64);
	EXPECT_EQ(nr_starts, nr_exits) TH_LOG("round %u: events:\n%s", nr, events);
	for (i = 0; i < nr_starts; i++) {
		for (found = 0, j = 0; j < nr_exits; j++)
			found += exits[j] == starts[i];
		EXPECT_EQ(1, found) TH_LOG("round %u: job %llu ended %u times", nr, starts[i], found);
	}
	TH_LOG("round %u: the monitor saw %u jobs start and %u end", nr, nr_starts, nr_exits);
	free(events);
}

/*
 * CPUs 1 and 2 reserved and idle, and no job anywhere, as `vtjobctl
 * status` (the netlink dump) says after @what.
 */
static void expect_cpus_idle(struct __test_metadata *_metadata, const char *what)
{
	char *out = NULL;

	EXPECT_EQ(0, vtj_run("vtjobctl status --json", &out));
	ASSERT_NE(NULL, out);
	EXPECT_NE(NULL, strstr(out, "\"id\":1,\"state\":\"idle\"")) TH_LOG("%s: %s", what, out);
	EXPECT_NE(NULL, strstr(out, "\"id\":2,\"state\":\"idle\"")) TH_LOG("%s: %s", what, out);
	EXPECT_EQ(NULL, strstr(out, "\"job_id\"")) TH_LOG("%s: %s", what, out);
	free(out);
}

/* After @what, a job on each job CPU exits as exit_with does natively. */
static void expect_cpus_run_jobs(struct __test_metadata *_metadata, const char *what)
{
	char command[512], *out = NULL;
	int cpu;

	for (cpu = 1; cpu <= NR_JOB_CPUS; cpu++) {
		snprintf(command, sizeof(command), "vtjobctl exec --cpu %d %s/exit_with 7",
			 cpu, vtj_jobs_dir());
		EXPECT_EQ(7, vtj_run(command, &out)) TH_LOG("%s, CPU %d: %s", what, cpu, out);
		free(out);
		out = NULL;
	}
}

/* The kernel log since @kmsg was opened shows no trouble. */
static void expect_clean_kernel_log(struct __test_metadata *_metadata, const char *what,
				    int kmsg)
{
	char *log = vtj_kmsg_read(kmsg), *trouble;

	ASSERT_NE(NULL, log);
	trouble = vtj_kmsg_trouble(log);
	EXPECT_EQ(NULL, trouble) TH_LOG("%s: the kernel log has \"%s\":\n%s", what, trouble, log);
	free(trouble);
	free(log);
}

/* The storm's count of threads it moved, from its file; 0 if none. */
static unsigned long storm_moves(const char *file)
{
	char *count = vtj_read_file(file);
	unsigned long moves = count ? strtoul(count, NULL, 10) : 0;

	free(count);
	unlink(file);
	return moves;
}

static void stress_round(struct __test_metadata *_metadata, unsigned long seed,
			 unsigned int nr, const int *natives, struct tally *tally)
{
	char name[64], what[32];
	long pins_before = vtj_pins_held();
	struct round round;
	int kmsg = vtj_kmsg_open(), status;
	unsigned int i, j;

	ASSERT_LE(0, kmsg);
	plan_round(&round, seed, nr, natives);
	snprintf(name, sizeof(name), "round%u-monitor.log", nr);
	round.monitor = start_monitor(name);
	ASSERT_LT(0, round.monitor) TH_LOG("round %u: the monitor did not start", nr);

	EXPECT_TRUE(run_round(_metadata, &round, nr, "storm.count"));
	tally->moves += storm_moves("storm.count");

	for (i = 0; i < round.nr_jobs; i++) {
		const struct stress_job *job = &round.jobs[i];
		bool disturbed = false;

		for (j = 0; j < NR_JOB_CPUS; j++) {
			const struct disturber *d = &round.disturbers[j];

			disturbed |= d->kind != UNDISTURBED &&
				     overlap(job->started, job->ended, d->started, d->ended);
		}
		job_end_explained(_metadata, nr, i, job, disturbed, tally);
	}
	for (j = 0; j < NR_JOB_CPUS; j++) {
		const struct disturber *d = &round.disturbers[j];

		EXPECT_TRUE(WIFEXITED(d->status) && WEXITSTATUS(d->status) == 0)
			TH_LOG("round %u: CPU %u %s: failed at step %d", nr, d->cpu,
			       disturbance_names[d->kind],
			       WIFEXITED(d->status) ? WEXITSTATUS(d->status) : -1);
	}

	/* Its last events may still be on their way to it. */
	wait_for_job_exits(name);
	kill(round.monitor, SIGTERM);
	EXPECT_EQ(0, vtj_wait_for(round.monitor, 60, &status));
	EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	expect_every_job_ended(_metadata, nr, name);
	snprintf(what, sizeof(what), "round %u", nr);
	expect_cpus_idle(_metadata, what);
	expect_cpus_run_jobs(_metadata, what);
	EXPECT_GT(pins_before + PINS_BOUND, vtj_pins_held()) TH_LOG("%s", what);
	expect_clean_kernel_log(_metadata, what, kmsg);
	close(kmsg);
	/* Files in /tmp are memory: the leak check must not count them. */
	for (i = 0; i < round.nr_jobs; i++)
		unlink(round.jobs[i].log);
	unlink(name);
	TH_LOG("round %u: %u jobs; CPU 1 %s, CPU 2 %s%s; so far %u ran, %u refused, %u killed, %u evicted",
	       nr, round.nr_jobs, disturbance_names[round.disturbers[0].kind],
	       disturbance_names[round.disturbers[1].kind],
	       round.storm_from >= 0 ? "; an affinity storm" : "",
	       tally->ran, tally->refused, tally->killed, tally->evicted);
}

TEST_F_TIMEOUT(stress, jobs_killed_evicted_and_moved_leave_nothing_behind, 4 * 3600)
{
	long rounds = env_number("VTJ_STRESS_ROUNDS", 6);
	int natives[NR_KINDS];
	struct tally tally = { 0 };
	long free_before = 0, free_after;
	char *slab_before = NULL;
	double start = vtj_now_s();
	char *out = NULL;
	unsigned int k, nr;

	VTJ_NEEDS_SETUP();
	ASSERT_LE(1, rounds);
	/* What each job does natively is what it must do as a job. */
	for (k = 0; k < NR_KINDS; k++) {
		natives[k] = kinds[k].status < 0 ? native_status(&kinds[k]) : kinds[k].status;
		ASSERT_LE(0, natives[k]) TH_LOG("%s %s did not run natively", kinds[k].program,
						kinds[k].arg ? kinds[k].arg : "");
	}
	for (nr = 0; nr < rounds; nr++) {
		stress_round(_metadata, stress_seed, nr, natives, &tally);
		/* The first round fills the caches the others reuse. */
		if (nr == 0) {
			free_before = vtj_settled_free_kb();
			slab_before = vtj_read_file("/proc/slabinfo");
		}
	}
	TH_LOG("%ld rounds in %.0f s: %u jobs ran, %u were refused a CPU, %u killed, %u evicted; "
	       "the storms moved runner threads %lu times", rounds, vtj_now_s() - start,
	       tally.ran, tally.refused, tally.killed, tally.evicted, tally.moves);

	/* The reservation goes, and comes back as new. */
	EXPECT_EQ(0, vtj_release("all"));
	EXPECT_EQ(0, vtj_run("vtjobctl status --json", &out));
	EXPECT_NE(NULL, strstr(out ? out : "", "\"nr_reserved\":0")) TH_LOG("%s", out);
	free(out);
	out = vtj_read_file(VTJ_DEBUGFS "/vmx");
	EXPECT_NE(NULL, out);
	EXPECT_EQ(NULL, strstr(out ? out : "", "vmx on")) TH_LOG("%s", out);
	free(out);
	ASSERT_EQ(0, vtj_reserve_no_isolate("1-2"));
	expect_cpus_run_jobs(_metadata, "reserved again");

	if (rounds > 1) {
		char *slab_after;

		free_after = vtj_settled_free_kb();
		slab_after = vtj_read_file("/proc/slabinfo");
		TH_LOG("free memory %ld kB after the first round, %ld kB at the end", free_before,
		       free_after);
		vtj_log_slab_growth(slab_before, slab_after, 5);
		free(slab_after);
		EXPECT_GT(STRESS_FREE_KB_BOUND, free_before - free_after);
	}
	free(slab_before);
}

/* How much of the end of a fuzzer's stderr the test keeps. */
#define STDERR_TAIL	16384

/*
 * The last STDERR_TAIL bytes of what the process @pid writes into @fd, a
 * pipe, read until it ends or @timeout_s passes; NUL-terminated, with
 * any byte that is not printable text made a '.'. Its wait status in
 * *@status; -ETIMEDOUT if it was still running, which is left running.
 */
static int read_tail(int fd, pid_t pid, double timeout_s, char *tail, int *status)
{
	double deadline = vtj_now_s() + timeout_s;
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	char chunk[65536];
	size_t len = 0, i;
	ssize_t n = 1;

	while (n > 0 && vtj_now_s() < deadline) {
		if (poll(&pfd, 1, 100) <= 0)
			continue;
		n = read(fd, chunk, sizeof(chunk));
		if (n <= 0)
			break;
		if ((size_t)n >= STDERR_TAIL) {
			memcpy(tail, chunk + n - STDERR_TAIL, STDERR_TAIL);
			len = STDERR_TAIL;
		} else {
			size_t keep = len + n > STDERR_TAIL ? STDERR_TAIL - n : len;

			memmove(tail, tail + len - keep, keep);
			memcpy(tail + keep, chunk, n);
			len = keep + n;
		}
	}
	for (i = 0; i < len; i++)
		if (tail[i] != '\n' && (tail[i] < ' ' || tail[i] > '~'))
			tail[i] = '.';
	tail[len] = '\0';
	if (n > 0)
		return -ETIMEDOUT;
	return vtj_wait_for(pid, 60, status);
}

/*
 * One run of random_syscalls with @seed in a scratch directory of its
 * own: under --no-files, or the default policy (the host read-only, the
 * scratch directory writable). vtjobctl must exit as the job ended: 0
 * once every call was made, 124 at its time limit, 128 + a signal for a
 * fault of its own making, or die of SIGPIPE as a process writing into a
 * pipe nobody reads does; never with its own failure, and never killed by
 * another signal. Nothing appears outside the scratch directory. Its
 * stderr is a pipe, as a terminal would be: the calls may write to fd 2
 * at random.
 */
static void fuzz_once(struct __test_metadata *_metadata, unsigned long seed, long calls,
		      bool no_files)
{
	static const int job_ends[] = { 0, 124, 132, 133, 135, 136, 139 };
	const char *policy = no_files ? " (--no-files)" : " (default policy)";
	char scratch[64], path[512], count[24], seed_text[24], done[96], command[256];
	char *argv[12] = { "vtjobctl", "exec", "--timeout", "60", "--mem", "32M" };
	char *before = NULL, *after = NULL, *tail, *last_line;
	int status = 0, argc = 6, code, err_fd, waited;
	double start = vtj_now_s();
	bool ended_well = false;
	size_t i, len;
	pid_t pid;

	snprintf(scratch, sizeof(scratch), STRESS_DIR "/fuzz-%lu-%s", seed,
		 no_files ? "no-files" : "default");
	snprintf(path, sizeof(path), "%s/random_syscalls", vtj_jobs_dir());
	snprintf(seed_text, sizeof(seed_text), "%lu", seed);
	snprintf(count, sizeof(count), "%ld", calls);
	if (no_files)
		argv[argc++] = "--no-files";
	argv[argc++] = path;
	argv[argc++] = seed_text;
	argv[argc++] = count;
	argv[argc] = NULL;
	tail = malloc(STDERR_TAIL + 1);
	ASSERT_NE(NULL, tail);

	ASSERT_EQ(0, mkdir(scratch, 0755));
	ASSERT_EQ(0, vtj_run(LIST_AROUND_SCRATCH, &before));
	ASSERT_EQ(0, chdir(scratch));
	/* What it writes to stdout is thrown away. */
	pid = vtj_start_piped(argv, NULL, &err_fd);
	ASSERT_EQ(0, chdir(STRESS_DIR));
	ASSERT_LT(0, pid);
	waited = read_tail(err_fd, pid, ROUND_DEADLINE_S, tail, &status);
	close(err_fd);
	if (waited) {
		vtj_dump_blocked_tasks();
		kill(pid, SIGKILL);
		vtj_wait_for(pid, 60, &status);
		EXPECT_EQ(0, waited) TH_LOG("seed %lu%s: vtjobctl still ran after %d s", seed,
					    policy, ROUND_DEADLINE_S);
	}
	/* As a shell tells it: 128 + the signal, for one that killed vtjobctl. */
	code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	for (i = 0; i < sizeof(job_ends) / sizeof(job_ends[0]); i++)
		ended_well |= WIFEXITED(status) && code == job_ends[i];
	/*
	 * A write into a pipe whose read end the job closed kills the writer,
	 * vtjobctl, with SIGPIPE: what Linux does to the process that writes.
	 */
	ended_well |= WIFSIGNALED(status) && WTERMSIG(status) == SIGPIPE;
	len = strlen(tail);
	EXPECT_TRUE(ended_well) TH_LOG("seed %lu%s: vtjobctl ended with %d%s; the end of its stderr:\n%s",
				       seed, policy, code, WIFSIGNALED(status) ? " (a signal)" : "",
				       tail + (len > 2048 ? len - 2048 : 0));
	snprintf(done, sizeof(done), "seed %lu: %ld calls made", seed, calls);
	if (code == 0)
		EXPECT_NE(NULL, strstr(tail, done)) TH_LOG("%s", tail);
	/* Its last line: the job's last progress line, or vtjobctl's word on its end. */
	len = strlen(tail);
	if (len && tail[len - 1] == '\n')
		tail[--len] = '\0';
	last_line = strrchr(tail, '\n');
	last_line = last_line ? last_line + 1 : tail;
	TH_LOG("seed %lu%s: exit %d after %.1f s: %.200s", seed, policy, code,
	       vtj_now_s() - start, last_line);
	/* Its scratch directory was the only place it could write. */
	EXPECT_EQ(0, vtj_run(LIST_AROUND_SCRATCH, &after));
	EXPECT_STREQ(before, after);
	free(before);
	free(after);
	free(tail);
	snprintf(command, sizeof(command), "rm -rf %s", scratch);
	EXPECT_EQ(0, vtj_run_quietly(command));
}

/*
 * A job making random system calls (examples/tests/random_syscalls.c),
 * VTJ_FUZZ_SEEDS seeds of VTJ_FUZZ_CALLS calls each, under --no-files and
 * under the default policy: vtjobctl and the host survive every seed, the
 * kernel log stays clean, and the CPU runs the next job.
 */
TEST_F_TIMEOUT(stress, random_system_calls_from_jobs_leave_the_host_whole, 4 * 3600)
{
	long seeds = env_number("VTJ_FUZZ_SEEDS", 4);
	long calls = env_number("VTJ_FUZZ_CALLS", 20000);
	long pins_before = vtj_pins_held();
	int kmsg = vtj_kmsg_open();
	double start = vtj_now_s();
	long i;

	VTJ_NEEDS_SETUP();
	ASSERT_LE(1, seeds);
	ASSERT_LE(1, calls);
	ASSERT_LE(0, kmsg);
	for (i = 0; i < seeds; i++) {
		fuzz_once(_metadata, stress_seed + i, calls, true);
		fuzz_once(_metadata, stress_seed + i, calls, false);
	}
	TH_LOG("%ld seeds of %ld calls, twice each, in %.0f s", seeds, calls, vtj_now_s() - start);
	expect_clean_kernel_log(_metadata, "random system calls", kmsg);
	close(kmsg);
	expect_cpus_idle(_metadata, "random system calls");
	expect_cpus_run_jobs(_metadata, "random system calls");
	EXPECT_GT(pins_before + PINS_BOUND, vtj_pins_held());
}

TEST_HARNESS_MAIN
