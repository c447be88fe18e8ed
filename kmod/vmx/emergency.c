// SPDX-License-Identifier: GPL-2.0
/*
 * VMXOFF on emergency restart and crash. Those paths cannot take locks or
 * run notifiers; instead the kernel calls one registered callback on every
 * CPU (cpu_emergency_register_virt_callback()), and there is exactly one
 * slot for it, which kvm_intel takes for as long as it is loaded.
 *
 * KVM's callback runs VMXOFF on any CPU with CR4.VMXE set, so while
 * kvm_intel is loaded it covers vtjob's CPUs too. vtjob therefore holds the
 * slot only while it has CPUs in VMX operation and kvm_intel is not
 * loaded, and refuses to let kvm_intel load while it holds the slot
 * (kvm_intel would WARN and then run without its callback).
 */
#include "../vtjob.h"

#include <linux/kobject.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/notifier.h>
#include <linux/string.h>
#include <asm/reboot.h>
#include <asm/virtext.h>

#include "cpu.h"

#define VTJ_KVM_INTEL	"kvm_intel"

static DEFINE_MUTEX(vtj_emergency_lock);
/* CPUs vtjob has in VMX operation. */
static unsigned int vtj_emergency_users;
/* Whether vtjob's callback holds the kernel's one slot. */
static bool vtj_emergency_registered;
/* kvm_intel is loading or loaded: its callback holds the slot. */
static bool vtj_kvm_intel_present;

/* Called in NMI context on each CPU by the emergency restart paths. */
static void vtj_emergency_vmxoff(void)
{
	__cpu_emergency_vmxoff();
}

static void vtj_emergency_register(void)
{
	lockdep_assert_held(&vtj_emergency_lock);

	if (!vtj_emergency_registered && !vtj_kvm_intel_present &&
	    vtj_emergency_users) {
		cpu_emergency_register_virt_callback(vtj_emergency_vmxoff);
		vtj_emergency_registered = true;
	}
}

static void vtj_emergency_unregister(void)
{
	lockdep_assert_held(&vtj_emergency_lock);

	if (vtj_emergency_registered) {
		cpu_emergency_unregister_virt_callback(vtj_emergency_vmxoff);
		vtj_emergency_registered = false;
	}
}

/**
 * vtj_emergency_get() - make sure emergency restart runs VMXOFF
 *
 * Called before a CPU enters VMX operation under vtjob.
 */
void vtj_emergency_get(void)
{
	mutex_lock(&vtj_emergency_lock);
	vtj_emergency_users++;
	vtj_emergency_register();
	mutex_unlock(&vtj_emergency_lock);
}

/**
 * vtj_emergency_put() - drop what vtj_emergency_get() took
 *
 * Called after a CPU left VMX operation under vtjob.
 */
void vtj_emergency_put(void)
{
	mutex_lock(&vtj_emergency_lock);
	if (!WARN_ON_ONCE(!vtj_emergency_users))
		vtj_emergency_users--;
	if (!vtj_emergency_users)
		vtj_emergency_unregister();
	mutex_unlock(&vtj_emergency_lock);
}

/**
 * vtj_kvm_intel_loaded() - whether kvm_intel is loaded
 *
 * Return: true if it is loading or loaded, as far as vtjob has seen.
 */
bool vtj_kvm_intel_loaded(void)
{
	return READ_ONCE(vtj_kvm_intel_present);
}

static int vtj_module_event(struct notifier_block *nb, unsigned long state,
			    void *data)
{
	struct module *mod = data;
	int ret = NOTIFY_DONE;

	if (strcmp(mod->name, VTJ_KVM_INTEL))
		return NOTIFY_DONE;

	mutex_lock(&vtj_emergency_lock);
	switch (state) {
	case MODULE_STATE_COMING:
		if (vtj_emergency_registered) {
			pr_err("refusing to let kvm_intel load while vtjob has %u CPU(s) in VMX operation: release them first\n",
			       vtj_emergency_users);
			ret = notifier_from_errno(-EBUSY);
			break;
		}
		WRITE_ONCE(vtj_kvm_intel_present, true);
		break;
	case MODULE_STATE_GOING:
		/* kvm_intel has given the slot back by now: take it over. */
		WRITE_ONCE(vtj_kvm_intel_present, false);
		vtj_emergency_register();
		break;
	}
	mutex_unlock(&vtj_emergency_lock);
	return ret;
}

static struct notifier_block vtj_module_nb = {
	.notifier_call = vtj_module_event,
};

/**
 * vtj_emergency_init() - start tracking kvm_intel
 *
 * Return: 0 or -errno.
 */
int vtj_emergency_init(void)
{
	struct kobject *kvm_intel;
	int err;

	err = register_module_notifier(&vtj_module_nb);
	if (err)
		return err;

	/*
	 * The notifier sees modules that load from now on; /sys/module shows
	 * those loaded before. module_kset is not exported, but every module,
	 * this one included, is a member of it.
	 */
	kvm_intel = kset_find_obj(THIS_MODULE->mkobj.kobj.kset, VTJ_KVM_INTEL);
	if (kvm_intel) {
		WRITE_ONCE(vtj_kvm_intel_present, true);
		kobject_put(kvm_intel);
	}
	return 0;
}

/**
 * vtj_emergency_exit() - stop tracking kvm_intel
 *
 * Every CPU has left VMX operation by now, so the slot is free again.
 */
void vtj_emergency_exit(void)
{
	unregister_module_notifier(&vtj_module_nb);
	mutex_lock(&vtj_emergency_lock);
	vtj_emergency_unregister();
	mutex_unlock(&vtj_emergency_lock);
}
