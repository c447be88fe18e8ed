// SPDX-License-Identifier: GPL-2.0
#include "runtime/job_run.h"

#include <errno.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "lib/cli.h"
#include "lib/human_units.h"
#include "runtime/job_exit_text.h"
#include "runtime/sys/job_syscalls.h"

/* The module failed, not the job: vtjobctl's own failure. */
#define EXIT_MODULE_FAILED	EXIT_OWN_FAILURE

/* RLIMIT_NOFILE's usual soft limit, for a job given no fd table of its own. */
#define JOB_DEFAULT_NOFILE	1024

/* Highest signal number Linux has (_NSIG - 1). */
#define MAX_SIGNAL		64

/*
 * The module pins a job's pages as the job touches them and charges them
 * to this process's RLIMIT_MEMLOCK: a page it cannot pin stops the run.
 */
static int out_of_memory(const struct job_run_params *params)
{
	char limit[HUMAN_TEXT_MAX];
	struct rlimit rlim;

	if (getrlimit(RLIMIT_MEMLOCK, &rlim) || rlim.rlim_cur == RLIM_INFINITY) {
		fprintf(params->messages,
			"vtjobctl: the job ran out of memory: no page could be pinned for it\n");
		return EXIT_MODULE_FAILED;
	}
	human_size(rlim.rlim_cur, limit, sizeof(limit));
	fprintf(params->messages,
		"vtjobctl: the job ran out of memory: its pinned pages would pass the "
		"locked-memory limit of %s (raise 'ulimit -l', or memlock in "
		"/etc/security/limits.conf)\n", limit);
	return EXIT_MODULE_FAILED;
}

static int killed(const struct job_run_params *params, const struct vtjob_exit *exit)
{
	unsigned int signal = exit->exception.signal;
	char what[160];

	job_exception_text(exit, what, sizeof(what));
	if (signal == 0 || signal > MAX_SIGNAL) {
		fprintf(params->messages,
			"vtjob: job killed: %s; the module named no valid signal (%u)\n",
			what, signal);
		return EXIT_MODULE_FAILED;
	}
	if (params->strace)
		job_strace_end(params->strace, (int)signal, NULL);
	if (exit->exception.handler)
		fprintf(params->messages,
			"vtjob: job killed: %s (SIG%s; its handler was not run: vtjob does not deliver signals)\n",
			what, sigabbrev_np((int)signal) ? sigabbrev_np((int)signal) : "?");
	else
		fprintf(params->messages, "vtjob: job killed: %s\n", what);
	return JOB_EXIT_SIGNAL_BASE + (int)signal;
}

static int timed_out(const struct job_run_params *params)
{
	char limit[HUMAN_TEXT_MAX];

	human_seconds(params->timeout_ns, limit, sizeof(limit));
	fprintf(params->messages, "vtjob: job timed out after %s\n", limit);
	return JOB_EXIT_TIMEOUT;
}

/* The job lost its CPU: what Linux does to a process by SIGKILL. */
static int lost_cpu(const struct job_run_params *params, const struct vtjob_exit *exit)
{
	switch (exit->killed.reason) {
	case VTJOB_RELEASE_ASKED:
		fprintf(params->messages,
			"vtjob: job killed: its CPU was released from under it ('vtjobctl release --force')\n");
		break;
	case VTJOB_RELEASE_OFFLINE:
		fprintf(params->messages, "vtjob: job killed: its CPU went offline\n");
		break;
	case VTJOB_RELEASE_UNLOAD:
		fprintf(params->messages, "vtjob: job killed: the vtjob module is unloading\n");
		break;
	case VTJOB_RELEASE_SHUTDOWN:
		fprintf(params->messages, "vtjob: job killed: the host is shutting down\n");
		break;
	default:
		fprintf(params->messages, "vtjob: job killed: it lost its CPU (reason %u)\n",
			exit->killed.reason);
		break;
	}
	return JOB_EXIT_SIGNAL_BASE + SIGKILL;
}

static int unexpected(const struct job_run_params *params, const struct vtjob_exit *exit)
{
	const char *name = vmx_exit_reason_name(exit->unexpected.vmx_reason);

	fprintf(params->messages,
		"vtjob: job stopped by a VM exit the module does not handle: reason %u (%s), qualification 0x%llx, rip 0x%llx; this is a vtjob module bug\n",
		exit->unexpected.vmx_reason, name ? name : "unknown",
		(unsigned long long)exit->unexpected.qualification,
		(unsigned long long)exit->unexpected.rip);
	return EXIT_MODULE_FAILED;
}

/* A system call the module handed over: serve it, or end the job. */
static bool serve(const struct job_run_params *params, const struct job_syscall_env *env,
		  struct vtjob_run *run, int *status)
{
	int64_t result;

	if (job_syscall_serve(env, &run->exit, &result, status) == JOB_SYSCALL_EXIT) {
		if (params->strace)
			job_strace_exit(params->strace, &run->exit, *status);
		return false;
	}
	if (params->strace)
		job_strace_call(params->strace, &run->exit, result, JOB_SERVED_BY_VTJOBCTL);
	run->flags = VTJOB_RUN_SYSCALL_RESULT;
	run->syscall_result = result;
	return true;
}

static int run_loop(const struct job_run_params *params, const struct job_syscall_env *env)
{
	struct vtjob_run run;
	int err, status;

	memset(&run, 0, sizeof(run));
	for (;;) {
		/* Also between runs: the signal may have come during a write. */
		if (*params->stop_signal)
			return JOB_EXIT_SIGNAL_BASE + *params->stop_signal;

		memset(&run.exit, 0, sizeof(run.exit));
		err = params->ops->run(params->job_fd, &run);
		if (err == -EINTR)
			continue;	/* nothing ran: keep any result for the next try */
		if (err == -ENOMEM)
			return out_of_memory(params);
		if (err) {
			fprintf(params->messages, "vtjobctl: running the job failed: %s\n",
				strerror(-err));
			return EXIT_MODULE_FAILED;
		}
		run.flags = 0;
		run.syscall_result = 0;

		switch (run.exit.reason) {
		case VTJOB_EXIT_SYSCALL:
			if (!serve(params, env, &run, &status))
				return status;
			break;
		case VTJOB_EXIT_SYSCALL_SERVED:
			/* Only when tracing: the job already has its result. */
			if (params->strace)
				job_strace_call(params->strace, &run.exit, run.exit.syscall.result,
						JOB_SERVED_BY_MODULE);
			break;
		case VTJOB_EXIT_EXCEPTION:
			return killed(params, &run.exit);
		case VTJOB_EXIT_TIMEOUT:
			return timed_out(params);
		case VTJOB_EXIT_SIGNAL:
			/* Checked at the top: anything else, such as SIGTSTP, goes on. */
			break;
		case VTJOB_EXIT_UNEXPECTED:
			return unexpected(params, &run.exit);
		case VTJOB_EXIT_KILLED:
			return lost_cpu(params, &run.exit);
		default:
			fprintf(params->messages,
				"vtjobctl: the module stopped the job for an unknown reason %u\n",
				run.exit.reason);
			return EXIT_MODULE_FAILED;
		}
	}
}

int job_run(const struct job_run_params *params)
{
	static const int stdio_fds[3] = { STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO };
	struct job_paths no_files = { .cwd_fd = -1 };
	struct job_fd_table stdio_only;
	struct job_syscall_env env = {
		.view = {
			.mem = params->mem,
			.mem_size = params->mem_size,
			.cr3 = params->cr3,
		},
		.write = params->ops->write,
		.stop_signal = params->stop_signal,
		.fds = params->fds,
		.paths = params->paths ? params->paths : &no_files,
		.exe_path = params->exe_path,
	};
	int status;

	if (!env.fds) {
		if (job_fd_table_init(&stdio_only, JOB_DEFAULT_NOFILE, stdio_fds)) {
			fprintf(params->messages, "vtjobctl: no memory for the job's fds\n");
			return EXIT_MODULE_FAILED;
		}
		env.fds = &stdio_only;
	}
	status = run_loop(params, &env);
	if (params->strace)
		job_strace_summary(params->strace);
	if (!params->fds)
		job_fd_table_free(&stdio_only);
	return status;
}
