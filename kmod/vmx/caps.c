// SPDX-License-Identifier: GPL-2.0
/*
 * Probe VMX from the capability MSRs (Intel SDM Vol. 3, Appendix A), once,
 * at module load. Nothing else in the module reads a capability MSR.
 */
#include "../vtjob.h"

#include <linux/bitfield.h>
#include <linux/bitops.h>
#include <linux/bits.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/printk.h>
#include <asm/msr.h>
#include <asm/processor.h>
#include <asm/vmx.h>
#include <uapi/linux/vtjob.h>

#include "caps.h"

struct vtj_vmx_caps vtj_vmx_caps __ro_after_init;

const struct vtj_feature_name vtj_feature_names[] = {
	{ VTJOB_FEAT_VMX, "vmx", "VMX (CPUID.1:ECX.VMX)" },
	{ VTJOB_FEAT_FIRMWARE_ENABLED, "firmware_enabled",
	  "VMX enabled by firmware (IA32_FEATURE_CONTROL)" },
	{ VTJOB_FEAT_VMCS_WB, "vmcs_wb", "VMCS in write-back memory" },
	{ VTJOB_FEAT_TRUE_CTLS, "true_ctls", "IA32_VMX_TRUE_*_CTLS MSRs" },
	{ VTJOB_FEAT_SECONDARY_CTLS, "secondary_ctls",
	  "secondary processor-based controls" },
	{ VTJOB_FEAT_EPT, "ept", "EPT" },
	{ VTJOB_FEAT_EPT_4LEVEL, "ept_4level", "EPT with 4-level page walks" },
	{ VTJOB_FEAT_EPT_WB, "ept_wb", "write-back EPT paging structures" },
	{ VTJOB_FEAT_INVEPT, "invept", "single-context INVEPT" },
	{ VTJOB_FEAT_PREEMPTION_TIMER, "preemption_timer",
	  "VMX-preemption timer" },
	{ VTJOB_FEAT_EXCEPTION_BITMAP, "exception_bitmap",
	  "exception bitmap" },
	{ VTJOB_FEAT_ACK_INTR_ON_EXIT, "ack_intr_on_exit",
	  "acknowledge interrupt on exit" },
	{ VTJOB_FEAT_LOAD_EFER, "load_efer", "load IA32_EFER on entry and exit" },
	{ VTJOB_FEAT_SAVE_EFER, "save_efer", "save IA32_EFER on exit" },
	{ VTJOB_FEAT_NMI_EXITING, "nmi_exiting", "NMI exiting" },
	{ VTJOB_FEAT_EXTINT_EXITING, "extint_exiting",
	  "external-interrupt exiting" },
	{ VTJOB_FEAT_HOST_64BIT, "host_64bit", "64-bit host address space" },
	{ VTJOB_FEAT_GUEST_64BIT, "guest_64bit", "IA-32e mode guest" },
	{ VTJOB_FEAT_PRIV_EXITING, "priv_exiting",
	  "HLT, INVLPG, MWAIT, MONITOR, RDPMC, CR8, MOV-DR and I/O exiting" },
	{ VTJOB_FEAT_DEBUG_CTLS, "debug_ctls",
	  "load and save debug controls" },
	{ VTJOB_FEAT_VPID, "vpid", "VPID with single-context INVVPID" },
	{ VTJOB_FEAT_EPT_2M, "ept_2m", "2 MiB EPT pages" },
	{ VTJOB_FEAT_UNRESTRICTED_GUEST, "unrestricted_guest",
	  "unrestricted guest" },
};
const unsigned int vtj_nr_feature_names = ARRAY_SIZE(vtj_feature_names);

enum vtj_ctl_msr {
	VTJ_CTL_PIN,
	VTJ_CTL_PROC,
	VTJ_CTL_PROC2,
	VTJ_CTL_EXIT,
	VTJ_CTL_ENTRY,
	VTJ_NR_CTL_MSRS,
};

/*
 * The VMCS controls later work relies on, and the feature each one stands
 * for. A feature is present only if every control listed for it may be 1.
 */
struct vtj_ctl_feature {
	u64 feature;
	enum vtj_ctl_msr msr;
	u32 bit;
};

static const struct vtj_ctl_feature vtj_ctl_features[] __initconst = {
	/* Host interrupts and NMIs must reach the host while a job runs. */
	{ VTJOB_FEAT_EXTINT_EXITING, VTJ_CTL_PIN, PIN_BASED_EXT_INTR_MASK },
	{ VTJOB_FEAT_NMI_EXITING, VTJ_CTL_PIN, PIN_BASED_NMI_EXITING },
	/* Bounds a job's run time without relying on host interrupts. */
	{ VTJOB_FEAT_PREEMPTION_TIMER, VTJ_CTL_PIN,
	  PIN_BASED_VMX_PREEMPTION_TIMER },
	{ VTJOB_FEAT_SECONDARY_CTLS, VTJ_CTL_PROC,
	  CPU_BASED_ACTIVATE_SECONDARY_CONTROLS },
	{ VTJOB_FEAT_EPT, VTJ_CTL_PROC2, SECONDARY_EXEC_ENABLE_EPT },
	{ VTJOB_FEAT_VPID, VTJ_CTL_PROC2, SECONDARY_EXEC_ENABLE_VPID },
	{ VTJOB_FEAT_UNRESTRICTED_GUEST, VTJ_CTL_PROC2,
	  SECONDARY_EXEC_UNRESTRICTED_GUEST },
	{ VTJOB_FEAT_HOST_64BIT, VTJ_CTL_EXIT, VM_EXIT_HOST_ADDR_SPACE_SIZE },
	/* Lets the host handle the interrupt that ended a run itself. */
	{ VTJOB_FEAT_ACK_INTR_ON_EXIT, VTJ_CTL_EXIT, VM_EXIT_ACK_INTR_ON_EXIT },
	{ VTJOB_FEAT_SAVE_EFER, VTJ_CTL_EXIT, VM_EXIT_SAVE_IA32_EFER },
	{ VTJOB_FEAT_LOAD_EFER, VTJ_CTL_EXIT, VM_EXIT_LOAD_IA32_EFER },
	{ VTJOB_FEAT_LOAD_EFER, VTJ_CTL_ENTRY, VM_ENTRY_LOAD_IA32_EFER },
	{ VTJOB_FEAT_GUEST_64BIT, VTJ_CTL_ENTRY, VM_ENTRY_IA32E_MODE },
	/*
	 * At CPL 3 these fault before they could exit; exiting on them as
	 * well, as KVM requires, keeps the host's hands on them should a
	 * job ever get past the privilege check (KVM's required primary
	 * controls, setup_vmcs_config()).
	 */
	{ VTJOB_FEAT_PRIV_EXITING, VTJ_CTL_PROC, CPU_BASED_HLT_EXITING },
	{ VTJOB_FEAT_PRIV_EXITING, VTJ_CTL_PROC, CPU_BASED_INVLPG_EXITING },
	{ VTJOB_FEAT_PRIV_EXITING, VTJ_CTL_PROC, CPU_BASED_MWAIT_EXITING },
	{ VTJOB_FEAT_PRIV_EXITING, VTJ_CTL_PROC, CPU_BASED_MONITOR_EXITING },
	{ VTJOB_FEAT_PRIV_EXITING, VTJ_CTL_PROC, CPU_BASED_RDPMC_EXITING },
	{ VTJOB_FEAT_PRIV_EXITING, VTJ_CTL_PROC, CPU_BASED_CR8_LOAD_EXITING },
	{ VTJOB_FEAT_PRIV_EXITING, VTJ_CTL_PROC, CPU_BASED_CR8_STORE_EXITING },
	{ VTJOB_FEAT_PRIV_EXITING, VTJ_CTL_PROC, CPU_BASED_MOV_DR_EXITING },
	{ VTJOB_FEAT_PRIV_EXITING, VTJ_CTL_PROC, CPU_BASED_UNCOND_IO_EXITING },
	/* The job runs with its own DR7 and DEBUGCTL, not the host's. */
	{ VTJOB_FEAT_DEBUG_CTLS, VTJ_CTL_ENTRY, VM_ENTRY_LOAD_DEBUG_CONTROLS },
	{ VTJOB_FEAT_DEBUG_CTLS, VTJ_CTL_EXIT, VM_EXIT_SAVE_DEBUG_CONTROLS },
};

/* IA32_VMX_BASIC (SDM A.1) */
#define VTJ_BASIC_REVISION_MASK		GENMASK_ULL(30, 0)
#define VTJ_BASIC_VMCS_SIZE_MASK	GENMASK_ULL(44, 32)
#define VTJ_BASIC_32BIT_PHYS_ADDR_ONLY	BIT_ULL(48)
#define VTJ_BASIC_MEM_TYPE_MASK		GENMASK_ULL(53, 50)
#define VTJ_BASIC_MEM_TYPE_WB		6ULL
#define VTJ_BASIC_TRUE_CTLS		BIT_ULL(55)

/* IA32_VMX_EPT_VPID_CAP (SDM A.10) */
#define VTJ_EPT_CAP_WALK_4		BIT_ULL(6)
#define VTJ_EPT_CAP_WB			BIT_ULL(14)
#define VTJ_EPT_CAP_2M_PAGES		BIT_ULL(16)
#define VTJ_EPT_CAP_INVEPT		BIT_ULL(20)
#define VTJ_EPT_CAP_INVEPT_CONTEXT	BIT_ULL(25)
#define VTJ_VPID_CAP_INVVPID		BIT_ULL(32)
#define VTJ_VPID_CAP_INVVPID_CONTEXT	BIT_ULL(41)

#define VTJ_CPUID1_ECX_VMX		BIT(5)

/*
 * Reads a control capability MSR: the low half holds the allowed-0
 * settings (bits that must be 1), the high half the allowed-1 settings
 * (bits that may be 1). An MSR the CPU lacks allows nothing.
 */
static void __init vtj_read_ctl_msr(u32 msr, u32 *must_be_1, u32 *may_be_1)
{
	u64 val;

	if (rdmsrl_safe(msr, &val))
		val = 0;
	*must_be_1 = lower_32_bits(val);
	*may_be_1 = upper_32_bits(val);
}

static bool __init vtj_probe_firmware(void)
{
	u64 feat_ctl;

	/*
	 * VMXON raises #GP unless firmware locked IA32_FEATURE_CONTROL with
	 * VMX outside SMX enabled (SDM 24.7).
	 */
	if (rdmsrl_safe(MSR_IA32_FEAT_CTL, &feat_ctl))
		return false;
	if ((feat_ctl & FEAT_CTL_LOCKED) &&
	    (feat_ctl & FEAT_CTL_VMX_ENABLED_OUTSIDE_SMX))
		return true;
	pr_err("VMX is disabled by firmware (IA32_FEATURE_CONTROL=%#llx): enable Intel VT-x in the firmware setup\n",
	       feat_ctl);
	return false;
}

static int __init vtj_probe_basic(struct vtj_vmx_caps *caps)
{
	u64 basic;

	rdmsrl(MSR_IA32_VMX_BASIC, basic);
	caps->vmcs_revision = basic & VTJ_BASIC_REVISION_MASK;
	caps->vmcs_size = FIELD_GET(VTJ_BASIC_VMCS_SIZE_MASK, basic);

	/* Both would make one page per VMCS wrong; no 64-bit CPU has them. */
	if (caps->vmcs_size > PAGE_SIZE) {
		pr_err("VMCS size %u does not fit a page\n", caps->vmcs_size);
		return -EOPNOTSUPP;
	}
	if (basic & VTJ_BASIC_32BIT_PHYS_ADDR_ONLY) {
		pr_err("VMX limits VMCS addresses to 32 bits\n");
		return -EOPNOTSUPP;
	}

	if (FIELD_GET(VTJ_BASIC_MEM_TYPE_MASK, basic) == VTJ_BASIC_MEM_TYPE_WB)
		caps->features |= VTJOB_FEAT_VMCS_WB;
	if (basic & VTJ_BASIC_TRUE_CTLS)
		caps->features |= VTJOB_FEAT_TRUE_CTLS;
	return 0;
}

static void __init vtj_probe_controls(struct vtj_vmx_caps *caps)
{
	/*
	 * The TRUE_* MSRs report which default-1 controls may in fact be 0
	 * (SDM A.2); prefer them when the CPU has them.
	 */
	bool use_true = caps->features & VTJOB_FEAT_TRUE_CTLS;
	u32 must_be_1[VTJ_NR_CTL_MSRS], may_be_1[VTJ_NR_CTL_MSRS];
	u32 wanted[VTJ_NR_CTL_MSRS] = { };
	u32 *ctls[VTJ_NR_CTL_MSRS] = {
		[VTJ_CTL_PIN] = &caps->pin_ctls,
		[VTJ_CTL_PROC] = &caps->proc_ctls,
		[VTJ_CTL_PROC2] = &caps->proc_ctls2,
		[VTJ_CTL_EXIT] = &caps->exit_ctls,
		[VTJ_CTL_ENTRY] = &caps->entry_ctls,
	};
	u64 present = 0, absent = 0;
	unsigned int i;

	vtj_read_ctl_msr(use_true ? MSR_IA32_VMX_TRUE_PINBASED_CTLS :
				    MSR_IA32_VMX_PINBASED_CTLS,
			 &must_be_1[VTJ_CTL_PIN], &may_be_1[VTJ_CTL_PIN]);
	vtj_read_ctl_msr(use_true ? MSR_IA32_VMX_TRUE_PROCBASED_CTLS :
				    MSR_IA32_VMX_PROCBASED_CTLS,
			 &must_be_1[VTJ_CTL_PROC], &may_be_1[VTJ_CTL_PROC]);
	vtj_read_ctl_msr(use_true ? MSR_IA32_VMX_TRUE_EXIT_CTLS :
				    MSR_IA32_VMX_EXIT_CTLS,
			 &must_be_1[VTJ_CTL_EXIT], &may_be_1[VTJ_CTL_EXIT]);
	vtj_read_ctl_msr(use_true ? MSR_IA32_VMX_TRUE_ENTRY_CTLS :
				    MSR_IA32_VMX_ENTRY_CTLS,
			 &must_be_1[VTJ_CTL_ENTRY], &may_be_1[VTJ_CTL_ENTRY]);

	/* IA32_VMX_PROCBASED_CTLS2 exists only with secondary controls. */
	if (may_be_1[VTJ_CTL_PROC] & CPU_BASED_ACTIVATE_SECONDARY_CONTROLS)
		vtj_read_ctl_msr(MSR_IA32_VMX_PROCBASED_CTLS2,
				 &must_be_1[VTJ_CTL_PROC2],
				 &may_be_1[VTJ_CTL_PROC2]);
	else
		must_be_1[VTJ_CTL_PROC2] = may_be_1[VTJ_CTL_PROC2] = 0;

	for (i = 0; i < ARRAY_SIZE(vtj_ctl_features); i++) {
		enum vtj_ctl_msr msr = vtj_ctl_features[i].msr;
		u32 bit = vtj_ctl_features[i].bit;

		if (may_be_1[msr] & bit) {
			present |= vtj_ctl_features[i].feature;
			wanted[msr] |= bit;
		} else {
			absent |= vtj_ctl_features[i].feature;
		}
	}
	caps->features |= present & ~absent;

	/* Controls the CPU insists on stay set whether we want them or not. */
	for (i = 0; i < VTJ_NR_CTL_MSRS; i++)
		*ctls[i] = (wanted[i] & may_be_1[i]) | must_be_1[i];
}

static void __init vtj_probe_ept_vpid(struct vtj_vmx_caps *caps)
{
	u64 cap;

	if (!(caps->features & VTJOB_FEAT_EPT) ||
	    rdmsrl_safe(MSR_IA32_VMX_EPT_VPID_CAP, &cap)) {
		caps->features &= ~VTJOB_FEAT_VPID;
		return;
	}
	caps->ept_vpid_cap = cap;

	if (cap & VTJ_EPT_CAP_WALK_4)
		caps->features |= VTJOB_FEAT_EPT_4LEVEL;
	if (cap & VTJ_EPT_CAP_WB)
		caps->features |= VTJOB_FEAT_EPT_WB;
	if ((cap & VTJ_EPT_CAP_INVEPT) && (cap & VTJ_EPT_CAP_INVEPT_CONTEXT))
		caps->features |= VTJOB_FEAT_INVEPT;
	if (cap & VTJ_EPT_CAP_2M_PAGES)
		caps->features |= VTJOB_FEAT_EPT_2M;

	/* A VPID is only usable if its TLB entries can be flushed alone. */
	if (!(cap & VTJ_VPID_CAP_INVVPID) ||
	    !(cap & VTJ_VPID_CAP_INVVPID_CONTEXT)) {
		caps->features &= ~VTJOB_FEAT_VPID;
		caps->proc_ctls2 &= ~SECONDARY_EXEC_ENABLE_VPID;
	}
}

static void __init vtj_probe_misc(struct vtj_vmx_caps *caps)
{
	u64 misc;

	rdmsrl(MSR_IA32_VMX_MISC, misc);
	caps->preemption_timer_shift = misc & VMX_MISC_PREEMPTION_TIMER_RATE_MASK;

	rdmsrl(MSR_IA32_VMX_CR0_FIXED0, caps->cr0_fixed0);
	rdmsrl(MSR_IA32_VMX_CR0_FIXED1, caps->cr0_fixed1);
	rdmsrl(MSR_IA32_VMX_CR4_FIXED0, caps->cr4_fixed0);
	rdmsrl(MSR_IA32_VMX_CR4_FIXED1, caps->cr4_fixed1);

	/* Part of every VMCS since the first VMX processor (SDM 25.6.3). */
	caps->features |= VTJOB_FEAT_EXCEPTION_BITMAP;
}

static void __init vtj_report(const struct vtj_vmx_caps *caps)
{
	pr_info("VMX ready: VMCS revision %#x, %u-byte VMCS, preemption timer at TSC/%u; optional:%s%s%s\n",
		caps->vmcs_revision, caps->vmcs_size,
		1U << caps->preemption_timer_shift,
		(caps->features & VTJOB_FEAT_VPID) ? " vpid" : " no-vpid",
		(caps->features & VTJOB_FEAT_EPT_2M) ? " ept-2m" : " no-ept-2m",
		(caps->features & VTJOB_FEAT_UNRESTRICTED_GUEST) ?
			" unrestricted-guest" : " no-unrestricted-guest");
}

/**
 * vtj_vmx_probe() - probe this machine's VMX capabilities
 *
 * Fills vtj_vmx_caps from the boot CPU's capability MSRs and names every
 * missing requirement in the kernel log, one line each.
 *
 * Return: 0 if vtjob can run jobs here, -ENODEV if the CPU has no VMX,
 * -EOPNOTSUPP if it has VMX without something vtjob requires.
 */
int __init vtj_vmx_probe(void)
{
	struct vtj_vmx_caps caps = { };
	u64 missing;
	unsigned int i;
	int err;

	if (!(cpuid_ecx(1) & VTJ_CPUID1_ECX_VMX)) {
		pr_err("this CPU has no VMX (CPUID.1:ECX.VMX is 0); vtjob needs Intel VT-x\n");
		return -ENODEV;
	}
	caps.features |= VTJOB_FEAT_VMX;

	if (!vtj_probe_firmware())
		return -EOPNOTSUPP;
	caps.features |= VTJOB_FEAT_FIRMWARE_ENABLED;

	err = vtj_probe_basic(&caps);
	if (err)
		return err;
	vtj_probe_controls(&caps);
	vtj_probe_ept_vpid(&caps);
	vtj_probe_misc(&caps);

	missing = VTJOB_FEAT_REQUIRED & ~caps.features;
	if (missing) {
		for (i = 0; i < vtj_nr_feature_names; i++)
			if (missing & vtj_feature_names[i].bit)
				pr_err("missing required VMX feature: %s\n",
				       vtj_feature_names[i].desc);
		pr_err("this CPU lacks %lu required VMX feature(s); not loading\n",
		       hweight64(missing));
		return -EOPNOTSUPP;
	}

	vtj_vmx_caps = caps;
	vtj_report(&vtj_vmx_caps);
	return 0;
}
