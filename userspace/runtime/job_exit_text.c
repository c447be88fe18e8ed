// SPDX-License-Identifier: GPL-2.0
#include "runtime/job_exit_text.h"

#include <stdbool.h>
#include <stdio.h>

#include <asm/vmx.h>

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
	/* Linux's own names, as KVM's tracepoints print them. */
	static const struct {
		unsigned int reason;
		const char *name;
	} names[] = { VMX_EXIT_REASONS };
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].reason == reason)
			return names[i].name;
	return NULL;
}
