/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A job's VMCS: its controls, the host state a VM exit restores, and the
 * guest state of a 64-bit user program.
 */
#ifndef VTJOB_VMX_VMCS_H
#define VTJOB_VMX_VMCS_H

#include <linux/types.h>

struct vtj_job;

struct page *vtj_vmcs_alloc(unsigned int cpu);
int vtj_vmcs_load_and_setup(struct vtj_job *job);
void vtj_vmcs_refresh_host(void);
int vtj_vmcs_put_guest(struct vtj_job *job);
void vtj_vmcs_get_guest(struct vtj_job *job);

/* entry.S */
int __vtj_vmx_run(unsigned long *gpr, bool launched);

#endif /* VTJOB_VMX_VMCS_H */
