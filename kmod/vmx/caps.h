/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the CPU's VMX capability MSRs allow, read once at module load.
 */
#ifndef VTJOB_VMX_CAPS_H
#define VTJOB_VMX_CAPS_H

#include <linux/types.h>

/**
 * struct vtj_vmx_caps - VMX capabilities of this machine
 * @features: VTJOB_FEAT_* bits (uapi/linux/vtjob.h) the CPU offers
 * @vmcs_revision: revision identifier for VMXON regions and VMCSs
 * @vmcs_size: bytes the CPU uses of a VMXON region or VMCS
 * @preemption_timer_shift: timer ticks once every 2^shift TSC ticks
 * @pin_ctls: pin-based controls, required plus supported optional ones
 * @proc_ctls: primary processor-based controls, likewise
 * @proc_ctls2: secondary processor-based controls, likewise
 * @exit_ctls: VM-exit controls, likewise
 * @entry_ctls: VM-entry controls, likewise
 * @cr0_fixed0: CR0 bits that must be 1 in VMX operation
 * @cr0_fixed1: CR0 bits that may be 1 in VMX operation
 * @cr4_fixed0: CR4 bits that must be 1 in VMX operation
 * @cr4_fixed1: CR4 bits that may be 1 in VMX operation
 * @ept_vpid_cap: raw IA32_VMX_EPT_VPID_CAP
 *
 * Filled by vtj_vmx_probe() and never written afterwards; the rest of the
 * module asks the vtj_cpu_has_*() predicates instead of reading MSRs.
 */
struct vtj_vmx_caps {
	u64 features;
	u32 vmcs_revision;
	u32 vmcs_size;
	u32 preemption_timer_shift;
	u32 pin_ctls;
	u32 proc_ctls;
	u32 proc_ctls2;
	u32 exit_ctls;
	u32 entry_ctls;
	u64 cr0_fixed0;
	u64 cr0_fixed1;
	u64 cr4_fixed0;
	u64 cr4_fixed1;
	u64 ept_vpid_cap;
};

extern struct vtj_vmx_caps vtj_vmx_caps;

int vtj_vmx_probe(void);

/**
 * struct vtj_feature_name - a VTJOB_FEAT_* bit and how people call it
 * @bit: the VTJOB_FEAT_* bit
 * @name: short name, for debugfs
 * @desc: what the feature is, for messages
 */
struct vtj_feature_name {
	u64 bit;
	const char *name;
	const char *desc;
};

extern const struct vtj_feature_name vtj_feature_names[];
extern const unsigned int vtj_nr_feature_names;

static inline bool vtj_cpu_has(u64 feature)
{
	return (vtj_vmx_caps.features & feature) == feature;
}

#endif /* VTJOB_VMX_CAPS_H */
