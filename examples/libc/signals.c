// SPDX-License-Identifier: GPL-2.0
/*
 * Signals as a program sees them: handlers with their siginfo, masks and
 * pending signals, a fault handled and left by siglongjmp, an alternate
 * stack, the FPU state kept across a handler, nested handlers, SIGCHLD
 * and sigsuspend, SA_RESTART against EINTR for a blocking read, a sleep
 * cut short and the time it had left, SIGPIPE,
 * and deaths by signal a parent sees. Prints what it saw, one line a
 * step; the same as a job as natively.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t handled, nested;
static volatile int last_signo, last_code, last_pid_is_self, last_status;
static volatile pid_t last_pid;
static char altstack[65536];
static volatile int on_altstack;
static sigjmp_buf fault_jump;
static volatile void *fault_addr;
static volatile int fault_code;
/* An address no program has mapped, hidden from the compiler's checks. */
static volatile unsigned long unmapped_addr = 16;

static void on_signal(int signo, siginfo_t *info, void *context)
{
	(void)context;
	handled++;
	last_signo = signo;
	last_code = info->si_code;
	last_pid = info->si_pid;
	last_pid_is_self = info->si_pid == getpid();
	last_status = info->si_status;
}

static void on_usr1_raise_usr2(int signo)
{
	(void)signo;
	raise(SIGUSR2);
	/* SIGUSR2's handler ran inside this one, before raise() returned. */
	nested = nested * 10 + 1;
}

static void on_usr2_nested(int signo)
{
	(void)signo;
	nested = nested * 10 + 2;
}

static void on_fault(int signo, siginfo_t *info, void *context)
{
	(void)signo;
	(void)context;
	fault_addr = info->si_addr;
	fault_code = info->si_code;
	siglongjmp(fault_jump, 1);
}

static void on_altstack_signal(int signo)
{
	char here;

	(void)signo;
	on_altstack = &here >= altstack && &here < altstack + sizeof(altstack);
}

static void clobber_fpu(int signo)
{
	volatile double d = 0;
	int i;

	(void)signo;
	for (i = 0; i < 100; i++)
		d += 1.25;
	__asm__ volatile("xorps %%xmm0, %%xmm0\n\tpcmpeqd %%xmm1, %%xmm1" ::: "xmm0", "xmm1");
}

static void handle(int signo, void (*handler)(int, siginfo_t *, void *), int flags)
{
	struct sigaction action;

	memset(&action, 0, sizeof(action));
	action.sa_sigaction = handler;
	action.sa_flags = SA_SIGINFO | flags;
	sigemptyset(&action.sa_mask);
	if (sigaction(signo, &action, NULL))
		perror("sigaction"), exit(2);
}

static void handle_plain(int signo, void (*handler)(int), int flags)
{
	struct sigaction action;

	memset(&action, 0, sizeof(action));
	action.sa_handler = handler;
	action.sa_flags = flags;
	sigemptyset(&action.sa_mask);
	if (sigaction(signo, &action, NULL))
		perror("sigaction"), exit(2);
}

static void block(int signo, int how)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, signo);
	sigprocmask(how, &set, NULL);
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

static void step_handler_and_siginfo(void)
{
	handle(SIGUSR1, on_signal, 0);
	raise(SIGUSR1);
	printf("raise: handled %d, signo %d, SI_TKILL %d, from itself %d\n", handled,
	       last_signo, last_code == SI_TKILL, last_pid_is_self);
	kill(getpid(), SIGUSR1);
	printf("kill: handled %d, SI_USER %d, from itself %d\n", handled, last_code == SI_USER,
	       last_pid_is_self);
}

static void step_blocked_then_pending(void)
{
	sigset_t pending;

	handled = 0;
	handle(SIGUSR2, on_signal, 0);
	block(SIGUSR2, SIG_BLOCK);
	kill(getpid(), SIGUSR2);
	kill(getpid(), SIGUSR2);
	sigpending(&pending);
	printf("blocked: handled %d, pending %d\n", handled, sigismember(&pending, SIGUSR2));
	block(SIGUSR2, SIG_UNBLOCK);
	sigpending(&pending);
	printf("unblocked: handled %d (one of two: they do not queue), pending %d\n", handled,
	       sigismember(&pending, SIGUSR2));
}

static void step_ignored(void)
{
	handled = 0;
	signal(SIGUSR1, SIG_IGN);
	raise(SIGUSR1);
	signal(SIGWINCH, SIG_DFL);
	raise(SIGWINCH);
	printf("ignored: still here, handled %d\n", handled);
}

static void step_fault(void)
{
	volatile int *bad = (volatile int *)unmapped_addr;
	sigset_t mask;

	handle(SIGSEGV, on_fault, 0);
	if (!sigsetjmp(fault_jump, 1))
		printf("never printed %d\n", *bad);
	sigprocmask(SIG_BLOCK, NULL, &mask);
	printf("fault: si_addr %p, SEGV_MAPERR %d, SIGSEGV blocked after siglongjmp %d\n",
	       (void *)fault_addr, fault_code == SEGV_MAPERR, sigismember(&mask, SIGSEGV));
	signal(SIGSEGV, SIG_DFL);
}

static void step_altstack(void)
{
	stack_t ss = { .ss_sp = altstack, .ss_size = sizeof(altstack) }, old;

	if (sigaltstack(&ss, NULL))
		perror("sigaltstack"), exit(2);
	handle_plain(SIGUSR1, on_altstack_signal, SA_ONSTACK);
	raise(SIGUSR1);
	sigaltstack(NULL, &old);
	printf("altstack: handler on it %d, enabled %d, on it now %d\n", on_altstack,
	       !(old.ss_flags & SS_DISABLE), !!(old.ss_flags & SS_ONSTACK));
	ss.ss_flags = SS_DISABLE;
	sigaltstack(&ss, NULL);
}

static void step_fpu_kept(void)
{
	double in = 3.25, out = 0;
	long ret = SYS_kill;

	handle_plain(SIGUSR1, clobber_fpu, 0);
	/* The signal comes during the call; its handler runs before xmm0 is read. */
	__asm__ volatile("movsd %[in], %%xmm0\n\t"
			 "syscall\n\t"
			 "movsd %%xmm0, %[out]"
			 : [out] "=m"(out), "+a"(ret)
			 : [in] "m"(in), "D"((long)getpid()), "S"((long)SIGUSR1)
			 : "rcx", "r11", "memory", "xmm0");
	printf("fpu: xmm0 %.2f after a handler that cleared it, kill returned %ld\n", out, ret);
}

static void step_nested(void)
{
	nested = 0;
	handle_plain(SIGUSR1, on_usr1_raise_usr2, 0);
	handle_plain(SIGUSR2, on_usr2_nested, 0);
	raise(SIGUSR1);
	printf("nested: order %d\n", nested);
}

static void step_sigchld_and_sigsuspend(void)
{
	sigset_t none;
	pid_t child;
	int status;

	handled = 0;
	handle(SIGCHLD, on_signal, 0);
	block(SIGCHLD, SIG_BLOCK);
	child = fork();
	if (child == 0)
		_exit(7);
	sigemptyset(&none);
	errno = 0;
	sigsuspend(&none);
	printf("sigsuspend: EINTR %d, handled %d, SIGCHLD %d, CLD_EXITED %d, its pid %d, status %d\n",
	       errno == EINTR, handled, last_signo == SIGCHLD, last_code == CLD_EXITED,
	       last_pid == child, last_status);
	waitpid(child, &status, 0);
	printf("wait: exited %d with %d\n", WIFEXITED(status), WEXITSTATUS(status));
	block(SIGCHLD, SIG_UNBLOCK);
	signal(SIGCHLD, SIG_DFL);
}

/* A read of a pipe that a signal cuts short, with or without SA_RESTART. */
static void step_read_interrupted(int restart)
{
	int fds[2];
	pid_t child;
	ssize_t n;
	char c = 0;

	handled = 0;
	handle(SIGUSR1, on_signal, restart ? SA_RESTART : 0);
	if (pipe(fds))
		perror("pipe"), exit(2);
	child = fork();
	if (child == 0) {
		close(fds[0]);
		sleep_ms(300);
		kill(getppid(), SIGUSR1);
		sleep_ms(300);
		write(fds[1], "x", 1);
		_exit(0);
	}
	close(fds[1]);
	errno = 0;
	n = read(fds[0], &c, 1);
	printf("read %s SA_RESTART: returned %zd, EINTR %d, handled %d\n",
	       restart ? "with" : "without", n, n < 0 && errno == EINTR, handled);
	if (n < 0) {
		n = read(fds[0], &c, 1);
		printf("read again: returned %zd, byte %c\n", n, c);
	}
	close(fds[0]);
	waitpid(child, NULL, 0);
}

/* A sleep a handler cuts short says how much of it was left. */
static void step_sleep_interrupted(void)
{
	struct timespec req = { 2, 0 }, rem = { -1, -1 };
	pid_t child;
	int ret;

	handled = 0;
	handle(SIGUSR1, on_signal, SA_RESTART);
	child = fork();
	if (child == 0) {
		sleep_ms(300);
		kill(getppid(), SIGUSR1);
		_exit(0);
	}
	errno = 0;
	ret = nanosleep(&req, &rem);
	printf("nanosleep: returned %d, EINTR %d (SA_RESTART or not), handled %d, "
	       "between 1 and 2 s left %d\n", ret, errno == EINTR, handled,
	       rem.tv_sec == 1 && rem.tv_nsec >= 0 && rem.tv_nsec < 1000000000);
	waitpid(child, NULL, 0);
}

static void step_sigpipe(void)
{
	int fds[2];
	ssize_t n;

	handled = 0;
	handle(SIGPIPE, on_signal, 0);
	if (pipe(fds))
		perror("pipe"), exit(2);
	close(fds[0]);
	n = write(fds[1], "x", 1);
	printf("sigpipe: write returned %zd, EPIPE %d, handled %d, signo SIGPIPE %d\n", n,
	       n < 0 && errno == EPIPE, handled, last_signo == SIGPIPE);
	close(fds[1]);
	signal(SIGPIPE, SIG_DFL);
}

static void say(const char *text)
{
	write(STDOUT_FILENO, text, strlen(text));
}

static void on_term_exit_3(int signo)
{
	(void)signo;
	say("child: SIGTERM handled, exiting 3\n");
	_exit(3);
}

static void on_abrt_return(int signo)
{
	(void)signo;
	say("child: SIGABRT handled; abort() goes on\n");
}

/*
 * A child that waits in pause() (with @handler for SIGTERM, if given)
 * until its parent sends it SIGTERM: its wait status.
 */
static int sigterm_to_waiting_child(void (*handler)(int))
{
	int ready[2], status;
	pid_t child;
	char c;

	fflush(stdout);
	if (pipe(ready))
		perror("pipe"), exit(2);
	child = fork();
	if (child == 0) {
		if (handler)
			handle_plain(SIGTERM, handler, 0);
		write(ready[1], "r", 1);
		for (;;)
			pause();
	}
	read(ready[0], &c, 1);
	kill(child, SIGTERM);
	waitpid(child, &status, 0);
	close(ready[0]);
	close(ready[1]);
	return status;
}

/* Children that die by signals, or handle them: what their parent sees. */
static void step_children(void)
{
	int status;
	pid_t child;

	status = sigterm_to_waiting_child(on_term_exit_3);
	printf("handled SIGTERM: exited %d with %d\n", WIFEXITED(status), WEXITSTATUS(status));
	status = sigterm_to_waiting_child(NULL);
	printf("default SIGTERM: killed %d by %d\n", WIFSIGNALED(status), WTERMSIG(status));

	fflush(stdout);
	child = fork();
	if (child == 0) {
		handle_plain(SIGABRT, on_abrt_return, 0);
		abort();
	}
	waitpid(child, &status, 0);
	printf("abort with a handler: killed %d by %d\n", WIFSIGNALED(status), WTERMSIG(status));

	fflush(stdout);
	child = fork();
	if (child == 0) {
		handle_plain(SIGUSR1, on_altstack_signal, SA_RESETHAND);
		raise(SIGUSR1);
		say("child: first SIGUSR1 handled\n");
		raise(SIGUSR1);
		_exit(0);
	}
	waitpid(child, &status, 0);
	printf("SA_RESETHAND: the second killed %d by %d\n", WIFSIGNALED(status),
	       WTERMSIG(status));
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	step_handler_and_siginfo();
	step_blocked_then_pending();
	step_ignored();
	step_fault();
	step_altstack();
	step_fpu_kept();
	step_nested();
	step_sigchld_and_sigsuspend();
	step_read_interrupted(1);
	step_read_interrupted(0);
	step_sleep_interrupted();
	step_sigpipe();
	step_children();
	return 0;
}
