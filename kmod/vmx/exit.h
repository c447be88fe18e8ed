/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VM-exit handling for jobs.
 */
#ifndef VTJOB_VMX_EXIT_H
#define VTJOB_VMX_EXIT_H

#include <linux/types.h>
#include <uapi/linux/vtjob.h>

/* Basic VM-exit reasons are below this (SDM Appendix C). */
#define VTJ_NR_EXIT_REASONS	80

struct vtj_job;

/**
 * struct vtj_exit_info - a VM exit, as read from the VMCS right after it
 * @reason: basic exit reason (bits 15:0), with bit 31 for a failed entry
 * @qualification: exit qualification
 * @intr_info: VM-exit interruption information
 * @intr_error: VM-exit interruption error code
 * @insn_len: VM-exit instruction length
 * @linear_addr: guest linear address, for EPT violations
 * @guest_phys: guest-physical address, for EPT violations
 * @gate_call: the exit came from the job's system-call gate, whose call
 *	the module is to serve: the job is back in user mode right after its
 *	SYSCALL (vtj_gate_after_exit())
 *
 * Every field an exit handler needs is read here, with interrupts off and
 * on the job's CPU: once interrupts are on the runner may be preempted and
 * migrated, and a VMREAD there would find another VMCS, or none.
 */
struct vtj_exit_info {
	u32 reason;
	u64 qualification;
	u32 intr_info;
	u32 intr_error;
	u32 insn_len;
	u64 linear_addr;
	u64 guest_phys;
	bool gate_call;
};

void vtj_exit_read(struct vtj_exit_info *info);
void vtj_exit_handle_irqoff(const struct vtj_exit_info *info);
int vtj_exit_handle(struct vtj_job *job, const struct vtj_exit_info *info,
		    struct vtjob_exit *exit);

#endif /* VTJOB_VMX_EXIT_H */
