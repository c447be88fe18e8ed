/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The size-first ioctl protocol of /dev/vtjob and job fds
 * (uapi/linux/vtjob.h): one dispatcher for both.
 */
#ifndef VTJOB_IOCTL_H
#define VTJOB_IOCTL_H

#include <linux/stddef.h>
#include <linux/types.h>

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
	long (*execute)(void *ctx, void *arg);
};

#define VTJ_IOCTL_OP(_nr, _fn, _struct, _last)				\
	[_nr] = {							\
		.min_size = offsetofend(_struct, _last),		\
		.size = sizeof(_struct),				\
		.execute = _fn,						\
	}

/* Big enough for every ioctl's struct. */
#define VTJ_IOCTL_MAX_SIZE	256

long vtj_ioctl_dispatch(const struct vtj_ioctl_op *ops, unsigned int nr_ops,
			void *ctx, unsigned int cmd, unsigned long arg);

#endif /* VTJOB_IOCTL_H */
