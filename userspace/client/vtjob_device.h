/* SPDX-License-Identifier: GPL-2.0 */
/* Opening /dev/vtjob and its ioctls, with the size-first structs filled in. */
#ifndef VTJOBCTL_VTJOB_DEVICE_H
#define VTJOBCTL_VTJOB_DEVICE_H

#include <linux/vtjob.h>

#define VTJOB_DEVICE_PATH	"/dev/" VTJOB_DEVICE_NAME

/* Each returns a file descriptor or 0 on success, -errno on failure. */
int vtjob_device_open(const char *path);
int vtjob_get_api_version(int fd, __u32 *api_version);
int vtjob_get_caps(int fd, struct vtjob_caps *caps);

#endif /* VTJOBCTL_VTJOB_DEVICE_H */
