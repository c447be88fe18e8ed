/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Which speculative-execution mitigations a job's VM entries and exits
 * need, decided from what the host kernel found out about its CPU. The
 * decision is plain C on plain data, so that userspace tests can feed it
 * every combination no emulator has (userspace/tests/speculation_test.c);
 * vmx/speculation.c gathers the facts and applies the answer.
 */
#ifndef VTJOB_VMX_SPECULATION_POLICY_H
#define VTJOB_VMX_SPECULATION_POLICY_H

#ifdef __KERNEL__
#include <linux/types.h>
#else
#include <stdbool.h>
#endif

#include <uapi/linux/vtjob.h>

/* How the kernel itself handles L1TF (its enum l1tf_mitigations). */
enum vtj_l1tf_mode {
	VTJ_L1TF_OFF,		/* l1tf=off */
	VTJ_L1TF_FLUSH,		/* the default: flush where it matters */
	VTJ_L1TF_FULL,		/* l1tf=full or full,force: flush always */
};

/**
 * struct vtj_spec_facts - what the host kernel knows of its CPU
 * @bugs: VTJOB_VULN_* the kernel marks the CPU as affected by
 *	(X86_BUG_*), before any mitigation
 * @l1tf_mode: the kernel's own L1TF mitigation
 * @l1d_flush_skip: IA32_ARCH_CAPABILITIES says no L1D flush is needed on
 *	VM entry (SKIP_VMENTRY_L1DFLUSH)
 * @l1d_flush_cmd: the CPU has IA32_FLUSH_CMD (X86_FEATURE_FLUSH_L1D)
 * @clear_cpu_buf: the kernel clears CPU buffers with VERW
 *	(X86_FEATURE_CLEAR_CPU_BUF): vmx/entry.S does so before entry
 * @verw_clears: the microcode makes VERW clear the buffers (MD_CLEAR)
 * @verw_clears_rfds: ... the register file too (ARCH_CAP_RFDS_CLEAR)
 * @tsx: the CPU runs TSX transactions (RTM), which TAA needs
 * @spectre_v2_kernel: the kernel protects its indirect branches
 *	(retpolines, IBRS or enhanced IBRS)
 * @kernel_ibrs: ... with IBRS set on every kernel entry
 *	(X86_FEATURE_KERNEL_IBRS), which must be written again after exit
 * @rsb_vmexit: the kernel refills the return stack on VM exit
 *	(X86_FEATURE_RSB_VMEXIT or _LITE)
 * @retpoline: the kernel uses retpolines, which BHI cannot steer
 * @bhi_dis_s: the hardware control BHI_DIS_S is on
 * @bhb_clear_vmexit: the kernel clears branch history on VM exit
 *	(X86_FEATURE_CLEAR_BHB_LOOP_ON_VMEXIT)
 * @ibpb: the kernel issues IBPB where KVM does (X86_FEATURE_USE_IBPB)
 * @ibpb_exit_to_user: the kernel issues IBPB before returning to
 *	userspace when a guest ran (X86_FEATURE_IBPB_EXIT_TO_USER)
 */
struct vtj_spec_facts {
	unsigned int bugs;
	enum vtj_l1tf_mode l1tf_mode;
	bool l1d_flush_skip;
	bool l1d_flush_cmd;
	bool clear_cpu_buf;
	bool verw_clears;
	bool verw_clears_rfds;
	bool tsx;
	bool spectre_v2_kernel;
	bool kernel_ibrs;
	bool rsb_vmexit;
	bool retpoline;
	bool bhi_dis_s;
	bool bhb_clear_vmexit;
	bool ibpb;
	bool ibpb_exit_to_user;
};

/**
 * struct vtj_spec_plan - what to do, and what stays open
 * @guards: VTJOB_GUARD_* to apply around every VM entry and exit
 * @exposed: VTJOB_VULN_* none of them covers
 * @why: for each bit of @exposed, by bit number, why: a string literal
 *	that names the vulnerability by its sysfs file
 */
struct vtj_spec_plan {
	unsigned int guards;
	unsigned int exposed;
	const char *why[VTJOB_NR_VULNS];
};

void vtj_spec_decide(const struct vtj_spec_facts *facts,
		     struct vtj_spec_plan *plan);
const char *vtj_spec_refusal(const struct vtj_spec_plan *plan,
			     unsigned int allowed);
int vtj_spec_parse_vulns(const char *list, unsigned int *vulns);
const char *vtj_spec_vuln_name(unsigned int bit);

#endif /* VTJOB_VMX_SPECULATION_POLICY_H */
