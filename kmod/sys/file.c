// SPDX-License-Identifier: GPL-2.0
/*
 * Reads of the job's regular files, served in the module. vtjobctl keeps
 * the job's fd table, opens every file under its path policy and serves
 * every other file call; it tells the module where the table is
 * (VTJOB_SET_FD_MAP). A read, pread64 or lseek on a job fd that stands
 * for a regular file open for reading is then served here, on the job's
 * CPU: the file is read straight into the job's pages, and the job goes
 * on without a return to userspace and a new VTJOB_RUN, which cost
 * several times the read itself. The file, its position and its
 * permissions are the runner's own, as for vtjobctl's read(); a call on
 * any other fd is forwarded as before, so the job sees the same either
 * way.
 */
#include "../vtjob.h"

#include <linux/file.h>
#include <linux/fs.h>
#include <linux/minmax.h>
#include <linux/mutex.h>
#include <linux/uaccess.h>

#include "../guest/mem.h"
#include "../job.h"
#include "sys.h"

/* Linux's own bound on a descriptor table (fs.nr_open's default). */
#define VTJ_FD_MAP_MAX		(1U << 20)
#define VTJ_FD_MAP_MAX_STRIDE	4096

/**
 * vtj_job_set_fd_map() - VTJOB_SET_FD_MAP: where the runner's table of the
 *	job's fds is
 * @ctx: the job
 * @arg: struct vtjob_fd_map
 *
 * The map must lie in the runner's memory outside the job's, which the
 * job could write: a job that chose the runner's fd behind its own would
 * read whatever the runner has open.
 *
 * Return: 0; -EINVAL for a bad stride, alignment, count or reserved
 * field, or a map that overlaps the job's memory; -EFAULT for a map
 * outside user space; -EINTR if a fatal signal came while the job ran.
 */
long vtj_job_set_fd_map(void *ctx, void *arg)
{
	const struct vtjob_fd_map *req = arg;
	struct vtj_job *job = ctx;
	struct vtj_fd_map map = { };
	u64 span, job_end;

	if (req->__reserved)
		return -EINVAL;
	if (req->count) {
		if (req->count > VTJ_FD_MAP_MAX || req->stride < sizeof(s32) ||
		    req->stride > VTJ_FD_MAP_MAX_STRIDE ||
		    req->stride % sizeof(s32) || req->addr % sizeof(s32))
			return -EINVAL;
		span = (u64)(req->count - 1) * req->stride + sizeof(s32);
		if (!access_ok((void __user *)req->addr, span))
			return -EFAULT;
		job_end = job->ept.uaddr + job->ept.size;
		if (req->addr < job_end && job->ept.uaddr < req->addr + span)
			return -EINVAL;
		map.addr = req->addr;
		map.count = req->count;
		map.stride = req->stride;
	}
	if (mutex_lock_killable(&job->lock))
		return -EINTR;
	job->sys.fd_map = map;
	mutex_unlock(&job->lock);
	return 0;
}

/*
 * The runner's file behind job fd @job_fd, if the module serves its
 * reads: a regular file open for reading, with a position of its own
 * (not a stream), and not O_DIRECT, whose alignment a read into the
 * job's pages one page at a time could break; one that kernel_read()
 * can read, through ->read_iter alone (a /proc file with its own ->read
 * would only log that it cannot). Otherwise no file, and the call is
 * forwarded. A traced job's calls are all forwarded, so that the
 * trace shows what vtjobctl always showed of them.
 */
static struct fd vtj_sys_fdget(struct vtj_job *job, u64 job_fd)
{
	const struct vtj_fd_map *map = &job->sys.fd_map;
	/* Linux's read() takes an unsigned int fd: the upper half is lost. */
	unsigned int fd = job_fd;
	struct fd f = { };
	s32 __user *entry;
	s32 host_fd;

	if (job->sys.trace || fd >= map->count)
		return f;
	entry = (s32 __user *)(unsigned long)(map->addr + (u64)fd * map->stride);
	if (get_user(host_fd, entry) || host_fd < 0)
		return f;
	f = fdget(host_fd);
	if (f.file && (!S_ISREG(file_inode(f.file)->i_mode) ||
		       !(f.file->f_mode & FMODE_READ) ||
		       (f.file->f_mode & FMODE_STREAM) ||
		       (f.file->f_flags & O_DIRECT) ||
		       !f.file->f_op->read_iter || f.file->f_op->read)) {
		fdput(f);
		f = (struct fd){ };
	}
	return f;
}

/* As fdget_pos(): a position shared by two fds moves for one at a time. */
static bool vtj_sys_lock_pos(struct file *file)
{
	if (!(file->f_mode & FMODE_ATOMIC_POS))
		return false;
	mutex_lock(&file->f_pos_lock);
	return true;
}

/* As Linux's access_ok() on the job's side: all of it below user space's top. */
static bool vtj_sys_range_ok(u64 addr, u64 len)
{
	return len <= VTJ_TASK_SIZE_MAX && addr <= VTJ_TASK_SIZE_MAX - len;
}

long vtj_sys_read(struct vtj_job *job, struct vtj_syscall *call)
{
	u64 buf = call->args[1], len = call->args[2];
	struct fd f = vtj_sys_fdget(job, call->args[0]);
	bool locked;
	ssize_t ret;
	loff_t pos;

	if (!f.file) {
		call->forward = true;
		return 0;
	}
	if (!vtj_sys_range_ok(buf, len)) {
		fdput(f);
		return -EFAULT;
	}
	locked = vtj_sys_lock_pos(f.file);
	pos = f.file->f_pos;
	ret = vtj_job_read_file(job, f.file, buf, min_t(u64, len, MAX_RW_COUNT),
				&pos);
	if (ret >= 0)
		f.file->f_pos = pos;
	if (locked)
		mutex_unlock(&f.file->f_pos_lock);
	fdput(f);
	return ret;
}

long vtj_sys_pread64(struct vtj_job *job, struct vtj_syscall *call)
{
	u64 buf = call->args[1], len = call->args[2];
	loff_t pos = (s64)call->args[3];
	struct fd f = vtj_sys_fdget(job, call->args[0]);
	ssize_t ret;

	if (!f.file) {
		call->forward = true;
		return 0;
	}
	/* A file without pread gets its ESPIPE from vtjobctl. */
	if (!(f.file->f_mode & FMODE_PREAD)) {
		fdput(f);
		call->forward = true;
		return 0;
	}
	if (pos < 0)
		ret = -EINVAL;
	else if (!vtj_sys_range_ok(buf, len))
		ret = -EFAULT;
	else
		ret = vtj_job_read_file(job, f.file, buf,
					min_t(u64, len, MAX_RW_COUNT), &pos);
	fdput(f);
	return ret;
}

long vtj_sys_lseek(struct vtj_job *job, struct vtj_syscall *call)
{
	unsigned int whence = call->args[2];
	struct fd f = vtj_sys_fdget(job, call->args[0]);
	bool locked;
	loff_t ret;

	if (!f.file) {
		call->forward = true;
		return 0;
	}
	if (whence > SEEK_MAX) {
		fdput(f);
		return -EINVAL;
	}
	locked = vtj_sys_lock_pos(f.file);
	ret = vfs_llseek(f.file, (s64)call->args[1], whence);
	if (locked)
		mutex_unlock(&f.file->f_pos_lock);
	fdput(f);
	return ret;
}
