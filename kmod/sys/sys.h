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
/* The job's sigset_t: one bit per signal, signal 1 in bit 0. */
#define VTJ_SIG_BIT(sig)	BIT_ULL((sig) - 1)
#define VTJ_SIG_UNBLOCKABLE	(VTJ_SIG_BIT(SIGKILL) | VTJ_SIG_BIT(SIGSTOP))

/* The lowest address a job may not run at or use as a segment base. */
#define VTJ_TASK_SIZE_MAX	((1ULL << 47) - PAGE_SIZE)

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
 * @gate_page: guest-physical address of the system-call gate's page in the
 *	table area, or 0 where SYSCALL raises #UD (guest/gate.c)
 * @gate_scratch: guest-physical address of the gate's scratch page
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
	u64 gate_page;
	u64 gate_scratch;
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

/*
 * What the module keeps of a pending signal's siginfo_t: its head and the
 * part of the union any signal Linux sends uses (the pid, uid and status
 * of SIGCHLD, a fault's address); the frame gets the rest as zeros.
 */
#define VTJ_SIGINFO_KEPT	48

/* The x86-64 stack_t, as sigaltstack() and a frame's uc_stack hold it. */
struct vtj_stack_t {
	u64 ss_sp;
	s32 ss_flags;
	u32 __pad;
	u64 ss_size;
};

/**
 * struct vtj_sigaltstack - sigaltstack()'s stack
 * @sp: its lowest address
 * @size: its size; 0 with SS_DISABLE in @flags when there is none
 * @flags: SS_DISABLE, SS_AUTODISARM
 */
struct vtj_sigaltstack {
	u64 sp;
	u64 size;
	u32 flags;
};

/* Whether @sp is on the job's alternate signal stack (on_sig_stack()). */
static inline bool vtj_sig_on_altstack(const struct vtj_sigaltstack *ss, u64 sp)
{
	return ss->size && sp > ss->sp && sp - ss->sp <= ss->size;
}

/**
 * struct vtj_sig_fault - the exception behind a pending fault signal, for
 *	the sigcontext of its frame
 * @signal: the signal it is pending as, or 0 for none
 * @trapno: the vector
 * @error_code: its error code
 * @address: CR2's value for a page fault
 */
struct vtj_sig_fault {
	int signal;
	u64 trapno;
	u64 error_code;
	u64 address;
};

/**
 * struct vtj_fd_map - where the runner keeps the job's fd table
 *	(VTJOB_SET_FD_MAP)
 * @addr: the entry of job fd 0, in the runner
 * @count: entries; 0: no map, every file call is forwarded
 * @stride: bytes from one entry to the next
 */
struct vtj_fd_map {
	u64 addr;
	u32 count;
	u32 stride;
};

/**
 * struct vtj_job_sys - what the job's system calls set and see
 * @trace: report every call served here (VTJOB_JOB_TRACE_SYSCALLS)
 * @sleeping: the job sleeps until @wake_at
 * @wake_at: CLOCK_MONOTONIC time the sleep ends
 * @sleep_rem: where a nanosleep() a handler cuts short writes the time
 *	left, or 0
 * @clear_child_tid: set_tid_address()'s pointer
 * @robust_list: set_robust_list()'s head
 * @sigmask: blocked signals
 * @pending: signals queued and not yet delivered, one bit each
 * @saved_sigmask: the mask rt_sigsuspend() replaced, which the frame of
 *	the handler that ends it saves
 * @restore_sigmask: @saved_sigmask is set
 * @restart: the call the job stopped at was cut short by a signal:
 *	delivery restarts it or fails it with EINTR
 * @call_nr: the number of the last call the job made, for a restart
 * @sigreturn_fpu: rt_sigreturn() left @sigreturn_fpstate to take back
 * @sigreturn_fpstate: the FPU image of the frame it returned from
 * @altstack: sigaltstack()'s stack
 * @fault: for a pending fault signal (SIGSEGV and the like)
 * @pending_info: the siginfo_t head of each pending signal
 * @actions: rt_sigaction() per signal, from signal 1
 * @rlimits: the job's resource limits
 * @fd_map: the runner's table of the job's fds
 */
struct vtj_job_sys {
	bool trace;
	bool sleeping;
	ktime_t wake_at;
	u64 sleep_rem;
	u64 clear_child_tid;
	u64 robust_list;
	u64 sigmask;
	u64 pending;
	u64 saved_sigmask;
	bool restore_sigmask;
	bool restart;
	u64 call_nr;
	bool sigreturn_fpu;
	u64 sigreturn_fpstate;
	struct vtj_sigaltstack altstack;
	struct vtj_sig_fault fault;
	u8 pending_info[VTJ_NSIG][VTJ_SIGINFO_KEPT];
	struct vtj_sigaction actions[VTJ_NSIG];
	struct rlimit64 rlimits[RLIM_NLIMITS];
	struct vtj_fd_map fd_map;
};

typedef long (*vtj_sys_handler)(struct vtj_job *job, struct vtj_syscall *call);

int vtj_sys_dispatch(struct vtj_job *job, struct vtjob_exit *exit);
void vtj_sys_complete(struct vtj_job *job, s64 result);
int vtj_sys_mm_init(struct vtj_job *job, const struct vtjob_mm *mm);
void vtj_sys_mm_complete(struct vtj_job *job, s64 result);
void vtj_sys_init(struct vtj_job *job, bool trace);
void vtj_sys_exec_inherit(struct vtj_job_sys *sys, const struct vtj_job_sys *old);
bool vtj_sys_has_handler(const struct vtj_job *job, int signal);
int vtj_sig_queue(struct vtj_job *job, const void *siginfo);
bool vtj_sig_queue_fault(struct vtj_job *job, int signal, int code,
			 const struct vtj_sig_fault *fault);
int vtj_sig_deliver(struct vtj_job *job, struct vtjob_exit *exit);
void vtj_sig_force_segv(struct vtj_job_sys *sys);
void vtj_sig_set_altstack(struct vtj_job *job, const struct vtj_stack_t *st);
long vtj_job_signal(void *ctx, void *arg);

/* Signals the job may take: pending and not blocked. */
static inline bool vtj_sig_deliverable(const struct vtj_job_sys *sys)
{
	return sys->pending & ~sys->sigmask;
}

/*
 * Work for vtj_sig_deliver() before the job runs again: a signal to
 * take, or the FPU state of a frame rt_sigreturn() returned from.
 */
static inline bool vtj_sig_work(const struct vtj_job_sys *sys)
{
	return vtj_sig_deliverable(sys) || sys->sigreturn_fpu;
}
int vtj_sys_sleep(struct vtj_job *job);
long vtj_sys_sleep_interrupted(struct vtj_job *job);
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

/* Reads of the job's regular files: file.c */
long vtj_sys_read(struct vtj_job *job, struct vtj_syscall *call);
long vtj_sys_pread64(struct vtj_job *job, struct vtj_syscall *call);
long vtj_sys_lseek(struct vtj_job *job, struct vtj_syscall *call);
long vtj_job_set_fd_map(void *ctx, void *arg);

/* futex: futex.c */
long vtj_sys_futex(struct vtj_job *job, struct vtj_syscall *call);

/* Signals: signal.c */
long vtj_sys_rt_sigaction(struct vtj_job *job, struct vtj_syscall *call);
long vtj_sys_rt_sigprocmask(struct vtj_job *job, struct vtj_syscall *call);
long vtj_sys_rt_sigpending(struct vtj_job *job, struct vtj_syscall *call);
long vtj_sys_rt_sigsuspend(struct vtj_job *job, struct vtj_syscall *call);
long vtj_sys_pause(struct vtj_job *job, struct vtj_syscall *call);
long vtj_sys_sigaltstack(struct vtj_job *job, struct vtj_syscall *call);

/* Signal frames: signal_frame.c */
long vtj_sys_rt_sigreturn(struct vtj_job *job, struct vtj_syscall *call);
int vtj_sig_setup_frame(struct vtj_job *job, int signal,
			const struct vtj_sigaction *action, u64 oldmask);
int vtj_sig_restore_fpu(struct vtj_job *job, u64 addr);

#endif /* VTJOB_SYS_H */
