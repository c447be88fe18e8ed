// SPDX-License-Identifier: GPL-2.0
#include "client/vtjob_device.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/ioctl.h>

int vtjob_device_open(const char *path)
{
	int fd = open(path, O_RDWR | O_CLOEXEC);

	return fd < 0 ? -errno : fd;
}

int vtjob_get_api_version(int fd, __u32 *api_version)
{
	struct vtjob_api_version arg;

	memset(&arg, 0, sizeof(arg));
	arg.size = sizeof(arg);
	if (ioctl(fd, VTJOB_GET_API_VERSION, &arg) < 0)
		return -errno;
	*api_version = arg.api_version;
	return 0;
}

int vtjob_get_caps(int fd, struct vtjob_caps *caps)
{
	memset(caps, 0, sizeof(*caps));
	caps->size = sizeof(*caps);
	return ioctl(fd, VTJOB_GET_CAPS, caps) < 0 ? -errno : 0;
}
