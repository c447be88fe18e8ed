/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A job's VMCS: its controls, the host state a VM exit restores, and the
 * guest state of a 64-bit user program.
 */
#ifndef VTJOB_VMX_VMCS_H
#define VTJOB_VMX_VMCS_H

#include <linux/types.h>

struct page;
struct vtj_job;

/**
 * struct vtj_host_state - the changing host state a VMCS holds now
 * @cr3: HOST_CR3
 * @cr4: HOST_CR4
 * @fs_base: HOST_FS_BASE
 *
 * A VM entry costs a VMWRITE a field only when the field changed.
 */
struct vtj_host_state {
	unsigned long cr3;
	unsigned long cr4;
	unsigned long fs_base;
};

struct page *vtj_vmcs_alloc(unsigned int cpu);
int vtj_vmcs_load_and_setup(struct vtj_job *job);
int vtj_vmcs_load_moved(struct vtj_job *job);
bool vtj_vmcs_is_current(struct page *vmcs);
int vtj_vmcs_load(struct page *vmcs);
void vtj_vmcs_clear(struct page *vmcs);
void vtj_vmcs_forget_current(void);
void vtj_vmcs_refresh_host(struct vtj_host_state *now);
int vtj_vmcs_put_guest(struct vtj_job *job);
int vtj_vmcs_put_user_segments(void);
void vtj_vmcs_get_guest(struct vtj_job *job);

/* entry.S */
int __vtj_vmx_run(unsigned long *gpr, bool launched);

#endif /* VTJOB_VMX_VMCS_H */
