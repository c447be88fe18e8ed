// SPDX-License-Identifier: GPL-2.0
/*
 * Signal frames on the job's stack, laid out as x86-64 Linux lays them
 * out (arch/x86/kernel/signal.c), since the job's C library reads them:
 * the return address (the sa_restorer that calls rt_sigreturn), a
 * ucontext with the registers and the mask to go back to, the siginfo,
 * and 64 bytes aligned above them the XSAVE image of the FPU state, which
 * the handler may use as it likes. rt_sigreturn() takes it all back, and
 * a frame the job spoiled ends it with SIGSEGV, as on Linux.
 */
#include "../vtjob.h"

#include <linux/build_bug.h>
#include <linux/lockdep.h>
#include <linux/signal.h>
#include <linux/slab.h>
#include <asm/fpu/api.h>
#include <asm/processor-flags.h>
#include <asm/sigcontext.h>
#include <asm/ucontext.h>

#include "../guest/mem.h"
#include "../job.h"
#include "../job_fork.h"
#include "../vmx/cpuid.h"
#include "sys.h"

/* The stack below RSP that x86-64 code may use without moving RSP. */
#define VTJ_RED_ZONE		128
/* The selectors Linux puts in the frame: __USER_CS and __USER_DS. */
#define VTJ_USER_CS		0x33
#define VTJ_USER_DS		0x2b
/* RFLAGS bits the frame may change (FIX_EFLAGS). */
#define VTJ_FIX_EFLAGS		(X86_EFLAGS_AC | X86_EFLAGS_OF | X86_EFLAGS_DF | \
				 X86_EFLAGS_TF | X86_EFLAGS_SF | X86_EFLAGS_ZF | \
				 X86_EFLAGS_AF | X86_EFLAGS_PF | X86_EFLAGS_CF | \
				 X86_EFLAGS_RF)
/* Where the XSAVE image keeps its software bytes and its header. */
#define VTJ_FX_SW_OFFSET	464
#define VTJ_XSAVE_HDR_OFFSET	512
#define VTJ_XSAVE_MIN_SIZE	(512 + 64)
#define VTJ_FPU_BUF_SIZE	VTJ_FORK_FPU_SIZE

/* The x86-64 struct ucontext as the kernel writes it. */
struct vtj_ucontext {
	u64 uc_flags;
	u64 uc_link;
	struct vtj_stack_t uc_stack;
	struct sigcontext_64 uc_mcontext;
	u64 uc_sigmask;
};

/* The x86-64 struct rt_sigframe. */
struct vtj_rt_sigframe {
	u64 pretcode;
	struct vtj_ucontext uc;
	u8 info[VTJOB_SIGINFO_SIZE];
};

static_assert(sizeof(struct vtj_rt_sigframe) == 440);
static_assert(offsetof(struct vtj_rt_sigframe, uc.uc_mcontext) == 48);

/* The size of the job's XSAVE image, and with the closing magic. */
static u32 vtj_frame_xstate_size(void)
{
	return max_t(u32, vtj_job_xsave_size, VTJ_XSAVE_MIN_SIZE);
}

/*
 * The job's FPU state as the frame holds it, in @buf: the standard XSAVE
 * format with the software bytes that tell a reader its size.
 */
static u32 vtj_frame_save_fpu(struct vtj_job *job, u8 *buf)
{
	u32 size = vtj_frame_xstate_size();
	struct _fpx_sw_bytes sw = {
		.magic1 = FP_XSTATE_MAGIC1,
		.extended_size = size + FP_XSTATE_MAGIC2_SIZE,
		.xfeatures = vtj_job_xcr0,
		.xstate_size = size,
	};
	u32 magic2 = FP_XSTATE_MAGIC2;

	fpu_copy_guest_fpstate_to_uabi(&job->guest_fpu, buf, VTJ_FPU_BUF_SIZE,
				       vtj_job_xcr0, 0);
	memcpy(buf + VTJ_FX_SW_OFFSET, &sw, sizeof(sw));
	memcpy(buf + size, &magic2, sizeof(magic2));
	return size + FP_XSTATE_MAGIC2_SIZE;
}

static void vtj_frame_save_regs(const struct vtj_job *job,
				struct sigcontext_64 *sc)
{
	const unsigned long *gpr = job->gpr;

	sc->r8 = gpr[VTJ_R8];
	sc->r9 = gpr[VTJ_R9];
	sc->r10 = gpr[VTJ_R10];
	sc->r11 = gpr[VTJ_R11];
	sc->r12 = gpr[VTJ_R12];
	sc->r13 = gpr[VTJ_R13];
	sc->r14 = gpr[VTJ_R14];
	sc->r15 = gpr[VTJ_R15];
	sc->di = gpr[VTJ_RDI];
	sc->si = gpr[VTJ_RSI];
	sc->bp = gpr[VTJ_RBP];
	sc->bx = gpr[VTJ_RBX];
	sc->dx = gpr[VTJ_RDX];
	sc->ax = gpr[VTJ_RAX];
	sc->cx = gpr[VTJ_RCX];
	sc->sp = job->rsp;
	sc->ip = job->rip;
	sc->flags = job->rflags;
	sc->cs = VTJ_USER_CS;
	sc->ss = VTJ_USER_DS;
}

static void vtj_frame_restore_regs(struct vtj_job *job,
				   const struct sigcontext_64 *sc)
{
	unsigned long *gpr = job->gpr;

	gpr[VTJ_R8] = sc->r8;
	gpr[VTJ_R9] = sc->r9;
	gpr[VTJ_R10] = sc->r10;
	gpr[VTJ_R11] = sc->r11;
	gpr[VTJ_R12] = sc->r12;
	gpr[VTJ_R13] = sc->r13;
	gpr[VTJ_R14] = sc->r14;
	gpr[VTJ_R15] = sc->r15;
	gpr[VTJ_RDI] = sc->di;
	gpr[VTJ_RSI] = sc->si;
	gpr[VTJ_RBP] = sc->bp;
	gpr[VTJ_RBX] = sc->bx;
	gpr[VTJ_RDX] = sc->dx;
	gpr[VTJ_RAX] = sc->ax;
	gpr[VTJ_RCX] = sc->cx;
	job->rsp = sc->sp;
	job->rip = sc->ip;
	job->rflags = (job->rflags & ~VTJ_FIX_EFLAGS) |
		      (sc->flags & VTJ_FIX_EFLAGS);
}

/* Where the frame goes: the alternate stack if asked for and not on it. */
static u64 vtj_frame_stack_top(const struct vtj_job *job,
			       const struct vtj_sigaction *action)
{
	const struct vtj_sigaltstack *ss = &job->sys.altstack;

	if ((action->flags & SA_ONSTACK) && ss->size &&
	    !vtj_sig_on_altstack(ss, job->rsp))
		return ss->sp + ss->size;
	return job->rsp - VTJ_RED_ZONE;
}

/**
 * vtj_sig_setup_frame() - put a handler's frame on the job's stack
 * @job: the job, locked, stopped, with its FPU state saved in memory
 * @signal: the signal, pending, with its siginfo in sys.pending_info
 * @action: its action, a handler
 * @oldmask: the mask the frame restores when the handler returns
 *
 * The job then starts in the handler: RDI the signal, RSI the siginfo,
 * RDX the ucontext, RSP the frame, whose return address is the handler's
 * sa_restorer, as x86-64 Linux requires (SA_RESTORER).
 *
 * Return: 0, -EFAULT if the job has no room for the frame (no
 * SA_RESTORER, a stack not mapped writable), -ENOMEM.
 */
int vtj_sig_setup_frame(struct vtj_job *job, int signal,
			const struct vtj_sigaction *action, u64 oldmask)
{
	struct vtj_sigaltstack *ss = &job->sys.altstack;
	struct vtj_sig_fault *fault = &job->sys.fault;
	struct vtj_rt_sigframe frame = { };
	u64 top, fp_addr, frame_addr;
	u32 fp_size;
	u8 *fpu;
	int ret;

	lockdep_assert_held(&job->lock);
	/* A handler no job may run at faults, as on Linux: SIGSEGV. */
	if (!(action->flags & SA_RESTORER) ||
	    action->handler >= VTJ_TASK_SIZE_MAX)
		return -EFAULT;
	fpu = kzalloc(VTJ_FPU_BUF_SIZE, GFP_KERNEL_ACCOUNT);
	if (!fpu)
		return -ENOMEM;
	fp_size = vtj_frame_save_fpu(job, fpu);

	top = vtj_frame_stack_top(job, action);
	fp_addr = round_down(top - fp_size, 64);
	/* As a call leaves it: RSP + 8 aligned to 16 at the handler's start. */
	frame_addr = round_down(fp_addr - sizeof(frame), 16) - 8;

	frame.pretcode = action->restorer;
	frame.uc.uc_flags = UC_FP_XSTATE | UC_SIGCONTEXT_SS;
	frame.uc.uc_stack.ss_sp = ss->sp;
	frame.uc.uc_stack.ss_size = ss->size;
	frame.uc.uc_stack.ss_flags = ss->flags;
	vtj_frame_save_regs(job, &frame.uc.uc_mcontext);
	frame.uc.uc_mcontext.oldmask = oldmask;
	frame.uc.uc_mcontext.fpstate = fp_addr;
	if (fault->signal == signal) {
		frame.uc.uc_mcontext.trapno = fault->trapno;
		frame.uc.uc_mcontext.err = fault->error_code;
		frame.uc.uc_mcontext.cr2 = fault->address;
	}
	frame.uc.uc_sigmask = oldmask;
	memcpy(frame.info, job->sys.pending_info[signal - 1],
	       VTJ_SIGINFO_KEPT);

	ret = vtj_job_write(job, fp_addr, fpu, fp_size);
	if (!ret)
		ret = vtj_job_write(job, frame_addr, &frame, sizeof(frame));
	kfree(fpu);
	if (ret)
		return ret;

	if (fault->signal == signal)
		fault->signal = 0;
	if (ss->flags & SS_AUTODISARM) {
		ss->sp = 0;
		ss->size = 0;
		ss->flags = SS_DISABLE;
	}
	job->gpr[VTJ_RDI] = signal;
	job->gpr[VTJ_RSI] = frame_addr + offsetof(struct vtj_rt_sigframe, info);
	job->gpr[VTJ_RDX] = frame_addr + offsetof(struct vtj_rt_sigframe, uc);
	job->gpr[VTJ_RAX] = 0;
	job->rsp = frame_addr;
	job->rip = action->handler;
	job->rflags &= ~(X86_EFLAGS_DF | X86_EFLAGS_RF | X86_EFLAGS_TF);
	return 0;
}

/**
 * vtj_sig_restore_fpu() - take the FPU state of a handler's frame back
 * @job: the job, locked, stopped, with its FPU state saved in memory
 * @addr: the frame's FPU image, or 0 for the initial state
 *
 * An image with no valid software bytes is a legacy FXSAVE one, as Linux
 * takes it.
 *
 * Return: 0, -EFAULT if the image is not readable, -EINVAL if the XSAVE
 * hardware would refuse it, -ENOMEM.
 */
int vtj_sig_restore_fpu(struct vtj_job *job, u64 addr)
{
	u32 size = vtj_frame_xstate_size(), magic2;
	struct _fpx_sw_bytes sw;
	u32 pkru;
	u8 *fpu;
	int ret;

	lockdep_assert_held(&job->lock);
	fpu = kzalloc(VTJ_FPU_BUF_SIZE, GFP_KERNEL_ACCOUNT);
	if (!fpu)
		return -ENOMEM;
	/* No image: every component in its initial state (XSTATE_BV 0). */
	if (!addr) {
		ret = fpu_copy_uabi_to_guest_fpstate(&job->guest_fpu, fpu,
						     vtj_job_xcr0, &pkru);
		goto out;
	}
	ret = vtj_job_read(job, addr, fpu, VTJ_XSAVE_HDR_OFFSET);
	if (ret)
		goto out;
	memcpy(&sw, fpu + VTJ_FX_SW_OFFSET, sizeof(sw));
	if (sw.magic1 == FP_XSTATE_MAGIC1 && sw.xstate_size == size &&
	    !vtj_job_read(job, addr + VTJ_XSAVE_HDR_OFFSET,
			  fpu + VTJ_XSAVE_HDR_OFFSET,
			  size - VTJ_XSAVE_HDR_OFFSET) &&
	    !vtj_job_read(job, addr + size, &magic2, sizeof(magic2)) &&
	    magic2 == FP_XSTATE_MAGIC2) {
		ret = fpu_copy_uabi_to_guest_fpstate(&job->guest_fpu, fpu,
						     vtj_job_xcr0, &pkru);
		goto out;
	}
	/* x87 and SSE only: the header says so, the rest is init. */
	memset(fpu + VTJ_XSAVE_HDR_OFFSET, 0,
	       VTJ_FPU_BUF_SIZE - VTJ_XSAVE_HDR_OFFSET);
	*(u64 *)(fpu + VTJ_XSAVE_HDR_OFFSET) = XFEATURE_MASK_FPSSE;
	ret = fpu_copy_uabi_to_guest_fpstate(&job->guest_fpu, fpu,
					     vtj_job_xcr0, &pkru);
out:
	kfree(fpu);
	return ret;
}

/**
 * vtj_sys_rt_sigreturn() - return from a handler to where the signal came
 * @job: the job, in rt_sigreturn, its RSP just above the frame's return
 *	address
 * @call: the call
 *
 * The registers, the mask and the alternate stack's setting come back
 * from the frame at once. The job's FPU state is loaded in the CPU while
 * the run loop serves calls, so the FPU image is taken back by
 * vtj_sig_deliver(), which runs with it saved, before the job goes on.
 * A frame that cannot be read, or that would return to an address no
 * job may run at, ends the job with SIGSEGV.
 *
 * Return: RAX as the frame has it, so that the job goes on where it was.
 */
long vtj_sys_rt_sigreturn(struct vtj_job *job, struct vtj_syscall *call)
{
	u64 frame_addr = job->rsp - sizeof(u64);
	struct vtj_rt_sigframe frame;

	if (vtj_job_read(job, frame_addr, &frame, sizeof(frame)) ||
	    frame.uc.uc_mcontext.ip >= VTJ_TASK_SIZE_MAX) {
		vtj_sig_force_segv(&job->sys);
		return job->gpr[VTJ_RAX];
	}
	vtj_frame_restore_regs(job, &frame.uc.uc_mcontext);
	job->sys.sigmask = frame.uc.uc_sigmask & ~VTJ_SIG_UNBLOCKABLE;
	vtj_sig_set_altstack(job, &frame.uc.uc_stack);
	job->sys.sigreturn_fpstate = frame.uc.uc_mcontext.fpstate;
	job->sys.sigreturn_fpu = true;
	return job->gpr[VTJ_RAX];
}
