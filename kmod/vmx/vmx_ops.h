/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VMX instructions, each with its failure checked. A VMX instruction fails
 * in one of three ways (SDM 31.2): a fault (#UD, #GP), VMfailInvalid (CF=1)
 * or VMfailValid (ZF=1, the reason in the VM-instruction error field).
 */
#ifndef VTJOB_VMX_OPS_H
#define VTJOB_VMX_OPS_H

#include <linux/build_bug.h>
#include <linux/compiler_types.h>
#include <linux/errno.h>
#include <linux/types.h>
#include <asm/asm.h>
#include <asm/vmx.h>

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

void vtj_vmx_insn_failed(const char *insn, unsigned long field, int err);

/**
 * vtj_vmclear() - write a VMCS back to memory and make it inactive
 * @vmcs_pa: physical address of the VMCS
 *
 * Return: 0, or -EIO / -EFAULT as vtj_vmxon(); failures are logged.
 */
static inline int vtj_vmclear(u64 vmcs_pa)
{
	asm goto("1: vmclear %[pa]\n\t"
		 "jbe %l[vmfail]\n\t"
		 _ASM_EXTABLE(1b, (%l[fault]))
		 : : [pa] "m" (vmcs_pa) : "cc", "memory" : vmfail, fault);
	return 0;
vmfail:
	vtj_vmx_insn_failed("vmclear", 0, -EIO);
	return -EIO;
fault:
	vtj_vmx_insn_failed("vmclear", 0, -EFAULT);
	return -EFAULT;
}

/**
 * vtj_vmptrld() - make a VMCS current on this CPU
 * @vmcs_pa: physical address of the VMCS
 *
 * Return: 0, or -EIO / -EFAULT; failures are logged.
 */
static inline int vtj_vmptrld(u64 vmcs_pa)
{
	asm goto("1: vmptrld %[pa]\n\t"
		 "jbe %l[vmfail]\n\t"
		 _ASM_EXTABLE(1b, (%l[fault]))
		 : : [pa] "m" (vmcs_pa) : "cc", "memory" : vmfail, fault);
	return 0;
vmfail:
	vtj_vmx_insn_failed("vmptrld", 0, -EIO);
	return -EIO;
fault:
	vtj_vmx_insn_failed("vmptrld", 0, -EFAULT);
	return -EFAULT;
}

/*
 * Field encodings carry their width in bits 14:13 (SDM Appendix B): 0 16-bit,
 * 1 64-bit, 2 32-bit, 3 natural width. Writing a field through the wrong
 * width is a bug the compiler can catch for constant fields.
 */
#define VTJ_VMCS_WIDTH(field)	(((field) >> 13) & 3)
#define VTJ_VMCS_16		0
#define VTJ_VMCS_64		1
#define VTJ_VMCS_32		2
#define VTJ_VMCS_NATURAL	3

#define vtj_vmcs_check(field, width)					\
	BUILD_BUG_ON_MSG(__builtin_constant_p(field) &&			\
			 VTJ_VMCS_WIDTH(field) != (width),		\
			 "VMCS field accessed with the wrong width")

static __always_inline int __vtj_vmwrite(unsigned long field,
					 unsigned long value)
{
	asm goto("1: vmwrite %[value], %[field]\n\t"
		 "jbe %l[vmfail]\n\t"
		 _ASM_EXTABLE(1b, (%l[fault]))
		 : : [field] "r" (field), [value] "rm" (value)
		 : "cc" : vmfail, fault);
	return 0;
vmfail:
	vtj_vmx_insn_failed("vmwrite", field, -EIO);
	return -EIO;
fault:
	vtj_vmx_insn_failed("vmwrite", field, -EFAULT);
	return -EFAULT;
}

/*
 * VMREAD faults (#UD) outside VMX operation: the exception table turns the
 * fault into a logged failure, as for every other VMX instruction, rather
 * than an oops. Callers keep interrupts off, so that it never happens.
 * An output of asm goto needs GCC 11 or Clang 11, as KVM's does.
 */
#ifndef CONFIG_CC_HAS_ASM_GOTO_OUTPUT
#error "vtjob needs a compiler with asm goto outputs (GCC 11, Clang 11)"
#endif
#ifndef asm_goto_output
/* Kernels before the GCC workaround of 6.8 (and its backports) lack it. */
#define asm_goto_output asm_volatile_goto
#endif
static __always_inline unsigned long __vtj_vmread(unsigned long field)
{
	unsigned long value;

	asm_goto_output("1: vmread %[field], %[value]\n\t"
			"jbe %l[vmfail]\n\t"
			_ASM_EXTABLE(1b, (%l[fault]))
			: [value] "=rm" (value) : [field] "r" (field)
			: "cc" : vmfail, fault);
	return value;
vmfail:
	vtj_vmx_insn_failed("vmread", field, -EIO);
	return 0;
fault:
	vtj_vmx_insn_failed("vmread", field, -EFAULT);
	return 0;
}

#define vtj_vmcs_write16(field, value) \
	({ vtj_vmcs_check(field, VTJ_VMCS_16); __vtj_vmwrite(field, value); })
#define vtj_vmcs_write32(field, value) \
	({ vtj_vmcs_check(field, VTJ_VMCS_32); __vtj_vmwrite(field, value); })
#define vtj_vmcs_write64(field, value) \
	({ vtj_vmcs_check(field, VTJ_VMCS_64); __vtj_vmwrite(field, value); })
#define vtj_vmcs_writel(field, value) \
	({ vtj_vmcs_check(field, VTJ_VMCS_NATURAL); __vtj_vmwrite(field, value); })

#define vtj_vmcs_read16(field) \
	({ vtj_vmcs_check(field, VTJ_VMCS_16); (u16)__vtj_vmread(field); })
#define vtj_vmcs_read32(field) \
	({ vtj_vmcs_check(field, VTJ_VMCS_32); (u32)__vtj_vmread(field); })
#define vtj_vmcs_read64(field) \
	({ vtj_vmcs_check(field, VTJ_VMCS_64); (u64)__vtj_vmread(field); })
#define vtj_vmcs_readl(field) \
	({ vtj_vmcs_check(field, VTJ_VMCS_NATURAL); __vtj_vmread(field); })

/* INVEPT/INVVPID descriptors and types (SDM 31.3) */
#define VTJ_INVEPT_SINGLE_CONTEXT	1
#define VTJ_INVVPID_SINGLE_CONTEXT	1

/**
 * vtj_invept() - invalidate the TLB entries derived from one EPT
 * @eptp: the EPT pointer
 */
static inline void vtj_invept(u64 eptp)
{
	struct { u64 eptp, reserved; } desc = { eptp, 0 };

	asm goto("1: invept %[desc], %[type]\n\t"
		 "jbe %l[fail]\n\t"
		 _ASM_EXTABLE(1b, (%l[fail]))
		 : : [desc] "m" (desc), [type] "r" ((u64)VTJ_INVEPT_SINGLE_CONTEXT)
		 : "cc", "memory" : fail);
	return;
fail:
	vtj_vmx_insn_failed("invept", 0, -EIO);
}

/**
 * vtj_invvpid() - invalidate the TLB entries tagged with one VPID
 * @vpid: the VPID, not 0
 */
static inline void vtj_invvpid(u16 vpid)
{
	struct { u64 vpid, gva; } desc = { vpid, 0 };

	asm goto("1: invvpid %[desc], %[type]\n\t"
		 "jbe %l[fail]\n\t"
		 _ASM_EXTABLE(1b, (%l[fail]))
		 : : [desc] "m" (desc), [type] "r" ((u64)VTJ_INVVPID_SINGLE_CONTEXT)
		 : "cc", "memory" : fail);
	return;
fail:
	vtj_vmx_insn_failed("invvpid", 0, -EIO);
}

#endif /* VTJOB_VMX_OPS_H */
