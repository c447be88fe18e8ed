/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VM entry and VM exit. A VM exit lands at vtj_vmx_vmexit (HOST_RIP) with
 * RSP as HOST_RSP was written just before entry, every other register
 * holding the guest's value (SDM 28.5).
 */
#include <linux/linkage.h>
#include <asm/asm.h>
#include <asm/msr-index.h>
#include <asm/nospec-branch.h>
#include <asm/percpu.h>
#include <asm/unwind_hints.h>

/* struct vtj_job.gpr[], in the hardware's register encoding order */
#define RAX	(0 * 8)
#define RCX	(1 * 8)
#define RDX	(2 * 8)
#define RBX	(3 * 8)
#define RBP	(5 * 8)
#define RSI	(6 * 8)
#define RDI	(7 * 8)
#define R8	(8 * 8)
#define R9	(9 * 8)
#define R10	(10 * 8)
#define R11	(11 * 8)
#define R12	(12 * 8)
#define R13	(13 * 8)
#define R14	(14 * 8)
#define R15	(15 * 8)

/* The HOST_RSP field of the VMCS (SDM Appendix B.4.4). */
#define VMCS_HOST_RSP	0x6c14

.section .text, "ax"

/**
 * __vtj_vmx_run - enter the guest of the current VMCS until it exits
 * @gpr (RDI): the guest's general-purpose registers, loaded on entry and
 *	saved on exit (RSP excepted: it is in the VMCS)
 * @launched (RSI): 0 for VMLAUNCH, else VMRESUME
 *
 * Return: 0 after a VM exit, 1 if the entry failed (VMfail: see the
 * VM-instruction error field), 2 if VMLAUNCH/VMRESUME faulted.
 */
SYM_FUNC_START(__vtj_vmx_run)
	push %rbp
	mov %rsp, %rbp
	push %r15
	push %r14
	push %r13
	push %r12
	push %rbx
	/* The VM exit finds the register array on top of its stack. */
	push %rdi

	mov $VMCS_HOST_RSP, %rax
	vmwrite %rsp, %rax
	jbe .Lfail

	/* Decide now, in CF: the moves below keep it, VERW changes only ZF. */
	bt $0, %esi

	mov RAX(%rdi), %rax
	mov RCX(%rdi), %rcx
	mov RDX(%rdi), %rdx
	mov RBX(%rdi), %rbx
	mov RBP(%rdi), %rbp
	mov RSI(%rdi), %rsi
	mov R8(%rdi), %r8
	mov R9(%rdi), %r9
	mov R10(%rdi), %r10
	mov R11(%rdi), %r11
	mov R12(%rdi), %r12
	mov R13(%rdi), %r13
	mov R14(%rdi), %r14
	mov R15(%rdi), %r15
	mov RDI(%rdi), %rdi

	/*
	 * MDS, TAA, RFDS: clear the CPU's buffers as the last thing before
	 * entry, after every load of host data (vmx/speculation_policy.c).
	 */
	CLEAR_CPU_BUFFERS

	jnc .Llaunch

	UNWIND_HINT_SAVE
.Lresume:
	vmresume
	jmp .Lfail
.Llaunch:
	vmlaunch
	jmp .Lfail

	_ASM_EXTABLE(.Lresume, .Lfault)
	_ASM_EXTABLE(.Llaunch, .Lfault)

SYM_INNER_LABEL(vtj_vmx_vmexit, SYM_L_GLOBAL)
	UNWIND_HINT_RESTORE
	ENDBR

	push %rdi
	mov 8(%rsp), %rdi
	mov %rax, RAX(%rdi)
	mov %rcx, RCX(%rdi)
	mov %rdx, RDX(%rdi)
	mov %rbx, RBX(%rdi)
	mov %rbp, RBP(%rdi)
	mov %rsi, RSI(%rdi)
	mov %r8, R8(%rdi)
	mov %r9, R9(%rdi)
	mov %r10, R10(%rdi)
	mov %r11, R11(%rdi)
	mov %r12, R12(%rdi)
	mov %r13, R13(%rdi)
	mov %r14, R14(%rdi)
	mov %r15, R15(%rdi)
	pop RDI(%rdi)

	/*
	 * The guest may have filled the return stack buffer with targets of
	 * its choosing: overwrite it before the first unbalanced RET.
	 */
	FILL_RETURN_BUFFER %rcx, RSB_CLEAR_LOOPS, X86_FEATURE_RSB_VMEXIT, \
			   X86_FEATURE_RSB_VMEXIT_LITE

	/*
	 * Legacy IBRS protects only once written after the less privileged
	 * code ran: write it again, with the host's value, before the first
	 * RET (as KVM's vmx_spec_ctrl_restore_host()). The job cannot have
	 * changed SPEC_CTRL: its MSR accesses all exit.
	 */
	ALTERNATIVE "jmp .Lspec_ctrl_done", "", X86_FEATURE_KERNEL_IBRS
	mov $MSR_IA32_SPEC_CTRL, %ecx
	mov PER_CPU_VAR(x86_spec_ctrl_current), %eax
	mov PER_CPU_VAR(x86_spec_ctrl_current + 4), %edx
	wrmsr
	lfence
.Lspec_ctrl_done:

	/* BHI: the branch history the job left must not steer the host. */
	CLEAR_BRANCH_HISTORY_VMEXIT
	xor %eax, %eax

.Lout:
	/* Leave no guest value in a register the host does not restore. */
	xor %ecx, %ecx
	xor %edx, %edx
	xor %esi, %esi
	xor %r8d, %r8d
	xor %r9d, %r9d
	xor %r10d, %r10d
	xor %r11d, %r11d

	pop %rdi
	pop %rbx
	pop %r12
	pop %r13
	pop %r14
	pop %r15
	pop %rbp
	RET

.Lfail:
	mov $1, %eax
	jmp .Lout
.Lfault:
	mov $2, %eax
	jmp .Lout
SYM_FUNC_END(__vtj_vmx_run)
