// SPDX-License-Identifier: GPL-2.0
/*
 * The parts of a job's process calls that need no module: #! lines
 * parsed as Linux parses them, execve()'s arguments read from a job's
 * memory with Linux's checks and limits, clone() and clone3() decoded as
 * forks or refused, the close-on-exec sweep of the fd table, waits and
 * kills served on real host processes, and a child runner ending the way
 * its job did, as its parent's wait sees it.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

/* Not <sched.h>: its CLONE_* would be defined twice. */
#include <linux/sched.h>

#include "guestmem/page_table.h"
#include "loader/job_layout.h"
#include "loader/job_script.h"
#include "runtime/job_end.h"
#include "runtime/sys/job_fd_table.h"
#include "runtime/sys/job_process_call.h"
#include "runtime/sys/job_syscalls.h"

#include "harness.h"

#define MEM_SIZE	(8u << 20)
#define DATA		0x400000ull	/* mapped writable, 1 MiB */
#define DATA_END	0x500000ull
#define HOLE		0x600000ull	/* not mapped */

static uint8_t *mem;
static struct guestmem_view view;
/* The top of the job's tree, for serve(): 0 is the job's own process only. */
static pid_t tree_root;

/* A job's memory: 1 MiB of data mapped writable, a hole above it. */
static void make_memory(void)
{
	struct guestmem_pt pt;

	if (!mem) {
		mem = calloc(1, MEM_SIZE);
		if (!mem || guestmem_pt_init(&pt, mem, MEM_SIZE, 0x1000, DATA) ||
		    guestmem_pt_map(&pt, DATA, DATA_END - DATA, GUESTMEM_WRITE))
			abort();
		view = (struct guestmem_view) { .mem = mem, .mem_size = MEM_SIZE, .cr3 = pt.pml4 };
	}
	memset(mem + DATA, 0, DATA_END - DATA);
}

/* Puts @text at @addr in the job, NUL included; returns the address after it. */
static uint64_t put_string(uint64_t addr, const char *text)
{
	memcpy(mem + addr, text, strlen(text) + 1);
	return addr + strlen(text) + 1;
}

/* A NULL-terminated array of pointers at @addr to the strings at @strings. */
static void put_pointers(uint64_t addr, const uint64_t *pointers, size_t n)
{
	uint64_t zero = 0;

	memcpy(mem + addr, pointers, n * sizeof(*pointers));
	memcpy(mem + addr + n * sizeof(*pointers), &zero, sizeof(zero));
}

static int parse(const char *text, struct job_script *script)
{
	return job_script_parse((const uint8_t *)text, strlen(text), script);
}

TEST(script_lines_parse_as_linux_parses_them)
{
	struct job_script s;

	EXPECT_EQ(0, parse("\177ELF", &s));
	EXPECT_EQ(0, parse("#", &s));
	EXPECT_EQ(0, parse("# !/bin/sh\n", &s));

	ASSERT_EQ(1, parse("#!/bin/sh\necho hi\n", &s));
	EXPECT_STREQ("/bin/sh", s.interp);
	EXPECT_FALSE(s.has_arg);

	/* Blanks around the name; the rest of the line is one argument. */
	ASSERT_EQ(1, parse("#! \t/usr/bin/env   python3 -u -B \t\n", &s));
	EXPECT_STREQ("/usr/bin/env", s.interp);
	EXPECT_TRUE(s.has_arg);
	EXPECT_STREQ("python3 -u -B", s.arg);

	/* A carriage return is part of the name, as on Linux ("bad interpreter"). */
	ASSERT_EQ(1, parse("#!/bin/sh\r\n", &s));
	EXPECT_STREQ("/bin/sh\r", s.interp);

	/* A file that ends without a newline: the zeros after it end the line. */
	ASSERT_EQ(1, parse("#!/bin/busybox sh", &s));
	EXPECT_STREQ("/bin/busybox", s.interp);
	EXPECT_STREQ("sh", s.arg);

	/* No interpreter named. */
	EXPECT_EQ(-ENOEXEC, parse("#!\n", &s));
	EXPECT_EQ(-ENOEXEC, parse("#!  \t \n", &s));
	/* Nothing but "#!": Linux looks for an interpreter named "" (ENOENT). */
	ASSERT_EQ(1, parse("#!", &s));
	EXPECT_STREQ("", s.interp);
}

TEST(script_lines_past_what_linux_reads)
{
	char text[400];
	struct job_script s;

	/* A name that may go on past the 256 bytes read: refused. */
	memset(text, 'a', sizeof(text));
	memcpy(text, "#!/", 3);
	EXPECT_EQ(-ENOEXEC, job_script_parse((uint8_t *)text, sizeof(text), &s));

	/* A short name and a long argument: the argument is cut, the name is whole. */
	memcpy(text, "#!/bin/sh ", 10);
	ASSERT_EQ(1, job_script_parse((uint8_t *)text, sizeof(text), &s));
	EXPECT_STREQ("/bin/sh", s.interp);
	EXPECT_EQ(JOB_SCRIPT_HEAD_SIZE - 1 - 10, strlen(s.arg));

	/* A NUL ends the line before any newline after it. */
	memcpy(text, "#!/bin/sh\0x\n", 12);
	ASSERT_EQ(1, job_script_parse((uint8_t *)text, 12, &s));
	EXPECT_STREQ("/bin/sh", s.interp);
	EXPECT_FALSE(s.has_arg);
}

TEST(a_script_s_interpreter_gets_the_script_s_path)
{
	char *const argv[] = { "name-it-was-run-as", "one", "two", NULL };
	char *const no_args[] = { "x", NULL };
	struct job_script s;
	char **out;

	ASSERT_EQ(1, parse("#!/bin/sh -e\n", &s));
	out = job_script_argv(&s, "./script.sh", argv);
	ASSERT_NE(NULL, out);
	EXPECT_STREQ("/bin/sh", out[0]);
	EXPECT_STREQ("-e", out[1]);
	EXPECT_STREQ("./script.sh", out[2]);
	EXPECT_STREQ("one", out[3]);
	EXPECT_STREQ("two", out[4]);
	EXPECT_EQ(NULL, out[5]);
	job_exec_strings_free(out);

	ASSERT_EQ(1, parse("#!/bin/sh\n", &s));
	out = job_script_argv(&s, "/s", no_args);
	ASSERT_NE(NULL, out);
	EXPECT_STREQ("/bin/sh", out[0]);
	EXPECT_STREQ("/s", out[1]);
	EXPECT_EQ(NULL, out[2]);
	job_exec_strings_free(out);
}

TEST(exec_args_are_read_from_the_job)
{
	uint64_t strings = DATA + 0x1000, p[3];
	char **argv, **envp;

	make_memory();
	p[0] = strings;
	strings = put_string(strings, "prog");
	p[1] = strings;
	strings = put_string(strings, "an argument");
	put_pointers(DATA, p, 2);
	p[2] = strings;
	put_string(strings, "HOME=/root");
	put_pointers(DATA + 0x100, &p[2], 1);

	ASSERT_EQ(0, job_exec_args_read(&view, DATA, DATA + 0x100, &argv, &envp));
	EXPECT_STREQ("prog", argv[0]);
	EXPECT_STREQ("an argument", argv[1]);
	EXPECT_EQ(NULL, argv[2]);
	EXPECT_STREQ("HOME=/root", envp[0]);
	EXPECT_EQ(NULL, envp[1]);
	job_exec_strings_free(argv);
	job_exec_strings_free(envp);

	/* No argv at all: Linux 6.1 gives the program an empty argv[0]. */
	ASSERT_EQ(0, job_exec_args_read(&view, 0, 0, &argv, &envp));
	EXPECT_STREQ("", argv[0]);
	EXPECT_EQ(NULL, argv[1]);
	EXPECT_EQ(NULL, envp[0]);
	job_exec_strings_free(argv);
	job_exec_strings_free(envp);
}

TEST(exec_args_the_job_cannot_give_are_refused)
{
	uint64_t p[2], big = DATA + 0x2000;
	char **argv = (char **)1, **envp = (char **)1;

	make_memory();
	/* The array, a pointer in it, a string running into the hole. */
	EXPECT_EQ(-EFAULT, job_exec_args_read(&view, HOLE, 0, &argv, &envp));
	EXPECT_EQ(NULL, argv);
	p[0] = HOLE;
	put_pointers(DATA, p, 1);
	EXPECT_EQ(-EFAULT, job_exec_args_read(&view, DATA, 0, &argv, &envp));
	memset(mem + DATA_END - 4, 'x', 4);
	p[0] = DATA_END - 4;
	put_pointers(DATA, p, 1);
	EXPECT_EQ(-EFAULT, job_exec_args_read(&view, 0, DATA, &argv, &envp));
	/* An array that runs into the hole before its NULL. */
	memset(mem + DATA_END - 16, 0x11, 16);
	EXPECT_EQ(-EFAULT, job_exec_args_read(&view, DATA_END - 16, 0, &argv, &envp));

	/* One string of MAX_ARG_STRLEN bytes and its NUL: too long. */
	memset(mem + big, 'a', JOB_EXEC_STRING_MAX);
	mem[big + JOB_EXEC_STRING_MAX] = '\0';
	p[0] = big;
	put_pointers(DATA, p, 1);
	EXPECT_EQ(-E2BIG, job_exec_args_read(&view, DATA, 0, &argv, &envp));
	/* One byte less fits. */
	mem[big + JOB_EXEC_STRING_MAX - 1] = '\0';
	ASSERT_EQ(0, job_exec_args_read(&view, DATA, 0, &argv, &envp));
	EXPECT_EQ(JOB_EXEC_STRING_MAX - 1, strlen(argv[0]));
	job_exec_strings_free(argv);
	job_exec_strings_free(envp);
	/* Two such strings take all of the 256 KiB with their pointers: too much. */
	p[1] = big;
	put_pointers(DATA, p, 2);
	EXPECT_EQ(-E2BIG, job_exec_args_read(&view, DATA, 0, &argv, &envp));
	EXPECT_EQ(NULL, argv);
	EXPECT_EQ(NULL, envp);
}

/* The limit is a quarter of the job's stack, its RLIMIT_STACK. */
TEST(exec_args_limit_follows_the_job_stack)
{
	EXPECT_EQ(JOB_STACK_SIZE / 4, JOB_EXEC_ARGS_MAX);
}

TEST(clone_flags_of_a_fork_are_decoded)
{
	struct job_fork_call call;

	/* glibc's fork(). */
	ASSERT_EQ(0, job_clone_decode(CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID, SIGCHLD, 0, 0,
				      0x1234, 0, &call));
	EXPECT_FALSE(call.vfork);
	EXPECT_EQ(0, call.stack);
	EXPECT_EQ(0x1234, call.child_tid);
	EXPECT_EQ(0, call.parent_tid);
	EXPECT_FALSE(call.set_tls);

	/* musl's and glibc's posix_spawn: a vfork on a stack of its own. */
	ASSERT_EQ(0, job_clone_decode(CLONE_VM | CLONE_VFORK, SIGCHLD, 0x7000, 0, 0, 0, &call));
	EXPECT_TRUE(call.vfork);
	EXPECT_EQ(0x7000, call.stack);

	ASSERT_EQ(0, job_clone_decode(CLONE_PARENT_SETTID | CLONE_SETTLS, SIGCHLD, 0, 0x88, 0x99,
				      0x5000, &call));
	EXPECT_EQ(0x88, call.parent_tid);
	EXPECT_EQ(0, call.child_tid);
	EXPECT_TRUE(call.set_tls);
	EXPECT_EQ(0x5000, call.tls);
}

TEST(clone_flags_linux_refuses_or_a_job_cannot_have)
{
	struct job_fork_call call;

	/* Linux's refusals. */
	EXPECT_EQ(-EINVAL, job_clone_decode(CLONE_THREAD, SIGCHLD, 0, 0, 0, 0, &call));
	EXPECT_EQ(-EINVAL, job_clone_decode(CLONE_SIGHAND, SIGCHLD, 0, 0, 0, 0, &call));
	EXPECT_EQ(-EINVAL, job_clone_decode(CLONE_NEWNS | CLONE_FS, SIGCHLD, 0, 0, 0, 0, &call));
	EXPECT_EQ(-EINVAL, job_clone_decode(CLONE_PIDFD | CLONE_DETACHED, SIGCHLD, 0, 0, 0, 0,
					    &call));
	/* A thread, shared tables, namespaces, memory shared beyond a vfork. */
	EXPECT_EQ(-ENOSYS, job_clone_decode(CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND |
					    CLONE_THREAD | CLONE_SYSVSEM | CLONE_SETTLS |
					    CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID, 0,
					    0x7000, 0, 0, 0x5000, &call));
	EXPECT_EQ(-ENOSYS, job_clone_decode(CLONE_VM, SIGCHLD, 0x7000, 0, 0, 0, &call));
	EXPECT_EQ(-ENOSYS, job_clone_decode(CLONE_FILES, SIGCHLD, 0, 0, 0, 0, &call));
	EXPECT_EQ(-ENOSYS, job_clone_decode(CLONE_NEWPID, SIGCHLD, 0, 0, 0, 0, &call));
	EXPECT_EQ(-ENOSYS, job_clone_decode(CLONE_PIDFD, SIGCHLD, 0, 0, 0, 0, &call));
	EXPECT_EQ(-ENOSYS, job_clone_decode(0, 0, 0, 0, 0, 0, &call));
	EXPECT_EQ(-ENOSYS, job_clone_decode(0, SIGUSR1, 0, 0, 0, 0, &call));
	/* A TLS base beyond user space, as arch_prctl() refuses it. */
	EXPECT_EQ(-EPERM, job_clone_decode(CLONE_SETTLS, SIGCHLD, 0, 0, 0, 1ull << 47, &call));
}

/* Serves one call in a job with @mem, no files, and a place for process calls. */
static int64_t serve(uint64_t nr, const uint64_t args[6], struct job_process_call *call,
		     enum job_syscall_outcome *outcome)
{
	static const int stdio[3] = { -1, -1, -1 };
	static struct job_signal_queue no_signals;
	struct vtjob_exit exit = { .reason = VTJOB_EXIT_SYSCALL };
	struct job_paths paths = { .cwd_fd = -1 };
	struct job_fd_table fds;
	struct job_syscall_env env = {
		.view = view, .write = write, .signals = &no_signals, .fds = &fds,
		.paths = &paths, .process = call, .tree_root = tree_root,
	};
	int64_t result = 0;
	int status, i;

	if (job_fd_table_init(&fds, 64, stdio))
		abort();
	exit.syscall.nr = nr;
	for (i = 0; i < 6; i++)
		exit.syscall.args[i] = args[i];
	*outcome = job_syscall_serve(&env, &exit, &result, &status);
	job_fd_table_free(&fds);
	return result;
}

TEST(clone3_reads_its_struct_as_linux_does)
{
	struct job_process_call call = { 0 };
	enum job_syscall_outcome outcome;
	struct clone_args args;
	uint64_t a[6] = { DATA, sizeof(args) };

	make_memory();
	memset(&args, 0, sizeof(args));
	args.flags = CLONE_VM | CLONE_VFORK;
	args.exit_signal = SIGCHLD;
	args.stack = 0x410000;
	args.stack_size = 0x8000;
	memcpy(mem + DATA, &args, sizeof(args));
	serve(JOB_NR_clone3, a, &call, &outcome);
	ASSERT_EQ(JOB_SYSCALL_PROCESS, outcome);
	ASSERT_EQ(JOB_PROCESS_FORK, call.kind);
	EXPECT_TRUE(call.fork.vfork);
	/* The stack grows down from the top of what it was given. */
	EXPECT_EQ(0x418000, call.fork.stack);

	/* Sizes: below the first version, beyond a page, a tail that is not zero. */
	a[1] = 63;
	EXPECT_EQ(-EINVAL, serve(JOB_NR_clone3, a, &call, &outcome));
	a[1] = 4097;
	EXPECT_EQ(-E2BIG, serve(JOB_NR_clone3, a, &call, &outcome));
	a[1] = sizeof(args) + 8;
	EXPECT_EQ(0, serve(JOB_NR_clone3, a, &call, &outcome));
	EXPECT_EQ(JOB_SYSCALL_PROCESS, outcome);
	mem[DATA + sizeof(args) + 3] = 1;
	EXPECT_EQ(-E2BIG, serve(JOB_NR_clone3, a, &call, &outcome));
	EXPECT_EQ(JOB_SYSCALL_RETURN, outcome);
	a[0] = HOLE;
	a[1] = sizeof(args);
	EXPECT_EQ(-EFAULT, serve(JOB_NR_clone3, a, &call, &outcome));

	/* A stack without a size; the exit signal in the flags; a thread. */
	a[0] = DATA;
	args.stack_size = 0;
	memcpy(mem + DATA, &args, sizeof(args));
	EXPECT_EQ(-EINVAL, serve(JOB_NR_clone3, a, &call, &outcome));
	args.stack_size = 0x8000;
	args.flags |= SIGCHLD;
	memcpy(mem + DATA, &args, sizeof(args));
	EXPECT_EQ(-EINVAL, serve(JOB_NR_clone3, a, &call, &outcome));
	args.flags = CLONE_VM | CLONE_THREAD | CLONE_SIGHAND;
	args.exit_signal = 0;
	memcpy(mem + DATA, &args, sizeof(args));
	EXPECT_EQ(-ENOSYS, serve(JOB_NR_clone3, a, &call, &outcome));
}

TEST(exec_calls_are_checked_before_the_runtime_sees_them)
{
	struct job_process_call call = { 0 };
	enum job_syscall_outcome outcome;
	uint64_t a[6] = { 0 };

	make_memory();
	put_string(DATA, "/bin/true");
	a[0] = HOLE;
	EXPECT_EQ(-EFAULT, serve(JOB_NR_execve, a, &call, &outcome));
	a[0] = DATA + 0x100;	/* "" */
	EXPECT_EQ(-ENOENT, serve(JOB_NR_execve, a, &call, &outcome));
	a[0] = DATA;
	a[1] = HOLE;
	EXPECT_EQ(-EFAULT, serve(JOB_NR_execve, a, &call, &outcome));
	EXPECT_EQ(JOB_SYSCALL_RETURN, outcome);

	a[1] = 0;
	EXPECT_EQ(0, serve(JOB_NR_execve, a, &call, &outcome));
	ASSERT_EQ(JOB_SYSCALL_PROCESS, outcome);
	ASSERT_EQ(JOB_PROCESS_EXEC, call.kind);
	EXPECT_STREQ("/bin/true", call.exec.path);
	EXPECT_EQ(JOB_PATH_CWD, call.exec.base);
	EXPECT_STREQ("", call.exec.argv[0]);
	job_process_call_free(&call);

	/* execveat: its flags, and a dirfd the job does not have. */
	a[0] = 7;
	a[1] = DATA;
	a[4] = 0x8000;
	EXPECT_EQ(-EINVAL, serve(JOB_NR_execveat, a, &call, &outcome));
	a[4] = AT_EMPTY_PATH;
	a[1] = DATA + 0x100;
	EXPECT_EQ(-EBADF, serve(JOB_NR_execveat, a, &call, &outcome));
	a[1] = DATA + 1;	/* "bin/true": relative to the dirfd */
	EXPECT_EQ(-EBADF, serve(JOB_NR_execveat, a, &call, &outcome));
	a[0] = (uint32_t)AT_FDCWD;
	EXPECT_EQ(0, serve(JOB_NR_execveat, a, &call, &outcome));
	EXPECT_EQ(JOB_PROCESS_EXEC, call.kind);
	EXPECT_STREQ("bin/true", call.exec.path);
	job_process_call_free(&call);

	/* Without a runtime to carry them out: ENOSYS. */
	a[0] = DATA;
	EXPECT_EQ(-ENOSYS, serve(JOB_NR_execve, a, NULL, &outcome));
	EXPECT_EQ(-ENOSYS, serve(JOB_NR_fork, a, NULL, &outcome));
}

TEST(close_on_exec_closes_those_fds_only)
{
	const int stdio[3] = { STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO };
	struct job_fd_table fds;
	int keep[2], shut[2];

	ASSERT_EQ(0, job_fd_table_init(&fds, 64, stdio));
	ASSERT_EQ(0, pipe2(keep, O_CLOEXEC));
	ASSERT_EQ(0, pipe2(shut, O_CLOEXEC));
	EXPECT_EQ(3, job_fd_install(&fds, keep[0], false, 0));
	EXPECT_EQ(4, job_fd_install(&fds, shut[0], true, 0));
	EXPECT_EQ(10, job_fd_install_at(&fds, 10, shut[1], true));
	EXPECT_EQ(11, job_fd_install_at(&fds, 11, keep[1], false));
	/* A borrowed standard stream marked close-on-exec goes from the job only. */
	job_fd_entry(&fds, 2)->cloexec = true;

	job_fd_table_close_on_exec(&fds);
	EXPECT_EQ(keep[0], job_fd_host(&fds, 3));
	EXPECT_EQ(keep[1], job_fd_host(&fds, 11));
	EXPECT_EQ(-EBADF, job_fd_host(&fds, 4));
	EXPECT_EQ(-EBADF, job_fd_host(&fds, 10));
	EXPECT_EQ(-EBADF, job_fd_host(&fds, 2));
	EXPECT_EQ(STDOUT_FILENO, job_fd_host(&fds, 1));
	/* The host fds behind them are closed; vtjobctl's stderr is not. */
	EXPECT_EQ(-1, fcntl(shut[0], F_GETFD));
	EXPECT_EQ(-1, fcntl(shut[1], F_GETFD));
	EXPECT_LE(0, fcntl(STDERR_FILENO, F_GETFD));
	/* The next fd is the lowest free, as after an exec on Linux. */
	EXPECT_EQ(2, job_fd_install(&fds, dup(keep[0]), false, 0));
	job_fd_table_free(&fds);
}

/* A child process that ends as job_end_process() ends it; its wait status. */
static int status_of_end(int status, int signal, bool handle_and_block)
{
	const struct job_end end = { .status = status, .signal = signal };
	int wstatus = -1;
	pid_t child;

	child = fork();
	if (child < 0)
		return -1;
	if (child == 0) {
		/* As a runner: SIGTERM caught, and this one blocked to boot. */
		if (handle_and_block && signal) {
			struct sigaction action = { .sa_handler = SIG_IGN };
			sigset_t set;

			sigaction(signal, &action, NULL);
			sigemptyset(&set);
			sigaddset(&set, signal);
			sigprocmask(SIG_BLOCK, &set, NULL);
		}
		job_end_process(&end);
	}
	if (waitpid(child, &wstatus, 0) != child)
		return -1;
	return wstatus;
}

TEST(a_child_runner_ends_as_its_job_did)
{
	int wstatus;

	wstatus = status_of_end(3, 0, false);
	EXPECT_TRUE(WIFEXITED(wstatus));
	EXPECT_EQ(3, WEXITSTATUS(wstatus));

	/* A fault: the same signal, and no core of the runner. */
	wstatus = status_of_end(128 + SIGSEGV, SIGSEGV, false);
	EXPECT_TRUE(WIFSIGNALED(wstatus));
	EXPECT_EQ(SIGSEGV, WTERMSIG(wstatus));
	EXPECT_FALSE(WCOREDUMP(wstatus));
	wstatus = status_of_end(128 + SIGABRT, SIGABRT, true);
	EXPECT_TRUE(WIFSIGNALED(wstatus));
	EXPECT_EQ(SIGABRT, WTERMSIG(wstatus));
	EXPECT_FALSE(WCOREDUMP(wstatus));

	/* What the runner did with the signal does not matter. */
	wstatus = status_of_end(128 + SIGTERM, SIGTERM, true);
	EXPECT_TRUE(WIFSIGNALED(wstatus));
	EXPECT_EQ(SIGTERM, WTERMSIG(wstatus));
	wstatus = status_of_end(128 + SIGKILL, SIGKILL, false);
	EXPECT_TRUE(WIFSIGNALED(wstatus));
	EXPECT_EQ(SIGKILL, WTERMSIG(wstatus));
}

/* A child that exits with @code after @delay_ms. */
static pid_t child_exiting(int code, int delay_ms)
{
	pid_t child = fork();

	if (child == 0) {
		usleep(delay_ms * 1000);
		_exit(code);
	}
	return child;
}

TEST(wait4_waits_on_the_host_and_writes_what_linux_writes)
{
	struct job_process_call call = { 0 };
	enum job_syscall_outcome outcome;
	uint64_t a[6] = { 0 };
	struct rusage usage;
	pid_t child;
	int status;

	make_memory();
	child = child_exiting(7, 0);
	ASSERT_LT(0, child);
	a[0] = (uint64_t)child;
	a[1] = DATA;
	a[3] = DATA + 0x100;
	memset(mem + DATA + 0x100, 0xff, sizeof(usage));
	EXPECT_EQ(child, serve(JOB_NR_wait4, a, &call, &outcome));
	memcpy(&status, mem + DATA, sizeof(status));
	EXPECT_TRUE(WIFEXITED(status));
	EXPECT_EQ(7, WEXITSTATUS(status));
	memcpy(&usage, mem + DATA + 0x100, sizeof(usage));
	EXPECT_LE(0, usage.ru_utime.tv_usec);
	EXPECT_LT(usage.ru_utime.tv_usec, 1000000);

	/* Nothing left: ECHILD; WNOHANG with a child still running: 0, nothing written. */
	a[0] = (uint64_t)-1;
	EXPECT_EQ(-ECHILD, serve(JOB_NR_wait4, a, &call, &outcome));
	child = child_exiting(0, 300);
	memset(mem + DATA, 0x5a, 4);
	a[2] = WNOHANG;
	EXPECT_EQ(0, serve(JOB_NR_wait4, a, &call, &outcome));
	EXPECT_EQ(0x5a5a5a5a, *(uint32_t *)(mem + DATA));
	/* A status the job cannot take: EFAULT, and the child is reaped all the same. */
	a[1] = HOLE;
	a[2] = 0;
	EXPECT_EQ(-EFAULT, serve(JOB_NR_wait4, a, &call, &outcome));
	EXPECT_EQ(-ECHILD, serve(JOB_NR_wait4, a, &call, &outcome));
	a[2] = 0x100;
	EXPECT_EQ(-EINVAL, serve(JOB_NR_wait4, a, &call, &outcome));
	a[0] = 0x80000000;	/* INT_MIN */
	a[2] = 0;
	EXPECT_EQ(-ESRCH, serve(JOB_NR_wait4, a, &call, &outcome));
}

TEST(waitid_writes_the_fields_linux_writes)
{
	struct job_process_call call = { 0 };
	enum job_syscall_outcome outcome;
	uint64_t a[6] = { 0 };
	int32_t *info = (int32_t *)(mem ? mem + DATA : NULL);
	pid_t child;

	make_memory();
	info = (int32_t *)(mem + DATA);
	child = fork();
	ASSERT_LE(0, child);
	if (child == 0) {
		pause();
		_exit(0);
	}
	kill(child, SIGTERM);
	memset(info, 0x77, 128);
	a[0] = P_PID;
	a[1] = (uint64_t)child;
	a[2] = DATA;
	a[3] = WEXITED;
	EXPECT_EQ(0, serve(JOB_NR_waitid, a, &call, &outcome));
	EXPECT_EQ(SIGCHLD, info[0]);		/* si_signo */
	EXPECT_EQ(0, info[1]);			/* si_errno */
	EXPECT_EQ(CLD_KILLED, info[2]);		/* si_code */
	EXPECT_EQ(0x77777777, info[3]);		/* padding: not written */
	EXPECT_EQ(child, info[4]);		/* si_pid */
	EXPECT_EQ(getuid(), (uid_t)info[5]);	/* si_uid */
	EXPECT_EQ(SIGTERM, info[6]);		/* si_status */
	EXPECT_EQ(0x77777777, info[7]);

	/* Nothing to report with WNOHANG: the fields are zeros. */
	child = child_exiting(0, 300);
	a[0] = P_ALL;
	a[3] = WEXITED | WNOHANG;
	EXPECT_EQ(0, serve(JOB_NR_waitid, a, &call, &outcome));
	EXPECT_EQ(0, info[0]);
	EXPECT_EQ(0, info[4]);
	a[3] = WEXITED;
	EXPECT_EQ(0, serve(JOB_NR_waitid, a, &call, &outcome));
	EXPECT_EQ(child, info[4]);
	EXPECT_EQ(CLD_EXITED, info[2]);

	a[3] = WNOHANG;
	EXPECT_EQ(-EINVAL, serve(JOB_NR_waitid, a, &call, &outcome));
	a[0] = 99;
	a[3] = WEXITED;
	EXPECT_EQ(-EINVAL, serve(JOB_NR_waitid, a, &call, &outcome));
	a[0] = P_PIDFD;
	EXPECT_EQ(-EBADF, serve(JOB_NR_waitid, a, &call, &outcome));
	a[0] = P_ALL;
	EXPECT_EQ(-ECHILD, serve(JOB_NR_waitid, a, &call, &outcome));
}

TEST(signals_a_job_sends_itself_are_left_to_the_runtime_to_queue)
{
	struct job_process_call call = { 0 };
	enum job_syscall_outcome outcome;
	uint64_t a[6] = { (uint64_t)getpid(), 0 };

	/* Signal 0 only asks whether it may signal itself. */
	EXPECT_EQ(0, serve(JOB_NR_kill, a, &call, &outcome));
	EXPECT_EQ(JOB_SYSCALL_RETURN, outcome);
	a[1] = 65;
	EXPECT_EQ(-EINVAL, serve(JOB_NR_kill, a, &call, &outcome));

	/* abort(): SIGABRT to itself, for the module to deliver; nobody is signalled. */
	a[1] = SIGABRT;
	serve(JOB_NR_kill, a, &call, &outcome);
	EXPECT_EQ(JOB_SYSCALL_PROCESS, outcome);
	EXPECT_EQ(JOB_PROCESS_SIGNALED, call.kind);
	EXPECT_EQ(SIGABRT, call.signal.number);
	EXPECT_EQ(SI_USER, call.signal.code);
	/* One whose default is to be ignored may have a handler in the job. */
	a[1] = SIGCHLD;
	serve(JOB_NR_kill, a, &call, &outcome);
	EXPECT_EQ(JOB_SYSCALL_PROCESS, outcome);
	EXPECT_EQ(SIGCHLD, call.signal.number);

	/* raise() in glibc: tgkill(getpid(), gettid(), sig). */
	a[1] = (uint64_t)getpid();
	a[2] = SIGUSR1;
	serve(JOB_NR_tgkill, a, &call, &outcome);
	EXPECT_EQ(JOB_SYSCALL_PROCESS, outcome);
	EXPECT_EQ(SIGUSR1, call.signal.number);
	EXPECT_EQ(SI_TKILL, call.signal.code);
	a[0] = 1;
	EXPECT_EQ(-ESRCH, serve(JOB_NR_tgkill, a, &call, &outcome));
	a[0] = 0;
	EXPECT_EQ(-EINVAL, serve(JOB_NR_tgkill, a, &call, &outcome));
	a[0] = (uint64_t)getpid();
	a[1] = SIGTERM;
	serve(JOB_NR_tkill, a, &call, &outcome);
	EXPECT_EQ(JOB_SYSCALL_PROCESS, outcome);
	EXPECT_EQ(SIGTERM, call.signal.number);
	EXPECT_EQ(SI_TKILL, call.signal.code);
}

/* A child of this test that waits for a signal; in its own group if @leads. */
static pid_t start_waiting_child(bool leads)
{
	pid_t child = fork();

	if (child == 0) {
		if (leads)
			setpgid(0, 0);
		pause();
		_exit(0);
	}
	/* Its group is set before the test looks at it. */
	if (child > 0 && leads)
		setpgid(child, child);
	return child;
}

/* @child died of @signal: it was signalled, once. */
static bool died_of(pid_t child, int signal)
{
	int status;

	return waitpid(child, &status, 0) == child && WIFSIGNALED(status) &&
	       WTERMSIG(status) == signal;
}

/* @child neither died nor was stopped: nobody signalled it. */
static bool still_waits(pid_t child)
{
	int status;

	return waitpid(child, &status, WNOHANG | WUNTRACED) == 0;
}

TEST(signals_reach_the_job_tree_and_nothing_else)
{
	struct job_process_call call = { 0 };
	enum job_syscall_outcome outcome;
	uint64_t a[6] = { 0 };
	pid_t in_tree, stranger;

	/* This test is the top of the tree: its children descend from it. */
	tree_root = getpid();
	in_tree = start_waiting_child(false);
	ASSERT_LT(0, in_tree);
	a[0] = (uint64_t)in_tree;
	a[1] = SIGUSR2;
	EXPECT_EQ(0, serve(JOB_NR_kill, a, &call, &outcome));
	EXPECT_TRUE(died_of(in_tree, SIGUSR2));
	/* Gone now. */
	EXPECT_EQ(-ESRCH, serve(JOB_NR_kill, a, &call, &outcome));
	a[0] = 0x80000000;
	EXPECT_EQ(-ESRCH, serve(JOB_NR_kill, a, &call, &outcome));

	/*
	 * A tree whose top is a child of this test: this test, its parent
	 * and the child's sibling are the host's, not the job's.
	 */
	tree_root = start_waiting_child(true);
	stranger = start_waiting_child(true);
	ASSERT_LT(0, tree_root);
	ASSERT_LT(0, stranger);
	a[0] = (uint64_t)stranger;
	a[1] = SIGTERM;
	EXPECT_EQ(-ESRCH, serve(JOB_NR_kill, a, &call, &outcome));
	a[0] = (uint64_t)getppid();
	EXPECT_EQ(-ESRCH, serve(JOB_NR_kill, a, &call, &outcome));
	a[0] = (uint64_t)stranger;
	a[1] = (uint64_t)stranger;
	a[2] = SIGTERM;
	EXPECT_EQ(-ESRCH, serve(JOB_NR_tgkill, a, &call, &outcome));
	a[1] = SIGTERM;
	EXPECT_EQ(-ESRCH, serve(JOB_NR_tkill, a, &call, &outcome));
	EXPECT_EQ(-ESRCH, serve(JOB_NR_getpgid, a, &call, &outcome));
	EXPECT_EQ(-ESRCH, serve(JOB_NR_getsid, a, &call, &outcome));
	/* Its own group holds itself only; the stranger's none of the tree. */
	a[0] = 0;
	a[1] = 0;
	EXPECT_EQ(0, serve(JOB_NR_kill, a, &call, &outcome));
	a[0] = (uint64_t)-stranger;
	a[1] = SIGTERM;
	EXPECT_EQ(-ESRCH, serve(JOB_NR_kill, a, &call, &outcome));
	EXPECT_TRUE(still_waits(stranger));
	a[0] = (uint64_t)tree_root;
	EXPECT_EQ(tree_root, serve(JOB_NR_getpgid, a, &call, &outcome));
	/* Joining a group outside the tree is as joining none that exists. */
	a[0] = 0;
	a[1] = (uint64_t)stranger;
	EXPECT_EQ(-EPERM, serve(JOB_NR_setpgid, a, &call, &outcome));
	a[1] = (uint64_t)tree_root;
	EXPECT_EQ(0, serve(JOB_NR_setpgid, a, &call, &outcome)) TH_LOG("the tree's group");
	EXPECT_EQ(tree_root, getpgrp());
	/* Every process it may signal: the tree's top, never the stranger. */
	a[0] = (uint64_t)-1;
	a[1] = SIGUSR1;
	EXPECT_EQ(0, serve(JOB_NR_kill, a, &call, &outcome));
	EXPECT_TRUE(died_of(tree_root, SIGUSR1));
	EXPECT_TRUE(still_waits(stranger));
	EXPECT_EQ(-ESRCH, serve(JOB_NR_kill, a, &call, &outcome)) TH_LOG("nobody left");

	kill(stranger, SIGKILL);
	EXPECT_TRUE(died_of(stranger, SIGKILL));
	tree_root = 0;
}

TEST(process_groups_are_the_host_s)
{
	struct job_process_call call = { 0 };
	enum job_syscall_outcome outcome;
	uint64_t a[6] = { 0 };

	EXPECT_EQ(getpgrp(), serve(JOB_NR_getpgrp, a, &call, &outcome));
	EXPECT_EQ(getpgid(0), serve(JOB_NR_getpgid, a, &call, &outcome));
	EXPECT_EQ(getsid(0), serve(JOB_NR_getsid, a, &call, &outcome));
	/* Its own group: what `setpgid(0, 0)` in a shell's child does. */
	EXPECT_EQ(0, serve(JOB_NR_setpgid, a, &call, &outcome));
	EXPECT_EQ(getpid(), getpgrp());
	a[1] = (uint64_t)-1;
	EXPECT_EQ(-EINVAL, serve(JOB_NR_setpgid, a, &call, &outcome));
}

TEST_HARNESS_MAIN
