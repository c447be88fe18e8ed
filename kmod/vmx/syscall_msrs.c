// SPDX-License-Identifier: GPL-2.0
/*
 * SYSCALL in a job with a gate loads its target from the CPU's own
 * IA32_LSTAR, which no VMCS field switches. As KVM does with its
 * user-return MSRs (kvm_set_user_return_msr()), the job's values are
 * written before an entry when the CPU does not hold them yet, and the
 * host's are written back only when the CPU next returns to user mode,
 * through a user-return notifier: the kernel itself never executes
 * SYSCALL, so exits served in the module pay nothing.
 *
 * IA32_STAR gets Linux's own layout, which the host has too: the gate
 * runs with Linux's kernel selectors, and SYSRET returns to the user
 * selectors the job's VMCS gives it (0x33, 0x2b). IA32_FMASK keeps the
 * host's bits and gains any of those the gate needs clear that it lacks:
 * single-stepping and interrupts off, no string direction or alignment
 * checks inherited from the job. So on Linux only IA32_LSTAR changes.
 * IA32_CSTAR is left alone: a job cannot run 32-bit code (it has no
 * GDT), so its SYSCALL never reads it.
 */
#include "../vtjob.h"

#include <linux/lockdep.h>
#include <linux/percpu.h>
#include <linux/user-return-notifier.h>
#include <asm/msr.h>
#include <asm/processor-flags.h>
#include <asm/segment.h>

#include "../guest/gate.h"
#include "syscall_msrs.h"

enum { VTJ_LSTAR, VTJ_STAR, VTJ_FMASK, VTJ_NR_SYSCALL_MSRS };

static const u32 vtj_syscall_msr_index[VTJ_NR_SYSCALL_MSRS] = {
	[VTJ_LSTAR] = MSR_LSTAR,
	[VTJ_STAR] = MSR_STAR,
	[VTJ_FMASK] = MSR_SYSCALL_MASK,
};

#define VTJ_GATE_STAR	(((u64)__USER32_CS << 48) | ((u64)__KERNEL_CS << 32))
#define VTJ_GATE_FMASK	(X86_EFLAGS_TF | X86_EFLAGS_DF | X86_EFLAGS_IF | \
			 X86_EFLAGS_AC | X86_EFLAGS_NT)

/**
 * struct vtj_syscall_msrs - one CPU's SYSCALL MSRs
 * @urn: writes the host's values back on the CPU's next return to user mode
 * @host: the host's values, read once
 * @job: the jobs' values, which follow from the host's
 * @host_read: whether @host and @job hold them
 * @job_loaded: whether the CPU holds the jobs' values, and @urn is armed
 *
 * Changed only on its CPU with interrupts off.
 */
struct vtj_syscall_msrs {
#ifdef CONFIG_USER_RETURN_NOTIFIER
	struct user_return_notifier urn;
#endif
	u64 host[VTJ_NR_SYSCALL_MSRS];
	u64 job[VTJ_NR_SYSCALL_MSRS];
	bool host_read;
	bool job_loaded;
};

static DEFINE_PER_CPU(struct vtj_syscall_msrs, vtj_syscall_msrs);

/**
 * vtj_syscall_msrs_available() - whether jobs may have a gate at all
 *
 * Return: false on a kernel without user-return notifiers, where the
 * host's IA32_LSTAR could not be put back in time; its jobs' SYSCALL
 * raises #UD and exits, as it does without a gate.
 */
bool vtj_syscall_msrs_available(void)
{
	return IS_ENABLED(CONFIG_USER_RETURN_NOTIFIER);
}

#ifdef CONFIG_USER_RETURN_NOTIFIER
static void vtj_syscall_msrs_write(const u64 *from, const u64 *to)
{
	int i;

	for (i = 0; i < VTJ_NR_SYSCALL_MSRS; i++)
		if (from[i] != to[i])
			wrmsrl(vtj_syscall_msr_index[i], to[i]);
}

static void vtj_syscall_msrs_restore(struct user_return_notifier *urn)
{
	struct vtj_syscall_msrs *msrs =
		container_of(urn, struct vtj_syscall_msrs, urn);
	unsigned long flags;

	/* Also called from vtj_syscall_msrs_put(), with interrupts off. */
	local_irq_save(flags);
	if (msrs->job_loaded) {
		user_return_notifier_unregister(urn);
		vtj_syscall_msrs_write(msrs->job, msrs->host);
		msrs->job_loaded = false;
	}
	local_irq_restore(flags);
}

/**
 * vtj_syscall_msrs_load() - give this CPU the jobs' SYSCALL MSRs
 *
 * Before the entry of a job with a gate. The host's values come back on
 * the CPU's next return to user mode, whichever task returns.
 *
 * Context: interrupts off.
 */
void vtj_syscall_msrs_load(void)
{
	struct vtj_syscall_msrs *msrs = this_cpu_ptr(&vtj_syscall_msrs);
	int i;

	lockdep_assert_irqs_disabled();
	if (msrs->job_loaded)
		return;
	if (!msrs->host_read) {
		for (i = 0; i < VTJ_NR_SYSCALL_MSRS; i++)
			rdmsrl(vtj_syscall_msr_index[i], msrs->host[i]);
		msrs->job[VTJ_LSTAR] = VTJ_GATE_VA;
		msrs->job[VTJ_STAR] = VTJ_GATE_STAR;
		msrs->job[VTJ_FMASK] = msrs->host[VTJ_FMASK] | VTJ_GATE_FMASK;
		msrs->host_read = true;
	}
	vtj_syscall_msrs_write(msrs->host, msrs->job);
	msrs->urn.on_user_return = vtj_syscall_msrs_restore;
	user_return_notifier_register(&msrs->urn);
	msrs->job_loaded = true;
}

/**
 * vtj_syscall_msrs_put() - give this CPU the host's SYSCALL MSRs back now
 *
 * For a CPU that leaves VMX operation, which runs no job afterwards, and
 * whose notifier must not outlive the module.
 *
 * Context: interrupts off.
 */
void vtj_syscall_msrs_put(void)
{
	struct vtj_syscall_msrs *msrs = this_cpu_ptr(&vtj_syscall_msrs);

	lockdep_assert_irqs_disabled();
	vtj_syscall_msrs_restore(&msrs->urn);
}
#else
void vtj_syscall_msrs_load(void)
{
}

void vtj_syscall_msrs_put(void)
{
}
#endif
