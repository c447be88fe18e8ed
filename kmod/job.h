/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A job: one program in VMX non-root mode, with one vCPU bound to one
 * reserved CPU for its life, which it may share with other jobs, and its
 * memory mapped through EPT.
 */
#ifndef VTJOB_JOB_H
#define VTJOB_JOB_H

#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/wait.h>
#include <linux/types.h>
#include <asm/barrier.h>
#include <asm/fpu/api.h>
#include <asm/fpu/types.h>
#include <uapi/linux/vtjob.h>

#include "guest/gate.h"
#include "job_time.h"
#include "sys/sys.h"
#include "vmx/ept.h"
#include "vmx/exit.h"
#include "vmx/speculation.h"
#include "vmx/vmcs.h"

/* General-purpose registers in the hardware's encoding order. */
enum vtj_reg {
	VTJ_RAX, VTJ_RCX, VTJ_RDX, VTJ_RBX, VTJ_RSP, VTJ_RBP, VTJ_RSI, VTJ_RDI,
	VTJ_R8, VTJ_R9, VTJ_R10, VTJ_R11, VTJ_R12, VTJ_R13, VTJ_R14, VTJ_R15,
	VTJ_NR_REGS,
};

/**
 * struct vtj_insn_cache - where the bytes of the job's last SYSCALL are
 * @rip: its address in the job
 * @generation: the job's page tables it was found through
 * @ept_generation: the EPT it was found through
 * @kva: the bytes in the kernel (the job's pinned memory), or NULL
 */
struct vtj_insn_cache {
	u64 rip;
	u64 generation;
	u64 ept_generation;
	const u8 *kva;
};

/**
 * struct vtj_page_cache - the last page of the job's memory the module
 *	read or wrote for a call (vtj_job_read(), vtj_job_write())
 * @gva: its guest-virtual address, 4 KiB-aligned
 * @generation: the job's page tables it was found through
 * @ept_generation: the EPT it was found through
 * @kva: the page in the kernel (the job's pinned memory), or NULL
 * @writable: found for a write: writes may use it as well as reads
 */
struct vtj_page_cache {
	u64 gva;
	u64 generation;
	u64 ept_generation;
	u8 *kva;
	bool writable;
};

/**
 * struct vtj_job - a job
 * @id: unique id, for events and status
 * @cpu: the reserved CPU the job runs on; written under the reservation
 *	lock and @lock together, so either keeps it still
 * @cpu_node: in the list of @cpu's jobs (cpus.c), empty once unbound
 * @movable: the module chose @cpu (VTJOB_CPU_ANY), and may choose again
 *	when the job is about to run (vtj_cpus_balance())
 * @runner: pid of the thread that last ran the job
 * @owner_mm: the creator's address space, the only one whose threads may use
 *	the job (held with mmgrab(), compared only)
 * @lock: serializes the job's ioctls and its eviction; held for a whole
 *	run (see the lock order in cpus.c)
 * @ept: the job's guest-physical memory
 * @vmcs: the job's VMCS region
 * @vpid: the job's VPID, or 0 without VPID
 * @vmcs_ready: the VMCS is set up on @cpu and not cleared since; it is
 *	current there when it was the last one loaded (see vmx/vmcs.c)
 * @vmcs_filled: the VMCS was set up once, on some CPU: after a VMCLEAR
 *	it holds the job's whole state still, for the job's next CPU
 * @vmcs_launched: VMLAUNCH succeeded since the last VMCLEAR: VMRESUME
 * @launched: the job entered the guest at least once
 * @evicted: the job lost its CPU (forced release, CPU offline): it cannot
 *	run again; the VMCS was cleared on the CPU when that happened
 * @evict_reason: why, an enum vtjob_release_reason
 * @regs_set: VTJOB_SET_REGS gave the job its registers
 * @syscall_pending: the last run stopped at a system call for userspace
 * @end: how the job ended, an enum vtjob_job_end, once it has
 * @end_status: its exit status or signal, as @end says
 * @gpr: general-purpose registers (RSP is in @rsp)
 * @rip: instruction pointer
 * @rsp: stack pointer
 * @rflags: flags
 * @fs_base: FS base
 * @gs_base: GS base
 * @cr3: guest-physical address of the job's PML4
 * @time: the time it ran and the time its limit leaves it
 * @exits: VM exits by basic reason
 * @syscalls_served: system calls the module served
 * @syscalls_forwarded: system calls it handed to userspace
 * @guest_fpu: the job's FPU, SSE and AVX state
 * @wake: where a sleeping job's runner waits; woken on eviction
 * @mm: the job's address space
 * @sys: what the job's system calls set
 * @syscall_insn: see vtj_job_at_syscall()
 * @last_page: see vtj_job_page()
 * @gate: what the job's system-call gate answers with, as last written
 * @gate_written: whether @gate is in the gate's page
 * @gate_scratch: the gate's scratch page, in the kernel, once found
 * @gate_clocks_tried: whether the gate's clocks were set up (or failed)
 * @gate_clocks: whether the gate answers the clock calls
 * @host: the changing host state in the job's VMCS
 */
struct vtj_job {
	u64 id;
	unsigned int cpu;
	struct list_head cpu_node;
	bool movable;
	pid_t runner;
	struct mm_struct *owner_mm;
	struct mutex lock;
	struct vtj_ept ept;
	struct page *vmcs;
	u16 vpid;
	bool vmcs_ready;
	bool vmcs_filled;
	bool vmcs_launched;
	bool launched;
	bool evicted;
	u32 evict_reason;
	bool regs_set;
	bool syscall_pending;
	u32 end;
	u32 end_status;
	unsigned long gpr[VTJ_NR_REGS];
	u64 rip;
	u64 rsp;
	u64 rflags;
	u64 fs_base;
	u64 gs_base;
	u64 cr3;
	struct vtj_job_time time;
	u64 exits[VTJ_NR_EXIT_REASONS];
	u64 syscalls_served;
	u64 syscalls_forwarded;
	struct fpu_guest guest_fpu;
	wait_queue_head_t wake;
	struct vtj_job_mm mm;
	struct vtj_job_sys sys;
	struct vtj_insn_cache syscall_insn;
	struct vtj_page_cache last_page;
	struct vtj_gate_data gate;
	bool gate_written;
	void *gate_scratch;
	bool gate_clocks_tried;
	bool gate_clocks;
	struct vtj_host_state host;
	struct vtj_l1d_state l1d;
};

/* Whether the job lost its CPU; @evict_reason is valid once it has. */
static inline bool vtj_job_evicted(const struct vtj_job *job)
{
	/* Pairs with the release in vtj_job_evict(). */
	return smp_load_acquire(&job->evicted);
}

struct file;

long vtj_job_create(struct vtjob_create_job *args, int *fd,
		    struct file **file);
void vtj_job_evict(struct vtj_job *job, enum vtjob_release_reason reason);
bool vtj_job_move(struct vtj_job *job, unsigned int cpu);
struct vtj_job *vtj_job_from_file(struct file *file);

/* run.c */
long vtj_job_run(void *ctx, void *arg);

#endif /* VTJOB_JOB_H */
