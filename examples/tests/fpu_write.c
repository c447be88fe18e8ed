// SPDX-License-Identifier: GPL-2.0
/*
 * fpu_write [avx] [spin]: leaves its mark on every part of the FPU state
 * a job can reach, for fpu_read in the next job (and vtjobctl itself) to
 * not see: a pattern in XMM0-15 (YMM0-15 with "avx"), two values on the
 * x87 stack, and MXCSR and the x87 control word with every exception
 * unmasked and rounding toward zero, so that inexact arithmetic anywhere
 * the state leaked to traps. Then exits 0, or spins forever with "spin"
 * (for --timeout: vtjobctl must still compute and print the time).
 */
#include "vtjob_job.h"

#define MXCSR_UNMASKED_TRUNCATE	0xe040	/* FZ, RC = toward zero, DAZ, no masks */
#define FCW_UNMASKED_TRUNCATE	0x0c40	/* RC = toward zero, single precision */

static const unsigned char pattern[32] __attribute__((aligned(32))) = {
	0x5a, 0xa5, 0x5a, 0xa5, 0x5a, 0xa5, 0x5a, 0xa5,
	0x5a, 0xa5, 0x5a, 0xa5, 0x5a, 0xa5, 0x5a, 0xa5,
	0x5a, 0xa5, 0x5a, 0xa5, 0x5a, 0xa5, 0x5a, 0xa5,
	0x5a, 0xa5, 0x5a, 0xa5, 0x5a, 0xa5, 0x5a, 0xa5,
};
static const unsigned int mxcsr = MXCSR_UNMASKED_TRUNCATE;
static const unsigned short fcw = FCW_UNMASKED_TRUNCATE;

#define LOAD_ALL(insn, reg)							\
	insn " %[pattern], %%" reg "0\n\t" insn " %[pattern], %%" reg "1\n\t"	\
	insn " %[pattern], %%" reg "2\n\t" insn " %[pattern], %%" reg "3\n\t"	\
	insn " %[pattern], %%" reg "4\n\t" insn " %[pattern], %%" reg "5\n\t"	\
	insn " %[pattern], %%" reg "6\n\t" insn " %[pattern], %%" reg "7\n\t"	\
	insn " %[pattern], %%" reg "8\n\t" insn " %[pattern], %%" reg "9\n\t"	\
	insn " %[pattern], %%" reg "10\n\t" insn " %[pattern], %%" reg "11\n\t"	\
	insn " %[pattern], %%" reg "12\n\t" insn " %[pattern], %%" reg "13\n\t"	\
	insn " %[pattern], %%" reg "14\n\t" insn " %[pattern], %%" reg "15\n\t"

/* The rest happens in one asm statement: no compiled code after it. */
#define SET_CONTROL_AND_END						\
	"fld1\n\t"							\
	"fldpi\n\t"							\
	"fldcw %[fcw]\n\t"						\
	"ldmxcsr %[mxcsr]\n\t"						\
	"test %[spin], %[spin]\n\t"					\
	"jz 2f\n"							\
	"1:	pause\n\t"						\
	"jmp 1b\n"							\
	"2:	mov $231, %%eax\n\t"					\
	"xor %%edi, %%edi\n\t"						\
	"syscall\n\t"							\
	"ud2"

int main(int argc, char **argv, char **envp)
{
	int avx = 0, spin = 0, i;

	(void)envp;
	for (i = 1; i < argc; i++) {
		avx |= vtjob_streq(argv[i], "avx");
		spin |= vtjob_streq(argv[i], "spin");
	}
	vtjob_puts(1, avx ? "writing xmm, ymm, x87 and mxcsr\n" :
			    "writing xmm, x87 and mxcsr\n");
	if (avx)
		__asm__ volatile(LOAD_ALL("vmovdqu", "ymm") SET_CONTROL_AND_END
				 : : [pattern] "m"(pattern), [fcw] "m"(fcw),
				   [mxcsr] "m"(mxcsr), [spin] "r"(spin)
				 : "memory");
	else
		__asm__ volatile(LOAD_ALL("movdqu", "xmm") SET_CONTROL_AND_END
				 : : [pattern] "m"(pattern), [fcw] "m"(fcw),
				   [mxcsr] "m"(mxcsr), [spin] "r"(spin)
				 : "memory");
	__builtin_unreachable();
}
VTJOB_DEFINE_START(main);
