/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-CPU VMX operation: entering it (VMXON) and leaving it (VMXOFF).
 */
#ifndef VTJOB_VMX_CPU_H
#define VTJOB_VMX_CPU_H

#include <linux/types.h>

int vtj_vmx_cpus_init(void);
void vtj_vmx_cpus_exit(void);

int vtj_vmx_enter(unsigned int cpu);
int vtj_vmx_leave(unsigned int cpu);
void vtj_vmx_leave_this_cpu(void);
bool vtj_vmx_is_on(unsigned int cpu);
unsigned int vtj_vmx_nr_cpus(void);
unsigned long vtj_vmx_read_cr4(unsigned int cpu);

int vtj_emergency_init(void);
void vtj_emergency_exit(void);
void vtj_emergency_get(void);
void vtj_emergency_put(void);
bool vtj_kvm_intel_loaded(void);

#endif /* VTJOB_VMX_CPU_H */
