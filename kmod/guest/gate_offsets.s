	.file	"gate_offsets.c"
# GNU C11 (Debian 12.2.0-14+deb12u1) version 12.2.0 (x86_64-linux-gnu)
#	compiled by GNU C version 12.2.0, GMP version 6.2.1, MPFR version 4.2.0, MPC version 1.3.1, isl version isl-0.25-GMP

# GGC heuristics: --param ggc-min-expand=100 --param ggc-min-heapsize=131072
# options passed: -mno-sse -mno-mmx -mno-sse2 -mno-3dnow -mno-avx -m64 -mno-80387 -mno-fp-ret-in-387 -mpreferred-stack-boundary=3 -mskip-rax-setup -mtune=generic -mno-red-zone -mcmodel=kernel -mindirect-branch=thunk-extern -mindirect-branch-register -mindirect-branch-cs-prefix -mfunction-return=thunk-extern -mharden-sls=all -mrecord-mcount -mfentry -march=x86-64 -O2 -std=gnu11 -p -fno-strict-aliasing -fno-common -fshort-wchar -fno-PIE -fcf-protection=none -falign-jumps=1 -falign-loops=1 -fno-asynchronous-unwind-tables -fno-jump-tables -fno-delete-null-pointer-checks -fno-allow-store-data-races -fstack-protector-strong -ftrivial-auto-var-init=zero -fno-stack-clash-protection -fno-strict-overflow -fstack-check=no -fconserve-stack -fno-builtin-wcslen
	.text
	.p2align 4
	.globl	vtj_gate_offsets
	.type	vtj_gate_offsets, @function
vtj_gate_offsets:
1:	call	__fentry__
	.section __mcount_loc, "a",@progbits
	.quad 1b
	.previous
# /work/main/kmod/guest/gate_offsets.c:20: 	OFFSET(VTJ_VD_SEQ, vdso_data, seq);
#APP
# 20 "/work/main/kmod/guest/gate_offsets.c" 1
	
.ascii "->VTJ_VD_SEQ $0 offsetof(struct vdso_data, seq)"	#
# 0 "" 2
# /work/main/kmod/guest/gate_offsets.c:21: 	OFFSET(VTJ_VD_CLOCK_MODE, vdso_data, clock_mode);
# 21 "/work/main/kmod/guest/gate_offsets.c" 1
	
.ascii "->VTJ_VD_CLOCK_MODE $4 offsetof(struct vdso_data, clock_mode)"	#
# 0 "" 2
# /work/main/kmod/guest/gate_offsets.c:22: 	OFFSET(VTJ_VD_CYCLE_LAST, vdso_data, cycle_last);
# 22 "/work/main/kmod/guest/gate_offsets.c" 1
	
.ascii "->VTJ_VD_CYCLE_LAST $8 offsetof(struct vdso_data, cycle_last)"	#
# 0 "" 2
# /work/main/kmod/guest/gate_offsets.c:23: 	OFFSET(VTJ_VD_MULT, vdso_data, mult);
# 23 "/work/main/kmod/guest/gate_offsets.c" 1
	
.ascii "->VTJ_VD_MULT $24 offsetof(struct vdso_data, mult)"	#
# 0 "" 2
# /work/main/kmod/guest/gate_offsets.c:24: 	OFFSET(VTJ_VD_SHIFT, vdso_data, shift);
# 24 "/work/main/kmod/guest/gate_offsets.c" 1
	
.ascii "->VTJ_VD_SHIFT $28 offsetof(struct vdso_data, shift)"	#
# 0 "" 2
# /work/main/kmod/guest/gate_offsets.c:25: 	OFFSET(VTJ_VD_BASETIME, vdso_data, basetime);
# 25 "/work/main/kmod/guest/gate_offsets.c" 1
	
.ascii "->VTJ_VD_BASETIME $32 offsetof(struct vdso_data, basetime)"	#
# 0 "" 2
# /work/main/kmod/guest/gate_offsets.c:26: 	DEFINE(VTJ_VD_SIZE, sizeof(struct vdso_data));
# 26 "/work/main/kmod/guest/gate_offsets.c" 1
	
.ascii "->VTJ_VD_SIZE $240 sizeof(struct vdso_data)"	#
# 0 "" 2
# /work/main/kmod/guest/gate_offsets.c:27: 	OFFSET(VTJ_TS_SEC, vdso_timestamp, sec);
# 27 "/work/main/kmod/guest/gate_offsets.c" 1
	
.ascii "->VTJ_TS_SEC $0 offsetof(struct vdso_timestamp, sec)"	#
# 0 "" 2
# /work/main/kmod/guest/gate_offsets.c:28: 	OFFSET(VTJ_TS_NSEC, vdso_timestamp, nsec);
# 28 "/work/main/kmod/guest/gate_offsets.c" 1
	
.ascii "->VTJ_TS_NSEC $8 offsetof(struct vdso_timestamp, nsec)"	#
# 0 "" 2
# /work/main/kmod/guest/gate_offsets.c:29: 	DEFINE(VTJ_TS_SIZE, sizeof(struct vdso_timestamp));
# 29 "/work/main/kmod/guest/gate_offsets.c" 1
	
.ascii "->VTJ_TS_SIZE $16 sizeof(struct vdso_timestamp)"	#
# 0 "" 2
# /work/main/kmod/guest/gate_offsets.c:30: 	DEFINE(VTJ_VDSO_CLOCKMODE_TSC, VDSO_CLOCKMODE_TSC);
# 30 "/work/main/kmod/guest/gate_offsets.c" 1
	
.ascii "->VTJ_VDSO_CLOCKMODE_TSC $1 VDSO_CLOCKMODE_TSC"	#
# 0 "" 2
# /work/main/kmod/guest/gate_offsets.c:31: 	DEFINE(VTJ_CS_RAW, CS_RAW);
# 31 "/work/main/kmod/guest/gate_offsets.c" 1
	
.ascii "->VTJ_CS_RAW $1 CS_RAW"	#
# 0 "" 2
# /work/main/kmod/guest/gate_offsets.c:33: 	DEFINE(VTJ_CLOCKS_HRES, VDSO_HRES);
# 33 "/work/main/kmod/guest/gate_offsets.c" 1
	
.ascii "->VTJ_CLOCKS_HRES $2179 VDSO_HRES"	#
# 0 "" 2
# /work/main/kmod/guest/gate_offsets.c:34: 	DEFINE(VTJ_CLOCKS_RAW, VDSO_RAW);
# 34 "/work/main/kmod/guest/gate_offsets.c" 1
	
.ascii "->VTJ_CLOCKS_RAW $16 VDSO_RAW"	#
# 0 "" 2
# /work/main/kmod/guest/gate_offsets.c:35: 	DEFINE(VTJ_CLOCKS_COARSE, VDSO_COARSE);
# 35 "/work/main/kmod/guest/gate_offsets.c" 1
	
.ascii "->VTJ_CLOCKS_COARSE $96 VDSO_COARSE"	#
# 0 "" 2
# /work/main/kmod/guest/gate_offsets.c:36: 	DEFINE(VTJ_NR_CLOCKS, VDSO_BASES);
# 36 "/work/main/kmod/guest/gate_offsets.c" 1
	
.ascii "->VTJ_NR_CLOCKS $12 VDSO_BASES"	#
# 0 "" 2
# /work/main/kmod/guest/gate_offsets.c:37: 	DEFINE(VTJ_CLOCK_REALTIME, CLOCK_REALTIME);
# 37 "/work/main/kmod/guest/gate_offsets.c" 1
	
.ascii "->VTJ_CLOCK_REALTIME $0 CLOCK_REALTIME"	#
# 0 "" 2
# /work/main/kmod/guest/gate_offsets.c:38: 	DEFINE(VTJ_NSEC_PER_SEC, NSEC_PER_SEC);
# 38 "/work/main/kmod/guest/gate_offsets.c" 1
	
.ascii "->VTJ_NSEC_PER_SEC $1000000000 NSEC_PER_SEC"	#
# 0 "" 2
# /work/main/kmod/guest/gate_offsets.c:39: 	DEFINE(VTJ_NSEC_PER_USEC, NSEC_PER_USEC);
# 39 "/work/main/kmod/guest/gate_offsets.c" 1
	
.ascii "->VTJ_NSEC_PER_USEC $1000 NSEC_PER_USEC"	#
# 0 "" 2
# /usr/src/linux-headers-6.1.0-57-common/arch/x86/include/asm/vvar.h:51: DECLARE_VVAR(128, struct vdso_data, _vdso_data)
# 51 "/usr/src/linux-headers-6.1.0-57-common/arch/x86/include/asm/vvar.h" 1
	
.ascii "->VTJ_VVAR_OFFSET_vdso_data $128 128"	#
# 0 "" 2
# /work/main/kmod/guest/gate_offsets.c:51: }
#NO_APP
	jmp	__x86_return_thunk
	.size	vtj_gate_offsets, .-vtj_gate_offsets
	.ident	"GCC: (Debian 12.2.0-14+deb12u1) 12.2.0"
	.section	.note.GNU-stack,"",@progbits
