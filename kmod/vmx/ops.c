// SPDX-License-Identifier: GPL-2.0
/*
 * The one place failed VMX instructions are reported (see vmx_ops.h).
 */
#include "../vtjob.h"

#include <linux/printk.h>
#include <asm/vmx.h>

#include "vmx_ops.h"

/**
 * vtj_vmx_insn_failed() - report a failed VMX instruction
 * @insn: its mnemonic
 * @field: the VMCS field, for VMREAD and VMWRITE
 * @err: -EIO for VMfail, -EFAULT for a fault
 *
 * VMfailValid leaves the reason in the VM-instruction error field of the
 * current VMCS (SDM 31.4); reading it cannot fail the same way.
 */
void vtj_vmx_insn_failed(const char *insn, unsigned long field, int err)
{
	u32 error = 0;

	if (err == -EIO)
		asm volatile("vmread %1, %q0" : "=r" (error)
			     : "r" ((unsigned long)VM_INSTRUCTION_ERROR) : "cc");
	pr_err_ratelimited("%s failed (field %#lx): %s, VM-instruction error %u\n",
			   insn, field, err == -EFAULT ? "fault" : "VMfail",
			   error);
}
