/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * vtjob: run programs in VMX non-root mode on reserved CPUs.
 *
 * The user-kernel ABI of /dev/vtjob. Every ioctl argument is a struct
 * whose first member, @size, is the number of bytes the caller passes;
 * the kernel accepts older (shorter) and newer (longer) structs as long
 * as the part it does not know is zero, the way copy_struct_from_user()
 * defines it. Members named __reserved and every flag not defined here
 * must be zero, or the ioctl fails with EINVAL.
 */
#ifndef _UAPI_LINUX_VTJOB_H
#define _UAPI_LINUX_VTJOB_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define VTJOB_DEVICE_NAME	"vtjob"

/* Bumped when a change to this ABI is not backwards compatible. */
#define VTJOB_API_VERSION	1

/* 0xBE is free in Documentation/userspace-api/ioctl/ioctl-number.rst. */
#define VTJOB_IOC_MAGIC		0xBE

enum {
	VTJOB_CMD_GET_API_VERSION = 0x00,
	VTJOB_CMD_GET_CAPS = 0x01,
};

/**
 * struct vtjob_api_version - VTJOB_GET_API_VERSION argument
 * @size: sizeof(struct vtjob_api_version), set by the caller
 * @flags: must be zero
 * @api_version: out: VTJOB_API_VERSION of the running module
 * @__reserved: must be zero
 */
struct vtjob_api_version {
	__u32 size;
	__u32 flags;
	__u32 api_version;
	__u32 __reserved;
};

/*
 * VMX features, as the module probed them from the capability MSRs.
 * VTJOB_FEAT_REQUIRED are those the module does not load without.
 */
#define VTJOB_FEAT_VMX			(1ULL << 0)  /* CPUID.1:ECX.VMX */
#define VTJOB_FEAT_FIRMWARE_ENABLED	(1ULL << 1)  /* IA32_FEATURE_CONTROL */
#define VTJOB_FEAT_VMCS_WB		(1ULL << 2)  /* VMCS in write-back memory */
#define VTJOB_FEAT_TRUE_CTLS		(1ULL << 3)  /* optional: TRUE_*_CTLS */
#define VTJOB_FEAT_SECONDARY_CTLS	(1ULL << 4)
#define VTJOB_FEAT_EPT			(1ULL << 5)
#define VTJOB_FEAT_EPT_4LEVEL		(1ULL << 6)
#define VTJOB_FEAT_EPT_WB		(1ULL << 7)
#define VTJOB_FEAT_INVEPT		(1ULL << 8)  /* single-context INVEPT */
#define VTJOB_FEAT_PREEMPTION_TIMER	(1ULL << 9)
#define VTJOB_FEAT_EXCEPTION_BITMAP	(1ULL << 10)
#define VTJOB_FEAT_ACK_INTR_ON_EXIT	(1ULL << 11)
#define VTJOB_FEAT_LOAD_EFER		(1ULL << 12)
#define VTJOB_FEAT_SAVE_EFER		(1ULL << 13)
#define VTJOB_FEAT_NMI_EXITING		(1ULL << 14)
#define VTJOB_FEAT_EXTINT_EXITING	(1ULL << 15)
#define VTJOB_FEAT_HOST_64BIT		(1ULL << 16) /* 64-bit host on exit */
#define VTJOB_FEAT_GUEST_64BIT		(1ULL << 17) /* IA-32e guest on entry */
/* Optional: used when present. */
#define VTJOB_FEAT_VPID			(1ULL << 32)
#define VTJOB_FEAT_EPT_2M		(1ULL << 33)
#define VTJOB_FEAT_UNRESTRICTED_GUEST	(1ULL << 34)

/* Bits 0-17 but TRUE_CTLS, which only refines the control MSRs. */
#define VTJOB_FEAT_REQUIRED		(((1ULL << 18) - 1) & ~VTJOB_FEAT_TRUE_CTLS)

/**
 * struct vtjob_caps - VTJOB_GET_CAPS argument
 * @size: sizeof(struct vtjob_caps), set by the caller
 * @flags: must be zero
 * @features: out: VTJOB_FEAT_* bits the CPU offers
 * @vmcs_revision: out: VMCS revision identifier from IA32_VMX_BASIC
 * @preemption_timer_shift: out: the VMX-preemption timer counts down
 *	once every 2^shift TSC ticks
 * @nr_cpus_vmx: out: CPUs now in VMX operation under vtjob
 * @__reserved: must be zero
 */
struct vtjob_caps {
	__u32 size;
	__u32 flags;
	__u64 features;
	__u32 vmcs_revision;
	__u32 preemption_timer_shift;
	__u32 nr_cpus_vmx;
	__u32 __reserved;
};

#define VTJOB_GET_API_VERSION	_IO(VTJOB_IOC_MAGIC, VTJOB_CMD_GET_API_VERSION)
#define VTJOB_GET_CAPS		_IO(VTJOB_IOC_MAGIC, VTJOB_CMD_GET_CAPS)

#endif /* _UAPI_LINUX_VTJOB_H */
