/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The job's system calls: those that concern only the job are served here,
 * in the module, on the job's CPU; the rest go to userspace (vtjobctl),
 * which serves them with the job's own file table.
 */
#ifndef VTJOB_SYS_H
#define VTJOB_SYS_H

#include <linux/ktime.h>
#include <linux/resource.h>
#include <linux/types.h>
#include <uapi/linux/vtjob.h>

struct vtj_job;

/*
 * The job's errno for a system call it does not have: x86-64 Linux's
 * ENOSYS, which is what the job's C library checks for.
 */
#define VTJ_JOB_ENOSYS		38

/* Signals as the job's x86-64 ABI numbers them: 1 to 64. */
#define VTJ_NSIG		64

/**
 * struct vtj_syscall - one system call of the job
 * @nr: its number (RAX)
 * @args: its arguments (RDI, RSI, RDX, R10, R8, R9)
 * @forward: set by a handler that wants userspace to finish the call,
 *	with @args as they are then
 */
struct vtj_syscall {
	u64 nr;
	u64 args[6];
	bool forward;
};

/**
 * struct vtj_job_mm - the job's address space, for its memory calls
 * @ready: VTJOB_SET_MM gave the layout; until then memory calls go to
 *	userspace
 * @flush_tlb: the page tables changed: flush the job's TLB before entry
 * @generation: counts changes to the page tables, for what caches them
 * @tables_next: the next free page for a page table
 * @tables_end: the end of the page table area; nothing is mapped below
 * @brk_start: where the heap starts
 * @brk: the program break
 * @mmap_base: mappings go top down from here
 * @stack_size: RLIMIT_STACK as the job sees it
 * @file_map_addr: start of a file mapping userspace is filling, or 0
 * @file_map_len: its length
 */
struct vtj_job_mm {
	bool ready;
	bool flush_tlb;
	u64 generation;
	u64 tables_next;
	u64 tables_end;
	u64 brk_start;
	u64 brk;
	u64 mmap_base;
	u64 stack_size;
	u64 file_map_addr;
	u64 file_map_len;
};

/**
 * struct vtj_sigaction - what rt_sigaction() recorded for one signal
 * @handler: SIG_DFL (0), SIG_IGN (1) or the handler's address
 * @flags: SA_* flags
 * @restorer: the return trampoline
 * @mask: signals blocked while the handler runs
 */
#define VTJ_SIG_DFL		0
#define VTJ_SIG_IGN		1

struct vtj_sigaction {
	u64 handler;
	u64 flags;
	u64 restorer;
	u64 mask;
};

/**
 * struct vtj_job_sys - what the job's system calls set and see
 * @trace: report every call served here (VTJOB_JOB_TRACE_SYSCALLS)
 * @sleeping: the job sleeps until @wake_at
 * @wake_at: CLOCK_MONOTONIC time the sleep ends
 * @clear_child_tid: set_tid_address()'s pointer
 * @robust_list: set_robust_list()'s head
 * @sigmask: blocked signals
 * @actions: rt_sigaction() per signal, from signal 1
 * @rlimits: the job's resource limits
 */
struct vtj_job_sys {
	bool trace;
	bool sleeping;
	ktime_t wake_at;
	u64 clear_child_tid;
	u64 robust_list;
	u64 sigmask;
	struct vtj_sigaction actions[VTJ_NSIG];
	struct rlimit64 rlimits[RLIM_NLIMITS];
};

typedef long (*vtj_sys_handler)(struct vtj_job *job, struct vtj_syscall *call);

int vtj_sys_dispatch(struct vtj_job *job, struct vtjob_exit *exit);
void vtj_sys_complete(struct vtj_job *job, s64 result);
int vtj_sys_mm_init(struct vtj_job *job, const struct vtjob_mm *mm);
void vtj_sys_mm_complete(struct vtj_job *job, s64 result);
void vtj_sys_init(struct vtj_job *job, bool trace);
void vtj_sys_exec_inherit(struct vtj_job_sys *sys, const struct vtj_job_sys *old);
bool vtj_sys_has_handler(const struct vtj_job *job, int signal);
int vtj_sys_sleep(struct vtj_job *job);
void vtj_sys_sleep_until(struct vtj_job *job, ktime_t deadline);

/* Memory: mm.c */
long vtj_sys_brk(struct vtj_job *job, struct vtj_syscall *call);
long vtj_sys_mmap(struct vtj_job *job, struct vtj_syscall *call);
long vtj_sys_munmap(struct vtj_job *job, struct vtj_syscall *call);
long vtj_sys_mremap(struct vtj_job *job, struct vtj_syscall *call);
long vtj_sys_mprotect(struct vtj_job *job, struct vtj_syscall *call);
long vtj_sys_madvise(struct vtj_job *job, struct vtj_syscall *call);

/* Identity and environment: process.c */
long vtj_sys_arch_prctl(struct vtj_job *job, struct vtj_syscall *call);
long vtj_sys_set_tid_address(struct vtj_job *job, struct vtj_syscall *call);
long vtj_sys_set_robust_list(struct vtj_job *job, struct vtj_syscall *call);
long vtj_sys_getpid(struct vtj_job *job, struct vtj_syscall *call);
long vtj_sys_gettid(struct vtj_job *job, struct vtj_syscall *call);
long vtj_sys_getppid(struct vtj_job *job, struct vtj_syscall *call);
long vtj_sys_getuid(struct vtj_job *job, struct vtj_syscall *call);
long vtj_sys_geteuid(struct vtj_job *job, struct vtj_syscall *call);
long vtj_sys_getgid(struct vtj_job *job, struct vtj_syscall *call);
long vtj_sys_getegid(struct vtj_job *job, struct vtj_syscall *call);
long vtj_sys_uname(struct vtj_job *job, struct vtj_syscall *call);
long vtj_sys_prlimit64(struct vtj_job *job, struct vtj_syscall *call);
long vtj_sys_getrlimit(struct vtj_job *job, struct vtj_syscall *call);
long vtj_sys_setrlimit(struct vtj_job *job, struct vtj_syscall *call);
long vtj_sys_sched_getaffinity(struct vtj_job *job, struct vtj_syscall *call);
long vtj_sys_sched_yield(struct vtj_job *job, struct vtj_syscall *call);
long vtj_sys_getrandom(struct vtj_job *job, struct vtj_syscall *call);
long vtj_sys_getrusage(struct vtj_job *job, struct vtj_syscall *call);
long vtj_sys_enosys(struct vtj_job *job, struct vtj_syscall *call);

/* Time: time.c */
long vtj_sys_clock_gettime(struct vtj_job *job, struct vtj_syscall *call);
long vtj_sys_clock_getres(struct vtj_job *job, struct vtj_syscall *call);
long vtj_sys_gettimeofday(struct vtj_job *job, struct vtj_syscall *call);
long vtj_sys_time(struct vtj_job *job, struct vtj_syscall *call);
long vtj_sys_nanosleep(struct vtj_job *job, struct vtj_syscall *call);
long vtj_sys_clock_nanosleep(struct vtj_job *job, struct vtj_syscall *call);

/* futex: futex.c */
long vtj_sys_futex(struct vtj_job *job, struct vtj_syscall *call);

/* Signals: signal.c */
long vtj_sys_rt_sigaction(struct vtj_job *job, struct vtj_syscall *call);
long vtj_sys_rt_sigprocmask(struct vtj_job *job, struct vtj_syscall *call);

#endif /* VTJOB_SYS_H */
