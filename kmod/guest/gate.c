// SPDX-License-Identifier: GPL-2.0
/*
 * The job's system-call gate (gate.h, gate_code.S). With EFER.SCE set, the
 * job's SYSCALL enters the gate at guest CPL 0 instead of raising #UD:
 * the calls it answers from its page never leave the guest, and the rest
 * reach the module by VMCALL, one exit as before.
 *
 * The gate changes what the job can do in no way. It is one page of the
 * table area, mapped at VTJ_GATE_VA for ring 0 alone; the job reaches
 * ring 0 only through SYSCALL, which lands on the gate's first byte, and
 * every exception, privileged instruction and access outside the job's
 * memory still exits, at CPL 0 as at CPL 3. A job that somehow ran its own
 * code in the gate would hold nothing it does not hold already: the EPT,
 * not the page tables, confines it to its memory.
 *
 * The module sees the job in user mode only: an exit inside the gate is
 * turned, before anything else looks at it, into the job's state before
 * the SYSCALL or after the SYSRET (vtj_gate_after_exit()).
 */
#include "../vtjob.h"

#include <linux/cred.h>
#include <linux/lockdep.h>
#include <linux/mm.h>
#include <linux/pagemap.h>
#include <linux/sched.h>
#include <linux/sizes.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <asm/processor-flags.h>
#include <asm/trapnr.h>
#include <asm/vdso.h>
#include <asm/vmx.h>

#include "../job.h"
#include "../vmx/exit.h"
#include "../vmx/syscall_msrs.h"
#include "../vmx/vmcs.h"
#include "../vmx/vmx_ops.h"
#include "gate.h"
#include "mem.h"
#include "page_table.h"

/* What SYSRET takes of R11 into RFLAGS (SDM Vol. 2B, SYSRET). */
#define VTJ_SYSRET_RFLAGS	0x3c7fd7

/**
 * vtj_gate_install() - give a job its system-call gate
 * @job: the job, whose layout was just set
 *
 * Two pages of the table area, the code and data and the scratch page,
 * and the host's vDSO data page, which the EPT maps at the first 2 MiB
 * boundary past the job's memory once the job runs (vtj_gate_refresh()).
 *
 * A job whose VMCS is already filled keeps EFER as it is, and so its
 * SYSCALL exits by #UD as before; so does a job on a kernel without
 * user-return notifiers, one without registers yet (no page tables), or
 * one whose table area is full or whose memory cannot be written.
 */
void vtj_gate_install(struct vtj_job *job)
{
	size_t size = vtj_gate_code_end - vtj_gate_code, avail;
	u64 code, scratch;
	u8 *kva;

	lockdep_assert_held(&job->lock);
	BUILD_BUG_ON(VTJ_GATE_DATA + sizeof(struct vtj_gate_data) > PAGE_SIZE);
	if (!vtj_syscall_msrs_available() || job->vmcs_filled ||
	    !job->regs_set || vtj_gpt_alloc_page(job, &code) ||
	    vtj_gpt_alloc_page(job, &scratch))
		return;
	kva = vtj_ept_gpa_to_kva(&job->ept, code, &avail, true);
	if (!kva || size > VTJ_GATE_DATA)
		return;
	/* The code needs no patching: it finds its data relative to RIP. */
	memcpy(kva, vtj_gate_code, size);
	job->mm.gate_page = code;
	job->mm.gate_scratch = scratch;
	/* Half mapped, it is still the job's ring 0's alone. */
	if (vtj_gate_map(job)) {
		job->mm.gate_page = 0;
		return;
	}
	job->gate_written = false;
}

/* Where the EPT maps the host's vDSO data page: past the job's memory. */
static u64 vtj_gate_vvar_gpa(const struct vtj_job *job)
{
	return ALIGN(job->ept.size, SZ_2M);
}

/**
 * vtj_gate_map() - map the gate in the job's page tables as they are now
 * @job: the job, given its gate or new page tables (CR3, by
 *	VTJOB_SET_REGS)
 *
 * Return: 0, or -ENOMEM if its table area ran out of room.
 */
int vtj_gate_map(struct vtj_job *job)
{
	lockdep_assert_held(&job->lock);
	if (!job->mm.gate_page)
		return 0;
	return vtj_gpt_map_ring0(job, VTJ_GATE_VA, job->mm.gate_page, 0) ?:
	       vtj_gpt_map_ring0(job, VTJ_GATE_SCRATCH_VA, job->mm.gate_scratch,
				 _PAGE_RW | _PAGE_NX) ?:
	       vtj_gpt_map_ring0(job, VTJ_GATE_VVAR_VA, vtj_gate_vvar_gpa(job),
				 _PAGE_NX);
}

/*
 * The page of the kernel's vDSO data that the runner has mapped, as the
 * host's vDSO reads it, or 0. Only the kernel's own page is taken, which
 * lives as long as the kernel: in a time namespace the runner's is the
 * namespace's, and its clock calls are the module's.
 */
static unsigned long vtj_gate_host_vvar_pfn(void)
{
	struct mm_struct *mm = current->mm;
	const struct vdso_image *image = mm->context.vdso_image;
	unsigned long addr, pfn = 0;
	struct vm_area_struct *vma;

	if (!image || !mm->context.vdso)
		return 0;
	addr = (unsigned long)mm->context.vdso + image->sym_vvar_page;
	/* The runner may never have read a clock: fault its page in. */
	if (fault_in_readable((const char __user *)addr, 1))
		return 0;
	mmap_read_lock(mm);
	vma = vma_lookup(mm, addr);
	if (!vma || follow_pfn(vma, addr, &pfn))
		pfn = 0;
	mmap_read_unlock(mm);
	if (pfn && (!pfn_valid(pfn) || !PageReserved(pfn_to_page(pfn))))
		pfn = 0;
	return pfn;
}

/*
 * Whether the gate may answer the clock calls: its scratch page is found
 * and the host's vDSO data mapped. Tried once a job, by its first run.
 */
static bool vtj_gate_clocks(struct vtj_job *job)
{
	unsigned long pfn;
	size_t avail;

	if (!job->gate_clocks_tried) {
		job->gate_clocks_tried = true;
		job->gate_scratch = vtj_ept_gpa_to_kva(&job->ept,
						       job->mm.gate_scratch,
						       &avail, true);
		pfn = vtj_gate_host_vvar_pfn();
		job->gate_clocks = job->gate_scratch && pfn &&
			!vtj_ept_map_host_page(&job->ept,
					       vtj_gate_vvar_gpa(job), pfn);
	}
	return job->gate_clocks;
}

/**
 * vtj_gate_refresh() - write what the gate answers with, if it changed
 * @job: the job, about to run on the calling thread, its runner
 *
 * The identity is the runner's, as the module's own getpid() and
 * getuid() give it, in the runner's namespaces; a traced job's gate
 * answers nothing, so that each call reaches the module and is reported.
 *
 * Return: 0, or -EFAULT if the gate's page is gone from the job's memory.
 */
int vtj_gate_refresh(struct vtj_job *job)
{
	struct user_namespace *ns = current_user_ns();
	struct vtj_gate_data data;
	size_t avail;
	void *kva;

	lockdep_assert_held(&job->lock);
	if (!job->mm.gate_page)
		return 0;
	data = (struct vtj_gate_data) {
		.serve = !job->sys.trace,
		.clocks = vtj_gate_clocks(job),
		.pid = task_tgid_vnr(current),
		.uid = from_kuid_munged(ns, current_uid()),
		.euid = from_kuid_munged(ns, current_euid()),
		.gid = from_kgid_munged(ns, current_gid()),
		.egid = from_kgid_munged(ns, current_egid()),
	};
	if (job->gate_written && !memcmp(&data, &job->gate, sizeof(data)))
		return 0;
	kva = vtj_ept_gpa_to_kva(&job->ept, job->mm.gate_page + VTJ_GATE_DATA,
				 &avail, true);
	if (!kva)
		return -EFAULT;
	memcpy(kva, &data, sizeof(data));
	job->gate = data;
	job->gate_written = true;
	return 0;
}

/* Whether the gate's instruction at @offset is its final SYSRET. */
static bool vtj_gate_at_sysret(u64 offset)
{
	static const u8 sysretq[] = { 0x48, 0x0f, 0x07 };

	return offset + sizeof(sysretq) <=
	       (u64)(vtj_gate_code_end - vtj_gate_code) &&
	       !memcmp(vtj_gate_code + offset, sysretq, sizeof(sysretq));
}

/* The clock calls' borrowed registers, back from the scratch page. */
static void vtj_gate_restore_registers(struct vtj_job *job)
{
	const u64 *saved = job->gate_scratch;

	job->gpr[VTJ_RAX] = saved[VTJ_GATE_SAVED_RAX / 8];
	job->gpr[VTJ_RCX] = saved[VTJ_GATE_SAVED_RCX / 8];
	job->gpr[VTJ_RDX] = saved[VTJ_GATE_SAVED_RDX / 8];
	job->gpr[VTJ_R8] = saved[VTJ_GATE_SAVED_R8 / 8];
	job->gpr[VTJ_R9] = saved[VTJ_GATE_SAVED_R9 / 8];
	job->gpr[VTJ_R10] = saved[VTJ_GATE_SAVED_R10 / 8];
	job->gpr[VTJ_R11] = saved[VTJ_GATE_SAVED_R11 / 8];
}

/*
 * Whether the module is to serve the call the gate was making: it asked
 * (VMCALL), or its access to the job's buffer faulted, where Linux's call
 * would return -EFAULT, as the module's does. An NMI or a machine check
 * was the host's, and the call is made again.
 */
static bool vtj_gate_exit_is_call(const struct vtj_job *job,
				  const struct vtj_exit_info *info)
{
	u32 type = info->intr_info & INTR_INFO_INTR_TYPE_MASK;
	u32 vector = info->intr_info & INTR_INFO_VECTOR_MASK;

	switch ((u16)info->reason) {
	case EXIT_REASON_VMCALL:
		return true;
	case EXIT_REASON_EXCEPTION_NMI:
		return type == INTR_TYPE_HARD_EXCEPTION && vector != X86_TRAP_MC;
	case EXIT_REASON_EPT_VIOLATION:
		/* Outside the job's memory, where no page can be given. */
		return info->guest_phys >= job->ept.size;
	default:
		return false;
	}
}

/**
 * vtj_gate_after_exit() - see an exit inside the gate from user mode
 * @job: the job, its registers just read back from its VMCS
 * @info: the exit; @info->gate_call is set when the module is to serve
 *	the job's call
 *
 * The gate's VMCALL is the job's system call, which the module serves as
 * if SYSCALL had exited: the job is put back in user mode after its
 * SYSCALL, with RCX and R11 as SYSCALL left them. So is a fault of the
 * gate's access to the job's buffer, for the module to fail the call as
 * Linux would. Any other exit in the gate (a host interrupt, an NMI, the
 * preemption timer, a page the job has not touched yet) finds the gate
 * before its answer, and the job is put back before its SYSCALL, which it
 * makes again when it resumes; or at its SYSRET, whose work is then done
 * here. Registers a clock call borrowed are put back first. Either way
 * it is the job's state as Linux would show it, and nothing later sees
 * guest ring 0.
 *
 * Context: right after the exit, with interrupts off.
 * Return: 0, or -EIO if the VMCS would not take the user-mode segments.
 */
int vtj_gate_after_exit(struct vtj_job *job, struct vtj_exit_info *info)
{
	u64 offset = job->rip - VTJ_GATE_VA;
	u64 rip;

	lockdep_assert_irqs_disabled();
	info->gate_call = false;
	/* A jump into the page from user mode faults there at CPL 3. */
	if (offset >= PAGE_SIZE || !job->mm.gate_page ||
	    (vtj_vmcs_read16(GUEST_CS_SELECTOR) & 3))
		return 0;

	if (offset >= vtj_gate_dirty - vtj_gate_code &&
	    offset < vtj_gate_clean - vtj_gate_code) {
		if (!job->gate_scratch)
			return -EIO;
		vtj_gate_restore_registers(job);
	}
	rip = job->gpr[VTJ_RCX];
	if (vtj_gate_exit_is_call(job, info))
		info->gate_call = true;
	else if (!vtj_gate_at_sysret(offset))
		rip -= 2;	/* SYSCALL is 0f 05 */
	job->rip = rip;
	job->rflags = (job->gpr[VTJ_R11] & VTJ_SYSRET_RFLAGS) |
		      X86_EFLAGS_FIXED;
	return vtj_vmcs_put_user_segments();
}
