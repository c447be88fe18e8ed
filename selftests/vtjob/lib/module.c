// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "module.h"

const char *vtj_module_path(void)
{
	const char *path = getenv("VTJOB_KO");

	return path && *path ? path : "/vtjob/vtjob.ko";
}

/*
 * The harness VM's kernel command line may carry vtjob_module_args=...,
 * which the kernel hands to init as an environment variable: the
 * parameters vtjob.ko is loaded with there (run-vm.sh says why).
 */
const char *vtj_module_args(void)
{
	const char *args = getenv("vtjob_module_args");

	return args ? args : "";
}

int vtj_insmod(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	const char *args = "";
	int err = 0;

	if (fd < 0)
		return -errno;
	if (!strcmp(path, vtj_module_path()))
		args = vtj_module_args();
	if (syscall(SYS_finit_module, fd, args, 0))
		err = -errno;
	close(fd);
	return err;
}

int vtj_rmmod(const char *name)
{
	return syscall(SYS_delete_module, name, O_NONBLOCK) ? -errno : 0;
}

bool vtj_module_loaded(const char *name)
{
	char path[256];

	snprintf(path, sizeof(path), "/sys/module/%s/initstate", name);
	return access(path, F_OK) == 0;
}

int vtj_ensure_loaded(void)
{
	int err;

	if (vtj_module_loaded("vtjob"))
		return 0;
	err = vtj_insmod(vtj_module_path());
	return err == -EEXIST ? 0 : err;
}

int vtj_open_dev(void)
{
	return open(VTJ_DEV, O_RDWR | O_CLOEXEC);
}
