/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The job's system-call gate: a page of guest ring-0 code that SYSCALL
 * enters, which answers the calls that need nothing from the host without
 * leaving VMX non-root operation, and hands every other call to the
 * module with VMCALL.
 */
#ifndef VTJOB_GUEST_GATE_H
#define VTJOB_GUEST_GATE_H

/*
 * Where the gate is in every job: the last page below the 47-bit
 * boundary, the one page a Linux process can never map (TASK_SIZE ends
 * there), so that no program expects memory of its own at that address.
 */
#define VTJ_GATE_VA		0x7ffffffff000
/*
 * Below it, for ring 0 alone too: the page where the gate keeps the
 * registers it borrows, writable, and the host's vDSO data page, which
 * the gate reads the clocks from as the host's vDSO does.
 */
#define VTJ_GATE_SCRATCH_VA	(VTJ_GATE_VA - 0x1000)
#define VTJ_GATE_VVAR_VA	(VTJ_GATE_VA - 0x2000)

/* The page: the code from its start, the data the code reads from here. */
#define VTJ_GATE_DATA		0x800
#define VTJ_GATE_SERVE		(VTJ_GATE_DATA + 0)
#define VTJ_GATE_PID		(VTJ_GATE_DATA + 4)
#define VTJ_GATE_UID		(VTJ_GATE_DATA + 8)
#define VTJ_GATE_EUID		(VTJ_GATE_DATA + 12)
#define VTJ_GATE_GID		(VTJ_GATE_DATA + 16)
#define VTJ_GATE_EGID		(VTJ_GATE_DATA + 20)
#define VTJ_GATE_CLOCKS		(VTJ_GATE_DATA + 24)

/* The registers the gate's clock calls borrow, in the scratch page. */
#define VTJ_GATE_SAVED_RAX	0
#define VTJ_GATE_SAVED_RCX	8
#define VTJ_GATE_SAVED_RDX	16
#define VTJ_GATE_SAVED_R8	24
#define VTJ_GATE_SAVED_R9	32
#define VTJ_GATE_SAVED_R10	40
#define VTJ_GATE_SAVED_R11	48

#ifndef __ASSEMBLY__
#include <linux/types.h>

struct vtj_exit_info;
struct vtj_job;

/* gate_code.S: the code, and its region where registers are borrowed. */
extern const u8 vtj_gate_code[], vtj_gate_code_end[];
extern const u8 vtj_gate_dirty[], vtj_gate_clean[];

/**
 * struct vtj_gate_data - what the gate answers with, at VTJ_GATE_DATA
 * @serve: 0 to hand every call to the module (a traced job)
 * @pid: getpid() and gettid(), in the runner's PID namespace
 * @uid: getuid(), in the runner's user namespace
 * @euid: geteuid()
 * @gid: getgid()
 * @egid: getegid()
 * @clocks: 1 when the gate reads the clocks from the host's vDSO data,
 *	mapped at VTJ_GATE_VVAR_VA; 0 to hand the clock calls to the module
 */
struct vtj_gate_data {
	u32 serve;
	u32 pid;
	u32 uid;
	u32 euid;
	u32 gid;
	u32 egid;
	u32 clocks;
};

void vtj_gate_install(struct vtj_job *job);
int vtj_gate_map(struct vtj_job *job);
int vtj_gate_refresh(struct vtj_job *job);
int vtj_gate_after_exit(struct vtj_job *job, struct vtj_exit_info *info);
#endif

#endif /* VTJOB_GUEST_GATE_H */
