// SPDX-License-Identifier: GPL-2.0
/*
 * The CPU as a job sees it. CPUID always exits; the answer is the host's,
 * less what a job cannot use:
 *
 * - VMX, MONITOR/MWAIT and WAITPKG: privileged or exiting in a job;
 * - RDTSCP and RDPID: without the "enable RDTSCP" control they raise #UD
 *   in VMX non-root mode, and enabling them would show the host's
 *   IA32_TSC_AUX;
 * - PKU and OSPKE: the job runs with CR4.PKE clear;
 * - the XSAVE state components a job runs without (vtj_job_xcr0): PKRU,
 *   whose register is the runner's, and AMX's tiles, which Linux lets a
 *   process use only once it has asked (arch_prctl(ARCH_REQ_XCOMP_PERM)).
 *
 * A job runs with XCR0 = vtj_job_xcr0 (vmx/host_state.c), so XRSTOR in a
 * job cannot load what it was not told of.
 */
#include "../vtjob.h"

#include <linux/bits.h>
#include <linux/init.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <asm/cpufeature.h>
#include <asm/fpu/types.h>
#include <asm/fpu/xcr.h>
#include <asm/processor.h>

#include "cpuid.h"

#define VTJ_CPUID1_ECX_MONITOR		BIT(3)
#define VTJ_CPUID1_ECX_VMX		BIT(5)
#define VTJ_CPUID7_EBX_MPX		BIT(14)
#define VTJ_CPUID7_ECX_PKU		BIT(3)
#define VTJ_CPUID7_ECX_OSPKE		BIT(4)
#define VTJ_CPUID7_ECX_WAITPKG		BIT(5)
#define VTJ_CPUID7_ECX_RDPID		BIT(22)
#define VTJ_CPUID7_EDX_AMX_BF16		BIT(22)
#define VTJ_CPUID7_EDX_AMX_TILE		BIT(24)
#define VTJ_CPUID7_EDX_AMX_INT8		BIT(25)
#define VTJ_CPUIDD1_EAX_XSAVES		BIT(3)
#define VTJ_CPUID81_EDX_RDTSCP		BIT(27)

/* The user state components a job may have, where the host has them. */
#define VTJ_JOB_XFEATURES	(XFEATURE_MASK_FP | XFEATURE_MASK_SSE | \
				 XFEATURE_MASK_YMM | XFEATURE_MASK_AVX512)

/* XCR0 as Linux set it, the same on every CPU. */
u64 vtj_host_xcr0 __ro_after_init;
/* XCR0 while a job runs. */
u64 vtj_job_xcr0 __ro_after_init;
/* The XSAVE area size for vtj_job_xcr0, CPUID.(0xD,0):EBX for a job. */
u32 vtj_job_xsave_size __ro_after_init;

/**
 * vtj_cpuid_init() - decide the XCR0 jobs run with
 *
 * Called once at module load, after VMX was found.
 */
void __init vtj_cpuid_init(void)
{
	u32 eax, ebx, ecx, edx;
	unsigned int i;

	if (!boot_cpu_has(X86_FEATURE_OSXSAVE))
		return;
	vtj_host_xcr0 = xgetbv(XCR_XFEATURE_ENABLED_MASK);
	vtj_job_xcr0 = vtj_host_xcr0 & VTJ_JOB_XFEATURES;

	/* The legacy area and the header, then each component's place. */
	vtj_job_xsave_size = 512 + 64;
	for (i = 2; i < 64; i++) {
		if (!(vtj_job_xcr0 & BIT_ULL(i)))
			continue;
		cpuid_count(0xd, i, &eax, &ebx, &ecx, &edx);
		vtj_job_xsave_size = max(vtj_job_xsave_size, ebx + eax);
	}
}

/**
 * vtj_cpuid() - CPUID as a job sees it
 * @leaf: EAX
 * @subleaf: ECX
 * @regs: out: the answer
 */
void vtj_cpuid(u32 leaf, u32 subleaf, struct vtj_cpuid_regs *regs)
{
	cpuid_count(leaf, subleaf, &regs->eax, &regs->ebx, &regs->ecx,
		    &regs->edx);
	switch (leaf) {
	case 1:
		regs->ecx &= ~(VTJ_CPUID1_ECX_VMX | VTJ_CPUID1_ECX_MONITOR);
		break;
	case 7:
		if (subleaf)
			break;
		/* MPX's bound registers are not among the job's states. */
		regs->ebx &= ~VTJ_CPUID7_EBX_MPX;
		regs->ecx &= ~(VTJ_CPUID7_ECX_PKU | VTJ_CPUID7_ECX_OSPKE |
			       VTJ_CPUID7_ECX_WAITPKG | VTJ_CPUID7_ECX_RDPID);
		regs->edx &= ~(VTJ_CPUID7_EDX_AMX_BF16 | VTJ_CPUID7_EDX_AMX_TILE |
			       VTJ_CPUID7_EDX_AMX_INT8);
		break;
	case 0xd:
		if (subleaf == 0) {
			regs->eax &= lower_32_bits(vtj_job_xcr0);
			regs->edx &= upper_32_bits(vtj_job_xcr0);
			regs->ebx = vtj_job_xsave_size;
		} else if (subleaf == 1) {
			/* XSAVES is for CPL 0; the job has no IA32_XSS. */
			regs->eax &= ~VTJ_CPUIDD1_EAX_XSAVES;
			/* An upper bound of the compacted size. */
			regs->ebx = vtj_job_xsave_size;
			regs->ecx = 0;
			regs->edx = 0;
		} else if (subleaf >= 64 || !(vtj_job_xcr0 & BIT_ULL(subleaf))) {
			regs->eax = regs->ebx = regs->ecx = regs->edx = 0;
		}
		break;
	case 0x80000001:
		regs->edx &= ~VTJ_CPUID81_EDX_RDTSCP;
		break;
	}
}
