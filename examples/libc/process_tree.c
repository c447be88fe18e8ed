// SPDX-License-Identifier: GPL-2.0
/*
 * Processes, as a shell or a compiler driver makes them: fork and wait,
 * a pipe between parent and child, execve of itself (by its path and as
 * /proc/self/exe), vfork then exec or _exit and the memory its child
 * borrows, posix_spawn (of no program too), children that
 * die by a signal (a fault, abort(), a kill from the parent), WNOHANG
 * while a child runs and ECHILD when none is left, waits for any child
 * and for a process group, and what an execve keeps (the signal mask,
 * ignored signals, resource limits) and what it resets (handlers). One
 * line a step, printed by the parent once
 * it has what the step is about, so that the output is the same however
 * the processes are scheduled. Exits 0 when every step went as on Linux.
 *
 *	process_tree			the steps above
 *	process_tree child N		(what it execs) says so and exits N
 *	process_tree depth N		a chain of N + 1 processes, each the
 *					parent of the next, which it waits for
 *	process_tree abort		abort(): dies by SIGABRT
 *	process_tree kept		(what it execs) exits with a bit set for
 *					each thing the execve did not keep
 */
#include <errno.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static const char *self;
static int failures;

/* A step's line, "what: how it went", flushed before any fork copies it. */
static void say(const char *what, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(const char *what, const char *fmt, ...)
{
	va_list ap;

	printf("%s: ", what);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

/* The signals this program sees its children die of (musl has no sigabbrev_np()). */
static const char *signal_name(int signal)
{
	switch (signal) {
	case SIGSEGV: return "SIGSEGV";
	case SIGABRT: return "SIGABRT";
	case SIGUSR1: return "SIGUSR1";
	case SIGTERM: return "SIGTERM";
	case SIGKILL: return "SIGKILL";
	default: return "another signal";
	}
}

/* How a wait status reads: "exited N" or "killed by SIGX". */
static const char *how(int status)
{
	static char text[64];

	if (WIFEXITED(status))
		snprintf(text, sizeof(text), "exited %d", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		snprintf(text, sizeof(text), "killed by %s%s", signal_name(WTERMSIG(status)),
			 WCOREDUMP(status) ? " (core dumped)" : "");
	else
		snprintf(text, sizeof(text), "status %#x", status);
	return text;
}

/* Waits for @pid; its status, or -1 (and a failure) if the wait failed. */
static int wait_for(pid_t pid)
{
	int status;

	if (waitpid(pid, &status, 0) != pid) {
		say("wait", "%s", strerror(errno));
		failures++;
		return -1;
	}
	return status;
}

static void expect(const char *what, bool ok, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void expect(const char *what, bool ok, const char *fmt, ...)
{
	char text[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	say(what, "%s%s", text, ok ? "" : " (not as expected)");
	if (!ok)
		failures++;
}

static void fork_and_wait(void)
{
	pid_t parent = getpid(), child;
	int status;

	child = fork();
	if (child == 0)
		_exit(getppid() == parent ? 3 : 4);
	status = wait_for(child);
	expect("fork", WIFEXITED(status) && WEXITSTATUS(status) == 3,
	       "the child knew its parent and %s", how(status));
}

static void pipe_to_parent(void)
{
	char buf[64] = "";
	int fds[2], status;
	ssize_t n, got = 0;
	pid_t child;

	if (pipe(fds)) {
		expect("pipe", false, "%s", strerror(errno));
		return;
	}
	child = fork();
	if (child == 0) {
		close(fds[0]);
		n = write(fds[1], "through the pipe", 16);
		_exit(n == 16 ? 0 : 1);
	}
	close(fds[1]);
	/* To the end: the child's exit closes its end. */
	while ((n = read(fds[0], buf + got, sizeof(buf) - 1 - got)) > 0)
		got += n;
	close(fds[0]);
	status = wait_for(child);
	expect("pipe", got == 16 && WIFEXITED(status) && !WEXITSTATUS(status),
	       "read \"%s\" until its end; the writer %s", buf, how(status));
}

static void exec_self(const char *what, const char *path, const char *code)
{
	int status;
	pid_t child;

	child = fork();
	if (child == 0) {
		execl(path, self, "child", code, (char *)NULL);
		_exit(127);
	}
	status = wait_for(child);
	expect(what, WIFEXITED(status) && WEXITSTATUS(status) == atoi(code),
	       "the new program %s", how(status));
}

/* A CPU-time limit no step comes near, so that it changes nothing. */
#define KEPT_CPU_LIMIT	1000

static void on_hangup(int signal)
{
	(void)signal;
}

/* Run after the execve of exec_keeps(): which of what it set went on. */
static int kept(void)
{
	struct sigaction usr2, hup;
	struct rlimit cpu;
	sigset_t mask;
	int lost = 0;

	if (sigprocmask(SIG_BLOCK, NULL, &mask) || !sigismember(&mask, SIGUSR1))
		lost |= 1;
	if (sigaction(SIGUSR2, NULL, &usr2) || usr2.sa_handler != SIG_IGN)
		lost |= 2;
	/* A handler is the old program's: the new one has the default. */
	if (sigaction(SIGHUP, NULL, &hup) || hup.sa_handler != SIG_DFL)
		lost |= 4;
	if (getrlimit(RLIMIT_CPU, &cpu) || cpu.rlim_cur != KEPT_CPU_LIMIT)
		lost |= 8;
	return lost;
}

static void exec_keeps(void)
{
	struct rlimit cpu;
	int status;
	pid_t child;

	child = fork();
	if (child == 0) {
		sigset_t usr1;

		sigemptyset(&usr1);
		sigaddset(&usr1, SIGUSR1);
		sigprocmask(SIG_BLOCK, &usr1, NULL);
		signal(SIGUSR2, SIG_IGN);
		signal(SIGHUP, on_hangup);
		if (!getrlimit(RLIMIT_CPU, &cpu)) {
			cpu.rlim_cur = KEPT_CPU_LIMIT;
			setrlimit(RLIMIT_CPU, &cpu);
		}
		execl(self, self, "kept", (char *)NULL);
		_exit(127);
	}
	status = wait_for(child);
	expect("exec keeps", WIFEXITED(status) && WEXITSTATUS(status) == 0,
	       "the mask, ignored signals and limits; the new program %s", how(status));
}

static void vfork_then(bool exec)
{
	int status;
	pid_t child;

	child = vfork();
	if (child == 0) {
		if (exec)
			execl(self, self, "child", "6", (char *)NULL);
		_exit(7);
	}
	status = wait_for(child);
	expect(exec ? "vfork+exec" : "vfork+_exit",
	       WIFEXITED(status) && WEXITSTATUS(status) == (exec ? 6 : 7), "the child %s",
	       how(status));
}

/*
 * A vfork's child borrows its parent's memory until it execs or exits:
 * what it writes there, the parent finds (vfork(2)), on the stack and in
 * the data alike. glibc's posix_spawn() counts on it to report a program
 * that cannot run.
 */
static volatile int written_by_child;

static void vfork_shares_memory(void)
{
	volatile int on_stack = 1;
	char *argv[] = { "/no/such/program", NULL };
	int err, status;
	pid_t child;

	written_by_child = 0;
	child = vfork();
	if (child == 0) {
		written_by_child = 42;
		on_stack = 43;
		_exit(0);
	}
	status = wait_for(child);
	expect("vfork's memory", WIFEXITED(status) && written_by_child == 42 && on_stack == 43,
	       "the parent sees the child's writes: %d %d", written_by_child, on_stack);

	child = vfork();
	if (child == 0) {
		written_by_child = 44;
		execl(self, self, "child", "6", (char *)NULL);
		_exit(7);
	}
	status = wait_for(child);
	expect("vfork's memory until exec", WIFEXITED(status) && written_by_child == 44,
	       "the parent sees the child's write: %d", written_by_child);

	err = posix_spawn(&child, argv[0], NULL, NULL, argv, environ);
	expect("posix_spawn of no program", err == ENOENT, "%s",
	       err ? strerror(err) : "no error");
	if (!err)
		wait_for(child);
}

static void spawn(void)
{
	char *argv[] = { (char *)self, "child", "8", NULL };
	int err, status;
	pid_t child;

	err = posix_spawn(&child, self, NULL, NULL, argv, environ);
	if (err) {
		expect("posix_spawn", false, "%s", strerror(err));
		return;
	}
	status = wait_for(child);
	expect("posix_spawn", WIFEXITED(status) && WEXITSTATUS(status) == 8, "the child %s",
	       how(status));
}

/* A child that dies as @die makes it; the parent sees @signal. */
static void death(const char *what, void (*die)(void), int signal)
{
	int status;
	pid_t child;

	child = fork();
	if (child == 0) {
		die();
		_exit(0);
	}
	status = wait_for(child);
	expect(what, WIFSIGNALED(status) && WTERMSIG(status) == signal, "the child %s",
	       how(status));
}

/* An address nothing maps, that the compiler cannot see through. */
static volatile int *volatile nowhere;

static void segfault(void)
{
	*nowhere = 1;
}

static void raise_usr1(void)
{
	raise(SIGUSR1);
}

/* A child blocked reading a pipe; WNOHANG sees it run; then SIGTERM. */
static void wnohang_and_kill(void)
{
	int fds[2], status;
	pid_t child, got;
	char byte;

	if (pipe(fds)) {
		expect("wnohang", false, "%s", strerror(errno));
		return;
	}
	child = fork();
	if (child == 0) {
		close(fds[1]);
		_exit(read(fds[0], &byte, 1) == 1 ? 0 : 1);
	}
	close(fds[0]);
	got = waitpid(child, &status, WNOHANG);
	expect("wnohang", got == 0, "a running child gives %d", (int)got);
	kill(child, SIGTERM);
	status = wait_for(child);
	close(fds[1]);
	expect("kill", WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM, "the child %s",
	       how(status));
}

static void wait_for_any(void)
{
	int i, status, sum = 0, reaped = 0;
	pid_t child;

	for (i = 1; i <= 3; i++) {
		child = fork();
		if (child == 0)
			_exit(i);
	}
	while ((child = wait(&status)) > 0) {
		reaped++;
		sum += WIFEXITED(status) ? WEXITSTATUS(status) : 100;
	}
	expect("wait(-1)", reaped == 3 && sum == 6 && errno == ECHILD,
	       "%d children, statuses adding up to %d, then %s", reaped, sum,
	       errno == ECHILD ? "ECHILD" : strerror(errno));
	child = waitpid(-1, &status, WNOHANG);
	expect("wnohang", child < 0 && errno == ECHILD, "with no child left: %s",
	       child < 0 && errno == ECHILD ? "ECHILD" : "something else");
}

static void wait_for_group(void)
{
	int status;
	pid_t child;

	child = fork();
	if (child == 0) {
		setpgid(0, 0);
		_exit(getpgrp() == getpid() ? 9 : 10);
	}
	/* Both set it, so that the wait below finds the group whoever runs first. */
	setpgid(child, child);
	if (waitpid(-child, &status, 0) != child) {
		expect("process group", false, "%s", strerror(errno));
		return;
	}
	expect("process group", WIFEXITED(status) && WEXITSTATUS(status) == 9,
	       "the group's leader %s", how(status));
}

/* A chain: this process waits for a child that is the next link. */
static int depth(int n)
{
	int status;
	pid_t child;

	if (n <= 0) {
		say("depth 0", "the last of the chain");
		return 0;
	}
	child = fork();
	if (child == 0) {
		char arg[16];

		snprintf(arg, sizeof(arg), "%d", n - 1);
		execl(self, self, "depth", arg, (char *)NULL);
		_exit(127);
	}
	status = wait_for(child);
	printf("depth %d: the next %s\n", n, how(status));
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
	self = argv[0];
	if (argc == 3 && !strcmp(argv[1], "child")) {
		say("child", "running again, told to exit %s", argv[2]);
		return atoi(argv[2]);
	}
	if (argc == 3 && !strcmp(argv[1], "depth"))
		return depth(atoi(argv[2]));
	if (argc == 2 && !strcmp(argv[1], "abort"))
		abort();
	if (argc == 2 && !strcmp(argv[1], "kept"))
		return kept();
	if (argc != 1) {
		fprintf(stderr, "usage: %s [child N | depth N | abort | kept]\n", self);
		return 2;
	}

	fork_and_wait();
	pipe_to_parent();
	exec_self("exec", self, "5");
	exec_self("exec /proc/self/exe", "/proc/self/exe", "4");
	exec_keeps();
	vfork_then(true);
	vfork_then(false);
	vfork_shares_memory();
	spawn();
	death("segfault", segfault, SIGSEGV);
	death("abort", abort, SIGABRT);
	death("raise", raise_usr1, SIGUSR1);
	wnohang_and_kill();
	wait_for_any();
	wait_for_group();
	say("done", "%d step(s) not as on Linux", failures);
	return failures ? 1 : 0;
}
