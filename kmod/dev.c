// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/vtjob: the misc device and its ioctls.
 *
 * Every ioctl takes a struct whose first member is its size (see
 * uapi/linux/vtjob.h), so a struct can grow without a new ioctl number.
 */
#include "vtjob.h"

#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/uaccess.h>
#include <uapi/linux/vtjob.h>

#include "vmx/caps.h"
#include "vmx/cpu.h"

union vtj_ioctl_buffer {
	struct vtjob_api_version api_version;
	struct vtjob_caps caps;
};

static int vtj_get_api_version(void *arg)
{
	struct vtjob_api_version *ver = arg;

	if (ver->flags || ver->__reserved)
		return -EINVAL;
	ver->api_version = VTJOB_API_VERSION;
	return 0;
}

static int vtj_get_caps(void *arg)
{
	struct vtjob_caps *caps = arg;

	if (caps->flags || caps->__reserved)
		return -EINVAL;
	caps->features = vtj_vmx_caps.features;
	caps->vmcs_revision = vtj_vmx_caps.vmcs_revision;
	caps->preemption_timer_shift = vtj_vmx_caps.preemption_timer_shift;
	caps->nr_cpus_vmx = vtj_vmx_nr_cpus();
	return 0;
}

/**
 * struct vtj_ioctl_op - one ioctl
 * @min_size: the struct as of the ioctl's first version, up to its last
 *	member; callers may not pass less
 * @size: the struct as this module knows it
 * @execute: checks the input and fills the output in the kernel's copy
 */
struct vtj_ioctl_op {
	size_t min_size;
	size_t size;
	int (*execute)(void *arg);
};

#define VTJ_IOCTL_OP(_nr, _fn, _struct, _last)				\
	[_nr] = {							\
		.min_size = offsetofend(_struct, _last),		\
		.size = sizeof(_struct),				\
		.execute = _fn,						\
	}

static const struct vtj_ioctl_op vtj_ioctl_ops[] = {
	VTJ_IOCTL_OP(VTJOB_NR_GET_API_VERSION, vtj_get_api_version,
		     struct vtjob_api_version, __reserved),
	VTJ_IOCTL_OP(VTJOB_NR_GET_CAPS, vtj_get_caps,
		     struct vtjob_caps, __reserved),
};

static long vtj_dev_ioctl(struct file *file, unsigned int cmd,
			  unsigned long arg)
{
	void __user *uarg = (void __user *)arg;
	const struct vtj_ioctl_op *op;
	union vtj_ioctl_buffer buf;
	unsigned int nr = _IOC_NR(cmd);
	u32 size;
	int err;

	/* Only the exact _IO() numbers of the header are ours. */
	if (cmd != _IO(VTJOB_IOC_MAGIC, nr) || nr >= ARRAY_SIZE(vtj_ioctl_ops) ||
	    !vtj_ioctl_ops[nr].execute)
		return -ENOTTY;
	op = &vtj_ioctl_ops[nr];

	if (get_user(size, (u32 __user *)uarg))
		return -EFAULT;
	if (size < op->min_size)
		return -EINVAL;
	/* Structs grow by members, not by pages. */
	if (size > PAGE_SIZE)
		return -E2BIG;
	/* -E2BIG if a newer caller set members this module does not know. */
	err = copy_struct_from_user(&buf, op->size, uarg, size);
	if (err)
		return err;

	err = op->execute(&buf);
	if (err)
		return err;

	if (copy_to_user(uarg, &buf, min_t(size_t, size, op->size)))
		return -EFAULT;
	return 0;
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
