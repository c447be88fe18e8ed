/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What a job sees of the CPU: the CPUID leaves it is told and the XCR0 it
 * runs with, which agree, so that every feature a job is told of works.
 */
#ifndef VTJOB_VMX_CPUID_H
#define VTJOB_VMX_CPUID_H

#include <linux/types.h>

/**
 * struct vtj_cpuid_regs - one CPUID answer
 * @eax: EAX
 * @ebx: EBX
 * @ecx: ECX
 * @edx: EDX
 */
struct vtj_cpuid_regs {
	u32 eax, ebx, ecx, edx;
};

extern u64 vtj_host_xcr0;
extern u64 vtj_job_xcr0;
extern u32 vtj_job_xsave_size;

void vtj_cpuid_init(void);
void vtj_cpuid(u32 leaf, u32 subleaf, struct vtj_cpuid_regs *regs);

#endif /* VTJOB_VMX_CPUID_H */
