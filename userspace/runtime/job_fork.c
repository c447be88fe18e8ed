// SPDX-License-Identifier: GPL-2.0
#include "runtime/job_fork.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "client/vtjob_job_ioctl.h"
#include "guestmem/page_table.h"

/*
 * The child runner tells its parent, over a socket, that the child job
 * exists (0) or why it could not be made (-errno): until then the parent
 * job must stay stopped at its fork, since the module copies its state.
 * For a vfork the child keeps the socket until it execs or exits, and
 * sends the pages it wrote before it lets go (job_fork_vfork_release()).
 * send() with MSG_NOSIGNAL: a parent gone is no SIGPIPE for the child's job.
 */
static int send_all(int fd, const void *bytes, size_t len)
{
	const uint8_t *at = bytes;
	ssize_t n;

	while (len) {
		n = send(fd, at, len, MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -EPIPE;
		at += n;
		len -= (size_t)n;
	}
	return 0;
}

static int tell_parent(int fd, int err)
{
	return send_all(fd, &err, sizeof(err));
}

/* Reads exactly @len bytes: 0, or -1 at an error or the end. */
static int read_all(int fd, void *bytes, size_t len)
{
	uint8_t *at = bytes;
	ssize_t n;

	while (len) {
		n = read(fd, at, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		at += n;
		len -= (size_t)n;
	}
	return 0;
}

/* A page a vfork's child wrote, as it goes to the parent. */
struct written_page {
	uint64_t addr;
	uint64_t len;
};

static int send_written(void *ctx, uint64_t addr, uint64_t len)
{
	const struct job_process *proc = ctx;
	struct written_page page = { .addr = addr, .len = len };

	if (send_all(proc->vfork_done_fd, &page, sizeof(page)))
		return -EPIPE;
	return send_all(proc->vfork_done_fd, guestmem_bytes(&proc->view, addr), len);
}

void job_fork_vfork_release(struct job_process *proc)
{
	if (proc->vfork_done_fd < 0)
		return;
	/* A parent gone has nothing to see: the rest is not sent. */
	guestmem_pt_take_dirty(proc->view.mem, proc->view.mem_size, proc->view.cr3,
			       send_written, proc);
	close(proc->vfork_done_fd);
	proc->vfork_done_fd = -1;
	proc->view.mark_written = false;
}

/*
 * In a vfork's parent: what the child wrote, into the parent's memory, as
 * if they had shared it. Only where the parent has memory mapped: the
 * rest of its memory stays as it is, zero. Ends at the end of the stream.
 */
static void take_written(int fd, const struct guestmem_view *view)
{
	static uint8_t discard[X86_LARGE_PAGE_SIZE];
	struct written_page page;

	while (!read_all(fd, &page, sizeof(page))) {
		bool apply = page.len && page.len <= X86_LARGE_PAGE_SIZE &&
			     page.addr % X86_PAGE_SIZE == 0 && page.len % X86_PAGE_SIZE == 0 &&
			     page.addr <= view->mem_size - page.len &&
			     guestmem_is_mapped(view, page.addr, page.len) &&
			     (!view->file_maps ||
			      !guestmem_file_maps_before_write(view->file_maps, page.addr, page.len));

		if (page.len > X86_LARGE_PAGE_SIZE ||
		    read_all(fd, apply ? guestmem_bytes(view, page.addr) : discard, page.len))
			return;
		/* A vfork's child that vforked: its own parent is owed these too. */
		if (apply && view->mark_written)
			guestmem_pt_mark_dirty(view->mem, view->mem_size, view->cr3, page.addr);
	}
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
	/*
	 * A vfork's child borrows its parent's memory: here it has a copy,
	 * and what it writes from now on goes back to the parent when it
	 * lets go (job_fork_vfork_release()), which the marks the MMU and
	 * vtjobctl leave in its page tables tell.
	 */
	if (call->vfork) {
		guestmem_pt_take_dirty(proc->view.mem, proc->view.mem_size, proc->view.cr3,
				       NULL, NULL);
		proc->view.mark_written = true;
	}
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
static int wait_for_child(int fd, bool vfork, const struct guestmem_view *view)
{
	int reply = -EAGAIN;
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
	take_written(fd, view);
	return 0;
}

int64_t job_fork(struct job_process *proc, const struct job_fork_call *call,
		 struct job_signal_queue *signals, bool *in_child)
{
	pid_t parent = getpid(), child;
	sigset_t all, mask;
	int sync[2], err;

	*in_child = false;
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sync) < 0)
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
		proc->view.mark_written = false;
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
	err = wait_for_child(sync[0], call->vfork, &proc->view);
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
