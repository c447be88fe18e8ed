// SPDX-License-Identifier: GPL-2.0
/*
 * Per-CPU VMX operation. A CPU enters VMX operation when it is reserved for
 * jobs and leaves it when released, when it goes offline (kmod/cpus.c), when
 * the module unloads and when the machine reboots or kexecs: a CPU in VMX
 * operation blocks INIT, so one left behind cannot be restarted.
 *
 * Lock order: cpus_read_lock(), then vtj_vmx_lock. The CPU hotplug callback
 * runs with the hotplug lock held for writing and takes vtj_vmx_lock only.
 */
#include "../vtjob.h"

#include <linux/cpu.h>
#include <linux/cpumask.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/reboot.h>
#include <linux/smp.h>
#include <asm/io.h>
#include <asm/msr.h>
#include <asm/processor-flags.h>
#include <asm/special_insns.h>
#include <asm/tlbflush.h>

#include "caps.h"
#include "cpu.h"
#include "syscall_msrs.h"
#include "vmcs.h"
#include "vmx_ops.h"

/* The VMXON region of each CPU in VMX operation, else NULL. */
static DEFINE_PER_CPU(struct page *, vtj_vmxon_region);

/* Serializes VMX entry and exit; guards the state below. */
static DEFINE_MUTEX(vtj_vmx_lock);
static struct cpumask vtj_vmx_cpus;
/* Set by reboot and module unload: no CPU may enter VMX operation again. */
static bool vtj_vmx_closed;

/**
 * struct vtj_vmx_switch - a request to a CPU to enter or leave VMX
 * @vmxon_pa: VMXON region to use when entering
 * @err: out: 0 or -errno
 * @detail: out: what failed, for the message the caller prints
 * @value: out: the offending register or MSR value
 */
struct vtj_vmx_switch {
	u64 vmxon_pa;
	int err;
	const char *detail;
	u64 value;
};

static bool vtj_fixed_bits_ok(u64 val, u64 fixed0, u64 fixed1)
{
	/* fixed0: bits that must be 1; fixed1: bits that may be 1 (SDM A.7) */
	return (val & fixed0) == fixed0 && !(val & ~fixed1);
}

static void vtj_vmxon_this_cpu(void *data)
{
	struct vtj_vmx_switch *req = data;
	unsigned long cr0 = read_cr0();
	unsigned long cr4 = __read_cr4();
	u64 val;

	/* Another hypervisor (KVM, VirtualBox) already owns VMX here. */
	if (cr4 & X86_CR4_VMXE) {
		req->err = -EBUSY;
		return;
	}

	/* All CPUs must agree with what the boot CPU reported. */
	if (rdmsrl_safe(MSR_IA32_FEAT_CTL, &val) ||
	    !(val & FEAT_CTL_LOCKED) ||
	    !(val & FEAT_CTL_VMX_ENABLED_OUTSIDE_SMX)) {
		req->err = -EOPNOTSUPP;
		req->detail = "VMX disabled by firmware: IA32_FEATURE_CONTROL";
		req->value = val;
		return;
	}
	rdmsrl(MSR_IA32_VMX_BASIC, val);
	if ((u32)val != vtj_vmx_caps.vmcs_revision) {
		req->err = -EOPNOTSUPP;
		req->detail = "VMCS revision differs from the boot CPU's: IA32_VMX_BASIC";
		req->value = val;
		return;
	}

	/* VMXON faults if CR0 or CR4 is outside its fixed bits (SDM 24.8). */
	if (!vtj_fixed_bits_ok(cr0, vtj_vmx_caps.cr0_fixed0,
			       vtj_vmx_caps.cr0_fixed1)) {
		req->err = -EOPNOTSUPP;
		req->detail = "CR0 outside the VMX fixed bits: CR0";
		req->value = cr0;
		return;
	}
	if (!vtj_fixed_bits_ok(cr4 | X86_CR4_VMXE, vtj_vmx_caps.cr4_fixed0,
			       vtj_vmx_caps.cr4_fixed1)) {
		req->err = -EOPNOTSUPP;
		req->detail = "CR4 outside the VMX fixed bits: CR4";
		req->value = cr4;
		return;
	}

	cr4_set_bits(X86_CR4_VMXE);
	req->err = vtj_vmxon(req->vmxon_pa);
	if (req->err) {
		cr4_clear_bits(X86_CR4_VMXE);
		req->detail = "VMXON failed: CR4";
		req->value = cr4;
	}
}

static void vtj_vmxoff_this_cpu(void *data)
{
	struct vtj_vmx_switch *req = data;

	/* No job runs here any more: the host's SYSCALL MSRs, now. */
	vtj_syscall_msrs_put();
	req->err = vtj_vmxoff();
	vtj_vmcs_forget_current();
	/* Clear VMXE even if VMXOFF failed, so the CPU is not left half-on. */
	cr4_clear_bits(X86_CR4_VMXE);
}

/* Forgets @cpu's VMX state once VMXOFF ran there, with result @err. */
static void vtj_vmx_forget(unsigned int cpu, int err)
{
	struct page *region = per_cpu(vtj_vmxon_region, cpu);

	lockdep_assert_held(&vtj_vmx_lock);

	/*
	 * VMfailValid leaves the CPU in VMX operation, which may still write
	 * to its VMXON region: keep the page rather than hand it out again.
	 */
	if (err == -EIO)
		pr_err("CPU%u: VMXOFF failed; keeping its VMXON region\n", cpu);
	else
		__free_page(region);
	if (err == -EFAULT)
		pr_warn("CPU%u had left VMX operation behind vtjob's back\n",
			cpu);

	per_cpu(vtj_vmxon_region, cpu) = NULL;
	cpumask_clear_cpu(cpu, &vtj_vmx_cpus);
	vtj_emergency_put();
}

static void vtj_report_busy(unsigned int cpu)
{
	if (vtj_kvm_intel_loaded())
		pr_info("CPU%u is in VMX operation under another hypervisor: kvm_intel is loaded and has VT-x enabled there (a KVM guest exists)\n",
			cpu);
	else
		pr_info("CPU%u is in VMX operation under another hypervisor (CR4.VMXE is set; kvm_intel or VirtualBox?)\n",
			cpu);
}

/**
 * vtj_vmx_enter() - put a CPU into VMX root operation
 * @cpu: the CPU
 *
 * Allocates a VMXON region on @cpu's node and executes VMXON there.
 * Entering a CPU that vtjob already has in VMX operation succeeds.
 *
 * Context: process context, cpus_read_lock() held; may sleep.
 * Return: 0; -EINVAL if @cpu does not exist; -ENODEV if it is offline;
 * -EBUSY if another hypervisor holds VMX there; -ESHUTDOWN during reboot
 * or unload; -ENOMEM; -EOPNOTSUPP or -EIO if VMXON failed.
 */
int vtj_vmx_enter(unsigned int cpu)
{
	struct vtj_vmx_switch req = { };
	struct page *region;
	int err;

	if (cpu >= nr_cpu_ids || !cpu_possible(cpu))
		return -EINVAL;

	mutex_lock(&vtj_vmx_lock);
	if (vtj_vmx_closed) {
		err = -ESHUTDOWN;
		goto out_unlock;
	}
	if (!cpu_online(cpu)) {
		err = -ENODEV;
		goto out_unlock;
	}
	if (cpumask_test_cpu(cpu, &vtj_vmx_cpus)) {
		err = 0;
		goto out_unlock;
	}

	vtj_emergency_get();
	region = alloc_pages_node(cpu_to_node(cpu), GFP_KERNEL | __GFP_ZERO, 0);
	if (!region) {
		err = -ENOMEM;
		goto out_put_emergency;
	}
	/* SDM 24.11.5: the region starts with the VMCS revision identifier. */
	*(u32 *)page_address(region) = vtj_vmx_caps.vmcs_revision;
	req.vmxon_pa = page_to_phys(region);

	err = smp_call_function_single(cpu, vtj_vmxon_this_cpu, &req, 1);
	if (err) {
		pr_err("CPU%u cannot enter VMX operation: it did not answer (%d)\n",
		       cpu, err);
		goto out_free;
	}
	err = req.err;
	if (err == -EBUSY) {
		vtj_report_busy(cpu);
		goto out_free;
	} else if (err) {
		pr_err("CPU%u cannot enter VMX operation: %s=%#llx (%d)\n",
		       cpu, req.detail, req.value, err);
		goto out_free;
	}

	per_cpu(vtj_vmxon_region, cpu) = region;
	cpumask_set_cpu(cpu, &vtj_vmx_cpus);
	mutex_unlock(&vtj_vmx_lock);
	pr_info("CPU%u entered VMX operation\n", cpu);
	return 0;

out_free:
	__free_page(region);
out_put_emergency:
	vtj_emergency_put();
out_unlock:
	mutex_unlock(&vtj_vmx_lock);
	return err;
}

/* Caller holds cpus_read_lock() and vtj_vmx_lock. */
static void __vtj_vmx_leave(unsigned int cpu)
{
	struct vtj_vmx_switch req = { };
	int err;

	lockdep_assert_held(&vtj_vmx_lock);

	/* Offline CPUs left VMX operation in vtj_vmx_cpu_offline(). */
	err = smp_call_function_single(cpu, vtj_vmxoff_this_cpu, &req, 1);
	if (err) {
		pr_err("CPU%u: cannot run VMXOFF there (%d)\n", cpu, err);
		return;
	}
	vtj_vmx_forget(cpu, req.err);
	pr_info("CPU%u left VMX operation\n", cpu);
}

/**
 * vtj_vmx_leave() - take a CPU out of VMX operation
 * @cpu: the CPU
 *
 * Leaving a CPU that vtjob does not have in VMX operation succeeds.
 *
 * Context: process context, cpus_read_lock() held; may sleep.
 * Return: 0, or -EINVAL if @cpu does not exist.
 */
int vtj_vmx_leave(unsigned int cpu)
{
	if (cpu >= nr_cpu_ids || !cpu_possible(cpu))
		return -EINVAL;

	mutex_lock(&vtj_vmx_lock);
	if (cpumask_test_cpu(cpu, &vtj_vmx_cpus))
		__vtj_vmx_leave(cpu);
	mutex_unlock(&vtj_vmx_lock);
	return 0;
}

/**
 * vtj_vmx_leave_this_cpu() - take the calling CPU out of VMX operation
 *
 * For the CPU hotplug teardown, which runs on the CPU going offline.
 *
 * Context: process context bound to this CPU; may sleep.
 */
void vtj_vmx_leave_this_cpu(void)
{
	struct vtj_vmx_switch req = { };
	unsigned int cpu = smp_processor_id();

	mutex_lock(&vtj_vmx_lock);
	if (cpumask_test_cpu(cpu, &vtj_vmx_cpus)) {
		local_irq_disable();
		vtj_vmxoff_this_cpu(&req);
		local_irq_enable();
		vtj_vmx_forget(cpu, req.err);
		pr_info("CPU%u left VMX operation\n", cpu);
	}
	mutex_unlock(&vtj_vmx_lock);
}

/* Leaves VMX operation everywhere and refuses to enter it again. */
static void vtj_vmx_close(void)
{
	unsigned int cpu;

	cpus_read_lock();
	mutex_lock(&vtj_vmx_lock);
	vtj_vmx_closed = true;
	for_each_cpu(cpu, &vtj_vmx_cpus)
		__vtj_vmx_leave(cpu);
	mutex_unlock(&vtj_vmx_lock);
	cpus_read_unlock();
}

/**
 * vtj_vmx_is_on() - whether vtjob has @cpu in VMX operation
 * @cpu: the CPU
 *
 * Return: true if it has; a snapshot that may change at once.
 */
bool vtj_vmx_is_on(unsigned int cpu)
{
	return cpu < nr_cpu_ids && cpumask_test_cpu(cpu, &vtj_vmx_cpus);
}

/**
 * vtj_vmx_nr_cpus() - how many CPUs vtjob has in VMX operation
 *
 * Return: the number, as a snapshot.
 */
unsigned int vtj_vmx_nr_cpus(void)
{
	return cpumask_weight(&vtj_vmx_cpus);
}

static void vtj_read_cr4_this_cpu(void *cr4)
{
	*(unsigned long *)cr4 = __read_cr4();
}

/**
 * vtj_vmx_read_cr4() - read CR4 on a CPU, as the hardware has it
 * @cpu: an online CPU
 *
 * Shows whether CR4.VMXE is set on @cpu, whoever set it.
 *
 * Return: CR4 of @cpu, or 0 if it could not be read.
 */
unsigned long vtj_vmx_read_cr4(unsigned int cpu)
{
	unsigned long cr4 = 0;

	smp_call_function_single(cpu, vtj_read_cr4_this_cpu, &cr4, 1);
	return cr4;
}

static int vtj_vmx_reboot(struct notifier_block *nb, unsigned long action,
			  void *unused)
{
	/* Covers reboot, halt, power-off and kexec (kernel_restart_prepare). */
	vtj_vmx_close();
	return NOTIFY_OK;
}

static struct notifier_block vtj_vmx_reboot_nb = {
	.notifier_call = vtj_vmx_reboot,
};

/**
 * vtj_vmx_cpus_init() - set up per-CPU VMX handling
 *
 * Registers for reboot and kexec, and for emergency restart, so that no
 * CPU is left in VMX operation behind vtjob's back. No CPU enters VMX
 * operation here.
 *
 * Return: 0 or -errno.
 */
int vtj_vmx_cpus_init(void)
{
	int err;

	err = vtj_emergency_init();
	if (err)
		return err;

	err = register_reboot_notifier(&vtj_vmx_reboot_nb);
	if (err)
		goto err_emergency;
	return 0;

err_emergency:
	vtj_emergency_exit();
	return err;
}

/**
 * vtj_vmx_cpus_exit() - leave VMX operation on every CPU, for unload
 */
void vtj_vmx_cpus_exit(void)
{
	vtj_vmx_close();
	unregister_reboot_notifier(&vtj_vmx_reboot_nb);
	vtj_emergency_exit();
}
