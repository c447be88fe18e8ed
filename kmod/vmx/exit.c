// SPDX-License-Identifier: GPL-2.0
/*
 * What each VM exit of a job means. The job is a user program: whatever it
 * does that Linux would refuse ends it with the signal Linux would send,
 * and nothing it does reaches the host.
 *
 * Handlers return 1 to resume the job, 0 to return to userspace with
 * @exit filled in, or -errno for a module failure.
 */
#include "../vtjob.h"

#include <linux/lockdep.h>
#include <linux/signal.h>
#include <asm/mce.h>
#include <asm/processor.h>
#include <asm/trapnr.h>
#include <asm/vmx.h>

#include "../guest/mem.h"
#include "../job.h"
#include "../sys/sys.h"
#include "cpuid.h"
#include "exit.h"
#include "vmx_ops.h"

#define VTJ_EPT_QUAL_LINEAR_VALID	BIT(7)
#define VTJ_EPT_QUAL_WRITE		BIT(1)
#define VTJ_EPT_QUAL_FETCH		BIT(2)

#define VTJ_PFERR_PRESENT		BIT(0)
#define VTJ_PFERR_WRITE			BIT(1)
#define VTJ_PFERR_FETCH			BIT(4)


/**
 * vtj_exit_read() - read what a VM exit left in the VMCS
 * @info: out: the exit
 *
 * Context: right after the exit, with interrupts off.
 */
void vtj_exit_read(struct vtj_exit_info *info)
{
	lockdep_assert_irqs_disabled();
	info->reason = vtj_vmcs_read32(VM_EXIT_REASON);
	info->qualification = vtj_vmcs_readl(EXIT_QUALIFICATION);
	info->intr_info = vtj_vmcs_read32(VM_EXIT_INTR_INFO);
	info->intr_error = vtj_vmcs_read32(VM_EXIT_INTR_ERROR_CODE);
	info->insn_len = vtj_vmcs_read32(VM_EXIT_INSTRUCTION_LEN);
	info->linear_addr = vtj_vmcs_readl(GUEST_LINEAR_ADDRESS);
	if ((u16)info->reason == EXIT_REASON_EPT_VIOLATION)
		info->guest_phys = vtj_vmcs_read64(GUEST_PHYSICAL_ADDRESS);
}

/*
 * A machine check that hit while the job ran, or during the entry, is the
 * host's to handle, as KVM does (kvm_machine_check()): as if it came from
 * user mode, so that a recoverable error in the job's memory kills the
 * runner (which owns that memory) instead of panicking the host, as an
 * error in kernel context would.
 */
static void vtj_machine_check(void)
{
#ifdef CONFIG_X86_MCE
	struct pt_regs regs = {
		.cs = 3,
		.flags = X86_EFLAGS_IF,
	};

	do_machine_check(&regs);
#endif
}

static bool vtj_exit_is_machine_check(const struct vtj_exit_info *info)
{
	u32 type = info->intr_info & INTR_INFO_INTR_TYPE_MASK;
	u32 vector = info->intr_info & INTR_INFO_VECTOR_MASK;

	return (u16)info->reason == EXIT_REASON_EXCEPTION_NMI &&
	       (info->intr_info & INTR_INFO_VALID_MASK) &&
	       type == INTR_TYPE_HARD_EXCEPTION && vector == X86_TRAP_MC;
}

/**
 * vtj_exit_handle_irqoff() - hand the host what was meant for it
 * @info: the exit
 *
 * An NMI that arrived while the job ran caused the exit; the host handles
 * it through its own IDT before interrupts are enabled, as if it had
 * arrived in the host (KVM did the same with INT before 5.x). A machine
 * check goes to the machine-check handler (vtj_machine_check()).
 *
 * Context: right after the exit, with interrupts off.
 */
void vtj_exit_handle_irqoff(const struct vtj_exit_info *info)
{
	u32 type = info->intr_info & INTR_INFO_INTR_TYPE_MASK;

	lockdep_assert_irqs_disabled();
	if ((u16)info->reason == EXIT_REASON_MCE_DURING_VMENTRY) {
		vtj_machine_check();
		return;
	}
	if ((u16)info->reason != EXIT_REASON_EXCEPTION_NMI ||
	    !(info->intr_info & INTR_INFO_VALID_MASK))
		return;
	if (type == INTR_TYPE_NMI_INTR)
		asm volatile("int $2");
	else if (vtj_exit_is_machine_check(info))
		vtj_machine_check();
}

static int vtj_signal_for(u32 vector)
{
	switch (vector) {
	case X86_TRAP_DE:
	case X86_TRAP_MF:
	case X86_TRAP_XF:
		return SIGFPE;
	case X86_TRAP_DB:
	case X86_TRAP_BP:
		return SIGTRAP;
	case X86_TRAP_UD:
		return SIGILL;
	case X86_TRAP_AC:
	case X86_TRAP_SS:
	case X86_TRAP_NP:
		return SIGBUS;
	default:
		/* #GP, #PF, #TS, #OF, #BR, #CP: as Linux does. */
		return SIGSEGV;
	}
}

/* si_code of the signal for an exception, as Linux's trap handlers give it. */
static int vtj_signal_code(u32 vector, u32 error_code)
{
	switch (vector) {
	case X86_TRAP_PF:
		return error_code & VTJ_PFERR_PRESENT ? SEGV_ACCERR : SEGV_MAPERR;
	case X86_TRAP_DE:
		return FPE_INTDIV;
	case X86_TRAP_UD:
		return ILL_ILLOPN;
	case X86_TRAP_BP:
		return SI_KERNEL;
	case X86_TRAP_DB:
		return TRAP_BRKPT;
	case X86_TRAP_AC:
		return BUS_ADRALN;
	default:
		return SI_KERNEL;
	}
}

/*
 * An exception the job caused: to its handler if one may run (1, the job
 * goes on there), else the end of the job (0, userspace is told).
 */
static int vtj_kill(struct vtj_job *job, struct vtjob_exit *exit, u32 vector,
		    u32 error_code, u64 address)
{
	struct vtj_sig_fault fault = {
		.trapno = vector,
		.error_code = error_code,
		.address = address,
	};
	int signal = vtj_signal_for(vector);

	if (vtj_sig_queue_fault(job, signal,
				vtj_signal_code(vector, error_code), &fault))
		return 1;
	exit->reason = VTJOB_EXIT_EXCEPTION;
	exit->exception.vector = vector;
	exit->exception.error_code = error_code;
	exit->exception.address = address;
	exit->exception.rip = job->rip;
	exit->exception.signal = signal;
	exit->exception.handler = vtj_sys_has_handler(job, signal);
	if (vector == X86_TRAP_PF) {
		exit->exception.write = !!(error_code & VTJ_PFERR_WRITE);
		exit->exception.fetch = !!(error_code & VTJ_PFERR_FETCH);
	}
	return 0;
}

/* SYSCALL with EFER.SCE clear raises #UD; serve it as the kernel would. */
static int vtj_syscall(struct vtj_job *job, struct vtjob_exit *exit)
{
	/* What the SYSCALL instruction itself does (SDM Vol. 2B). */
	job->rip += 2;
	job->gpr[VTJ_RCX] = job->rip;
	job->gpr[VTJ_R11] = job->rflags;
	return vtj_sys_dispatch(job, exit);
}

static int vtj_handle_exception(struct vtj_job *job,
				const struct vtj_exit_info *info,
				struct vtjob_exit *exit)
{
	u32 vector = info->intr_info & INTR_INFO_VECTOR_MASK;
	u32 type = info->intr_info & INTR_INFO_INTR_TYPE_MASK;
	u32 error_code = 0;

	/* NMIs and machine checks were the host's: see above. */
	if (type == INTR_TYPE_NMI_INTR || vtj_exit_is_machine_check(info)) {
		vtj_spec_host_ran(&job->l1d);
		return 1;
	}

	if (vector == X86_TRAP_UD && vtj_job_at_syscall(job, job->rip))
		return vtj_syscall(job, exit);

	if (info->intr_info & INTR_INFO_DELIVER_CODE_MASK)
		error_code = info->intr_error;
	/* INT3 is a trap: its handler returns past it, as on Linux. */
	if (type == INTR_TYPE_SOFT_EXCEPTION)
		job->rip += info->insn_len;
	/* For #PF the exit qualification holds what CR2 would (SDM 28.2.1). */
	return vtj_kill(job, exit, vector, error_code,
			vector == X86_TRAP_PF ? info->qualification : 0);
}

static int vtj_handle_cpuid(struct vtj_job *job,
			    const struct vtj_exit_info *info,
			    struct vtjob_exit *exit)
{
	struct vtj_cpuid_regs regs;

	vtj_cpuid(job->gpr[VTJ_RAX], job->gpr[VTJ_RCX], &regs);
	job->gpr[VTJ_RAX] = regs.eax;
	job->gpr[VTJ_RBX] = regs.ebx;
	job->gpr[VTJ_RCX] = regs.ecx;
	job->gpr[VTJ_RDX] = regs.edx;
	job->rip += info->insn_len;
	return 1;
}

static int vtj_handle_resume(struct vtj_job *job,
			     const struct vtj_exit_info *info,
			     struct vtjob_exit *exit)
{
	/* Host interrupts were taken when interrupts came back on. */
	return 1;
}

static int vtj_handle_ept_violation(struct vtj_job *job,
				    const struct vtj_exit_info *info,
				    struct vtjob_exit *exit)
{
	u64 qual = info->qualification;
	u32 error_code = BIT(0);	/* as if present: the job's own tables said so */
	u64 address = info->guest_phys;
	int ret;

	/*
	 * The job's first touch of a page of its memory, or its first write
	 * to a page it shares with a file: pin it and go on. What cannot be
	 * pinned stops the run, as KVM's does (-EFAULT, or -ENOMEM past the
	 * runner's locked-memory limit).
	 */
	if (info->guest_phys < job->ept.size) {
		ret = vtj_ept_populate(&job->ept, info->guest_phys,
				       qual & VTJ_EPT_QUAL_WRITE);
		if (ret != -EEXIST)
			return ret ? ret : 1;
	}

	if (qual & VTJ_EPT_QUAL_LINEAR_VALID)
		address = info->linear_addr;
	if (qual & VTJ_EPT_QUAL_WRITE)
		error_code |= VTJ_PFERR_WRITE;
	if (qual & VTJ_EPT_QUAL_FETCH)
		error_code |= VTJ_PFERR_FETCH;
	/* Outside the job's memory: a page fault, to the job. */
	return vtj_kill(job, exit, X86_TRAP_PF, error_code, address);
}

/* Privileged at CPL 3 on Linux: the #GP a process would get. */
static int vtj_handle_privileged(struct vtj_job *job,
				 const struct vtj_exit_info *info,
				 struct vtjob_exit *exit)
{
	return vtj_kill(job, exit, X86_TRAP_GP, 0, 0);
}

/* VMX instructions outside VMX operation: #UD on Linux. */
static int vtj_handle_vmx_insn(struct vtj_job *job,
			       const struct vtj_exit_info *info,
			       struct vtjob_exit *exit)
{
	return vtj_kill(job, exit, X86_TRAP_UD, 0, 0);
}

typedef int (*vtj_exit_handler)(struct vtj_job *job,
				const struct vtj_exit_info *info,
				struct vtjob_exit *exit);

static const vtj_exit_handler vtj_exit_handlers[] = {
	[EXIT_REASON_EXCEPTION_NMI] = vtj_handle_exception,
	[EXIT_REASON_EXTERNAL_INTERRUPT] = vtj_handle_resume,
	[EXIT_REASON_PREEMPTION_TIMER] = vtj_handle_resume,
	[EXIT_REASON_CPUID] = vtj_handle_cpuid,
	[EXIT_REASON_EPT_VIOLATION] = vtj_handle_ept_violation,
	[EXIT_REASON_HLT] = vtj_handle_privileged,
	[EXIT_REASON_INVD] = vtj_handle_privileged,
	[EXIT_REASON_INVLPG] = vtj_handle_privileged,
	[EXIT_REASON_RDPMC] = vtj_handle_privileged,
	[EXIT_REASON_CR_ACCESS] = vtj_handle_privileged,
	[EXIT_REASON_DR_ACCESS] = vtj_handle_privileged,
	[EXIT_REASON_IO_INSTRUCTION] = vtj_handle_privileged,
	[EXIT_REASON_MSR_READ] = vtj_handle_privileged,
	[EXIT_REASON_MSR_WRITE] = vtj_handle_privileged,
	[EXIT_REASON_MWAIT_INSTRUCTION] = vtj_handle_privileged,
	[EXIT_REASON_MONITOR_INSTRUCTION] = vtj_handle_privileged,
	[EXIT_REASON_WBINVD] = vtj_handle_privileged,
	[EXIT_REASON_XSETBV] = vtj_handle_privileged,
	[EXIT_REASON_VMCALL] = vtj_handle_vmx_insn,
	[EXIT_REASON_VMCLEAR] = vtj_handle_vmx_insn,
	[EXIT_REASON_VMLAUNCH] = vtj_handle_vmx_insn,
	[EXIT_REASON_VMPTRLD] = vtj_handle_vmx_insn,
	[EXIT_REASON_VMPTRST] = vtj_handle_vmx_insn,
	[EXIT_REASON_VMREAD] = vtj_handle_vmx_insn,
	[EXIT_REASON_VMRESUME] = vtj_handle_vmx_insn,
	[EXIT_REASON_VMWRITE] = vtj_handle_vmx_insn,
	[EXIT_REASON_VMOFF] = vtj_handle_vmx_insn,
	[EXIT_REASON_VMON] = vtj_handle_vmx_insn,
	[EXIT_REASON_INVEPT] = vtj_handle_vmx_insn,
	[EXIT_REASON_INVVPID] = vtj_handle_vmx_insn,
	[EXIT_REASON_VMFUNC] = vtj_handle_vmx_insn,
};

/**
 * vtj_exit_handle() - act on a VM exit
 * @job: the job that exited; its registers are already read back
 * @info: the exit
 * @exit: out: what userspace is told, when the run stops
 *
 * An exit nobody expected goes to userspace with its raw data. Runs with
 * interrupts on, so it touches no VMX state: what it needs of the exit is
 * in @info.
 *
 * Return: 1 to resume the job, 0 to stop the run.
 */
int vtj_exit_handle(struct vtj_job *job, const struct vtj_exit_info *info,
		    struct vtjob_exit *exit)
{
	u16 reason = info->reason;

	if (reason < VTJ_NR_EXIT_REASONS)
		job->exits[reason]++;
	/* Handled by the host already; the entry is simply tried again. */
	if (reason == EXIT_REASON_MCE_DURING_VMENTRY) {
		vtj_spec_host_ran(&job->l1d);
		return 1;
	}
	/* The job's system call, from its gate (vtj_gate_after_exit()). */
	if (info->gate_call)
		return vtj_sys_dispatch(job, exit);
	if (!(info->reason & VMX_EXIT_REASONS_FAILED_VMENTRY) &&
	    reason < ARRAY_SIZE(vtj_exit_handlers) && vtj_exit_handlers[reason])
		return vtj_exit_handlers[reason](job, info, exit);

	pr_warn_ratelimited("job %llu: unexpected VM exit %#x, qualification %#llx, rip %#llx\n",
			    job->id, info->reason, info->qualification,
			    job->rip);
	exit->reason = VTJOB_EXIT_UNEXPECTED;
	exit->unexpected.vmx_reason = info->reason;
	exit->unexpected.qualification = info->qualification;
	exit->unexpected.rip = job->rip;
	return 0;
}
