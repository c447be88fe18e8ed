// SPDX-License-Identifier: GPL-2.0
/*
 * What the gate's code (gate_code.S) needs to know of the host's vDSO
 * data, generated as gate_offsets.h the way the kernel generates its
 * asm-offsets.h: compiled to assembly, never linked. The gate reads the
 * clocks as the host's own vDSO does (lib/vdso/gettimeofday.c), from the
 * same page, so the layout must be this kernel's.
 */
#define COMPILE_OFFSETS
#include <linux/cache.h>
#include <linux/kbuild.h>
#include <linux/time.h>
#include <asm/barrier.h>
#include <vdso/datapage.h>

void vtj_gate_offsets(void);

void vtj_gate_offsets(void)
{
	OFFSET(VTJ_VD_SEQ, vdso_data, seq);
	OFFSET(VTJ_VD_CLOCK_MODE, vdso_data, clock_mode);
	OFFSET(VTJ_VD_CYCLE_LAST, vdso_data, cycle_last);
	OFFSET(VTJ_VD_MULT, vdso_data, mult);
	OFFSET(VTJ_VD_SHIFT, vdso_data, shift);
	OFFSET(VTJ_VD_BASETIME, vdso_data, basetime);
	DEFINE(VTJ_VD_SIZE, sizeof(struct vdso_data));
	OFFSET(VTJ_TS_SEC, vdso_timestamp, sec);
	OFFSET(VTJ_TS_NSEC, vdso_timestamp, nsec);
	DEFINE(VTJ_TS_SIZE, sizeof(struct vdso_timestamp));
	DEFINE(VTJ_VDSO_CLOCKMODE_TSC, VDSO_CLOCKMODE_TSC);
	DEFINE(VTJ_CS_RAW, CS_RAW);
	/* The clocks the vDSO reads itself, each way. */
	DEFINE(VTJ_CLOCKS_HRES, VDSO_HRES);
	DEFINE(VTJ_CLOCKS_RAW, VDSO_RAW);
	DEFINE(VTJ_CLOCKS_COARSE, VDSO_COARSE);
	DEFINE(VTJ_NR_CLOCKS, VDSO_BASES);
	DEFINE(VTJ_CLOCK_REALTIME, CLOCK_REALTIME);
	DEFINE(VTJ_NSEC_PER_SEC, NSEC_PER_SEC);
	DEFINE(VTJ_NSEC_PER_USEC, NSEC_PER_USEC);

	/*
	 * Where the vDSO data is in its page: asm/vvar.h says it with
	 * DECLARE_VVAR(offset, ...), which emits the offset when EMIT_VVAR
	 * is defined, as the vDSO's linker script has it. vdso/datapage.h
	 * included it already for its declarations; again, for the offset.
	 */
#undef _ASM_X86_VVAR_H
#define EMIT_VVAR(name, offset)	{ DEFINE(VTJ_VVAR_OFFSET##name, offset); }
#include <asm/vvar.h>
#undef EMIT_VVAR
}
