// SPDX-License-Identifier: GPL-2.0
/*
 * A job's fork, vfork, execve and wait through the runtime, against a
 * fake module: this test defines ioctl(), so that VTJOB_CREATE_JOB, the
 * registers and VTJOB_RUN are scripted, a script for each process and
 * program, while the rest is real. The runner forks, and its child makes
 * the child job (VTJOB_JOB_FORK, from the parent's job fd) and runs it;
 * execve loads real programs of examples/ through a path policy into new
 * job memory; the fds the job has are the runner's, and the parent's
 * wait4 waits for a real child process that ended the way its job did.
 * A step a child's script did not expect fails its run, so that the
 * child ends with status 1 and its parent's wait4 tells the test.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "client/vtjob_job_ioctl.h"
#include "guestmem/page_table.h"
#include "runtime/job_run.h"
#include "runtime/sys/job_syscalls.h"

#include "example_jobs.h"
#include "harness.h"
#include "scratch_dir.h"

#define MEM_SIZE	(8u << 20)
#define TEXT_ADDR	0x400000ull	/* read-only: "hi\n" */
#define DATA_ADDR	0x401000ull	/* writable, 16 pages */
#define DATA_END	0x411000ull
#define STATUS_ADDR	(DATA_ADDR + 0x10)
#define PIPE_ADDR	(DATA_ADDR + 0x20)
#define BUF_ADDR	(DATA_ADDR + 0x100)
#define PATH_ADDR	(DATA_ADDR + 0x1000)	/* a path for execve */
#define ARGV_ADDR	(DATA_ADDR + 0x2000)	/* its argv: ARGV0_ADDR, ARG_ADDR */
#define ARGV0_ADDR	(DATA_ADDR + 0x2100)
#define ARG_ADDR	(DATA_ADDR + 0x2200)
#define DEV_FD		90
#define JOB_FD		91

enum role { PARENT, CHILD, PARENT_EXECED, CHILD_EXECED, NR_ROLES };

/* Values a step puts in an argument when it runs. */
#define LAST_RESULT	0xfeed000000000001ull	/* what the last call returned */
#define OWN_PID		0xfeed000000000002ull	/* the process's pid */
#define ANY_RESULT	0x7eed000000000003ll	/* any result, kept for LAST_RESULT */

struct step {
	struct vtjob_exit exit;
	int expect_result;	/* this run completes a call... */
	int64_t result;		/* ...with this result, or ANY_RESULT */
	/* checks made when this step runs; false fails the step */
	bool (*check)(void);
};

static struct {
	const struct step *steps[NR_ROLES];
	size_t nr_steps[NR_ROLES];
	enum role role;
	size_t next;
	int bad_runs;
	int64_t last_result;
	pid_t top;
	/* the job as the fake module holds it */
	struct vtjob_create_job created;	/* the last VTJOB_CREATE_JOB */
	struct vtjob_regs regs;
	int fail_fork_with;			/* VTJOB_JOB_FORK fails with this errno */
	int marks[2];				/* a child writes a byte when it execs */
	/* VTJOB_SIGNAL's last signal, which the job, with no handlers, dies of */
	struct vtjob_signal pending;
} fake;

static uint8_t *job_mem;
static uint64_t job_cr3;
static struct job_signal_queue no_signals;
static char messages[1024];

static int fake_create(int dev, struct vtjob_create_job *args)
{
	bool fork = args->flags & VTJOB_JOB_FORK;

	if (dev != DEV_FD ||
	    (args->flags & ~(VTJOB_JOB_FORK | VTJOB_JOB_EXEC | VTJOB_JOB_TRACE_SYSCALLS)) ||
	    args->mem_size != MEM_SIZE)
		return -EINVAL;
	if (fork) {
		/* The module's checks: the parent's job fd, from the parent's child. */
		if (args->parent_fd != JOB_FD || getppid() != fake.top || fake.role != PARENT ||
		    args->mem_addr != (uintptr_t)job_mem)
			return -EPERM;
		if (fake.fail_fork_with)
			return -fake.fail_fork_with;
		fake.regs.rax = 0;
		fake.role = CHILD;
	} else {
		/* An execve's: the new job keeps what it keeps of the one it replaces. */
		if (!(args->flags & VTJOB_JOB_EXEC) || args->parent_fd != JOB_FD)
			return -EPERM;
		fake.role = fake.role == CHILD ? CHILD_EXECED : PARENT_EXECED;
		if (fake.role == CHILD_EXECED && write(fake.marks[1], "x", 1) != 1)
			return -EIO;
	}
	fake.next = 0;
	fake.created = *args;
	return open("/dev/null", O_RDWR | O_CLOEXEC);
}

static uint64_t step_arg(uint64_t arg)
{
	if (arg == LAST_RESULT)
		return (uint64_t)fake.last_result;
	if (arg == OWN_PID)
		return (uint64_t)getpid();
	return arg;
}

/* The module's VTJOB_SIGNAL, for a job that has no handlers. */
static int fake_signal(int job, struct vtjob_signal *signal)
{
	if (job != JOB_FD || signal->size != sizeof(*signal))
		return -1;
	fake.pending = *signal;
	return 0;
}

static int fake_run(int job, struct vtjob_run *run)
{
	int completes = !!(run->flags & VTJOB_RUN_SYSCALL_RESULT);
	const struct step *step;
	siginfo_t info;
	int i;

	if (job != JOB_FD)
		goto bad;
	/* The pending signal's default action: the job dies of it. */
	if (fake.pending.size) {
		memcpy(&info, fake.pending.siginfo, sizeof(info));
		run->exit.reason = VTJOB_EXIT_SIGNALED;
		run->exit.signaled.signal = (uint32_t)info.si_signo;
		run->exit.signaled.code = info.si_code;
		run->exit.signaled.pid = info.si_pid;
		return 0;
	}
	if (fake.next >= fake.nr_steps[fake.role])
		goto bad;
	step = &fake.steps[fake.role][fake.next++];
	if (completes != step->expect_result ||
	    (completes && step->result != ANY_RESULT && run->syscall_result != step->result)) {
		fprintf(stderr, "# role %d step %zu: flags %#x, result %lld; expected %d, %lld\n",
			fake.role, fake.next, run->flags, (long long)run->syscall_result,
			step->expect_result, (long long)step->result);
		goto bad;
	}
	if (completes)
		fake.last_result = run->syscall_result;
	if (step->check && !step->check()) {
		fprintf(stderr, "# role %d step %zu: its check failed\n", fake.role, fake.next);
		goto bad;
	}
	run->exit = step->exit;
	for (i = 0; i < 6; i++)
		run->exit.syscall.args[i] = step_arg(step->exit.syscall.args[i]);
	return 0;
bad:
	fake.bad_runs++;
	/* A child cannot fail the test itself: it ends with 1, for its parent to see. */
	return -EIO;
}

/* The test's own ioctl(): the module's are faked, any other is the kernel's. */
int ioctl(int fd, unsigned long request, ...)
{
	va_list ap;
	void *arg;
	int ret;

	va_start(ap, request);
	arg = va_arg(ap, void *);
	va_end(ap);
	switch (request) {
	case VTJOB_CREATE_JOB:
		ret = fake_create(fd, arg);
		break;
	case VTJOB_RUN:
		ret = fake_run(fd, arg);
		break;
	case VTJOB_SIGNAL:
		ret = fake_signal(fd, arg);
		break;
	case VTJOB_GET_REGS:
		*(struct vtjob_regs *)arg = fake.regs;
		return 0;
	case VTJOB_SET_REGS:
		fake.regs = *(struct vtjob_regs *)arg;
		return 0;
	case VTJOB_SET_MM:
		return 0;
	default:
		return (int)syscall(SYS_ioctl, fd, request, arg);
	}
	if (ret < 0) {
		errno = -ret;
		return -1;
	}
	return ret;
}

static void put_string(uint64_t addr, const char *text)
{
	memcpy(job_mem + addr, text, strlen(text) + 1);
}

/* execve()'s path, and an argv of "argv0" and @arg (NULL: none). */
static void put_exec_args(const char *path, const char *arg)
{
	uint64_t argv[3] = { ARGV0_ADDR, arg ? ARG_ADDR : 0, 0 };

	put_string(PATH_ADDR, path);
	put_string(ARGV0_ADDR, "argv0");
	if (arg)
		put_string(ARG_ADDR, arg);
	memcpy(job_mem + ARGV_ADDR, argv, sizeof(argv));
}

static void make_job_memory(void)
{
	struct guestmem_pt pt;

	if (job_mem)
		free(job_mem);
	job_mem = calloc(1, MEM_SIZE);
	if (!job_mem || guestmem_pt_init(&pt, job_mem, MEM_SIZE, 0x1000, 0x400000) ||
	    guestmem_pt_map(&pt, TEXT_ADDR, 0x1000, GUESTMEM_EXEC) ||
	    guestmem_pt_map(&pt, DATA_ADDR, DATA_END - DATA_ADDR, GUESTMEM_WRITE))
		abort();
	memcpy(job_mem + TEXT_ADDR, "hi\n", 3);
	job_cr3 = pt.pml4;
}

/* A fresh fake with a script for each role; then run_tree(). */
static void script(const struct step *parent, size_t nr_parent, const struct step *child,
		   size_t nr_child, const struct step *child_execed, size_t nr_child_execed)
{
	memset(&fake, 0, sizeof(fake));
	fake.steps[PARENT] = parent;
	fake.nr_steps[PARENT] = nr_parent;
	fake.steps[CHILD] = child;
	fake.nr_steps[CHILD] = nr_child;
	fake.steps[CHILD_EXECED] = child_execed;
	fake.nr_steps[CHILD_EXECED] = nr_child_execed;
	fake.top = getpid();
	if (pipe2(fake.marks, O_CLOEXEC | O_NONBLOCK))
		abort();
	job_signals_forget(&no_signals);
	make_job_memory();
}

/* Runs the top job with its fake scripts; its exit status, and what it said in messages. */
static int run_tree(void)
{
	static const int stdio_fds[3] = { STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO };
	static const struct job_run_ops ops = {
		.run = vtjob_run, .write = write, .signal = vtjob_signal,
	};
	const struct job_maker maker = { .dev_fd = DEV_FD, .cpu = VTJOB_CPU_ANY };
	const struct job_paths_config config = { 0 };
	struct job_run_params params;
	struct job_fd_table fds;
	struct job_paths paths;
	char *text = NULL, err[256];
	size_t len = 0;
	FILE *out;
	int status;

	if (dup2(STDIN_FILENO, DEV_FD) < 0 || dup2(STDIN_FILENO, JOB_FD) < 0 ||
	    job_fd_table_init(&fds, 64, stdio_fds) ||
	    job_paths_init(&paths, &config, err, sizeof(err)))
		abort();
	out = open_memstream(&text, &len);
	params = (struct job_run_params) {
		.ops = &ops,
		.job_fd = JOB_FD,
		.mem = job_mem,
		.mem_size = MEM_SIZE,
		.cr3 = job_cr3,
		.signals = &no_signals,
		.messages = out,
		.fds = &fds,
		.paths = &paths,
		.exe_path = example_job("hello"),
		.maker = &maker,
	};
	status = job_run(&params);
	fclose(out);
	snprintf(messages, sizeof(messages), "%s", text ? text : "");
	free(text);
	job_fd_table_free(&fds);
	job_paths_free(&paths);
	close(fake.marks[0]);
	close(fake.marks[1]);
	return status;
}

#define NR(steps) (sizeof(steps) / sizeof((steps)[0]))

#define CALL(number, ...)						\
	{ .exit = { .reason = VTJOB_EXIT_SYSCALL,			\
		    .syscall = { .nr = (number), .args = { __VA_ARGS__ } } } }
/* A run that completes the last call with @res, then stops at this one. */
#define CALL_AFTER(res, number, ...)					\
	{ .exit = { .reason = VTJOB_EXIT_SYSCALL,			\
		    .syscall = { .nr = (number), .args = { __VA_ARGS__ } } },	\
	  .expect_result = 1, .result = (res) }
#define CHECKED_CALL_AFTER(res, fn, number, ...)			\
	{ .exit = { .reason = VTJOB_EXIT_SYSCALL,			\
		    .syscall = { .nr = (number), .args = { __VA_ARGS__ } } },	\
	  .expect_result = 1, .result = (res), .check = (fn) }

static int status_in_job(void)
{
	int status;

	memcpy(&status, job_mem + STATUS_ADDR, sizeof(status));
	return status;
}

static bool exited_5(void)
{
	return WIFEXITED(status_in_job()) && WEXITSTATUS(status_in_job()) == 5;
}

static bool killed_by_sigsegv(void)
{
	return WIFSIGNALED(status_in_job()) && WTERMSIG(status_in_job()) == SIGSEGV &&
	       !WCOREDUMP(status_in_job());
}

static bool killed_by_sigabrt(void)
{
	return WIFSIGNALED(status_in_job()) && WTERMSIG(status_in_job()) == SIGABRT;
}

TEST(fork_makes_a_child_job_and_wait4_sees_it_exit)
{
	const struct step parent[] = {
		CALL(JOB_NR_fork),
		CALL_AFTER(ANY_RESULT, JOB_NR_wait4, LAST_RESULT, STATUS_ADDR, 0, 0),
		CHECKED_CALL_AFTER(ANY_RESULT, exited_5, JOB_NR_exit_group, 0),
	};
	/* The child's first run answers nothing: the module gave it its 0. */
	const struct step child[] = { CALL(JOB_NR_exit_group, 5) };

	script(parent, NR(parent), child, NR(child), NULL, 0);
	EXPECT_EQ(0, run_tree());
	EXPECT_EQ(0, fake.bad_runs);
	EXPECT_STREQ("", messages);
	EXPECT_EQ(PARENT, fake.role);
	/* The child's pid went to the job, and wait4 gave it back. */
	EXPECT_LT(0, fake.last_result);
}

TEST(a_child_killed_by_a_fault_is_seen_killed_by_its_signal)
{
	const struct step parent[] = {
		CALL(JOB_NR_fork),
		CALL_AFTER(ANY_RESULT, JOB_NR_wait4, (uint64_t)-1, STATUS_ADDR, 0, 0),
		CHECKED_CALL_AFTER(ANY_RESULT, killed_by_sigsegv, JOB_NR_exit_group, 0),
	};
	/* A first run that completes nothing and faults at once. */
	const struct step child[] = {
		{ .exit = { .reason = VTJOB_EXIT_EXCEPTION,
			    .exception = { .vector = 14, .signal = SIGSEGV } } },
	};

	script(parent, NR(parent), child, NR(child), NULL, 0);
	EXPECT_EQ(0, run_tree());
	EXPECT_EQ(0, fake.bad_runs);
	/* The child's death is its parent's to tell: nothing was said. */
	EXPECT_STREQ("", messages);
}

TEST(a_child_that_aborts_is_seen_killed_by_sigabrt)
{
	const struct step parent[] = {
		CALL(JOB_NR_fork),
		CALL_AFTER(ANY_RESULT, JOB_NR_wait4, LAST_RESULT, STATUS_ADDR, 0, 0),
		CHECKED_CALL_AFTER(ANY_RESULT, killed_by_sigabrt, JOB_NR_exit_group, 3),
	};
	const struct step child[] = { CALL(JOB_NR_kill, OWN_PID, SIGABRT) };

	script(parent, NR(parent), child, NR(child), NULL, 0);
	EXPECT_EQ(3, run_tree());
	EXPECT_EQ(0, fake.bad_runs);
}

TEST(a_job_that_aborts_at_the_top_exits_134_and_says_why)
{
	const struct step parent[] = { CALL(JOB_NR_kill, OWN_PID, SIGABRT) };

	script(parent, NR(parent), NULL, 0, NULL, 0);
	EXPECT_EQ(128 + SIGABRT, run_tree());
	EXPECT_EQ(0, fake.bad_runs);
	EXPECT_STREQ("vtjob: job killed by SIGABRT, which it sent itself\n", messages);
}

static bool read_hi(void)
{
	int fds[2];

	memcpy(fds, job_mem + PIPE_ADDR, sizeof(fds));
	return fds[0] == 3 && fds[1] == 4 && !memcmp(job_mem + BUF_ADDR, "hi\n", 3);
}

/* The child inherits the pipe, writes into it, and the parent reads it. */
TEST(a_pipe_joins_parent_and_child)
{
	const struct step parent[] = {
		CALL(JOB_NR_pipe2, PIPE_ADDR, O_CLOEXEC),
		CALL_AFTER(0, JOB_NR_fork),
		CALL_AFTER(ANY_RESULT, JOB_NR_close, 4),
		CALL_AFTER(0, JOB_NR_read, 3, BUF_ADDR, 100),
		CHECKED_CALL_AFTER(3, read_hi, JOB_NR_read, 3, BUF_ADDR, 100),
		/* The child exited: the pipe has no writer left. */
		CALL_AFTER(0, JOB_NR_wait4, (uint64_t)-1, STATUS_ADDR, 0, 0),
		CHECKED_CALL_AFTER(ANY_RESULT, exited_5, JOB_NR_exit_group, 0),
	};
	const struct step child[] = {
		CALL(JOB_NR_close, 3),
		CALL_AFTER(0, JOB_NR_write, 4, TEXT_ADDR, 3),
		CALL_AFTER(3, JOB_NR_exit_group, 5),
	};

	script(parent, NR(parent), child, NR(child), NULL, 0);
	EXPECT_EQ(0, run_tree());
	EXPECT_EQ(0, fake.bad_runs);
}

/* Whether a vfork's child had exec'd (or was done) before its parent went on. */
static bool child_execed(void)
{
	char mark;

	return read(fake.marks[0], &mark, 1) == 1;
}

static bool new_program_is_hello(void)
{
	return fake.regs.rip != 0 && fake.created.mem_addr != (uintptr_t)job_mem &&
	       !(fake.created.flags & VTJOB_JOB_FORK);
}

TEST(vfork_waits_for_the_child_s_exec)
{
	const struct step parent[] = {
		CALL(JOB_NR_vfork),
		CHECKED_CALL_AFTER(ANY_RESULT, child_execed, JOB_NR_wait4, LAST_RESULT,
				   STATUS_ADDR, 0, 0),
		CHECKED_CALL_AFTER(ANY_RESULT, exited_5, JOB_NR_exit_group, 0),
	};
	const struct step child[] = { CALL(JOB_NR_execve, PATH_ADDR, ARGV_ADDR, 0) };
	const struct step child_execed[] = {
		{ .exit = { .reason = VTJOB_EXIT_SYSCALL,
			    .syscall = { .nr = JOB_NR_exit_group, .args = { 5 } } },
		  .check = new_program_is_hello },
	};

	script(parent, NR(parent), child, NR(child), child_execed, NR(child_execed));
	put_exec_args(example_job("hello"), NULL);
	EXPECT_EQ(0, run_tree());
	EXPECT_EQ(0, fake.bad_runs);
}

/* A slow child, that says when it is done. */
static bool dawdle(void)
{
	usleep(200 * 1000);
	return write(fake.marks[1], "x", 1) == 1;
}

TEST(vfork_waits_for_the_child_s_exit)
{
	const struct step parent[] = {
		CALL(JOB_NR_vfork),
		CHECKED_CALL_AFTER(ANY_RESULT, child_execed, JOB_NR_wait4, LAST_RESULT,
				   STATUS_ADDR, 0, 0),
		CHECKED_CALL_AFTER(ANY_RESULT, exited_5, JOB_NR_exit_group, 0),
	};
	/* The child takes its time: its parent must wait all the same. */
	const struct step child[] = {
		{ .exit = { .reason = VTJOB_EXIT_SYSCALL,
			    .syscall = { .nr = JOB_NR_exit_group, .args = { 5 } } },
		  .check = dawdle },
	};

	script(parent, NR(parent), child, NR(child), NULL, 0);
	EXPECT_EQ(0, run_tree());
	EXPECT_EQ(0, fake.bad_runs);
	EXPECT_LT(0, fake.last_result);
}

TEST(a_child_job_that_cannot_be_made_fails_the_fork_and_leaves_no_child)
{
	const struct step parent[] = {
		CALL(JOB_NR_fork),
		CALL_AFTER(-ENOMEM, JOB_NR_wait4, (uint64_t)-1, 0, WNOHANG, 0),
		CALL_AFTER(-ECHILD, JOB_NR_exit_group, 0),
	};

	script(parent, NR(parent), NULL, 0, NULL, 0);
	fake.fail_fork_with = ENOMEM;
	EXPECT_EQ(0, run_tree());
	EXPECT_EQ(0, fake.bad_runs);
}

/* A file of @mode with @text in the scratch directory; its path. */
static const char *scratch_file(const char *name, const char *text, mode_t mode)
{
	static char path[PATH_MAX + 64];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", scratch_make("job_tree_test"), name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
	if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		abort();
	close(fd);
	chmod(path, mode);
	return path;
}

/* execve that fails leaves the job as it was, with Linux's errno. */
static void expect_exec_fails(struct __test_metadata *_metadata, const char *path, int err)
{
	const struct step parent[] = {
		CALL(JOB_NR_execve, PATH_ADDR, ARGV_ADDR, 0),
		CALL_AFTER(-err, JOB_NR_exit_group, 0),
	};

	script(parent, NR(parent), NULL, 0, NULL, 0);
	put_exec_args(path, NULL);
	EXPECT_EQ(0, run_tree()) TH_LOG("%s", path);
	EXPECT_EQ(0, fake.bad_runs) TH_LOG("%s", path);
	EXPECT_EQ(PARENT, fake.role) TH_LOG("%s: a job was made", path);
}

TEST(a_failed_execve_leaves_the_job_running)
{
	char line[PATH_MAX + 16];

	expect_exec_fails(_metadata, "/nonexistent/true", ENOENT);
	expect_exec_fails(_metadata, scratch_make("job_tree_test"), EACCES);
	expect_exec_fails(_metadata, scratch_file("plain", "#!/bin/sh\n", 0644), EACCES);
	expect_exec_fails(_metadata, scratch_file("text", "echo hi\n", 0755), ENOEXEC);
	expect_exec_fails(_metadata, scratch_file("noname", "#!\n", 0755), ENOEXEC);
	expect_exec_fails(_metadata, scratch_file("nointerp", "#!/nonexistent/sh\n", 0755),
			  ENOENT);
	/* A script that runs itself: too deep. */
	snprintf(line, sizeof(line), "#!%s/loop\n", scratch_make("job_tree_test"));
	expect_exec_fails(_metadata, scratch_file("loop", line, 0755), ELOOP);
}

/* The new program's initial stack: argv[@i], read as the job will. */
static const char *new_argv(int i)
{
	const uint8_t *mem = (const uint8_t *)(uintptr_t)fake.created.mem_addr;
	uint64_t pointer;

	memcpy(&pointer, mem + fake.regs.rsp + 8 * (1 + i), sizeof(pointer));
	return pointer ? (const char *)mem + pointer : NULL;
}

static uint64_t new_argc(void)
{
	const uint8_t *mem = (const uint8_t *)(uintptr_t)fake.created.mem_addr;
	uint64_t argc;

	memcpy(&argc, mem + fake.regs.rsp, sizeof(argc));
	return argc;
}

static bool started_with_path_and_arg(void)
{
	return new_program_is_hello() && new_argc() == 2 && !strcmp(new_argv(0), "argv0") &&
	       !strcmp(new_argv(1), "arg");
}

/* After the execve: fd 3 was close-on-exec and is gone, fd 4 stays. */
TEST(execve_runs_the_new_program_and_closes_cloexec_fds)
{
	const struct step parent[] = {
		CALL(JOB_NR_openat, (uint64_t)AT_FDCWD, ARG_ADDR + 0x100, O_RDONLY | O_CLOEXEC),
		CALL_AFTER(3, JOB_NR_openat, (uint64_t)AT_FDCWD, ARG_ADDR + 0x100, O_RDONLY),
		CALL_AFTER(4, JOB_NR_execve, PATH_ADDR, ARGV_ADDR, 0),
	};
	const struct step execed[] = {
		{ .exit = { .reason = VTJOB_EXIT_SYSCALL,
			    .syscall = { .nr = JOB_NR_fcntl, .args = { 3, F_GETFD } } },
		  .check = started_with_path_and_arg },
		CALL_AFTER(-EBADF, JOB_NR_fcntl, 4, F_GETFD),
		CALL_AFTER(0, JOB_NR_exit_group, 0),
	};

	script(parent, NR(parent), NULL, 0, NULL, 0);
	fake.steps[PARENT_EXECED] = execed;
	fake.nr_steps[PARENT_EXECED] = NR(execed);
	put_exec_args(example_job("hello"), "arg");
	put_string(ARG_ADDR + 0x100, "/");
	EXPECT_EQ(0, run_tree());
	EXPECT_EQ(0, fake.bad_runs);
	EXPECT_EQ(PARENT_EXECED, fake.role);
}

static bool script_ran_its_interpreter(void)
{
	return new_program_is_hello() && new_argc() == 4 &&
	       !strcmp(new_argv(0), example_job("hello")) && !strcmp(new_argv(1), "-x y") &&
	       !strcmp(new_argv(2), (const char *)job_mem + PATH_ADDR) &&
	       !strcmp(new_argv(3), "arg");
}

TEST(a_script_runs_its_interpreter_with_its_path)
{
	const struct step parent[] = { CALL(JOB_NR_execve, PATH_ADDR, ARGV_ADDR, 0) };
	const struct step execed[] = {
		{ .exit = { .reason = VTJOB_EXIT_SYSCALL,
			    .syscall = { .nr = JOB_NR_exit_group, .args = { 0 } } },
		  .check = script_ran_its_interpreter },
	};
	char line[PATH_MAX + 16];

	snprintf(line, sizeof(line), "#!%s  -x y \n", example_job("hello"));
	script(parent, NR(parent), NULL, 0, NULL, 0);
	fake.steps[PARENT_EXECED] = execed;
	fake.nr_steps[PARENT_EXECED] = NR(execed);
	put_exec_args(scratch_file("script", line, 0755), "arg");
	EXPECT_EQ(0, run_tree());
	EXPECT_EQ(0, fake.bad_runs);
	EXPECT_EQ(PARENT_EXECED, fake.role);
}

/* busybox runs its applets as /proc/self/exe: the job's program, not vtjobctl. */
TEST(proc_self_exe_is_the_job_s_own_program)
{
	const struct step parent[] = { CALL(JOB_NR_execve, PATH_ADDR, ARGV_ADDR, 0) };
	const struct step execed[] = {
		{ .exit = { .reason = VTJOB_EXIT_SYSCALL,
			    .syscall = { .nr = JOB_NR_exit_group, .args = { 0 } } },
		  .check = new_program_is_hello },
	};

	script(parent, NR(parent), NULL, 0, NULL, 0);
	fake.steps[PARENT_EXECED] = execed;
	fake.nr_steps[PARENT_EXECED] = NR(execed);
	put_exec_args("/proc/self/exe", NULL);
	EXPECT_EQ(0, run_tree());
	EXPECT_EQ(0, fake.bad_runs);
	EXPECT_EQ(PARENT_EXECED, fake.role);
}

TEST_HARNESS_MAIN
