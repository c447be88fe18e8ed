// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/vtjob: the misc device and its ioctls.
 *
 * The device answers questions about the module and creates jobs; each
 * job is a file descriptor of its own (kmod/job.c).
 */
#include "vtjob.h"

#include <linux/file.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/uaccess.h>
#include <uapi/linux/vtjob.h>

#include "ioctl.h"
#include "job.h"
#include "vmx/caps.h"
#include "vmx/speculation.h"
#include "vmx/cpu.h"

static long vtj_get_api_version(void *ctx, void *arg)
{
	struct vtjob_api_version *ver = arg;

	if (ver->flags || ver->__reserved)
		return -EINVAL;
	ver->api_version = VTJOB_API_VERSION;
	return 0;
}

static long vtj_get_caps(void *ctx, void *arg)
{
	struct vtjob_caps *caps = arg;

	if (caps->flags || caps->__reserved || caps->__reserved2)
		return -EINVAL;
	caps->features = vtj_vmx_caps.features;
	caps->vmcs_revision = vtj_vmx_caps.vmcs_revision;
	caps->preemption_timer_shift = vtj_vmx_caps.preemption_timer_shift;
	caps->nr_cpus_vmx = vtj_vmx_nr_cpus();
	vtj_spec_report(caps);
	return 0;
}

/* A job's fd is installed only once its ids are written back. */
struct vtj_pending_fd {
	int fd;
	struct file *file;
};

static long vtj_create_job(void *ctx, void *arg)
{
	struct vtj_pending_fd *pending = ctx;

	return vtj_job_create(arg, &pending->fd, &pending->file);
}

static const struct vtj_ioctl_op vtj_ioctl_ops[] = {
	VTJ_IOCTL_OP(VTJOB_NR_GET_API_VERSION, vtj_get_api_version,
		     struct vtjob_api_version, __reserved),
	VTJ_IOCTL_OP(VTJOB_NR_GET_CAPS, vtj_get_caps,
		     struct vtjob_caps, __reserved),
	VTJ_IOCTL_OP(VTJOB_NR_CREATE_JOB, vtj_create_job,
		     struct vtjob_create_job, job_id),
};

static long vtj_dev_ioctl(struct file *file, unsigned int cmd,
			  unsigned long arg)
{
	struct vtj_pending_fd pending = { .fd = -1 };
	long ret;

	ret = vtj_ioctl_dispatch(vtj_ioctl_ops, ARRAY_SIZE(vtj_ioctl_ops),
				 &pending, cmd, arg);
	if (pending.file) {
		if (ret >= 0) {
			fd_install(pending.fd, pending.file);
		} else {
			fput(pending.file);
			put_unused_fd(pending.fd);
		}
	}
	return ret;
}

static const struct file_operations vtj_dev_fops = {
	.owner = THIS_MODULE,
	.open = nonseekable_open,
	.unlocked_ioctl = vtj_dev_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.llseek = noop_llseek,
};

static struct miscdevice vtj_miscdev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = VTJOB_DEVICE_NAME,
	.fops = &vtj_dev_fops,
	/* Job runners are a group of users, not everyone; udev may widen. */
	.mode = 0660,
};

/**
 * vtj_dev_init() - create /dev/vtjob
 *
 * Return: 0 or -errno.
 */
int vtj_dev_init(void)
{
	return misc_register(&vtj_miscdev);
}

/**
 * vtj_dev_exit() - remove /dev/vtjob
 */
void vtj_dev_exit(void)
{
	misc_deregister(&vtj_miscdev);
}
