// SPDX-License-Identifier: GPL-2.0
/*
 * Process trees as jobs, in the Bochs VM with one CPU reserved: every
 * process a job forks is a job of its own, run by a vtjobctl of its own.
 * Compared with the same commands run natively (stdout, stderr and exit
 * status): examples/libc/process_tree (fork, pipes, exec, vfork,
 * posix_spawn, deaths by signal, WNOHANG, ECHILD, process groups) with
 * glibc and with musl, busybox sh with pipelines and $(...), and a chain
 * of processes longer than the reserved CPUs. Then what is left behind:
 * killing the top of a tree ends every job and runner in it, and 50
 * trees in a row leave no job, no pinned page and no memory. Runs as
 * root with the module loadable; VTJOB_JOBS names another jobs directory.
 */
#include <dirent.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "lib/clock.h"
#include "lib/cpus.h"
#include "lib/files.h"
#include "lib/fixture.h"
#include "lib/jobs.h"
#include "lib/json.h"
#include "lib/mem.h"
#include "lib/module.h"
#include "lib/run.h"

#define BUSYBOX		"/bin/busybox"
/* Enough for each process of a tree; a fork copies all of it. */
#define TREE_MEM	"--mem 16M"
/* What a command's own exit status was, after it: a death by a signal too. */
#define STATUS_LINE	"; echo \"exit $?\""

extern char **environ;

/* @command's stdout, stderr and status, in the log as well. */
static void run(struct vtj_output *output, const char *command)
{
	vtj_output_free(output);
	vtj_run_apart(command, output);
	fprintf(stderr, "# %s: exit %d\n%s%s", command, output->status, output->out,
		output->err);
}

/*
 * The command natively and as a job (`vtjobctl exec TREE_MEM ...`),
 * without core dumps either way: the same stdout, stderr and status.
 */
#define EXPECT_SAME_AS_NATIVE(...) do {					\
		struct vtj_output native = { 0 }, job = { 0 };		\
		char cmd[1024], line[1200];				\
									\
		snprintf(cmd, sizeof(cmd), __VA_ARGS__);		\
		snprintf(line, sizeof(line), "ulimit -c 0; %s" STATUS_LINE, cmd);	\
		run(&native, line);					\
		snprintf(line, sizeof(line), "ulimit -c 0; vtjobctl exec " TREE_MEM " %s"	\
			 STATUS_LINE, cmd);				\
		run(&job, line);					\
		EXPECT_EQ(native.status, job.status);			\
		EXPECT_STREQ(native.out, job.out);			\
		EXPECT_STREQ(native.err, job.err);			\
		vtj_output_free(&native);				\
		vtj_output_free(&job);					\
	} while (0)

/* How many jobs CPU 1 holds, from `vtjobctl status --json`; -1 if unknown. */
static int jobs_on_cpu1(void)
{
	char *out = NULL, *at;
	int jobs = -1;

	if (vtj_run("vtjobctl status --json", &out) == 0) {
		at = strstr(out, "\"jobs\":");
		if (at)
			jobs = atoi(at + strlen("\"jobs\":"));
	}
	free(out);
	return jobs;
}

/*
 * How many vtjobctl processes live: the runners, when no test runs one.
 * A zombie holds nothing (its fds, and so its job, are gone) and waits
 * only for its parent, or for init, to reap it: it does not count.
 */
static int runners(void)
{
	char path[300], stat[128], *end;
	struct dirent *entry;
	int count = 0;
	DIR *proc = opendir("/proc");

	if (!proc)
		return -1;
	while ((entry = readdir(proc))) {
		FILE *file;

		if (entry->d_name[0] < '1' || entry->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/stat", entry->d_name);
		file = fopen(path, "r");
		if (!file)
			continue;
		/* "pid (comm) state ...": comm is vtjobctl's, state not Z. */
		if (fgets(stat, sizeof(stat), file) && strstr(stat, " (vtjobctl) ")) {
			end = strrchr(stat, ')');
			if (end && end[1] == ' ' && end[2] != 'Z')
				count++;
		}
		fclose(file);
	}
	closedir(proc);
	return count;
}

FIXTURE(process) {
	struct vtj_output run;
	bool ready;
};

FIXTURE_SETUP(process)
{
	memset(&self->run, 0, sizeof(self->run));
	self->ready = false;
	/* One CPU for all the processes of a tree. */
	VTJ_SETUP_JOB_CPU_1();
	ASSERT_EQ(0, chdir("/tmp"));
	self->ready = true;
}

FIXTURE_TEARDOWN(process)
{
	vtj_release("--force all");
	vtj_output_free(&self->run);
}

/*
 * examples/libc/@program, built with glibc and with musl: natively, its
 * output holds each of @expected, so the reference is right; as a job,
 * it is what it is natively.
 */
static void libc_program_matches_native(struct __test_metadata *_metadata, const char *program,
					const char *const expected[], size_t nr_expected)
{
	static const char *const libcs[] = { "glibc", "musl" };
	struct vtj_output native = { 0 };
	char command[512];
	size_t i, j;

	for (i = 0; i < 2; i++) {
		snprintf(command, sizeof(command), "ulimit -c 0; %s/%s-%s" STATUS_LINE,
			 vtj_jobs_dir(), program, libcs[i]);
		run(&native, command);
		for (j = 0; j < nr_expected; j++)
			EXPECT_NE(NULL, strstr(native.out, expected[j]))
				TH_LOG("%s-%s natively: no \"%s\"", program, libcs[i], expected[j]);
		EXPECT_SAME_AS_NATIVE("%s/%s-%s", vtj_jobs_dir(), program, libcs[i]);
	}
	vtj_output_free(&native);
}

TEST_F_TIMEOUT(process, the_process_tour_matches_native, 1800)
{
	static const char *const expected[] = { "done: 0 step(s) not as on Linux\nexit 0\n" };

	VTJ_NEEDS_SETUP();
	libc_program_matches_native(_metadata, "process_tree", expected, 1);
}

/*
 * Signals into jobs (examples/libc/signals.c): handlers and their
 * siginfo, masks and pending signals, a fault handled and left by
 * siglongjmp, the alternate stack, the FPU kept across a handler, nested
 * handlers, SIGCHLD and sigsuspend, SA_RESTART and EINTR for a read of a
 * pipe, SIGPIPE, and children killed or not by their parent's signals.
 */
TEST_F_TIMEOUT(process, signals_reach_jobs_as_they_reach_processes, 1200)
{
	static const char *const expected[] = {
		"fpu: xmm0 3.25 after a handler that cleared it, kill returned 0\n",
		"read without SA_RESTART: returned -1, EINTR 1, handled 1\n",
		"SA_RESETHAND: the second killed 1 by 10\nexit 0\n",
	};

	VTJ_NEEDS_SETUP();
	libc_program_matches_native(_metadata, "signals", expected, 3);
}

/*
 * Files mapped into a job (examples/libc/file_maps.c): private mappings
 * that follow the file until written and keep their own copy after;
 * shared read-only ones that follow it always and cannot be made
 * writable; read() into a mapped file's pages and write() out of them;
 * parts replaced, unmapped and moved; fork; PROT_NONE made readable; and
 * 4 MiB of a file read through a mapping without a copy, which the job's
 * /proc/self/smaps_rollup (its runner's) shows.
 */
TEST_F_TIMEOUT(process, mapped_files_are_shared_as_on_linux, 900)
{
	static const char *const expected[] = {
		"private: after the file changed, page 2 has 'Y', page 1 'Xb'\n",
		"shared: after the file changed, page 3 reads 'Q'\n",
		"shared: mprotect to writable: Permission denied\n",
		"calls: read() into it: '12345' and '67', the file keeps 'ac'\n",
		"grew by less than 1 MiB: yes\ndone\nexit 0\n",
	};

	VTJ_NEEDS_SETUP();
	libc_program_matches_native(_metadata, "file_maps", expected, 5);
}

/*
 * A signal frame a process cannot have (examples/libc/bad_frames.c): as
 * natively, SIGSEGV, which the top vtjobctl names; nothing else is hurt,
 * and the dmesg check at the end of the VM run sees no warning.
 */
TEST_F_TIMEOUT(process, a_bad_signal_frame_ends_the_job_with_sigsegv, 900)
{
	static const char *const kinds[] = {
		"garbage", "unmapped", "kernel-rip", "no-restorer", "no-stack",
	};
	char command[512];
	size_t i;

	VTJ_NEEDS_SETUP();
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		snprintf(command, sizeof(command), "%s/bad_frames-glibc %s" STATUS_LINE,
			 vtj_jobs_dir(), kinds[i]);
		run(&self->run, command);
		EXPECT_NE(NULL, strstr(self->run.out, "exit 139\n")) TH_LOG("%s", kinds[i]);
		snprintf(command, sizeof(command), "vtjobctl exec %s/bad_frames-glibc %s" STATUS_LINE,
			 vtj_jobs_dir(), kinds[i]);
		run(&self->run, command);
		EXPECT_NE(NULL, strstr(self->run.out, "exit 139\n")) TH_LOG("%s", kinds[i]);
		EXPECT_EQ(NULL, strstr(self->run.out, "survived"));
		EXPECT_NE(NULL, strstr(self->run.err, "vtjob: job killed by SIGSEGV: it had no "
					"room for a signal frame, or returned from a handler "
					"through a bad one\n"))
			TH_LOG("%s: %s", kinds[i], self->run.err);
	}
}

/*
 * --stats covers the whole tree: a chain of three processes, the two
 * below the top each a fork that then ran a program of its own (two jobs
 * each), all ended before the top one. Its output is as natively.
 */
TEST_F_TIMEOUT(process, stats_cover_every_process_of_the_tree, 600)
{
	struct vtj_output native = { 0 };
	char command[512];
	char *stats;

	VTJ_NEEDS_SETUP();
	unlink("/tmp/vtjob_tree_stats.json");
	snprintf(command, sizeof(command), "%s/process_tree-glibc depth 2", vtj_jobs_dir());
	run(&native, command);
	snprintf(command, sizeof(command), "vtjobctl exec " TREE_MEM
		 " --stats-json /tmp/vtjob_tree_stats.json %s/process_tree-glibc depth 2",
		 vtj_jobs_dir());
	run(&self->run, command);
	EXPECT_EQ(native.status, self->run.status);
	EXPECT_STREQ(native.out, self->run.out);
	stats = vtj_read_file("/tmp/vtjob_tree_stats.json");
	ASSERT_NE(NULL, stats);
	TH_LOG("%s", stats);
	EXPECT_EQ(3, vtj_json_number(stats, "processes"));
	EXPECT_EQ(5, vtj_json_number(stats, "jobs"));
	EXPECT_EQ(0, vtj_json_number(stats, "exit_status"));
	EXPECT_EQ(NULL, strstr(stats, "\"error\""));
	/* Forwarded at least: 3 exit_groups, 2 clones, 2 wait4s and 2 execves. */
	EXPECT_LE(9, vtj_json_number(stats, "syscalls_forwarded"));
	EXPECT_LT(0, vtj_json_number(stats, "job_time_ns"));
	free(stats);
	vtj_output_free(&native);
}

/* A job that aborts: its parent shell sees 134; vtjobctl says why. */
TEST_F_TIMEOUT(process, a_job_that_aborts_is_killed_by_sigabrt, 600)
{
	static const char *const libcs[] = { "glibc", "musl" };
	char command[512];
	size_t i;

	VTJ_NEEDS_SETUP();
	for (i = 0; i < 2; i++) {
		snprintf(command, sizeof(command), "vtjobctl exec " TREE_MEM " %s/process_tree-%s abort"
			 STATUS_LINE, vtj_jobs_dir(), libcs[i]);
		run(&self->run, command);
		EXPECT_STREQ("exit 134\n", self->run.out);
		EXPECT_STREQ("vtjob: job killed by SIGABRT, which it sent itself\n", self->run.err);
	}
}

TEST_F_TIMEOUT(process, busybox_sh_pipelines_and_substitutions_match_native, 1800)
{
	VTJ_NEEDS_SETUP();
	EXPECT_SAME_AS_NATIVE(BUSYBOX " sh -c 'x=$(echo hello world | tr a-z A-Z); "
			      "echo \"$x\" | wc -c; echo \"[$x]\"'");
	EXPECT_SAME_AS_NATIVE(BUSYBOX " sh -c 'seq 1 200 | sort -rn | head -3; "
			      "echo $(echo a; echo b) | tr \" \" +'");
	/* Exit statuses, and deaths by signal, as the shell sees them. */
	EXPECT_SAME_AS_NATIVE(BUSYBOX " sh -c 'false; echo $?; sh -c \"exit 7\"; echo $?; "
			      "sh -c \"kill -SEGV \\$\\$\"; echo $?; exit 3'");
	/* A script run by its #! line, through a PATH search. */
	ASSERT_EQ(0, system("printf '#!" BUSYBOX " sh\\necho \"script: $0 $1\"\\nexit 4\\n' "
			    ">/tmp/process_test.sh && chmod 755 /tmp/process_test.sh"));
	EXPECT_SAME_AS_NATIVE(BUSYBOX " sh -c 'PATH=/nonexistent:/tmp; process_test.sh one; "
			      "echo $?'");
	unlink("/tmp/process_test.sh");
}

/* Four processes, each waiting for the next, on one reserved CPU. */
TEST_F_TIMEOUT(process, a_chain_longer_than_the_reserved_cpus, 900)
{
	VTJ_NEEDS_SETUP();
	EXPECT_SAME_AS_NATIVE("%s/process_tree-glibc depth 3", vtj_jobs_dir());
	EXPECT_EQ(0, jobs_on_cpu1());
}

/* A grandchild sees what its grandparent may see, and no more. */
TEST_F_TIMEOUT(process, the_file_policy_holds_for_grandchildren, 600)
{
	VTJ_NEEDS_SETUP();
	ASSERT_EQ(0, system("rm -rf /tmp/process_rw /tmp/process_escaped && "
			    "mkdir /tmp/process_rw"));
	run(&self->run, "vtjobctl exec " TREE_MEM " --ro /bin --rw /tmp/process_rw "
	    BUSYBOX " sh -c 'sh -c \"echo in > /tmp/process_rw/in; "
	    "echo out > /tmp/process_escaped; echo \\$?\"'");
	EXPECT_EQ(0, self->run.status);
	/* /tmp is not in its view: the shell cannot create what it names there. */
	EXPECT_STREQ("1\n", self->run.out);
	EXPECT_NE(NULL, strstr(self->run.err, "can't create /tmp/process_escaped"));
	EXPECT_EQ(0, system("[ \"$(cat /tmp/process_rw/in)\" = in ] && "
			    "[ ! -e /tmp/process_escaped ]"));
	system("rm -rf /tmp/process_rw /tmp/process_escaped");
}

/* --strace follows the tree, each child's lines marked with its pid. */
TEST_F_TIMEOUT(process, strace_shows_every_process_of_the_tree, 600)
{
	VTJ_NEEDS_SETUP();
	/* echo runs in the forked child; tr is exec'd there, as /proc/self/exe. */
	run(&self->run, "vtjobctl exec --strace " TREE_MEM " " BUSYBOX " sh -c 'echo a | tr a b'");
	EXPECT_EQ(0, self->run.status);
	EXPECT_STREQ("b\n", self->run.out);
	EXPECT_NE(NULL, strstr(self->run.err, "clone(0x1200011, ")) TH_LOG("a fork");
	EXPECT_NE(NULL, strstr(self->run.err, "] execve(\"/proc/self/exe\", "))
		TH_LOG("a child's exec");
	EXPECT_NE(NULL, strstr(self->run.err, "] exit_group(0) = ?\n")) TH_LOG("a child's exit");
	EXPECT_NE(NULL, strstr(self->run.err, "] +++ exited with 0 +++\n")) TH_LOG("its end");
	EXPECT_NE(NULL, strstr(self->run.err, "\nwait4(-1, ")) TH_LOG("the parent's wait");
}

/* A host process that is no job's: `sleep 1000`, in this test's process group. */
static pid_t start_bystander(void)
{
	char *argv[] = { "sleep", "1000", NULL };
	pid_t pid;

	return posix_spawnp(&pid, "sleep", NULL, NULL, argv, environ) ? -1 : pid;
}

/* @pid still runs: neither dead nor a zombie waiting for us. */
static bool still_runs(pid_t pid)
{
	int status;

	return waitpid(pid, &status, WNOHANG) == 0;
}

/*
 * A job signals the processes of its own tree and no others: to a job,
 * the host's other processes are as absent as outside a pid namespace.
 * vtjobctl runs as root here, so the host would let every kill through.
 */
TEST_F_TIMEOUT(process, signals_reach_only_the_jobs_own_tree, 900)
{
	char command[256], expected[128];
	pid_t bystander;
	int status;

	VTJ_NEEDS_SETUP();
	bystander = start_bystander();
	ASSERT_LT(0, bystander);

	/* By pid: as if there were no such process. */
	snprintf(command, sizeof(command), "vtjobctl exec " TREE_MEM " " BUSYBOX
		 " kill -TERM %d" STATUS_LINE, bystander);
	run(&self->run, command);
	EXPECT_STREQ("exit 1\n", self->run.out);
	snprintf(expected, sizeof(expected), "kill: can't kill pid %d: No such process",
		 bystander);
	EXPECT_NE(NULL, strstr(self->run.err, expected));
	EXPECT_TRUE(still_runs(bystander));

	/* Every process it may signal, and its own group: only the job itself. */
	run(&self->run, "vtjobctl exec " TREE_MEM " " BUSYBOX " kill -KILL -1" STATUS_LINE);
	EXPECT_STREQ("exit 1\n", self->run.out);
	EXPECT_NE(NULL, strstr(self->run.err, "kill: can't kill pid -1: No such process"));
	EXPECT_TRUE(still_runs(bystander));
	run(&self->run, "vtjobctl exec " TREE_MEM " " BUSYBOX " kill -TERM 0" STATUS_LINE);
	EXPECT_STREQ("exit 143\n", self->run.out);
	EXPECT_TRUE(still_runs(bystander));

	/*
	 * Its own children it signals as Linux would, and the shell's wait
	 * builtin, which waits in sigsuspend() for the SIGCHLD its handler
	 * takes, sees how they died.
	 */
#define KILL_AND_WAIT BUSYBOX " sh -c 'sleep 1000 & kill -0 $! && kill $!; echo \"kill $?\"; " \
			      "wait $!; echo \"wait $?\"'"
	run(&self->run, KILL_AND_WAIT);
	EXPECT_STREQ("kill 0\nwait 143\n", self->run.out);
	EXPECT_SAME_AS_NATIVE(KILL_AND_WAIT);
#undef KILL_AND_WAIT
	EXPECT_TRUE(still_runs(bystander));

	ASSERT_EQ(0, kill(bystander, SIGKILL));
	ASSERT_EQ(bystander, waitpid(bystander, &status, 0));
}

/*
 * Starts `vtjobctl exec` of a shell whose pipeline never ends, and waits
 * for its three jobs (the shell and both sides of the pipe). Its pid.
 */
static pid_t start_endless_tree(struct __test_metadata *_metadata)
{
	char *argv[] = { "vtjobctl", "exec", "--mem", "16M", BUSYBOX, "sh", "-c",
			 "sleep 1000 | cat; echo never", NULL };
	pid_t pid;
	int i;

	EXPECT_EQ(0, posix_spawnp(&pid, "vtjobctl", NULL, NULL, argv, environ));
	for (i = 0; i < 600 && jobs_on_cpu1() != 3; i++)
		usleep(200 * 1000);
	EXPECT_EQ(3, jobs_on_cpu1());
	return pid;
}

/* After the top died: seconds until no job and no runner is left, or -1. */
static double seconds_until_nothing_left(void)
{
	double start = vtj_now_s();

	while (vtj_now_s() - start < 30) {
		if (runners() == 0 && jobs_on_cpu1() == 0)
			return vtj_now_s() - start;
		usleep(50 * 1000);
	}
	return -1;
}

TEST_F_TIMEOUT(process, killing_the_top_of_a_tree_leaves_nothing, 900)
{
	static const int signals[] = { SIGKILL, SIGTERM, SIGINT };
	double took;
	int i, status;
	pid_t top;

	VTJ_NEEDS_SETUP();
	for (i = 0; i < 3; i++) {
		top = start_endless_tree(_metadata);
		ASSERT_LT(0, top);
		EXPECT_EQ(3, runners());
		ASSERT_EQ(0, kill(top, signals[i]));
		ASSERT_EQ(top, waitpid(top, &status, 0));
		if (signals[i] == SIGKILL) {
			EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
		} else {
			/* vtjobctl exits as a shell reports the signal: 128 + N. */
			EXPECT_EQ(128 + signals[i], WEXITSTATUS(status));
		}
		took = seconds_until_nothing_left();
		TH_LOG("SIG%s: no job and no runner after %.2f s", sigabbrev_np(signals[i]), took);
		EXPECT_LE(0, took);
		/* Emulated time: Linux takes well under a second natively. */
		EXPECT_GT(10, took);
	}
}

TEST_F_TIMEOUT(process, fifty_trees_leave_no_job_and_no_leak, 1800)
{
	long before, after, slab_before, slab_after, pins_before;
	char command[512], *out = NULL;

	VTJ_NEEDS_SETUP();
	/* Warm up: the first trees fill caches the rest reuse. */
	snprintf(command, sizeof(command),
		 "for i in 1 2 3; do vtjobctl exec --mem 8M %s/process_tree-glibc depth 2 "
		 ">/dev/null || exit 1; done", vtj_jobs_dir());
	ASSERT_EQ(0, vtj_run(command, &out));
	free(out);
	vtj_write_file("/proc/sys/vm/drop_caches", "3");
	before = vtj_free_kb();
	slab_before = vtj_meminfo_kb("SUnreclaim");
	pins_before = vtj_pins_held();

	snprintf(command, sizeof(command),
		 "i=0; while [ $i -lt 50 ]; do "
		 "vtjobctl exec --mem 8M %s/process_tree-glibc depth 2 >/dev/null || "
		 "{ echo \"tree $i: $?\"; exit 1; }; i=$((i + 1)); done", vtj_jobs_dir());
	EXPECT_EQ(0, vtj_run(command, &out)) TH_LOG("%s", out);
	free(out);

	EXPECT_EQ(0, jobs_on_cpu1());
	EXPECT_EQ(0, runners());
	vtj_write_file("/proc/sys/vm/drop_caches", "3");
	after = vtj_free_kb();
	slab_after = vtj_meminfo_kb("SUnreclaim");
	ASSERT_LT(0, before);
	TH_LOG("free %ld kB, then %ld kB; SUnreclaim %ld kB, then %ld kB",
	       before, after, slab_before, slab_after);
	/* One job's 8 MiB left pinned would be 2048 pins. */
	EXPECT_GT(pins_before + 512, vtj_pins_held());
	/* 150 processes: 10 KiB left by each would make 1.5 MiB. */
	EXPECT_GT(1024, slab_after - slab_before);
	EXPECT_GT(2048, before - after);
}

TEST_HARNESS_MAIN
