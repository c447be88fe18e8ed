// SPDX-License-Identifier: GPL-2.0
#include "runtime/job_exit_text.h"

#include <stdbool.h>
#include <stdio.h>

#define PAGE_FAULT_VECTOR	14

/* Exceptions that push an error code that says more than "0". */
static bool has_error_code(unsigned int vector)
{
	/* #DF, #TS, #NP, #SS, #GP, #AC, #CP; #PF's is told in words. */
	return vector == 8 || (vector >= 10 && vector <= 13) || vector == 17 ||
	       vector == 21;
}

static const char *exception_name(unsigned int vector)
{
	/* Intel SDM Vol. 3A, Table 6-1, in the words Linux's traps use. */
	static const char *const names[] = {
		[0] = "divide error",
		[1] = "debug trap",
		[2] = "non-maskable interrupt",
		[3] = "breakpoint",
		[4] = "overflow",
		[5] = "bound range exceeded",
		[6] = "invalid opcode",
		[7] = "device not available",
		[8] = "double fault",
		[9] = "coprocessor segment overrun",
		[10] = "invalid TSS",
		[11] = "segment not present",
		[12] = "stack segment fault",
		[13] = "general protection fault",
		[14] = "page fault",
		[16] = "x87 floating-point error",
		[17] = "alignment check",
		[18] = "machine check",
		[19] = "SIMD floating-point exception",
		[20] = "virtualization exception",
		[21] = "control protection fault",
	};

	if (vector < sizeof(names) / sizeof(names[0]) && names[vector])
		return names[vector];
	return NULL;
}

void job_exception_text(const struct vtjob_exit *exit, char *buf, size_t buflen)
{
	unsigned int vector = exit->exception.vector;
	unsigned long long rip = exit->exception.rip;
	const char *name = exception_name(vector);
	const char *access;

	if (vector == PAGE_FAULT_VECTOR) {
		access = exit->exception.fetch ? "executing" :
			 exit->exception.write ? "writing" : "reading";
		snprintf(buf, buflen, "page fault %s 0x%llx at rip 0x%llx", access,
			 (unsigned long long)exit->exception.address, rip);
	} else if (!name) {
		snprintf(buf, buflen, "exception %u at rip 0x%llx", vector, rip);
	} else if (has_error_code(vector) && exit->exception.error_code) {
		snprintf(buf, buflen, "%s (error code 0x%x) at rip 0x%llx", name,
			 exit->exception.error_code, rip);
	} else {
		snprintf(buf, buflen, "%s at rip 0x%llx", name, rip);
	}
}

const char *vmx_exit_reason_name(unsigned int reason)
{
	/* Intel SDM Vol. 3D, Appendix C. */
	static const char *const names[] = {
		[0] = "exception or NMI",
		[1] = "external interrupt",
		[2] = "triple fault",
		[3] = "INIT signal",
		[4] = "start-up IPI",
		[7] = "interrupt window",
		[8] = "NMI window",
		[9] = "task switch",
		[10] = "CPUID",
		[11] = "GETSEC",
		[12] = "HLT",
		[13] = "INVD",
		[14] = "INVLPG",
		[15] = "RDPMC",
		[16] = "RDTSC",
		[18] = "VMCALL",
		[19] = "VMCLEAR",
		[20] = "VMLAUNCH",
		[21] = "VMPTRLD",
		[22] = "VMPTRST",
		[23] = "VMREAD",
		[24] = "VMRESUME",
		[25] = "VMWRITE",
		[26] = "VMXOFF",
		[27] = "VMXON",
		[28] = "control-register access",
		[29] = "MOV DR",
		[30] = "I/O instruction",
		[31] = "RDMSR",
		[32] = "WRMSR",
		[33] = "VM-entry failure: invalid guest state",
		[34] = "VM-entry failure: MSR loading",
		[36] = "MWAIT",
		[37] = "monitor trap flag",
		[39] = "MONITOR",
		[40] = "PAUSE",
		[41] = "VM-entry failure: machine check",
		[43] = "TPR below threshold",
		[44] = "APIC access",
		[45] = "virtualized EOI",
		[46] = "GDTR or IDTR access",
		[47] = "LDTR or TR access",
		[48] = "EPT violation",
		[49] = "EPT misconfiguration",
		[50] = "INVEPT",
		[51] = "RDTSCP",
		[52] = "VMX-preemption timer expired",
		[53] = "INVVPID",
		[54] = "WBINVD",
		[55] = "XSETBV",
		[56] = "APIC write",
		[57] = "RDRAND",
		[58] = "INVPCID",
		[59] = "VMFUNC",
		[60] = "ENCLS",
		[61] = "RDSEED",
		[62] = "page-modification log full",
		[63] = "XSAVES",
		[64] = "XRSTORS",
		[67] = "UMWAIT",
		[68] = "TPAUSE",
	};

	if (reason < sizeof(names) / sizeof(names[0]))
		return names[reason];
	return NULL;
}
