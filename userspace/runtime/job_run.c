// SPDX-License-Identifier: GPL-2.0
#include "runtime/job_run.h"

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

#include "client/vtjob_job_ioctl.h"
#include "guestmem/alloc.h"
#include "lib/cli.h"
#include "lib/human_units.h"
#include "runtime/job_end.h"
#include "runtime/job_exec.h"
#include "runtime/job_exit_text.h"
#include "runtime/job_fork.h"
#include "runtime/sys/job_syscalls.h"
#include "runtime/sys/job_tree_pids.h"

/* The module failed, not the job: vtjobctl's own failure. */
#define EXIT_MODULE_FAILED	EXIT_OWN_FAILURE

/* RLIMIT_NOFILE's usual soft limit, for a job given no fd table of its own. */
#define JOB_DEFAULT_NOFILE	1024

/* Highest signal number Linux has (_NSIG - 1). */
#define MAX_SIGNAL		64

/* One job's run: its process, the call it left for the runtime, its end. */
struct job_runner {
	const struct job_run_params *params;
	struct job_syscall_env env;
	struct job_process proc;
	struct job_process_call call;
	struct job_end end;
	struct job_stats_runner times;	/* with --stats */
	enum job_stats_call call_kind;	/* the call being served, for times */
	/*
	 * The fd table as the module was last told of it: a fork's child
	 * and an execve's new job inherit what their job was told.
	 */
	const struct job_fd *fd_map_sent;
	unsigned int fd_map_sent_size;
};

/* The module reads each entry's host fd where the entry starts. */
_Static_assert(offsetof(struct job_fd, host_fd) == 0 &&
	       sizeof(((struct job_fd *)0)->host_fd) == sizeof(int32_t),
	       "struct job_fd must start with the host fd, as VTJOB_SET_FD_MAP reads it");

static void end_by_signal(struct job_runner *runner, int signal)
{
	runner->end.status = JOB_EXIT_SIGNAL_BASE + signal;
	runner->end.signal = signal;
}

static void end_with_status(struct job_runner *runner, int status)
{
	runner->end.status = status;
	runner->end.signal = 0;
}

/*
 * The module pins a job's pages as the job touches them and charges them
 * to this process's RLIMIT_MEMLOCK: a page it cannot pin stops the run.
 */
static void out_of_memory(struct job_runner *runner)
{
	FILE *messages = runner->params->messages;
	char limit[HUMAN_TEXT_MAX];
	struct rlimit rlim;

	end_with_status(runner, EXIT_MODULE_FAILED);
	if (getrlimit(RLIMIT_MEMLOCK, &rlim) || rlim.rlim_cur == RLIM_INFINITY) {
		fprintf(messages,
			"vtjobctl: the job ran out of memory: no page could be pinned for it\n");
		return;
	}
	human_size(rlim.rlim_cur, limit, sizeof(limit));
	fprintf(messages,
		"vtjobctl: the job ran out of memory: its pinned pages would pass the "
		"locked-memory limit of %s (raise 'ulimit -l', or memlock in "
		"/etc/security/limits.conf)\n", limit);
}

static const char *signal_name(int signal)
{
	return sigabbrev_np(signal) ? sigabbrev_np(signal) : "?";
}

/* A fault its handler could not take: the job dies of it. */
static void killed(struct job_runner *runner, const struct vtjob_exit *exit)
{
	const struct job_run_params *params = runner->params;
	unsigned int signal = exit->exception.signal;
	char what[160];

	job_exception_text(exit, what, sizeof(what));
	if (signal == 0 || signal > MAX_SIGNAL) {
		fprintf(params->messages,
			"vtjob: job killed: %s; the module named no valid signal (%u)\n",
			what, signal);
		end_with_status(runner, EXIT_MODULE_FAILED);
		return;
	}
	if (params->strace)
		job_strace_end(params->strace, (int)signal, NULL);
	end_by_signal(runner, (int)signal);
	/* A child dies as a process does: its parent sees how, and says so if it will. */
	if (runner->proc.child)
		return;
	if (exit->exception.handler)
		fprintf(params->messages,
			"vtjob: job killed: %s (SIG%s; its handler was not run: the job blocked the signal)\n",
			what, signal_name((int)signal));
	else
		fprintf(params->messages, "vtjob: job killed: %s\n", what);
}

/* A signal whose default action ends a process reached the job. */
static void signaled(struct job_runner *runner, const struct vtjob_exit *exit)
{
	const struct job_run_params *params = runner->params;
	int signal = (int)exit->signaled.signal;

	if (signal < 1 || signal > MAX_SIGNAL) {
		fprintf(params->messages,
			"vtjobctl: the module ended the job by no valid signal (%d)\n", signal);
		end_with_status(runner, EXIT_MODULE_FAILED);
		return;
	}
	if (params->strace)
		job_strace_end(params->strace, signal, NULL);
	end_by_signal(runner, signal);
	if (runner->proc.child)
		return;
	if (exit->signaled.pid == getpid() && exit->signaled.code != SI_KERNEL)
		fprintf(params->messages, "vtjob: job killed by SIG%s, which it sent itself\n",
			signal_name(signal));
	else if (exit->signaled.code == SI_KERNEL)
		fprintf(params->messages,
			"vtjob: job killed by SIG%s: it had no room for a signal frame, or returned from a handler through a bad one\n",
			signal_name(signal));
	else if (signal != SIGINT && signal != SIGTERM && signal != SIGPIPE)
		fprintf(params->messages, "vtjob: job killed by SIG%s\n", signal_name(signal));
}

static void timed_out(struct job_runner *runner)
{
	const struct job_run_params *params = runner->params;
	char limit[HUMAN_TEXT_MAX];

	human_seconds(params->timeout_ns, limit, sizeof(limit));
	fprintf(params->messages, "vtjob: job timed out after %s\n", limit);
	end_with_status(runner, JOB_EXIT_TIMEOUT);
}

/* The job lost its CPU: what Linux does to a process by SIGKILL. */
static void lost_cpu(struct job_runner *runner, const struct vtjob_exit *exit)
{
	FILE *messages = runner->params->messages;

	switch (exit->killed.reason) {
	case VTJOB_RELEASE_ASKED:
		fprintf(messages,
			"vtjob: job killed: its CPU was released from under it ('vtjobctl release --force')\n");
		break;
	case VTJOB_RELEASE_OFFLINE:
		fprintf(messages, "vtjob: job killed: its CPU went offline\n");
		break;
	case VTJOB_RELEASE_UNLOAD:
		fprintf(messages, "vtjob: job killed: the vtjob module is unloading\n");
		break;
	case VTJOB_RELEASE_SHUTDOWN:
		fprintf(messages, "vtjob: job killed: the host is shutting down\n");
		break;
	default:
		fprintf(messages, "vtjob: job killed: it lost its CPU (reason %u)\n",
			exit->killed.reason);
		break;
	}
	end_by_signal(runner, SIGKILL);
}

static void unexpected(struct job_runner *runner, const struct vtjob_exit *exit)
{
	const char *name = vmx_exit_reason_name(exit->unexpected.vmx_reason);

	fprintf(runner->params->messages,
		"vtjob: job stopped by a VM exit the module does not handle: reason %u (%s), qualification 0x%llx, rip 0x%llx; this is a vtjob module bug\n",
		exit->unexpected.vmx_reason, name ? name : "unknown",
		(unsigned long long)exit->unexpected.qualification,
		(unsigned long long)exit->unexpected.rip);
	end_with_status(runner, EXIT_MODULE_FAILED);
}

/* The call's result goes to the job with its next run. */
static void answer(struct job_runner *runner, struct vtjob_run *run, int64_t result)
{
	if (runner->params->strace)
		job_strace_call(runner->params->strace, &run->exit, result, JOB_SERVED_BY_VTJOBCTL);
	run->flags = VTJOB_RUN_SYSCALL_RESULT;
	run->syscall_result = result;
}

/*
 * After an execve(): the process runs the new program's job, and the old
 * memory holds nothing anyone needs.
 */
static void become_new_program(struct job_runner *runner, struct job_exec_done *done)
{
	struct job_process *proc = &runner->proc;

	/* A vfork's parent goes on, with what the child wrote, once it has a memory of its own. */
	job_fork_vfork_release(proc);
	if (proc->mem_ours)
		guestmem_free(proc->view.mem, proc->view.mem_size);
	else	/* the caller's to unmap; its pages can go now */
		madvise(proc->view.mem, proc->view.mem_size, MADV_DONTNEED);
	proc->view.mem = done->mem;
	proc->view.cr3 = done->cr3;
	proc->file_maps.count = done->file_maps.count;
	memcpy(proc->file_maps.ranges, done->file_maps.ranges, sizeof(proc->file_maps.ranges));
	proc->mem_ours = true;
	free(proc->exe_path_ours);
	proc->exe_path_ours = done->exe_path;
	proc->exe_path = done->exe_path;
	runner->env.view = proc->view;
	runner->env.exe_path = proc->exe_path;
	if (runner->params->strace)
		runner->params->strace->view = proc->view;
	job_fd_table_close_on_exec(runner->env.fds);
}

/* The job's signal to itself, queued in it as kill() or tgkill() would. */
static int64_t signal_itself(struct job_runner *runner, const struct job_signal_call *call)
{
	const struct job_run_params *params = runner->params;
	siginfo_t info;

	memset(&info, 0, sizeof(info));
	info.si_signo = call->number;
	info.si_code = call->code;
	info.si_pid = getpid();
	info.si_uid = getuid();
	return params->ops->signal(params->job_fd, &info);
}

/*
 * fork, execve, or a signal to itself: what the call left for the
 * runtime. Returns false when it ended the job.
 */
static bool carry_out(struct job_runner *runner, struct vtjob_run *run)
{
	const struct job_run_params *params = runner->params;
	struct job_process_call *call = &runner->call;
	struct job_exec_done done;
	bool in_child;
	int64_t result;

	switch (call->kind) {
	case JOB_PROCESS_FORK:
		/* clone and clone3 tell a vfork by their flags, which the number does not. */
		if (call->fork.vfork)
			runner->call_kind = JOB_STATS_CALL_WAITING;
		result = job_fork(&runner->proc, &call->fork, params->signals, &in_child);
		if (!in_child) {
			answer(runner, run, result);
			return true;
		}
		/* The child job has its answer, 0, from the module already. */
		runner->env.view = runner->proc.view;
		job_stats_runner_start(&runner->times);
		if (params->strace)
			params->strace->pid = getpid();
		run->flags = 0;
		return true;
	case JOB_PROCESS_EXEC:
		result = job_exec(&runner->proc, runner->env.paths, runner->env.fds, &call->exec,
				  &done);
		if (result) {
			answer(runner, run, result);
			return true;
		}
		/* Shown while the old memory, which holds its arguments, is there. */
		if (params->strace)
			job_strace_call(params->strace, &run->exit, 0, JOB_SERVED_BY_VTJOBCTL);
		become_new_program(runner, &done);
		run->flags = 0;
		return true;
	case JOB_PROCESS_SIGNALED:
		answer(runner, run, signal_itself(runner, &call->signal));
		return true;
	case JOB_PROCESS_NONE:
	default:
		answer(runner, run, -ENOSYS);
		return true;
	}
}

/* A system call the module handed over: serve it. Returns false when it ended the job. */
static bool serve(struct job_runner *runner, struct vtjob_run *run)
{
	const struct job_run_params *params = runner->params;
	enum job_syscall_outcome outcome;
	int64_t result = 0;
	int status = 0;
	bool go_on;

	outcome = job_syscall_serve(&runner->env, &run->exit, &result, &status);
	switch (outcome) {
	case JOB_SYSCALL_EXIT:
		if (params->strace)
			job_strace_exit(params->strace, &run->exit, status);
		end_with_status(runner, status);
		return false;
	case JOB_SYSCALL_PROCESS:
		go_on = carry_out(runner, run);
		job_process_call_free(&runner->call);
		return go_on;
	case JOB_SYSCALL_RETURN:
	default:
		answer(runner, run, result);
		return true;
	}
}

/* serve(), timed for --stats: what the module cannot see of a call. */
static bool serve_timed(struct job_runner *runner, struct vtjob_run *run)
{
	uint64_t began = job_stats_now_ns();
	bool go_on;

	runner->call_kind = job_stats_call_kind(run->exit.syscall.nr);
	go_on = serve(runner, run);
	if (runner->times.start_ns >= began)
		return go_on;	/* a fork's child, whose times start now */
	job_stats_runner_served(&runner->times, runner->call_kind,
				job_stats_now_ns() - began);
	return go_on;
}

/*
 * SIGINT or SIGTERM that reached the top vtjobctl from outside its tree
 * (a terminal's Ctrl-C, a supervisor's kill) is for the whole tree, as
 * Ctrl-C reaches every process of a terminal's foreground group: the
 * tree ends as a whole, and none of its processes is left waiting on one
 * that is gone.
 */
static void pass_to_tree(const struct job_runner *runner, const siginfo_t *info)
{
	pid_t root = runner->env.tree_root;
	bool self_too;

	if (runner->proc.child || !root || getpid() != root)
		return;
	if (info->si_signo != SIGINT && info->si_signo != SIGTERM)
		return;
	/* The kernel's own, a terminal's: it reached the group already. */
	if (info->si_code > 0)
		return;
	if (info->si_pid > 0 && job_tree_has(root, info->si_pid))
		return;
	job_tree_signal_group(root, root, 0, info->si_signo, &self_too);
}

/* Signals caught for the job go to it before it runs again. */
static bool pass_signals(struct job_runner *runner)
{
	const struct job_run_params *params = runner->params;
	siginfo_t info;
	int err;

	/*
	 * Nothing caught, the common case: no signal masking on a forwarded
	 * call's way. One caught after this look cuts the run short.
	 */
	if (!params->signals->any)
		return true;
	while (job_signals_take(params->signals, &info)) {
		pass_to_tree(runner, &info);
		err = params->ops->signal(params->job_fd, &info);
		if (err) {
			fprintf(params->messages, "vtjobctl: passing SIG%s to the job failed: %s\n",
				signal_name(info.si_signo), strerror(-err));
			end_with_status(runner, EXIT_MODULE_FAILED);
			return false;
		}
	}
	return true;
}

/*
 * Tells the module where the job's fd table is when it moved or grew
 * since, so that the job's reads of regular files need no round trip.
 * A module that cannot take it (an older one) forwards them all, as
 * before: nothing else changes, and it is not asked again.
 */
static void send_fd_map(struct job_runner *runner)
{
	const struct job_run_params *params = runner->params;
	const struct job_fd_table *fds = runner->env.fds;

	if (!params->ops->set_fd_map ||
	    (fds->fds == runner->fd_map_sent && fds->size == runner->fd_map_sent_size))
		return;
	params->ops->set_fd_map(params->job_fd, fds->fds, fds->size, sizeof(*fds->fds));
	runner->fd_map_sent = fds->fds;
	runner->fd_map_sent_size = fds->size;
}

/* VTJOB_RUN, timed for --stats. */
static int run_timed(struct job_runner *runner, struct vtjob_run *run)
{
	const struct job_run_params *params = runner->params;
	uint64_t began;
	int err;

	if (!params->stats)
		return params->ops->run(params->job_fd, run);
	began = job_stats_now_ns();
	err = params->ops->run(params->job_fd, run);
	runner->times.in_run_ns += job_stats_now_ns() - began;
	return err;
}

static void run_loop(struct job_runner *runner)
{
	const struct job_run_params *params = runner->params;
	struct vtjob_run run;
	int err;

	memset(&run, 0, sizeof(run));
	for (;;) {
		if (!pass_signals(runner))
			return;

		memset(&run.exit, 0, sizeof(run.exit));
		send_fd_map(runner);
		err = run_timed(runner, &run);
		if (err == -EINTR)
			continue;	/* nothing ran: keep any result for the next try */
		if (err == -ENOMEM) {
			out_of_memory(runner);
			return;
		}
		if (err) {
			fprintf(params->messages, "vtjobctl: running the job failed: %s\n",
				strerror(-err));
			end_with_status(runner, EXIT_MODULE_FAILED);
			return;
		}
		run.flags = 0;
		run.syscall_result = 0;

		switch (run.exit.reason) {
		case VTJOB_EXIT_SYSCALL:
			if (!(params->stats ? serve_timed(runner, &run) : serve(runner, &run)))
				return;
			break;
		case VTJOB_EXIT_SYSCALL_SERVED:
			/* Only when tracing: the job already has its result. */
			if (params->strace)
				job_strace_call(params->strace, &run.exit, run.exit.syscall.result,
						JOB_SERVED_BY_MODULE);
			break;
		case VTJOB_EXIT_EXCEPTION:
			killed(runner, &run.exit);
			return;
		case VTJOB_EXIT_TIMEOUT:
			timed_out(runner);
			return;
		case VTJOB_EXIT_SIGNAL:
			/* Passed on at the top; a stop signal stopped the runner, which goes on. */
			break;
		case VTJOB_EXIT_SIGNALED:
			signaled(runner, &run.exit);
			return;
		case VTJOB_EXIT_UNEXPECTED:
			unexpected(runner, &run.exit);
			return;
		case VTJOB_EXIT_KILLED:
			lost_cpu(runner, &run.exit);
			return;
		default:
			fprintf(params->messages,
				"vtjobctl: the module stopped the job for an unknown reason %u\n",
				run.exit.reason);
			end_with_status(runner, EXIT_MODULE_FAILED);
			return;
		}
	}
}

int job_run(const struct job_run_params *params)
{
	static const int stdio_fds[3] = { STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO };
	struct job_paths no_files = { .cwd_fd = -1 };
	struct job_fd_table stdio_only;
	struct job_runner runner = {
		.params = params,
		.proc = {
			.maker = params->maker,
			.job_fd = params->job_fd,
			.view = {
				.mem = params->mem,
				.mem_size = params->mem_size,
				.cr3 = params->cr3,
			},
			.exe_path = params->exe_path,
			.vfork_done_fd = -1,
			.stats = params->stats,
		},
	};

	if (params->stats) {
		job_stats_runner_start(&runner.times);
		if (params->started_ns)
			runner.times.start_ns = params->started_ns;
	}
	if (params->file_maps)
		runner.proc.file_maps = *params->file_maps;
	runner.proc.file_maps.unshare = vtjob_unshare;
	runner.proc.file_maps.job_fd = params->job_fd;
	runner.proc.view.file_maps = &runner.proc.file_maps;
	runner.env = (struct job_syscall_env) {
		.view = runner.proc.view,
		.write = params->ops->write,
		.signals = params->signals,
		.fds = params->fds,
		.paths = params->paths ? params->paths : &no_files,
		.exe_path = params->exe_path,
		.tree_root = params->maker ? params->maker->tree_root : 0,
		.process = params->maker ? &runner.call : NULL,
	};
	if (!runner.env.fds) {
		if (job_fd_table_init(&stdio_only, JOB_DEFAULT_NOFILE, stdio_fds)) {
			fprintf(params->messages, "vtjobctl: no memory for the job's fds\n");
			return EXIT_MODULE_FAILED;
		}
		runner.env.fds = &stdio_only;
	}
	run_loop(&runner);
	job_process_call_free(&runner.call);
	if (params->stats) {
		job_stats_add_job(params->stats, runner.proc.job_fd);
		job_stats_add_process(params->stats, &runner.times);
	}
	/* A fork's child ends here, as its job did, for its parent to see. */
	if (runner.proc.child) {
		job_fork_vfork_release(&runner.proc);
		job_end_process(&runner.end);
	}
	if (params->strace)
		job_strace_summary(params->strace);
	if (!params->fds)
		job_fd_table_free(&stdio_only);
	/* The job fd, the caller's to close, may pin it still: the pages go with the job. */
	if (runner.proc.mem_ours)
		guestmem_free(runner.proc.view.mem, runner.proc.view.mem_size);
	free(runner.proc.exe_path_ours);
	return runner.end.status;
}
