/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The gate's code, which vtj_gate_install() copies to the start of each
 * job's gate page. It runs in the guest, never in the host: SYSCALL
 * enters it at CPL 0 with the job's RIP in RCX and RFLAGS in R11, the
 * number in RAX, interrupts off (IA32_FMASK) and the job's own stack
 * untouched, which it never uses.
 *
 * A call answered from registers ends in "mov <value>, %rax; sysretq",
 * and nothing before that mov writes to a register. The clock calls
 * borrow registers: they save them in the scratch page first, and put
 * them back before they leave the region between vtj_gate_dirty and
 * vtj_gate_clean. So wherever an exit interrupts the gate, the job's
 * registers are either its own or in the scratch page, and it has either
 * not made the call yet or has only the SYSRET left (vtj_gate_after_exit()
 * relies on all of it). Any other call goes to the module with VMCALL.
 */
#include <linux/linkage.h>
#include <asm/unistd.h>

#include "gate.h"
#include "gate_offsets.h"

/* The gate's data, scratch and the host's vDSO data, RIP-relative. */
#define GATE(field)	vtj_gate_code + VTJ_GATE_##field(%rip)
#define SAVED(reg)	vtj_gate_code + (VTJ_GATE_SCRATCH_VA - VTJ_GATE_VA) + \
			VTJ_GATE_SAVED_##reg(%rip)
#define VDSO_DATA	vtj_gate_code + (VTJ_GATE_VVAR_VA - VTJ_GATE_VA) + \
			VTJ_VVAR_OFFSET_vdso_data
#define VDSO_REALTIME_SEC \
	VDSO_DATA + VTJ_VD_BASETIME + VTJ_CLOCK_REALTIME * VTJ_TS_SIZE + \
	VTJ_TS_SEC

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
	cmpq	$__NR_clock_gettime, %rax
	je	.Lclock_gettime
	cmpq	$__NR_gettid, %rax
	je	.Lpid
	cmpq	$__NR_gettimeofday, %rax
	je	.Lgettimeofday
	cmpq	$__NR_time, %rax
	je	.Ltime
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

/* time(NULL): the realtime seconds, one load, as the vDSO's time() reads them. */
.Ltime:
	cmpl	$0, GATE(CLOCKS)
	je	.Lmodule
	testq	%rdi, %rdi
	jnz	.Lmodule
	movq	VDSO_REALTIME_SEC(%rip), %rax
	sysretq

/* The registers the clock calls borrow; RDI and RSI are never written. */
#define SAVE_REGS			\
	movq	%rax, SAVED(RAX);	\
	movq	%rcx, SAVED(RCX);	\
	movq	%rdx, SAVED(RDX);	\
	movq	%r8, SAVED(R8);		\
	movq	%r9, SAVED(R9);		\
	movq	%r10, SAVED(R10);	\
	movq	%r11, SAVED(R11)

#define RESTORE_REGS			\
	movq	SAVED(RAX), %rax;	\
	movq	SAVED(RCX), %rcx;	\
	movq	SAVED(RDX), %rdx;	\
	movq	SAVED(R8), %r8;		\
	movq	SAVED(R9), %r9;		\
	movq	SAVED(R10), %r10;	\
	movq	SAVED(R11), %r11

/* clock_gettime(RDI clock, RSI timespec) */
.Lclock_gettime:
	cmpl	$0, GATE(CLOCKS)
	je	.Lmodule
	cmpq	$VTJ_NR_CLOCKS, %rdi
	jae	.Lmodule
	btl	%edi, .Lclocks_served(%rip)
	jnc	.Lmodule
	SAVE_REGS
	jmp	.Lclock_gettime_borrowed

/* gettimeofday(RDI timeval, RSI timezone): CLOCK_REALTIME, in microseconds. */
.Lgettimeofday:
	cmpl	$0, GATE(CLOCKS)
	je	.Lmodule
	testq	%rsi, %rsi
	jnz	.Lmodule
	testq	%rdi, %rdi
	jz	.Lmodule
	SAVE_REGS
	jmp	.Lgettimeofday_borrowed

/*
 * From here to vtj_gate_clean the job's RAX, RCX, RDX and R8 to R11 may
 * be in the scratch page only. R10 points at the vDSO data of the clock,
 * R9 at its base time, R11 says where the answer goes (0: a timespec at
 * RSI, 1: a timeval at RDI); the time is RDX seconds, RAX nanoseconds.
 */
SYM_INNER_LABEL(vtj_gate_dirty, SYM_L_GLOBAL)
.Lclock_gettime_borrowed:
	xorl	%r11d, %r11d
	leaq	VDSO_DATA(%rip), %r10
	btl	%edi, .Lclocks_raw(%rip)
	jnc	1f
	addq	$VTJ_CS_RAW * VTJ_VD_SIZE, %r10
1:	movq	%rdi, %r9
	imulq	$VTJ_TS_SIZE, %r9, %r9
	leaq	VTJ_VD_BASETIME(%r10, %r9), %r9
	btl	%edi, .Lclocks_coarse(%rip)
	jc	.Lcoarse
	jmp	.Lhres

.Lgettimeofday_borrowed:
	movl	$1, %r11d
	leaq	VDSO_DATA(%rip), %r10
	leaq	VTJ_VD_BASETIME + VTJ_CLOCK_REALTIME * VTJ_TS_SIZE(%r10), %r9

/*
 * vdso_read_begin() and vdso_read_retry() of vdso/helpers.h, on the vDSO
 * data at R10: the sequence count in R8, once it is even (no update under
 * way); and back to \again if it moved while the data was read.
 */
.macro vdso_read_begin
.Lread_begin\@:
	movl	VTJ_VD_SEQ(%r10), %r8d
	testl	$1, %r8d
	jz	.Lread_even\@
	pause
	jmp	.Lread_begin\@
.Lread_even\@:
.endm

.macro vdso_read_retry again
	cmpl	%r8d, VTJ_VD_SEQ(%r10)
	jne	\again
.endm

/* do_hres() of lib/vdso/gettimeofday.c, with x86's TSC read and delta. */
.Lhres:
	vdso_read_begin
	cmpl	$VTJ_VDSO_CLOCKMODE_TSC, VTJ_VD_CLOCK_MODE(%r10)
	jne	.Lrestore_to_module
	lfence
	rdtsc
	shlq	$32, %rdx
	orq	%rdx, %rax
	movq	VTJ_VD_CYCLE_LAST(%r10), %rdx
	cmpq	%rdx, %rax
	jbe	2f
	subq	%rdx, %rax
	movl	VTJ_VD_MULT(%r10), %edx
	imulq	%rdx, %rax
	jmp	3f
2:	xorl	%eax, %eax
3:	addq	VTJ_TS_NSEC(%r9), %rax
	movl	VTJ_VD_SHIFT(%r10), %ecx
	shrq	%cl, %rax
	movq	VTJ_TS_SEC(%r9), %rdx
	vdso_read_retry .Lhres
	jmp	.Lnormalize

/* do_coarse(): the base time as the last tick left it. */
.Lcoarse:
	vdso_read_begin
	movq	VTJ_TS_SEC(%r9), %rdx
	movq	VTJ_TS_NSEC(%r9), %rax
	vdso_read_retry .Lcoarse

/* __iter_div_u64_rem(): the nanoseconds are rarely a second or more. */
.Lnormalize:
	movl	$VTJ_NSEC_PER_SEC, %r8d
4:	cmpq	%r8, %rax
	jb	5f
	subq	%r8, %rax
	incq	%rdx
	jmp	4b
5:	testl	%r11d, %r11d
	jnz	.Ltimeval
	/* A bad pointer faults here: the module serves the call instead. */
	movq	%rdx, (%rsi)
	movq	%rax, 8(%rsi)
	jmp	.Lrestore_to_answer
.Ltimeval:
	movq	%rdx, %r8
	xorl	%edx, %edx
	movl	$VTJ_NSEC_PER_USEC, %ecx
	divq	%rcx
	movq	%r8, (%rdi)
	movq	%rax, 8(%rdi)
.Lrestore_to_answer:
	RESTORE_REGS
	jmp	.Lanswer_zero
/* A clock the vDSO cannot read (not the TSC): the module's, as for Linux's. */
.Lrestore_to_module:
	RESTORE_REGS
	jmp	.Lmodule
SYM_INNER_LABEL(vtj_gate_clean, SYM_L_GLOBAL)

.Lanswer_zero:
	xorl	%eax, %eax
	sysretq

/* The clocks the host's vDSO reads itself; the others are the module's. */
	.balign 4
.Lclocks_served:
	.long	VTJ_CLOCKS_HRES | VTJ_CLOCKS_RAW | VTJ_CLOCKS_COARSE
.Lclocks_raw:
	.long	VTJ_CLOCKS_RAW
.Lclocks_coarse:
	.long	VTJ_CLOCKS_COARSE
SYM_DATA_END_LABEL(vtj_gate_code, SYM_L_GLOBAL, vtj_gate_code_end)
	.popsection
