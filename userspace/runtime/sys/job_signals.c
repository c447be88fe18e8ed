// SPDX-License-Identifier: GPL-2.0
#include "runtime/sys/job_signals.h"

#include <errno.h>
#include <string.h>

#include "runtime/sys/job_process_call.h"

struct job_signal_queue job_signals;

/* glibc keeps these two for itself (SIGCANCEL, SIGSETXID). */
#define GLIBC_INTERNAL_FIRST	32
#define GLIBC_INTERNAL_LAST	33

static bool caught_for_job(int signal)
{
	if (signal == SIGKILL || signal == SIGCONT || job_signal_stops(signal))
		return false;
	return signal < GLIBC_INTERNAL_FIRST || signal > GLIBC_INTERNAL_LAST;
}

/* The signals the CPU raises for the runner's own faults. */
static bool fault_signal(int signal)
{
	return signal == SIGSEGV || signal == SIGBUS || signal == SIGILL ||
	       signal == SIGFPE || signal == SIGTRAP || signal == SIGSYS;
}

static void on_signal(int signo, siginfo_t *info, void *context)
{
	(void)context;
	/*
	 * The runner's own fault, not one sent to its job: die of it as any
	 * process would, when the instruction runs again.
	 */
	if (fault_signal(signo) && info->si_code > 0) {
		signal(signo, SIG_DFL);
		return;
	}
	job_signals.info[signo] = *info;
	job_signals.caught[signo] = 1;
	job_signals.any = 1;
}

int job_signals_catch(void)
{
	struct sigaction action;
	int signal;

	memset(&action, 0, sizeof(action));
	action.sa_sigaction = on_signal;
	action.sa_flags = SA_SIGINFO;
	/* One handler at a time: each writes its own slot and the flag. */
	sigfillset(&action.sa_mask);
	for (signal = 1; signal <= JOB_NSIG; signal++) {
		if (!caught_for_job(signal))
			continue;
		if (sigaction(signal, &action, NULL) < 0)
			return -errno;
	}
	return 0;
}

bool job_signals_take(struct job_signal_queue *queue, siginfo_t *info)
{
	sigset_t all, old;
	bool found = false;
	int signal;

	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &old);
	queue->any = 0;
	for (signal = 1; signal <= JOB_NSIG; signal++) {
		if (!queue->caught[signal])
			continue;
		if (found) {
			/* More to take: the next call takes it. */
			queue->any = 1;
			break;
		}
		*info = queue->info[signal];
		queue->caught[signal] = 0;
		found = true;
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	return found;
}

void job_signals_forget(struct job_signal_queue *queue)
{
	sigset_t all, old;
	int signal;

	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &old);
	for (signal = 1; signal <= JOB_NSIG; signal++)
		queue->caught[signal] = 0;
	queue->any = 0;
	sigprocmask(SIG_SETMASK, &old, NULL);
}
