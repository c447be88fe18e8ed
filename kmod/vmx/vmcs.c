// SPDX-License-Identifier: GPL-2.0
/*
 * A job's VMCS (SDM chapters 25 to 27). The job runs a 64-bit program at
 * CPL 3 with paging through its own page tables; every exception, host
 * interrupt and NMI exits; the VMX-preemption timer bounds each run.
 */
#include "../vtjob.h"

#include <linux/gfp.h>
#include <linux/lockdep.h>
#include <linux/mm.h>
#include <asm/desc.h>
#include <asm/io.h>
#include <asm/msr.h>
#include <asm/processor-flags.h>
#include <asm/special_insns.h>
#include <asm/tlbflush.h>
#include <asm/vmx.h>
#include <uapi/linux/vtjob.h>

#include "../job.h"
#include "caps.h"
#include "vmcs.h"
#include "vmx_ops.h"

/* HOST_RIP: where VM exits land, in entry.S. */
extern const char vtj_vmx_vmexit[];

/*
 * The VMCS current on each CPU, as the last VMPTRLD there left it, or 0.
 * The jobs sharing a CPU take turns: the one about to enter loads its own
 * VMCS when another's is current. Read and written only on the CPU itself
 * with interrupts off, so no VM entry or exit of another job, and no
 * VMCLEAR by IPI, comes in between.
 */
static DEFINE_PER_CPU(u64, vtj_current_vmcs);

/* Access rights (SDM 25.4.1): type, S, DPL, P, L, D/B, G, unusable. */
#define VTJ_AR_TYPE_CODE_RX_ACC	0xb
#define VTJ_AR_TYPE_DATA_RW_ACC	0x3
#define VTJ_AR_TYPE_TSS64_BUSY	0xb
#define VTJ_AR_S		BIT(4)
#define VTJ_AR_DPL3		(3 << 5)
#define VTJ_AR_P		BIT(7)
#define VTJ_AR_L		BIT(13)
#define VTJ_AR_DB		BIT(14)
#define VTJ_AR_G		BIT(15)
#define VTJ_AR_UNUSABLE		BIT(16)

#define VTJ_USER_CS_AR	(VTJ_AR_TYPE_CODE_RX_ACC | VTJ_AR_S | VTJ_AR_DPL3 | \
			 VTJ_AR_P | VTJ_AR_L | VTJ_AR_G)
#define VTJ_USER_DS_AR	(VTJ_AR_TYPE_DATA_RW_ACC | VTJ_AR_S | VTJ_AR_DPL3 | \
			 VTJ_AR_P | VTJ_AR_DB | VTJ_AR_G)
#define VTJ_TSS_AR	(VTJ_AR_TYPE_TSS64_BUSY | VTJ_AR_P)

/* Linux's user selectors, so that a job reading CS or SS sees the same. */
#define VTJ_USER_CS	0x33
#define VTJ_USER_DS	0x2b

/*
 * The guest's TSS is never used, but an I/O instruction at CPL 3 reads its
 * I/O map base at offset 0x66: a limit below that makes it a plain #GP,
 * as on Linux, rather than a read of job memory.
 */
#define VTJ_GUEST_TSS_LIMIT	0x65

/* DR7 bit 10 reads as 1 (SDM 18.2.4). */
#define VTJ_DR7_FIXED_1		0x400

/* Every exception exits (SDM 25.6.3): the job has no IDT. */
#define VTJ_ALL_EXCEPTIONS	0xffffffffU

/**
 * vtj_vmcs_alloc() - allocate a VMCS region
 * @cpu: the CPU it will be used on, for its NUMA node
 *
 * Return: the page, with the VMCS revision written in, or NULL.
 */
struct page *vtj_vmcs_alloc(unsigned int cpu)
{
	struct page *page;

	page = alloc_pages_node(cpu_to_node(cpu), GFP_KERNEL_ACCOUNT |
				__GFP_ZERO, 0);
	if (page)
		*(u32 *)page_address(page) = vtj_vmx_caps.vmcs_revision;
	return page;
}

static int vtj_vmcs_setup_controls(struct vtj_job *job)
{
	const struct vtj_vmx_caps *caps = &vtj_vmx_caps;
	u32 proc2 = caps->proc_ctls2;
	u32 exit_ctls = caps->exit_ctls;
	int err = 0;

	if (!job->vpid)
		proc2 &= ~SECONDARY_EXEC_ENABLE_VPID;
	/*
	 * Without acknowledge-on-exit the interrupt that ended a run stays
	 * pending, and the host takes it through its own IDT as soon as
	 * interrupts are enabled again: no vector dispatch to emulate.
	 */
	exit_ctls &= ~VM_EXIT_ACK_INTR_ON_EXIT;

	err |= vtj_vmcs_write32(PIN_BASED_VM_EXEC_CONTROL, caps->pin_ctls);
	err |= vtj_vmcs_write32(CPU_BASED_VM_EXEC_CONTROL, caps->proc_ctls);
	err |= vtj_vmcs_write32(SECONDARY_VM_EXEC_CONTROL, proc2);
	err |= vtj_vmcs_write32(VM_EXIT_CONTROLS, exit_ctls);
	err |= vtj_vmcs_write32(VM_ENTRY_CONTROLS, caps->entry_ctls);
	err |= vtj_vmcs_write32(EXCEPTION_BITMAP, VTJ_ALL_EXCEPTIONS);
	err |= vtj_vmcs_write32(PAGE_FAULT_ERROR_CODE_MASK, 0);
	err |= vtj_vmcs_write32(PAGE_FAULT_ERROR_CODE_MATCH, 0);
	err |= vtj_vmcs_write32(CR3_TARGET_COUNT, 0);
	err |= vtj_vmcs_write32(VM_EXIT_MSR_STORE_COUNT, 0);
	err |= vtj_vmcs_write32(VM_EXIT_MSR_LOAD_COUNT, 0);
	err |= vtj_vmcs_write32(VM_ENTRY_MSR_LOAD_COUNT, 0);
	err |= vtj_vmcs_write32(VM_ENTRY_INTR_INFO_FIELD, 0);
	/* The host owns every CR0 and CR4 bit: reads show the shadows. */
	err |= vtj_vmcs_writel(CR0_GUEST_HOST_MASK, ~0UL);
	err |= vtj_vmcs_writel(CR4_GUEST_HOST_MASK, ~0UL);
	err |= vtj_vmcs_write64(EPT_POINTER, job->ept.eptp);
	if (job->vpid)
		err |= vtj_vmcs_write16(VIRTUAL_PROCESSOR_ID, job->vpid);
	err |= vtj_vmcs_write64(VMCS_LINK_POINTER, ~0ULL);
	return err ? -EIO : 0;
}

/**
 * vtj_vmcs_refresh_host() - write the host state that can change
 * @now: what the current VMCS holds, all zero after it was set up
 *
 * CR3 (the runner's address space, its PCID), CR4 (the kernel flips bits
 * such as TSD and PCE per task) and the FS base (the runner's TLS) are
 * taken as they are now, and written where they differ from @now; the
 * caller runs with interrupts off.
 */
void vtj_vmcs_refresh_host(struct vtj_host_state *now)
{
	unsigned long cr3 = __read_cr3(), cr4 = cr4_read_shadow(), fs_base;

	lockdep_assert_irqs_disabled();
	rdmsrl(MSR_FS_BASE, fs_base);
	if (cr3 != now->cr3 && !vtj_vmcs_writel(HOST_CR3, cr3))
		now->cr3 = cr3;
	if (cr4 != now->cr4 && !vtj_vmcs_writel(HOST_CR4, cr4))
		now->cr4 = cr4;
	if (fs_base != now->fs_base && !vtj_vmcs_writel(HOST_FS_BASE, fs_base))
		now->fs_base = fs_base;
}

static int vtj_vmcs_setup_host(unsigned int cpu)
{
	struct desc_ptr idt;
	unsigned long gs_base;
	u64 val;
	int err = 0;

	err |= vtj_vmcs_writel(HOST_CR0, read_cr0());
	err |= vtj_vmcs_write16(HOST_CS_SELECTOR, __KERNEL_CS);
	err |= vtj_vmcs_write16(HOST_SS_SELECTOR, __KERNEL_DS);
	/* Null selectors; the runner's own are put back after the run. */
	err |= vtj_vmcs_write16(HOST_DS_SELECTOR, 0);
	err |= vtj_vmcs_write16(HOST_ES_SELECTOR, 0);
	err |= vtj_vmcs_write16(HOST_FS_SELECTOR, 0);
	err |= vtj_vmcs_write16(HOST_GS_SELECTOR, 0);
	err |= vtj_vmcs_write16(HOST_TR_SELECTOR, GDT_ENTRY_TSS * 8);
	err |= vtj_vmcs_writel(HOST_TR_BASE,
			       (unsigned long)&get_cpu_entry_area(cpu)->tss.x86_tss);
	err |= vtj_vmcs_writel(HOST_GDTR_BASE,
			       (unsigned long)get_current_gdt_ro());
	store_idt(&idt);
	err |= vtj_vmcs_writel(HOST_IDTR_BASE, idt.address);
	rdmsrl(MSR_GS_BASE, gs_base);
	err |= vtj_vmcs_writel(HOST_GS_BASE, gs_base);
	err |= vtj_vmcs_writel(HOST_RIP, (unsigned long)vtj_vmx_vmexit);

	rdmsrl(MSR_IA32_SYSENTER_CS, val);
	err |= vtj_vmcs_write32(HOST_IA32_SYSENTER_CS, val);
	rdmsrl(MSR_IA32_SYSENTER_ESP, val);
	err |= vtj_vmcs_writel(HOST_IA32_SYSENTER_ESP, val);
	rdmsrl(MSR_IA32_SYSENTER_EIP, val);
	err |= vtj_vmcs_writel(HOST_IA32_SYSENTER_EIP, val);
	rdmsrl(MSR_EFER, val);
	err |= vtj_vmcs_write64(HOST_IA32_EFER, val);
	return err ? -EIO : 0;
}

static int vtj_vmcs_setup_guest(struct vtj_job *job)
{
	unsigned long host_cr4 = cr4_read_shadow();
	/* AM: alignment checks at CPL 3 when the job sets RFLAGS.AC. */
	u64 cr0 = X86_CR0_PE | X86_CR0_MP | X86_CR0_ET | X86_CR0_NE |
		  X86_CR0_WP | X86_CR0_AM | X86_CR0_PG;
	u64 cr4 = X86_CR4_PAE | (host_cr4 & (X86_CR4_OSFXSR |
		  X86_CR4_OSXMMEXCPT | X86_CR4_OSXSAVE | X86_CR4_FSGSBASE |
		  X86_CR4_UMIP));
	int err = 0;

	/* CR4.VMXE must be set in VMX non-root operation; the shadow hides it. */
	err |= vtj_vmcs_writel(GUEST_CR0, cr0);
	err |= vtj_vmcs_writel(CR0_READ_SHADOW, cr0);
	err |= vtj_vmcs_writel(GUEST_CR4, cr4 | X86_CR4_VMXE);
	err |= vtj_vmcs_writel(CR4_READ_SHADOW, cr4);
	/*
	 * SCE only with a gate (guest/gate.c), where SYSCALL enters it;
	 * without, SYSCALL raises #UD, which exits, and the module serves it.
	 */
	err |= vtj_vmcs_write64(GUEST_IA32_EFER, EFER_LME | EFER_LMA | EFER_NX |
				(job->mm.gate_page ? EFER_SCE : 0));
	err |= vtj_vmcs_writel(GUEST_DR7, VTJ_DR7_FIXED_1);
	err |= vtj_vmcs_write64(GUEST_IA32_DEBUGCTL, 0);

	err |= vtj_vmcs_writel(GUEST_CS_BASE, 0);
	err |= vtj_vmcs_write32(GUEST_CS_LIMIT, 0xffffffff);
	err |= vtj_vmcs_writel(GUEST_SS_BASE, 0);
	err |= vtj_vmcs_write32(GUEST_SS_LIMIT, 0xffffffff);
	err |= vtj_vmcs_put_user_segments();

	err |= vtj_vmcs_write16(GUEST_DS_SELECTOR, VTJ_USER_DS);
	err |= vtj_vmcs_writel(GUEST_DS_BASE, 0);
	err |= vtj_vmcs_write32(GUEST_DS_LIMIT, 0xffffffff);
	err |= vtj_vmcs_write32(GUEST_DS_AR_BYTES, VTJ_USER_DS_AR);

	err |= vtj_vmcs_write16(GUEST_ES_SELECTOR, VTJ_USER_DS);
	err |= vtj_vmcs_writel(GUEST_ES_BASE, 0);
	err |= vtj_vmcs_write32(GUEST_ES_LIMIT, 0xffffffff);
	err |= vtj_vmcs_write32(GUEST_ES_AR_BYTES, VTJ_USER_DS_AR);

	/* Null FS and GS whose bases still count, as for a 64-bit process. */
	err |= vtj_vmcs_write16(GUEST_FS_SELECTOR, 0);
	err |= vtj_vmcs_write32(GUEST_FS_LIMIT, 0);
	err |= vtj_vmcs_write32(GUEST_FS_AR_BYTES, VTJ_AR_UNUSABLE);
	err |= vtj_vmcs_write16(GUEST_GS_SELECTOR, 0);
	err |= vtj_vmcs_write32(GUEST_GS_LIMIT, 0);
	err |= vtj_vmcs_write32(GUEST_GS_AR_BYTES, VTJ_AR_UNUSABLE);

	err |= vtj_vmcs_write16(GUEST_LDTR_SELECTOR, 0);
	err |= vtj_vmcs_writel(GUEST_LDTR_BASE, 0);
	err |= vtj_vmcs_write32(GUEST_LDTR_LIMIT, 0);
	err |= vtj_vmcs_write32(GUEST_LDTR_AR_BYTES, VTJ_AR_UNUSABLE);

	err |= vtj_vmcs_write16(GUEST_TR_SELECTOR, GDT_ENTRY_TSS * 8);
	err |= vtj_vmcs_writel(GUEST_TR_BASE, 0);
	err |= vtj_vmcs_write32(GUEST_TR_LIMIT, VTJ_GUEST_TSS_LIMIT);
	err |= vtj_vmcs_write32(GUEST_TR_AR_BYTES, VTJ_TSS_AR);

	err |= vtj_vmcs_writel(GUEST_GDTR_BASE, 0);
	err |= vtj_vmcs_write32(GUEST_GDTR_LIMIT, 0);
	err |= vtj_vmcs_writel(GUEST_IDTR_BASE, 0);
	err |= vtj_vmcs_write32(GUEST_IDTR_LIMIT, 0);

	err |= vtj_vmcs_write32(GUEST_SYSENTER_CS, 0);
	err |= vtj_vmcs_writel(GUEST_SYSENTER_ESP, 0);
	err |= vtj_vmcs_writel(GUEST_SYSENTER_EIP, 0);
	err |= vtj_vmcs_write32(GUEST_ACTIVITY_STATE, GUEST_ACTIVITY_ACTIVE);
	err |= vtj_vmcs_write32(GUEST_INTERRUPTIBILITY_INFO, 0);
	err |= vtj_vmcs_writel(GUEST_PENDING_DBG_EXCEPTIONS, 0);
	return err ? -EIO : 0;
}

/**
 * vtj_vmcs_put_user_segments() - put the job's CS and SS in user mode
 *
 * What SYSRET would load (SDM Vol. 2B): the selectors and attributes the
 * job always runs with. Their bases and limits are the same at CPL 0 and
 * CPL 3, and are not written again.
 *
 * Context: the job's VMCS current on this CPU, interrupts off.
 * Return: 0 or -EIO.
 */
int vtj_vmcs_put_user_segments(void)
{
	int err = 0;

	err |= vtj_vmcs_write16(GUEST_CS_SELECTOR, VTJ_USER_CS);
	err |= vtj_vmcs_write32(GUEST_CS_AR_BYTES, VTJ_USER_CS_AR);
	err |= vtj_vmcs_write16(GUEST_SS_SELECTOR, VTJ_USER_DS);
	err |= vtj_vmcs_write32(GUEST_SS_AR_BYTES, VTJ_USER_DS_AR);
	return err ? -EIO : 0;
}

/**
 * vtj_vmcs_put_guest() - write the job's registers into its VMCS
 * @job: the job; its VMCS is current on this CPU
 *
 * Return: 0 or -EIO.
 */
int vtj_vmcs_put_guest(struct vtj_job *job)
{
	int err = 0;

	lockdep_assert_irqs_disabled();
	err |= vtj_vmcs_writel(GUEST_RIP, job->rip);
	err |= vtj_vmcs_writel(GUEST_RSP, job->rsp);
	err |= vtj_vmcs_writel(GUEST_RFLAGS, job->rflags);
	err |= vtj_vmcs_writel(GUEST_FS_BASE, job->fs_base);
	err |= vtj_vmcs_writel(GUEST_GS_BASE, job->gs_base);
	err |= vtj_vmcs_writel(GUEST_CR3, job->cr3);
	return err ? -EIO : 0;
}

/**
 * vtj_vmcs_get_guest() - read back what the job may have changed
 * @job: the job; its VMCS is current on this CPU
 */
void vtj_vmcs_get_guest(struct vtj_job *job)
{
	lockdep_assert_irqs_disabled();
	job->rip = vtj_vmcs_readl(GUEST_RIP);
	job->rsp = vtj_vmcs_readl(GUEST_RSP);
	job->rflags = vtj_vmcs_readl(GUEST_RFLAGS);
	job->fs_base = vtj_vmcs_readl(GUEST_FS_BASE);
	job->gs_base = vtj_vmcs_readl(GUEST_GS_BASE);
}

/**
 * vtj_vmcs_is_current() - whether a VMCS is this CPU's current one
 * @vmcs: the VMCS region
 *
 * Context: interrupts off, on the CPU the answer is about.
 * Return: true if the last VMPTRLD on this CPU loaded @vmcs and nothing
 * cleared it since.
 */
bool vtj_vmcs_is_current(struct page *vmcs)
{
	lockdep_assert_irqs_disabled();
	return __this_cpu_read(vtj_current_vmcs) == page_to_phys(vmcs);
}

/**
 * vtj_vmcs_load() - make a VMCS set up earlier on this CPU current again
 * @vmcs: the VMCS region; vtj_vmcs_load_and_setup() filled it on this CPU
 *	and no VMCLEAR came since
 *
 * A VMCS keeps its contents and its launch state across another VMCS's
 * VMPTRLD on the same CPU (SDM 25.11.1): only a move to another CPU needs
 * VMCLEAR, and then vtj_vmcs_load_moved() instead.
 *
 * Context: interrupts off.
 * Return: 0 or -EIO.
 */
int vtj_vmcs_load(struct page *vmcs)
{
	u64 pa = page_to_phys(vmcs);

	lockdep_assert_irqs_disabled();
	if (vtj_vmptrld(pa))
		return -EIO;
	__this_cpu_write(vtj_current_vmcs, pa);
	return 0;
}

/**
 * vtj_vmcs_clear() - write a VMCS back to memory and make it inactive
 * @vmcs: the VMCS region, set up on this CPU
 *
 * Afterwards no VMCS is current on the CPU if @vmcs was (SDM 31.3,
 * VMCLEAR), and the next entry of any job there loads its own.
 *
 * Context: interrupts off, on the CPU the VMCS was set up on.
 */
void vtj_vmcs_clear(struct page *vmcs)
{
	u64 pa = page_to_phys(vmcs);

	lockdep_assert_irqs_disabled();
	vtj_vmclear(pa);
	if (__this_cpu_read(vtj_current_vmcs) == pa)
		__this_cpu_write(vtj_current_vmcs, 0);
}

/**
 * vtj_vmcs_forget_current() - no VMCS is current on this CPU any more
 *
 * For VMXOFF, after which the CPU has no current VMCS.
 *
 * Context: interrupts off.
 */
void vtj_vmcs_forget_current(void)
{
	lockdep_assert_irqs_disabled();
	__this_cpu_write(vtj_current_vmcs, 0);
}

/* Drops whatever this CPU cached of the job's EPT and VPID translations. */
static void vtj_vmcs_flush_translations(struct vtj_job *job)
{
	vtj_invept(job->ept.eptp);
	if (job->vpid)
		vtj_invvpid(job->vpid);
}

/**
 * vtj_vmcs_load_and_setup() - make the job's VMCS current and fill it
 * @job: the job; the caller runs on @job->cpu with interrupts off
 *
 * VMCLEAR first puts the fresh VMCS in the clear launch state (SDM 25.1).
 * A new VPID or EPT may have stale translations from an earlier job that
 * used the same tag: flush both.
 *
 * Return: 0 or -EIO (each failed VMX instruction is logged).
 */
int vtj_vmcs_load_and_setup(struct vtj_job *job)
{
	u64 pa = page_to_phys(job->vmcs);
	int err;

	lockdep_assert_irqs_disabled();
	err = vtj_vmclear(pa);
	if (!err)
		err = vtj_vmcs_load(job->vmcs);
	if (err)
		return -EIO;

	err = vtj_vmcs_setup_controls(job);
	if (!err)
		err = vtj_vmcs_setup_host(job->cpu);
	if (!err)
		err = vtj_vmcs_setup_guest(job);
	if (err)
		return err;

	vtj_vmcs_flush_translations(job);
	return 0;
}

/**
 * vtj_vmcs_load_moved() - make a job's VMCS current on the job's new CPU
 * @job: the job; its VMCS was set up on another CPU and cleared there
 *	since, and @job->cpu is this CPU
 *
 * VMCLEAR wrote the whole VMCS back to memory, the guest's state and the
 * controls with it: only the host state that differs between CPUs is
 * written again, as KVM does when a vCPU changes CPU (the TSS, the GDT,
 * the per-CPU GS base and the entry stack SYSENTER_ESP points to, in
 * vtj_vmcs_setup_host()). This CPU may still hold translations of the
 * job's EPT and VPID from an earlier stay, older than what the job
 * changed elsewhere: flush both.
 *
 * Context: interrupts off.
 * Return: 0 or -EIO.
 */
int vtj_vmcs_load_moved(struct vtj_job *job)
{
	lockdep_assert_irqs_disabled();
	if (vtj_vmcs_load(job->vmcs) || vtj_vmcs_setup_host(job->cpu))
		return -EIO;
	vtj_vmcs_flush_translations(job);
	return 0;
}
