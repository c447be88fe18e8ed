/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VMX instructions, each with its failure checked. A VMX instruction fails
 * in one of three ways (SDM 31.2): a fault (#UD, #GP), VMfailInvalid (CF=1)
 * or VMfailValid (ZF=1, the reason in the VM-instruction error field).
 */
#ifndef VTJOB_VMX_OPS_H
#define VTJOB_VMX_OPS_H

#include <linux/errno.h>
#include <linux/types.h>
#include <asm/asm.h>

/**
 * vtj_vmxon() - enter VMX operation on this CPU
 * @vmxon_pa: physical address of a VMXON region holding the VMCS revision
 *
 * The caller has set CR4.VMXE and disabled preemption.
 *
 * Return: 0, -EIO on VMfail (e.g. already in VMX operation), -EFAULT if
 * the instruction faulted (CR4.VMXE clear, IA32_FEATURE_CONTROL locking
 * VMX out, CR0/CR4 outside their fixed bits).
 */
static __always_inline int vtj_vmxon(u64 vmxon_pa)
{
	asm goto("1: vmxon %[pa]\n\t"
		 "jbe %l[vmfail]\n\t"
		 _ASM_EXTABLE(1b, (%l[fault]))
		 : : [pa] "m" (vmxon_pa) : "cc", "memory" : vmfail, fault);
	return 0;
vmfail:
	return -EIO;
fault:
	return -EFAULT;
}

/**
 * vtj_vmxoff() - leave VMX operation on this CPU
 *
 * Return: 0, -EIO on VMfail (a VMCS still in dual-monitor treatment),
 * -EFAULT if the CPU was not in VMX operation (#UD).
 */
static __always_inline int vtj_vmxoff(void)
{
	asm goto("1: vmxoff\n\t"
		 "jbe %l[vmfail]\n\t"
		 _ASM_EXTABLE(1b, (%l[fault]))
		 : : : "cc", "memory" : vmfail, fault);
	return 0;
vmfail:
	return -EIO;
fault:
	return -EFAULT;
}

#endif /* VTJOB_VMX_OPS_H */
