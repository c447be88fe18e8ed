// SPDX-License-Identifier: GPL-2.0
/*
 * vtjob: run programs in VMX non-root mode on CPUs reserved for them.
 *
 * Loading the module probes VMX and creates /dev/vtjob; no CPU enters VMX
 * operation until it is reserved for jobs.
 */
#include "vtjob.h"

#include <linux/module.h>

#include "vmx/caps.h"
#include "vmx/cpu.h"

static int __init vtj_init(void)
{
	int err;

	err = vtj_vmx_probe();
	if (err)
		return err;

	err = vtj_vmx_cpus_init();
	if (err)
		return err;

	err = vtj_dev_init();
	if (err)
		goto err_cpus;

	vtj_debugfs_init();
	return 0;

err_cpus:
	vtj_vmx_cpus_exit();
	return err;
}

static void __exit vtj_exit(void)
{
	vtj_debugfs_exit();
	vtj_dev_exit();
	vtj_vmx_cpus_exit();
}

module_init(vtj_init);
module_exit(vtj_exit);

MODULE_DESCRIPTION("Run programs in VMX non-root mode on reserved CPUs");
MODULE_AUTHOR("The vtjob developers");
MODULE_LICENSE("GPL");
