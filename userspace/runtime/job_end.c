// SPDX-License-Identifier: GPL-2.0
#include "runtime/job_end.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

/* Dies by @signal: its default action, with no core, whatever was set. */
static void die_by_signal(int signal)
{
	const struct rlimit no_core = { 0, 0 };
	struct sigaction action;
	sigset_t set;

	/* A core of the runner is not the job's; a pipe in core_pattern ignores RLIMIT_CORE. */
	prctl(PR_SET_DUMPABLE, 0);
	setrlimit(RLIMIT_CORE, &no_core);
	memset(&action, 0, sizeof(action));
	action.sa_handler = SIG_DFL;
	sigemptyset(&action.sa_mask);
	sigaction(signal, &action, NULL);
	sigemptyset(&set);
	sigaddset(&set, signal);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	raise(signal);
}

_Noreturn void job_end_process(const struct job_end *end)
{
	fflush(NULL);
	if (end->signal)
		die_by_signal(end->signal);
	/* A signal whose default is not to end a process ends it by status. */
	_exit(end->status);
}
