// SPDX-License-Identifier: GPL-2.0
/*
 * Every ioctl takes a struct whose first member is its size, so a struct
 * can grow without a new ioctl number: older callers pass less, newer ones
 * more, and the unknown part must be zero (copy_struct_from_user()).
 */
#include "vtjob.h"

#include <linux/build_bug.h>
#include <linux/fs.h>
#include <linux/minmax.h>
#include <linux/uaccess.h>
#include <uapi/linux/vtjob.h>

#include "ioctl.h"

/**
 * vtj_ioctl_dispatch() - run one ioctl of a table
 * @ops: the ioctls, indexed by _IOC_NR()
 * @nr_ops: entries in @ops
 * @ctx: passed to the handler
 * @cmd: the ioctl number
 * @arg: the user's struct
 *
 * Return: what the handler returns (>= 0 on success), -ENOTTY for numbers
 * not in @ops, -EFAULT, -EINVAL for a short struct, -E2BIG for unknown
 * non-zero members or a struct larger than a page.
 */
long vtj_ioctl_dispatch(const struct vtj_ioctl_op *ops, unsigned int nr_ops,
			void *ctx, unsigned int cmd, unsigned long arg)
{
	void __user *uarg = (void __user *)arg;
	unsigned int nr = _IOC_NR(cmd);
	const struct vtj_ioctl_op *op;
	u64 buf[VTJ_IOCTL_MAX_SIZE / sizeof(u64)];
	long ret;
	u32 size;
	int err;

	/* Only the exact _IO() numbers of the header are ours. */
	if (cmd != _IO(VTJOB_IOC_MAGIC, nr) || nr >= nr_ops ||
	    !ops[nr].execute)
		return -ENOTTY;
	op = &ops[nr];
	if (WARN_ON_ONCE(op->size > sizeof(buf)))
		return -EINVAL;

	if (get_user(size, (u32 __user *)uarg))
		return -EFAULT;
	if (size < op->min_size)
		return -EINVAL;
	/* Structs grow by members, not by pages. */
	if (size > PAGE_SIZE)
		return -E2BIG;
	err = copy_struct_from_user(buf, op->size, uarg, size);
	if (err)
		return err;

	ret = op->execute(ctx, buf);
	if (ret < 0)
		return ret;

	if (copy_to_user(uarg, buf, min_t(size_t, size, op->size)))
		return -EFAULT;
	return ret;
}
