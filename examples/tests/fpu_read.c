// SPDX-License-Identifier: GPL-2.0
/*
 * fpu_read [avx]: whether the FPU state the job started with is the one
 * Linux gives a new program: XMM0-15 zero (and the upper halves of
 * YMM0-15 with "avx"), MXCSR 0x1f80, x87 control word 0x037f and an
 * empty x87 stack. Prints one line for each; exits 0 if all are so.
 */
#include "vtjob_job.h"

#define INIT_MXCSR	0x1f80
#define INIT_FCW	0x037f
#define EMPTY_TAGS	0xffff

unsigned char saved_xmm[16][16];
unsigned int saved_mxcsr;
/* FNSTENV's 28 bytes: control word at 0, tag word at 8. */
unsigned short saved_x87_env[14];

#define SAVE_XMM(n) "	movdqu %xmm" #n ", saved_xmm+" #n "*16(%rip)\n"

static int all_zero(const unsigned char *bytes, unsigned long len)
{
	unsigned long i;

	for (i = 0; i < len; i++)
		if (bytes[i])
			return 0;
	return 1;
}

/*
 * Compiled code uses only legacy SSE, which leaves the upper halves of
 * the YMM registers alone: they are still as the job got them.
 */
static int ymm_upper_zero(void)
{
	unsigned char upper[16][16];

#define SAVE_UPPER(n) "vextractf128 $1, %%ymm" #n ", %[u" #n "]\n\t"
	__asm__ volatile(SAVE_UPPER(0) SAVE_UPPER(1) SAVE_UPPER(2) SAVE_UPPER(3)
			 SAVE_UPPER(4) SAVE_UPPER(5) SAVE_UPPER(6) SAVE_UPPER(7)
			 SAVE_UPPER(8) SAVE_UPPER(9) SAVE_UPPER(10) SAVE_UPPER(11)
			 SAVE_UPPER(12) SAVE_UPPER(13) SAVE_UPPER(14) SAVE_UPPER(15)
			 : [u0] "=m"(upper[0]), [u1] "=m"(upper[1]), [u2] "=m"(upper[2]),
			   [u3] "=m"(upper[3]), [u4] "=m"(upper[4]), [u5] "=m"(upper[5]),
			   [u6] "=m"(upper[6]), [u7] "=m"(upper[7]), [u8] "=m"(upper[8]),
			   [u9] "=m"(upper[9]), [u10] "=m"(upper[10]), [u11] "=m"(upper[11]),
			   [u12] "=m"(upper[12]), [u13] "=m"(upper[13]), [u14] "=m"(upper[14]),
			   [u15] "=m"(upper[15]));
#undef SAVE_UPPER
	return all_zero(&upper[0][0], sizeof(upper));
}

static int report(const char *name, unsigned long value, unsigned long expected)
{
	char number[VTJOB_NUMBER_MAX];

	vtjob_puts(1, name);
	vtjob_puts(1, ": ");
	vtjob_puts(1, vtjob_xtoa(value, number));
	vtjob_puts(1, value == expected ? "\n" : " NOT INITIAL\n");
	return value != expected;
}

int main(int argc, char **argv, char **envp)
{
	int xmm_zero = all_zero(&saved_xmm[0][0], sizeof(saved_xmm));
	int dirty = !xmm_zero, i;

	(void)envp;
	vtjob_puts(1, xmm_zero ? "xmm: zero\n" : "xmm: NOT ZERO\n");
	for (i = 1; i < argc; i++) {
		if (vtjob_streq(argv[i], "avx")) {
			int ymm_zero = ymm_upper_zero();

			vtjob_puts(1, ymm_zero ? "ymm: zero\n" : "ymm: NOT ZERO\n");
			dirty |= !ymm_zero;
		}
	}
	dirty |= report("mxcsr", saved_mxcsr, INIT_MXCSR);
	dirty |= report("x87 control", saved_x87_env[0], INIT_FCW);
	dirty |= report("x87 tags", saved_x87_env[4], EMPTY_TAGS);
	return dirty;
}

/* Saved before any compiled code can use these registers. */
VTJOB_DEFINE_START_WITH(main,
	SAVE_XMM(0) SAVE_XMM(1) SAVE_XMM(2) SAVE_XMM(3)
	SAVE_XMM(4) SAVE_XMM(5) SAVE_XMM(6) SAVE_XMM(7)
	SAVE_XMM(8) SAVE_XMM(9) SAVE_XMM(10) SAVE_XMM(11)
	SAVE_XMM(12) SAVE_XMM(13) SAVE_XMM(14) SAVE_XMM(15)
	"	stmxcsr saved_mxcsr(%rip)\n"
	"	fnstenv saved_x87_env(%rip)\n");
