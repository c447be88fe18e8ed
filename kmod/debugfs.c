// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/debug/vtjob: what the module probed, and per-CPU VMX state.
 *
 *   caps  the VMX capabilities and the VMCS controls derived from them
 *   vmx   one line per online CPU: whether vtjob has it in VMX operation,
 *         and CR4.VMXE as the hardware has it, read on that CPU. Tests use
 *         it to see what the hardware, not vtjob's bookkeeping, says.
 */
#include "vtjob.h"

#include <linux/cpu.h>
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/seq_file.h>
#include <asm/processor-flags.h>
#include <uapi/linux/vtjob.h>

#include "vmx/caps.h"
#include "vmx/cpu.h"

static struct dentry *vtj_debugfs_dir;

static int vtj_caps_show(struct seq_file *m, void *unused)
{
	const struct vtj_vmx_caps *caps = &vtj_vmx_caps;
	unsigned int i;

	seq_printf(m, "vmcs_revision: %#x\n", caps->vmcs_revision);
	seq_printf(m, "vmcs_size: %u\n", caps->vmcs_size);
	seq_printf(m, "preemption_timer_shift: %u\n",
		   caps->preemption_timer_shift);
	seq_printf(m, "pin_ctls: %#010x\n", caps->pin_ctls);
	seq_printf(m, "proc_ctls: %#010x\n", caps->proc_ctls);
	seq_printf(m, "proc_ctls2: %#010x\n", caps->proc_ctls2);
	seq_printf(m, "exit_ctls: %#010x\n", caps->exit_ctls);
	seq_printf(m, "entry_ctls: %#010x\n", caps->entry_ctls);
	seq_printf(m, "ept_vpid_cap: %#018llx\n", caps->ept_vpid_cap);
	for (i = 0; i < vtj_nr_feature_names; i++) {
		const struct vtj_feature_name *f = &vtj_feature_names[i];

		seq_printf(m, "feature %s: %s (%s)\n", f->name,
			   (caps->features & f->bit) ? "yes" : "no",
			   (VTJOB_FEAT_REQUIRED & f->bit) ? "required" :
							     "optional");
	}
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(vtj_caps);

static int vtj_vmx_show(struct seq_file *m, void *unused)
{
	unsigned int cpu;

	cpus_read_lock();
	for_each_online_cpu(cpu)
		seq_printf(m, "cpu%u: vmx %s, cr4.vmxe %u\n", cpu,
			   vtj_vmx_is_on(cpu) ? "on" : "off",
			   !!(vtj_vmx_read_cr4(cpu) & X86_CR4_VMXE));
	cpus_read_unlock();
	return 0;
}

DEFINE_SHOW_ATTRIBUTE(vtj_vmx);

/**
 * vtj_debugfs_init() - create /sys/kernel/debug/vtjob
 *
 * Debugfs is optional: failures are not reported, as debugfs wants.
 */
void vtj_debugfs_init(void)
{
	vtj_debugfs_dir = debugfs_create_dir(KBUILD_MODNAME, NULL);
	debugfs_create_file("caps", 0444, vtj_debugfs_dir, NULL,
			    &vtj_caps_fops);
	debugfs_create_file("vmx", 0444, vtj_debugfs_dir, NULL, &vtj_vmx_fops);
}

/**
 * vtj_debugfs_exit() - remove /sys/kernel/debug/vtjob
 */
void vtj_debugfs_exit(void)
{
	debugfs_remove_recursive(vtj_debugfs_dir);
}
