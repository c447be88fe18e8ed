// SPDX-License-Identifier: GPL-2.0
#include "runtime/job_fork.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "client/vtjob_job_ioctl.h"

/*
 * The child runner tells its parent, over a pipe, that the child job
 * exists (0) or why it could not be made (-errno): until then the parent
 * job must stay stopped at its fork, since the module copies its state.
 * For a vfork the child keeps the pipe open until it execs or exits.
 */
static int tell_parent(int fd, int err)
{
	ssize_t n;

	do {
		n = write(fd, &err, sizeof(err));
	} while (n < 0 && errno == EINTR);
	return n == sizeof(err) ? 0 : -EPIPE;
}

/* The child's registers where the call asked for others than the parent's. */
static int set_child_registers(int job_fd, const struct job_fork_call *call)
{
	struct vtjob_regs regs;
	int err;

	if (!call->stack && !call->set_tls)
		return 0;
	memset(&regs, 0, sizeof(regs));
	err = vtjob_get_regs(job_fd, &regs);
	if (err)
		return err;
	if (call->stack)
		regs.rsp = call->stack;
	if (call->set_tls)
		regs.fs_base = call->tls;
	return vtjob_set_regs(job_fd, &regs);
}

/* In the child runner: make the child job and take its place at the job fd. */
static int become_child(struct job_process *proc, const struct job_fork_call *call,
			pid_t parent)
{
	struct vtjob_create_job create;
	int32_t pid = getpid();
	int job_fd, err;

	/*
	 * A runner does not outlive its parent: killing the top of a tree
	 * ends the whole tree, runners and jobs.
	 */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0)
		return -errno;
	if (getppid() != parent)
		return -ESRCH;

	memset(&create, 0, sizeof(create));
	create.flags = VTJOB_JOB_FORK | (proc->maker->trace_syscalls ? VTJOB_JOB_TRACE_SYSCALLS : 0);
	create.cpu = proc->maker->cpu;
	create.mem_addr = (uintptr_t)proc->view.mem;
	create.mem_size = proc->view.mem_size;
	create.timeout_ns = proc->maker->timeout_ns;
	create.parent_fd = proc->job_fd;
	job_fd = vtjob_create_job(proc->maker->dev_fd, &create);
	if (job_fd < 0)
		return job_fd;
	err = job_process_take_job(proc, job_fd);
	if (err)
		return err;
	err = set_child_registers(proc->job_fd, call);
	if (err)
		return err;
	/* As Linux: a child_tid the child cannot write is no failure of the fork. */
	if (call->child_tid)
		guestmem_copy_to(&proc->view, call->child_tid, &pid, sizeof(pid));
	return 0;
}

/*
 * In the parent runner: the child's word, then for a vfork its exec or
 * exit. Signals for the job wait too: Linux delivers none to a vfork's
 * parent before its child lets the memory go, and a fork is as quick.
 */
static int wait_for_child(int fd, bool vfork)
{
	int reply = -EAGAIN;
	char byte;
	ssize_t n;

	do {
		n = read(fd, &reply, sizeof(reply));
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	/* Gone before a word: it could not be made. */
	if (n != sizeof(reply))
		return -EAGAIN;
	if (reply || !vfork)
		return reply;
	/* A vfork's parent sleeps until the child lets its memory go. */
	do {
		n = read(fd, &byte, 1);
	} while (n != 0 && (n > 0 || errno == EINTR));
	return n < 0 ? -errno : 0;
}

int64_t job_fork(struct job_process *proc, const struct job_fork_call *call,
		 struct job_signal_queue *signals, bool *in_child)
{
	pid_t parent = getpid(), child;
	sigset_t all, mask;
	int sync[2], err;

	*in_child = false;
	if (pipe2(sync, O_CLOEXEC) < 0)
		return -EAGAIN;
	/* Nothing buffered may be written twice. */
	fflush(NULL);
	/*
	 * The child starts with no signal pending, as Linux's does: the
	 * parent's caught ones are forgotten before anything can signal the
	 * child, which waits, blocked, until they are.
	 */
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &mask);
	child = fork();
	if (child == 0)
		job_signals_forget(signals);
	sigprocmask(SIG_SETMASK, &mask, NULL);
	if (child < 0) {
		err = errno == ENOMEM ? -ENOMEM : -EAGAIN;
		close(sync[0]);
		close(sync[1]);
		return err;
	}
	if (child == 0) {
		close(sync[0]);
		/* A vfork parent's wait is its parent's business, not this child's. */
		if (proc->vfork_done_fd >= 0)
			close(proc->vfork_done_fd);
		proc->vfork_done_fd = -1;
		err = become_child(proc, call, parent);
		if (tell_parent(sync[1], err) || err)
			_exit(1);
		if (call->vfork)
			proc->vfork_done_fd = sync[1];
		else
			close(sync[1]);
		proc->child = true;
		*in_child = true;
		return 0;
	}

	close(sync[1]);
	err = wait_for_child(sync[0], call->vfork);
	close(sync[0]);
	if (err) {
		/* Reaped here, so that the job's wait never sees it. */
		while (waitpid(child, NULL, 0) < 0 && errno == EINTR)
			;
		return err;
	}
	if (call->parent_tid)
		guestmem_copy_to(&proc->view, call->parent_tid, &(int32_t){ child },
				 sizeof(int32_t));
	return child;
}
