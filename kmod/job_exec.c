// SPDX-License-Identifier: GPL-2.0
/*
 * A job's execve, as userspace mirrors it: the runner loads the new
 * program into new memory and creates a new job for it with
 * VTJOB_JOB_EXEC, naming the job it replaces. What Linux keeps across an
 * execve and the module holds, the signal mask, the signals ignored and
 * the resource limits, the new job takes from the old one here.
 */
#include "vtjob.h"

#include <linux/file.h>
#include <linux/slab.h>

#include "job.h"
#include "job_exec.h"

/**
 * vtj_job_exec_take() - copy what a job keeps across an execve
 * @old_fd: the fd of the job the new one replaces, in the calling process
 *
 * The caller must be the process that created that job: an execve
 * replaces the caller's own program.
 *
 * Return: the old job's system call state, for vtj_sys_exec_inherit()
 * and then kfree(); ERR_PTR of -EBADF if @old_fd is not a job fd, -EPERM
 * if the caller did not create that job, -ENOMEM, or -EINTR if a fatal
 * signal came while waiting for the job's lock.
 */
struct vtj_job_sys *vtj_job_exec_take(int old_fd)
{
	struct fd old_file = fdget(old_fd);
	struct vtj_job_sys *sys;
	struct vtj_job *old;
	long ret;

	if (!old_file.file)
		return ERR_PTR(-EBADF);
	old = vtj_job_from_file(old_file.file);
	if (!old) {
		ret = -EBADF;
		goto err_put;
	}
	/* Compared, not used: the job holds its creator's mm (mmgrab()). */
	if (old->owner_mm != current->mm) {
		ret = -EPERM;
		goto err_put;
	}
	sys = kmalloc(sizeof(*sys), GFP_KERNEL_ACCOUNT);
	if (!sys) {
		ret = -ENOMEM;
		goto err_put;
	}
	if (mutex_lock_killable(&old->lock)) {
		ret = -EINTR;
		goto err_free;
	}
	*sys = old->sys;
	mutex_unlock(&old->lock);
	fdput(old_file);
	return sys;

err_free:
	kfree(sys);
err_put:
	fdput(old_file);
	return ERR_PTR(ret);
}
