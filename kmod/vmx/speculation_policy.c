// SPDX-License-Identifier: GPL-2.0
/*
 * The mitigation decision, vulnerability by vulnerability. Each follows
 * what KVM does for a guest on the same kernel (arch/x86/kvm/vmx/), and
 * what the kernel does not mitigate for itself vtjob does not either: a
 * vulnerability whose mitigation the administrator turned off, or that
 * needs microcode the CPU lacks, is "exposed", and reservation refuses
 * CPUs until allow_unmitigated names it.
 */
#ifdef __KERNEL__
#include <linux/errno.h>
#include <linux/string.h>
#else
#include <errno.h>
#include <string.h>
#endif

#include "speculation_policy.h"

/* By bit number of VTJOB_VULN_*: the sysfs file each is reported in. */
static const char *const vtj_vuln_names[VTJOB_NR_VULNS] = VTJOB_VULN_NAMES;

static unsigned int vtj_bit_index(unsigned int bit)
{
	unsigned int i = 0;

	while (bit > 1) {
		bit >>= 1;
		i++;
	}
	return i;
}

/*
 * A refusal says what is open and how to reserve anyway; the netlink
 * family passes it on as the request's error message, so it is a literal.
 */
#define VTJ_OPEN(name, why) \
	name ": " why "; allow_unmitigated=" name " reserves CPUs anyway"

static void vtj_expose(struct vtj_spec_plan *plan, unsigned int vuln,
		       const char *why)
{
	plan->exposed |= vuln;
	plan->why[vtj_bit_index(vuln)] = why;
}

/*
 * L1TF reads L1D lines through a non-present entry of the job's own page
 * tables, past EPT: whatever the host left in L1D is readable. KVM's
 * default flushes before an entry that follows host code ("cond").
 */
static void vtj_decide_l1tf(const struct vtj_spec_facts *f,
			    struct vtj_spec_plan *plan)
{
	if (!(f->bugs & VTJOB_VULN_L1TF) || f->l1d_flush_skip)
		return;
	if (f->l1tf_mode == VTJ_L1TF_OFF) {
		vtj_expose(plan, VTJOB_VULN_L1TF,
			   VTJ_OPEN("l1tf",
				    "the kernel's L1TF mitigation is off (l1tf=off)"));
		return;
	}
	plan->guards |= VTJOB_GUARD_L1D_FLUSH;
	if (f->l1tf_mode == VTJ_L1TF_FULL)
		plan->guards |= VTJOB_GUARD_L1D_ALWAYS;
	if (!f->l1d_flush_cmd)
		plan->guards |= VTJOB_GUARD_L1D_SOFTWARE;
}

/*
 * MDS, TAA and RFDS leak the CPU's buffers across the entry: VERW right
 * before it clears them, if the microcode makes it do so. MMIO stale data
 * needs devices given to the guest, which a job never has (KVM clears
 * only for guests with assigned devices).
 */
static void vtj_decide_buffers(const struct vtj_spec_facts *f,
			       struct vtj_spec_plan *plan)
{
	unsigned int affected = f->bugs & (VTJOB_VULN_MDS | VTJOB_VULN_RFDS);

	if (f->tsx)
		affected |= f->bugs & VTJOB_VULN_TAA;
	if (!affected)
		return;
	if (f->clear_cpu_buf)
		plan->guards |= VTJOB_GUARD_VERW;
	if (affected & VTJOB_VULN_MDS) {
		if (!f->clear_cpu_buf)
			vtj_expose(plan, VTJOB_VULN_MDS,
				   VTJ_OPEN("mds",
				    "the kernel's MDS mitigation is off (mds=off)"));
		else if (!f->verw_clears)
			vtj_expose(plan, VTJOB_VULN_MDS,
				   VTJ_OPEN("mds",
				    "the CPU lacks the microcode that makes VERW clear its buffers"));
	}
	if (affected & VTJOB_VULN_TAA) {
		if (!f->clear_cpu_buf)
			vtj_expose(plan, VTJOB_VULN_TAA,
				   VTJ_OPEN("tsx_async_abort",
				    "TSX is on and the kernel's TAA mitigation is off"));
		else if (!f->verw_clears)
			vtj_expose(plan, VTJOB_VULN_TAA,
				   VTJ_OPEN("tsx_async_abort",
				    "the CPU lacks the microcode that makes VERW clear its buffers"));
	}
	if (affected & VTJOB_VULN_RFDS) {
		if (!f->clear_cpu_buf)
			vtj_expose(plan, VTJOB_VULN_RFDS,
				   VTJ_OPEN("reg_file_data_sampling",
				    "the kernel's RFDS mitigation is off"));
		else if (!f->verw_clears_rfds)
			vtj_expose(plan, VTJOB_VULN_RFDS,
				   VTJ_OPEN("reg_file_data_sampling",
				    "the CPU lacks the microcode that makes VERW clear its register file"));
	}
}

/*
 * Branch target injection: the kernel's own protection (retpolines or
 * IBRS) holds after an exit only if the return stack is refilled and, with
 * legacy IBRS, the bit is written again (KVM's vmx_spec_ctrl_restore_host).
 * A job cannot write SPEC_CTRL itself: every MSR access exits and kills it.
 */
static void vtj_decide_branches(const struct vtj_spec_facts *f,
				struct vtj_spec_plan *plan)
{
	if (f->rsb_vmexit)
		plan->guards |= VTJOB_GUARD_RSB_FILL;
	if (f->kernel_ibrs)
		plan->guards |= VTJOB_GUARD_IBRS;
	if (f->ibpb)
		plan->guards |= VTJOB_GUARD_IBPB_SWITCH;
	if ((f->bugs & VTJOB_VULN_SPECTRE_V2) && !f->spectre_v2_kernel)
		vtj_expose(plan, VTJOB_VULN_SPECTRE_V2,
			   VTJ_OPEN("spectre_v2",
				    "the kernel's Spectre v2 mitigation is off (spectre_v2=off)"));

	/*
	 * Retpolines leave BHI nothing to steer, unless the CPU has RRSBA:
	 * then the kernel clears branch history on exit as well.
	 */
	if (f->bhb_clear_vmexit)
		plan->guards |= VTJOB_GUARD_BHB_CLEAR;
	else if ((f->bugs & VTJOB_VULN_BHI) && !f->bhi_dis_s && !f->retpoline)
		vtj_expose(plan, VTJOB_VULN_BHI,
			   VTJ_OPEN("bhi",
				    "the kernel does not clear branch history on VM exit (spectre_bhi=off)"));
}

/* VMSCAPE: a guest steering the branches of its own userspace VMM. */
static void vtj_decide_vmscape(const struct vtj_spec_facts *f,
			       struct vtj_spec_plan *plan)
{
	if (!(f->bugs & VTJOB_VULN_VMSCAPE))
		return;
	if (f->ibpb_exit_to_user)
		plan->guards |= VTJOB_GUARD_IBPB_TO_USER;
	else
		vtj_expose(plan, VTJOB_VULN_VMSCAPE,
			   VTJ_OPEN("vmscape",
				    "the kernel issues no IBPB before returning to vtjobctl (no IBPB, or vmscape=off)"));
}

/**
 * vtj_spec_decide() - choose the mitigations for this host
 * @facts: what the kernel knows of its CPU
 * @plan: out: the guards to apply and the vulnerabilities left open
 */
void vtj_spec_decide(const struct vtj_spec_facts *facts,
		     struct vtj_spec_plan *plan)
{
	memset(plan, 0, sizeof(*plan));
	vtj_decide_l1tf(facts, plan);
	vtj_decide_buffers(facts, plan);
	vtj_decide_branches(facts, plan);
	vtj_decide_vmscape(facts, plan);
}

/**
 * vtj_spec_refusal() - why no CPU may be reserved, if so
 * @plan: the host's plan
 * @allowed: VTJOB_VULN_* the administrator lets stay open
 *
 * Return: NULL if CPUs may be reserved, else the reason for the first
 * vulnerability that is open and not allowed (a string literal).
 */
const char *vtj_spec_refusal(const struct vtj_spec_plan *plan,
			     unsigned int allowed)
{
	unsigned int open = plan->exposed & ~allowed;

	if (!open)
		return NULL;
	return plan->why[vtj_bit_index(open & -open)];
}

/**
 * vtj_spec_vuln_name() - a vulnerability's name, as allow_unmitigated takes it
 * @bit: one VTJOB_VULN_* bit
 *
 * Return: the name, or NULL for a bit that names none.
 */
const char *vtj_spec_vuln_name(unsigned int bit)
{
	if (!bit || (bit & (bit - 1)) || bit >= 1U << VTJOB_NR_VULNS)
		return NULL;
	return vtj_vuln_names[vtj_bit_index(bit)];
}

/**
 * vtj_spec_parse_vulns() - read a list such as "mds,vmscape"
 * @list: vulnerability names, separated by commas; "" or "none" for none
 *	(a trailing newline, as sysfs writes bring, is ignored)
 * @vulns: out: their VTJOB_VULN_* bits
 *
 * Return: 0, or -EINVAL if a name is unknown.
 */
int vtj_spec_parse_vulns(const char *list, unsigned int *vulns)
{
	const char *p = list;
	unsigned int set = 0;

	while (*p && *p != '\n') {
		size_t len = strcspn(p, ",\n");
		unsigned int i;

		for (i = 0; i < VTJOB_NR_VULNS; i++)
			if (len == strlen(vtj_vuln_names[i]) &&
			    !strncmp(p, vtj_vuln_names[i], len))
				break;
		if (i < VTJOB_NR_VULNS)
			set |= 1U << i;
		else if (!(len == 4 && !strncmp(p, "none", 4)))
			return -EINVAL;
		p += len;
		if (*p == ',')
			p++;
	}
	*vulns = set;
	return 0;
}
