// SPDX-License-Identifier: GPL-2.0
/*
 * Host state around a job's VM entries (SDM 27.5: what a VM exit loads).
 *
 * A VM exit loads the host's CR0/CR3/CR4, RSP, RIP, the segment bases and
 * selectors of the VMCS host-state area and a few MSRs, and it sets the
 * rest to fixed values: the GDT and IDT limits to 0xffff, TR's limit to
 * 0x67, DR7 to 0x400 and IA32_DEBUGCTL to 0. Linux relies on what it had.
 */
#include "../vtjob.h"

#include <linux/irqflags.h>
#include <linux/lockdep.h>
#include <linux/sched.h>
#include <asm/cpufeature.h>
#include <asm/debugreg.h>
#include <asm/desc.h>
#include <asm/fpu/xcr.h>
#include <asm/hw_breakpoint.h>
#include <asm/msr.h>
#include <asm/segment.h>
#include <asm/special_insns.h>

#include "cpuid.h"
#include "host_state.h"

/**
 * vtj_host_enter_xstate() - switch to the job's XCR0, keeping the host's PKRU
 * @xs: out: what vtj_host_leave_xstate() puts back
 *
 * The job runs with XCR0 limited to the components it was told of
 * (vmx/cpuid.c), as KVM runs a guest with its own XCR0
 * (kvm_load_guest_xsave_state()): an XRSTOR in the job then cannot load
 * PKRU, whose register stays the runner's (the FPU swap leaves PKRU
 * alone), nor AMX's tiles the process was never given.
 *
 * Context: just before VM entry, with interrupts off and the job's FPU
 * state loaded.
 */
void vtj_host_enter_xstate(struct vtj_host_xstate *xs)
{
	lockdep_assert_irqs_disabled();
	if (cpu_feature_enabled(X86_FEATURE_OSPKE))
		xs->pkru = rdpkru();
	if (vtj_job_xcr0 != vtj_host_xcr0)
		xsetbv(XCR_XFEATURE_ENABLED_MASK, vtj_job_xcr0);
}

/**
 * vtj_host_leave_xstate() - put back the host's XCR0 and PKRU
 * @xs: what vtj_host_enter_xstate() saved
 *
 * PKRU is checked as KVM checks it (kvm_load_host_xsave_state()), though
 * with the job's XCR0 and CR4.PKE clear nothing in a job can change it.
 *
 * Context: right after the VM exit, with interrupts off.
 */
void vtj_host_leave_xstate(const struct vtj_host_xstate *xs)
{
	lockdep_assert_irqs_disabled();
	if (vtj_job_xcr0 != vtj_host_xcr0)
		xsetbv(XCR_XFEATURE_ENABLED_MASK, vtj_host_xcr0);
	if (cpu_feature_enabled(X86_FEATURE_OSPKE) && rdpkru() != xs->pkru)
		wrpkru(xs->pkru);
}

/**
 * vtj_host_save_segments() - note the runner's data segments and bases
 * @seg: out: them
 *
 * Called once before the run loop: the selectors belong to the runner's
 * userspace and do not change while it is in the kernel.
 */
void vtj_host_save_segments(struct vtj_host_segments *seg)
{
	savesegment(ds, seg->ds);
	savesegment(es, seg->es);
	savesegment(fs, seg->fs);
	savesegment(gs, seg->gs);
	rdmsrl(MSR_FS_BASE, seg->fs_base);
	rdmsrl(MSR_KERNEL_GS_BASE, seg->user_gs_base);
	asm volatile("sldt %0" : "=rm" (seg->ldt));
}

/*
 * A VM exit leaves LDTR null (SDM 27.5.2), and Linux loads it again only
 * when it switches to another mm: a runner whose process has an LDT
 * (modify_ldt(), as Wine and DOS emulators use) would fault on its next
 * LDT segment load. KVM reloads it the same way before going back to
 * userspace. With interrupts off, a concurrent modify_ldt() cannot free
 * the LDT under us: its IPI to this CPU, which reloads LDTR with the new
 * one, waits until they are on again.
 */
static void vtj_host_restore_ldt(u16 ldt)
{
#ifdef CONFIG_MODIFY_LDT_SYSCALL
	unsigned long flags;

	if (!ldt)
		return;
	local_irq_save(flags);
	if (READ_ONCE(current->mm->context.ldt))
		asm volatile("lldt %0" : : "rm" (ldt));
	local_irq_restore(flags);
#endif
}

/**
 * vtj_host_restore_segments() - put back what vtj_host_save_segments() saw
 * @seg: the saved segments
 *
 * The VMCS host selector fields are null, so a VM exit leaves DS, ES, FS
 * and GS null; a null selector is what a 64-bit runner usually has, so
 * only the others are loaded again. So is the LDT, if the runner has one.
 */
void vtj_host_restore_segments(const struct vtj_host_segments *seg)
{
	if (seg->ds)
		loadsegment(ds, seg->ds);
	if (seg->es)
		loadsegment(es, seg->es);
	if (seg->fs) {
		loadsegment(fs, seg->fs);
		wrmsrl(MSR_FS_BASE, seg->fs_base);
	}
	if (seg->gs) {
		load_gs_index(seg->gs);
		wrmsrl(MSR_KERNEL_GS_BASE, seg->user_gs_base);
	}
	vtj_host_restore_ldt(seg->ldt);
}

/**
 * vtj_host_restore_after_exit() - repair what every VM exit resets
 * @cpu: this CPU
 * @debugctl: IA32_DEBUGCTL as it was before the entry
 *
 * Context: right after the exit, with interrupts off: an interrupt
 * handler may use the GDT or hit a breakpoint.
 */
void vtj_host_restore_after_exit(unsigned int cpu, unsigned long debugctl)
{
	lockdep_assert_irqs_disabled();
	load_fixmap_gdt(cpu);
	invalidate_tss_limit();
	if (hw_breakpoint_active())
		hw_breakpoint_restore();
	if (debugctl)
		update_debugctlmsr(debugctl);
}
