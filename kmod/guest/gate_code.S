/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The gate's code, which vtj_gate_install() copies to the start of each
 * job's gate page. It runs in the guest, never in the host: SYSCALL
 * enters it at CPL 0 with the job's RIP in RCX and RFLAGS in R11, the
 * number in RAX, interrupts off (IA32_FMASK) and the job's own stack
 * untouched.
 *
 * A call it answers ends in "movl <value>, %eax; sysretq", and nothing
 * before that movl writes to a register: wherever an exit interrupts the
 * gate, the job either has not made the call yet or has only the SYSRET
 * left (vtj_gate_after_exit() relies on both). Any other call goes to
 * the module with VMCALL, which returns to the job itself.
 */
#include <linux/linkage.h>
#include <asm/unistd.h>

#include "gate.h"

/* The gate's data, at its offset in the page the code is copied to. */
#define GATE(field)	vtj_gate_code + VTJ_GATE_##field(%rip)

#define ANSWER(field)			\
	movl	GATE(field), %eax;	\
	sysretq

	.pushsection .rodata, "a"
	.balign 16
SYM_DATA_START(vtj_gate_code)
	cmpl	$0, GATE(SERVE)
	je	.Lmodule
	cmpq	$__NR_getpid, %rax
	je	.Lpid
	cmpq	$__NR_gettid, %rax
	je	.Lpid
	cmpq	$__NR_getuid, %rax
	je	.Luid
	cmpq	$__NR_geteuid, %rax
	je	.Leuid
	cmpq	$__NR_getgid, %rax
	je	.Lgid
	cmpq	$__NR_getegid, %rax
	je	.Legid
.Lmodule:
	vmcall
	ud2
.Lpid:
	ANSWER(PID)
.Luid:
	ANSWER(UID)
.Leuid:
	ANSWER(EUID)
.Lgid:
	ANSWER(GID)
.Legid:
	ANSWER(EGID)
SYM_DATA_END_LABEL(vtj_gate_code, SYM_L_GLOBAL, vtj_gate_code_end)
	.popsection
