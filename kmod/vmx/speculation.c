// SPDX-License-Identifier: GPL-2.0
/*
 * Speculative-execution mitigations around a job's VM entries and exits,
 * as KVM applies them on the same kernel (arch/x86/kvm/vmx/vmx.c and
 * vmenter.S): the facts come from the kernel's own view of the CPU, the
 * decision from vmx/speculation_policy.c. VERW before entry, the return
 * stack refill, IBRS and branch-history clearing after exit are in
 * vmx/entry.S, patched in by the same alternatives as the kernel's; the
 * L1D flush and the IBPBs are here.
 */
#include "../vtjob.h"

#include <linux/gfp.h>
#include <linux/lockdep.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/moduleparam.h>
#include <linux/sched.h>
#include <linux/sysfs.h>
#include <asm/cpufeature.h>
#include <asm/hardirq.h>
#include <asm/msr.h>
#include <asm/nospec-branch.h>
#include <asm/processor.h>
#include <uapi/linux/vtjob.h>

#include "speculation.h"
#include "speculation_policy.h"

/* 64 KiB: twice the L1D of every affected CPU, as its replacement is not LRU. */
#define VTJ_L1D_FLUSH_ORDER	4
#define VTJ_L1D_FLUSH_SIZE	(PAGE_SIZE << VTJ_L1D_FLUSH_ORDER)

static struct vtj_spec_plan vtj_spec_plan;
static unsigned int vtj_spec_allowed;
static u8 *vtj_l1d_flush_pages;

static int vtj_allow_unmitigated_set(const char *val,
				     const struct kernel_param *kp)
{
	unsigned int vulns;

	if (vtj_spec_parse_vulns(val, &vulns)) {
		pr_err("allow_unmitigated: unknown vulnerability in '%s' (known: l1tf, mds, tsx_async_abort, mmio_stale_data, reg_file_data_sampling, spectre_v2, bhi, vmscape)\n",
		       val);
		return -EINVAL;
	}
	WRITE_ONCE(vtj_spec_allowed, vulns);
	return 0;
}

static int vtj_allow_unmitigated_get(char *buf, const struct kernel_param *kp)
{
	unsigned int vulns = READ_ONCE(vtj_spec_allowed);
	unsigned int bit;
	int len = 0;

	for (bit = 1; bit < 1U << VTJOB_NR_VULNS; bit <<= 1)
		if (vulns & bit)
			len += sysfs_emit_at(buf, len, "%s%s", len ? "," : "",
					     vtj_spec_vuln_name(bit));
	len += sysfs_emit_at(buf, len, "%s\n", len ? "" : "none");
	return len;
}

static const struct kernel_param_ops vtj_allow_unmitigated_ops = {
	.set = vtj_allow_unmitigated_set,
	.get = vtj_allow_unmitigated_get,
};
module_param_cb(allow_unmitigated, &vtj_allow_unmitigated_ops, NULL, 0644);
MODULE_PARM_DESC(allow_unmitigated,
		 "Vulnerabilities (names as in /sys/devices/system/cpu/vulnerabilities, comma-separated) that CPUs may be reserved with although vtjob cannot mitigate them");

static u64 vtj_arch_capabilities(void)
{
	u64 caps = 0;

	if (boot_cpu_has(X86_FEATURE_ARCH_CAPABILITIES))
		rdmsrl(MSR_IA32_ARCH_CAPABILITIES, caps);
	return caps;
}

static unsigned int vtj_cpu_bugs(void)
{
	static const struct {
		unsigned int bug;
		unsigned int vuln;
	} map[] = {
		{ X86_BUG_L1TF, VTJOB_VULN_L1TF },
		{ X86_BUG_MDS, VTJOB_VULN_MDS },
		{ X86_BUG_TAA, VTJOB_VULN_TAA },
		{ X86_BUG_MMIO_STALE_DATA, VTJOB_VULN_MMIO },
		{ X86_BUG_RFDS, VTJOB_VULN_RFDS },
		{ X86_BUG_SPECTRE_V2, VTJOB_VULN_SPECTRE_V2 },
		{ X86_BUG_BHI, VTJOB_VULN_BHI },
		{ X86_BUG_VMSCAPE, VTJOB_VULN_VMSCAPE },
	};
	unsigned int bugs = 0;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(map); i++)
		if (boot_cpu_has_bug(map[i].bug))
			bugs |= map[i].vuln;
	return bugs;
}

static enum vtj_l1tf_mode vtj_l1tf_mode(void)
{
	switch (l1tf_mitigation) {
	case L1TF_MITIGATION_OFF:
		return VTJ_L1TF_OFF;
	case L1TF_MITIGATION_FULL:
	case L1TF_MITIGATION_FULL_FORCE:
		return VTJ_L1TF_FULL;
	default:
		return VTJ_L1TF_FLUSH;
	}
}

static void vtj_spec_gather(struct vtj_spec_facts *f)
{
	u64 arch_caps = vtj_arch_capabilities();

	f->bugs = vtj_cpu_bugs();
	f->l1tf_mode = vtj_l1tf_mode();
	f->l1d_flush_skip = arch_caps & ARCH_CAP_SKIP_VMENTRY_L1DFLUSH;
	f->l1d_flush_cmd = boot_cpu_has(X86_FEATURE_FLUSH_L1D);
	f->clear_cpu_buf = boot_cpu_has(X86_FEATURE_CLEAR_CPU_BUF);
	f->verw_clears = boot_cpu_has(X86_FEATURE_MD_CLEAR);
	f->verw_clears_rfds = arch_caps & ARCH_CAP_RFDS_CLEAR;
	f->tsx = boot_cpu_has(X86_FEATURE_RTM);
	f->kernel_ibrs = boot_cpu_has(X86_FEATURE_KERNEL_IBRS);
	f->retpoline = boot_cpu_has(X86_FEATURE_RETPOLINE);
	f->spectre_v2_kernel = f->retpoline || f->kernel_ibrs ||
			       (x86_spec_ctrl_base & SPEC_CTRL_IBRS);
	f->rsb_vmexit = boot_cpu_has(X86_FEATURE_RSB_VMEXIT) ||
			boot_cpu_has(X86_FEATURE_RSB_VMEXIT_LITE);
	f->bhi_dis_s = boot_cpu_has(X86_FEATURE_CLEAR_BHB_HW);
	f->bhb_clear_vmexit = boot_cpu_has(X86_FEATURE_CLEAR_BHB_LOOP_ON_VMEXIT);
	f->ibpb = boot_cpu_has(X86_FEATURE_USE_IBPB);
	f->ibpb_exit_to_user = boot_cpu_has(X86_FEATURE_IBPB_EXIT_TO_USER);
}

/**
 * vtj_spec_init() - decide the mitigations at module load
 *
 * Return: 0, or -ENOMEM if the software L1D flush has no buffer.
 */
int vtj_spec_init(void)
{
	struct vtj_spec_facts facts = { };
	unsigned int bit;
	struct page *page;

	vtj_spec_gather(&facts);
	vtj_spec_decide(&facts, &vtj_spec_plan);

	if (vtj_spec_plan.guards & VTJOB_GUARD_L1D_SOFTWARE) {
		/* The module's, not a job's: charged to no memory cgroup. */
		page = alloc_pages(GFP_KERNEL, VTJ_L1D_FLUSH_ORDER);
		if (!page)
			return -ENOMEM;
		vtj_l1d_flush_pages = page_address(page);
		/* Distinct contents, so that no page sharing merges them. */
		for (bit = 0; bit < 1U << VTJ_L1D_FLUSH_ORDER; bit++)
			memset(vtj_l1d_flush_pages + bit * PAGE_SIZE, bit + 1,
			       PAGE_SIZE);
	}
	for (bit = 1; bit < 1U << VTJOB_NR_VULNS; bit <<= 1)
		if (vtj_spec_plan.exposed & bit)
			pr_info("%s\n", vtj_spec_plan.why[ilog2(bit)]);
	return 0;
}

void vtj_spec_exit(void)
{
	if (vtj_l1d_flush_pages)
		free_pages((unsigned long)vtj_l1d_flush_pages,
			   VTJ_L1D_FLUSH_ORDER);
	vtj_l1d_flush_pages = NULL;
}

/**
 * vtj_spec_reservation_refusal() - why no CPU may be reserved now, if so
 *
 * Return: NULL, or the reason: a string literal naming the vulnerability.
 */
const char *vtj_spec_reservation_refusal(void)
{
	return vtj_spec_refusal(&vtj_spec_plan, READ_ONCE(vtj_spec_allowed));
}

/**
 * vtj_spec_report() - fill in the mitigation fields of VTJOB_GET_CAPS
 * @caps: the caller's struct
 */
void vtj_spec_report(struct vtjob_caps *caps)
{
	caps->guards = vtj_spec_plan.guards;
	caps->exposed = vtj_spec_plan.exposed;
	caps->allowed = READ_ONCE(vtj_spec_allowed);
}

/*
 * Without IA32_FLUSH_CMD: fill the TLB with the buffer's pages first, so
 * that no page walk is left to speculate past, then read a byte of every
 * line of it, which evicts every line the host had in L1D.
 */
static void vtj_l1d_flush_by_reading(void)
{
	const u8 *p = vtj_l1d_flush_pages;
	u32 eax = 0, ebx, ecx = 0, edx;
	unsigned long off;

	for (off = 0; off < VTJ_L1D_FLUSH_SIZE; off += PAGE_SIZE)
		(void)READ_ONCE(p[off]);
	/* Serializing: the lines are read only once the TLB is full. */
	native_cpuid(&eax, &ebx, &ecx, &edx);
	for (off = 0; off < VTJ_L1D_FLUSH_SIZE; off += L1_CACHE_BYTES)
		(void)READ_ONCE(p[off]);
	/* LFENCE: nothing after runs until every line above is read. */
	rmb();
}

/*
 * The kernel notes, per CPU, that an interrupt or softirq ran (for KVM's
 * L1D flush); without KVM built, nothing notes it and every entry flushes.
 */
static bool vtj_irq_ran_since_flush(void)
{
#if IS_ENABLED(CONFIG_KVM_INTEL)
	bool ran = kvm_get_cpu_l1tf_flush_l1d();

	kvm_clear_cpu_l1tf_flush_l1d();
	return ran;
#else
	return true;
#endif
}

/**
 * vtj_spec_before_entry() - flush L1D before an entry, where L1TF needs it
 * @l1d: the job's flush state
 *
 * As KVM's default ("cond"), only after host code the job could read
 * otherwise: @l1d says which, the kernel's per-CPU flag says whether an
 * interrupt came. With l1tf=full, before every entry.
 *
 * Context: right before VM entry, interrupts off.
 */
void vtj_spec_before_entry(struct vtj_l1d_state *l1d)
{
	unsigned int guards = vtj_spec_plan.guards;
	unsigned long switches = current->nvcsw + current->nivcsw;
	bool flush;

	lockdep_assert_irqs_disabled();
	if (!(guards & VTJOB_GUARD_L1D_FLUSH))
		return;
	flush = vtj_irq_ran_since_flush() || l1d->host_ran ||
		switches != l1d->switches ||
		(guards & VTJOB_GUARD_L1D_ALWAYS);
	l1d->host_ran = false;
	l1d->switches = switches;
	if (!flush)
		return;
	if (guards & VTJOB_GUARD_L1D_SOFTWARE)
		vtj_l1d_flush_by_reading();
	else
		native_wrmsrl(MSR_IA32_FLUSH_CMD, L1D_FLUSH);
}

/**
 * vtj_spec_after_exit() - what must follow an exit once it is back in C
 *
 * VMSCAPE: the kernel issues IBPB before this CPU next returns to
 * userspace, so that vtjobctl never runs on branch predictions a job
 * trained; as KVM, it is asked on the CPU that ran the job, before
 * interrupts (and preemption) are on again.
 *
 * Context: right after VM exit, interrupts off.
 */
void vtj_spec_after_exit(void)
{
	lockdep_assert_irqs_disabled();
	if (vtj_spec_plan.guards & VTJOB_GUARD_IBPB_TO_USER)
		this_cpu_write(x86_ibpb_exit_to_user, true);
}

/**
 * vtj_spec_switch_job() - a CPU takes on another job's VMCS
 *
 * IBPB, so that no job runs on branch predictions another trained, as
 * KVM does when a CPU loads another vCPU's VMCS. It is issued whichever
 * user the jobs belong to: jobs that share a CPU pay it at each turn, as
 * vCPUs sharing a CPU do under KVM.
 *
 * Context: interrupts off, before the first entry of the job on the CPU.
 */
void vtj_spec_switch_job(void)
{
	lockdep_assert_irqs_disabled();
	if (vtj_spec_plan.guards & VTJOB_GUARD_IBPB_SWITCH)
		indirect_branch_prediction_barrier();
}
