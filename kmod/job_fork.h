/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The child of a fork: a job that starts as a copy of another job's
 * state, taken while that job waits at its forwarded fork.
 */
#ifndef VTJOB_JOB_FORK_H
#define VTJOB_JOB_FORK_H

#include <linux/types.h>

#include "job.h"

/*
 * The FPU state travels in the UABI XSAVE layout, whose size for what a
 * job may have (x87, SSE, AVX, AVX-512: 2688 bytes) fits the 4 KiB that
 * KVM's struct kvm_xsave gives it.
 */
#define VTJ_FORK_FPU_SIZE	4096

/**
 * struct vtj_job_fork - what a child job takes from its parent
 * @mem_size: the parent's memory size, which the child's must match
 * @gpr: general-purpose registers (RSP is in @rsp)
 * @rip: instruction pointer, after the parent's SYSCALL
 * @rsp: stack pointer
 * @rflags: flags
 * @fs_base: FS base
 * @gs_base: GS base
 * @cr3: the page tables, in the child's copy of the memory
 * @mm: the memory layout and program break
 * @sys: signal actions and mask, resource limits
 * @fpu: the FPU, SSE and AVX state, in the UABI XSAVE layout
 */
struct vtj_job_fork {
	u64 mem_size;
	unsigned long gpr[VTJ_NR_REGS];
	u64 rip;
	u64 rsp;
	u64 rflags;
	u64 fs_base;
	u64 gs_base;
	u64 cr3;
	struct vtj_job_mm mm;
	struct vtj_job_sys sys;
	u8 fpu[VTJ_FORK_FPU_SIZE];
};

struct vtj_job_fork *vtj_job_fork_take(int parent_fd);
int vtj_job_fork_give(struct vtj_job *job, const struct vtj_job_fork *fork);

#endif /* VTJOB_JOB_FORK_H */
