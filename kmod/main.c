// SPDX-License-Identifier: GPL-2.0
/*
 * vtjob: run programs in VMX non-root mode on CPUs reserved for them.
 *
 * Loading the module probes VMX, registers the "vtjob" generic netlink
 * family and creates /dev/vtjob; no CPU enters VMX operation until it is
 * reserved for jobs.
 */
#include "vtjob.h"

#include <linux/module.h>
#include <net/genetlink.h>

#include "cpus.h"
#include "nl.h"
#include "vmx/caps.h"
#include "vmx/cpu.h"
#include "vmx/cpuid.h"
#include "vmx/speculation.h"

static int __init vtj_init(void)
{
	int err;

	err = vtj_vmx_probe();
	if (err)
		return err;
	vtj_cpuid_init();
	err = vtj_spec_init();
	if (err)
		return err;

	err = vtj_vmx_cpus_init();
	if (err)
		goto err_spec;

	/* Hotplug first: a CPU reserved over netlink must be followed. */
	err = vtj_cpus_init();
	if (err)
		goto err_vmx;

	err = vtj_nl_init();
	if (err)
		goto err_cpus;

	err = vtj_dev_init();
	if (err)
		goto err_nl;

	vtj_debugfs_init();
	return 0;

err_nl:
	vtj_cpus_close();
	vtj_nl_exit();
err_cpus:
	vtj_cpus_exit();
err_vmx:
	vtj_vmx_cpus_exit();
err_spec:
	vtj_spec_exit();
	return err;
}

static void __exit vtj_exit(void)
{
	vtj_debugfs_exit();
	vtj_dev_exit();
	/* Releases every CPU while the family can still announce it. */
	vtj_cpus_close();
	vtj_nl_exit();
	vtj_cpus_exit();
	vtj_vmx_cpus_exit();
	vtj_spec_exit();
}

module_init(vtj_init);
module_exit(vtj_exit);

MODULE_DESCRIPTION("Run programs in VMX non-root mode on reserved CPUs");
MODULE_AUTHOR("The vtjob developers");
MODULE_LICENSE("GPL");
MODULE_VERSION(VTJOB_VERSION);
/* The first request for the family loads an installed module (modprobe). */
MODULE_ALIAS_GENL_FAMILY(VTJOB_GENL_NAME);
