/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The host state a VM exit leaves other than Linux had it, and its repair:
 * some of it after every exit, the rest once, before the runner returns
 * to userspace (as KVM's vmx_prepare_switch_to_host() does).
 */
#ifndef VTJOB_VMX_HOST_STATE_H
#define VTJOB_VMX_HOST_STATE_H

#include <linux/types.h>

/**
 * struct vtj_host_segments - what a VM exit resets and Linux expects back
 * @ds: data segment selector
 * @es: extra segment selector
 * @fs: FS selector
 * @gs: GS selector
 * @fs_base: the runner's FS base
 * @user_gs_base: the runner's GS base, which is in MSR_KERNEL_GS_BASE
 * @ldt: the LDT selector, non-null when the runner's process has an LDT
 */
struct vtj_host_segments {
	u16 ds, es, fs, gs, ldt;
	unsigned long fs_base, user_gs_base;
};

/**
 * struct vtj_host_xstate - host extended state a job's entry swaps out
 * @pkru: the runner's PKRU, where the host uses protection keys
 */
struct vtj_host_xstate {
	u32 pkru;
};

void vtj_host_enter_xstate(struct vtj_host_xstate *xs);
void vtj_host_leave_xstate(const struct vtj_host_xstate *xs);
void vtj_host_save_segments(struct vtj_host_segments *seg);
void vtj_host_restore_segments(const struct vtj_host_segments *seg);
void vtj_host_restore_after_exit(unsigned int cpu, unsigned long debugctl);

#endif /* VTJOB_VMX_HOST_STATE_H */
