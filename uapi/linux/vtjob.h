/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * vtjob: run programs in VMX non-root mode on reserved CPUs.
 *
 * The user-kernel ABI of /dev/vtjob. Every ioctl argument is a struct
 * whose first member, @size, is the number of bytes the caller passes;
 * the kernel accepts older (shorter) and newer (longer) structs as long
 * as the part it does not know is zero, the way copy_struct_from_user()
 * defines it. Members named __reserved and every flag not defined here
 * must be zero, or the ioctl fails with EINVAL.
 */
#ifndef _UAPI_LINUX_VTJOB_H
#define _UAPI_LINUX_VTJOB_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define VTJOB_DEVICE_NAME	"vtjob"

/* Bumped when a change to this ABI is not backwards compatible. */
#define VTJOB_API_VERSION	1

/* 0xBE is free in Documentation/userspace-api/ioctl/ioctl-number.rst. */
#define VTJOB_IOC_MAGIC		0xBE

enum {
	/* /dev/vtjob */
	VTJOB_NR_GET_API_VERSION = 0x00,
	VTJOB_NR_GET_CAPS = 0x01,
	VTJOB_NR_CREATE_JOB = 0x02,
	/* a job fd */
	VTJOB_NR_GET_REGS = 0x10,
	VTJOB_NR_SET_REGS = 0x11,
	VTJOB_NR_RUN = 0x12,
	VTJOB_NR_SET_MM = 0x13,
	VTJOB_NR_GET_STATS = 0x14,
	VTJOB_NR_SIGNAL = 0x15,
	VTJOB_NR_UNSHARE = 0x16,
	VTJOB_NR_SET_FD_MAP = 0x17,
};

/**
 * struct vtjob_api_version - VTJOB_GET_API_VERSION argument
 * @size: sizeof(struct vtjob_api_version), set by the caller
 * @flags: must be zero
 * @api_version: out: VTJOB_API_VERSION of the running module
 * @__reserved: must be zero
 */
struct vtjob_api_version {
	__u32 size;
	__u32 flags;
	__u32 api_version;
	__u32 __reserved;
};

/*
 * VMX features, as the module probed them from the capability MSRs.
 * VTJOB_FEAT_REQUIRED are those the module does not load without.
 */
#define VTJOB_FEAT_VMX			(1ULL << 0)  /* CPUID.1:ECX.VMX */
#define VTJOB_FEAT_FIRMWARE_ENABLED	(1ULL << 1)  /* IA32_FEATURE_CONTROL */
#define VTJOB_FEAT_VMCS_WB		(1ULL << 2)  /* VMCS in write-back memory */
#define VTJOB_FEAT_TRUE_CTLS		(1ULL << 3)  /* optional: TRUE_*_CTLS */
#define VTJOB_FEAT_SECONDARY_CTLS	(1ULL << 4)
#define VTJOB_FEAT_EPT			(1ULL << 5)
#define VTJOB_FEAT_EPT_4LEVEL		(1ULL << 6)
#define VTJOB_FEAT_EPT_WB		(1ULL << 7)
#define VTJOB_FEAT_INVEPT		(1ULL << 8)  /* single-context INVEPT */
#define VTJOB_FEAT_PREEMPTION_TIMER	(1ULL << 9)
#define VTJOB_FEAT_EXCEPTION_BITMAP	(1ULL << 10)
#define VTJOB_FEAT_ACK_INTR_ON_EXIT	(1ULL << 11)
#define VTJOB_FEAT_LOAD_EFER		(1ULL << 12)
#define VTJOB_FEAT_SAVE_EFER		(1ULL << 13)
#define VTJOB_FEAT_NMI_EXITING		(1ULL << 14)
#define VTJOB_FEAT_EXTINT_EXITING	(1ULL << 15)
#define VTJOB_FEAT_HOST_64BIT		(1ULL << 16) /* 64-bit host on exit */
#define VTJOB_FEAT_GUEST_64BIT		(1ULL << 17) /* IA-32e guest on entry */
/* HLT, INVLPG, MWAIT, MONITOR, RDPMC, CR8, MOV DR and all I/O exit. */
#define VTJOB_FEAT_PRIV_EXITING		(1ULL << 18)
/* Load the guest's DR7 and IA32_DEBUGCTL on entry, save them on exit. */
#define VTJOB_FEAT_DEBUG_CTLS		(1ULL << 19)
/* Optional: used when present. */
#define VTJOB_FEAT_VPID			(1ULL << 32)
#define VTJOB_FEAT_EPT_2M		(1ULL << 33)
#define VTJOB_FEAT_UNRESTRICTED_GUEST	(1ULL << 34)

/* Bits 0-19 but TRUE_CTLS, which only refines the control MSRs. */
#define VTJOB_FEAT_REQUIRED		(((1ULL << 20) - 1) & ~VTJOB_FEAT_TRUE_CTLS)
#define VTJOB_FEAT_OPTIONAL		(VTJOB_FEAT_TRUE_CTLS | VTJOB_FEAT_VPID | \
					 VTJOB_FEAT_EPT_2M | \
					 VTJOB_FEAT_UNRESTRICTED_GUEST)

/**
 * struct vtjob_caps - VTJOB_GET_CAPS argument
 * @size: sizeof(struct vtjob_caps), set by the caller
 * @flags: must be zero
 * @features: out: VTJOB_FEAT_* bits the CPU offers
 * @vmcs_revision: out: VMCS revision identifier from IA32_VMX_BASIC
 * @preemption_timer_shift: out: the VMX-preemption timer counts down
 *	once every 2^shift TSC ticks
 * @nr_cpus_vmx: out: CPUs now in VMX operation under vtjob
 * @__reserved: must be zero
 * @guards: out: VTJOB_GUARD_* the module applies around VM entries and
 *	exits on this host
 * @exposed: out: VTJOB_VULN_* this host's CPUs have and the module cannot
 *	mitigate; CPUs are reserved despite them only if @allowed says so
 * @allowed: out: VTJOB_VULN_* named by the allow_unmitigated module
 *	parameter
 * @__reserved2: must be zero
 */
struct vtjob_caps {
	__u32 size;
	__u32 flags;
	__u64 features;
	__u32 vmcs_revision;
	__u32 preemption_timer_shift;
	__u32 nr_cpus_vmx;
	__u32 __reserved;
	__u32 guards;
	__u32 exposed;
	__u32 allowed;
	__u32 __reserved2;
};

/*
 * Speculative-execution vulnerabilities a job could use against the host
 * or another job across VM entry and exit, each named as its file in
 * /sys/devices/system/cpu/vulnerabilities (BHI is part of spectre_v2).
 */
#define VTJOB_VULN_L1TF		(1U << 0)	/* l1tf */
#define VTJOB_VULN_MDS		(1U << 1)	/* mds */
#define VTJOB_VULN_TAA		(1U << 2)	/* tsx_async_abort */
#define VTJOB_VULN_MMIO		(1U << 3)	/* mmio_stale_data */
#define VTJOB_VULN_RFDS		(1U << 4)	/* reg_file_data_sampling */
#define VTJOB_VULN_SPECTRE_V2	(1U << 5)	/* spectre_v2 */
#define VTJOB_VULN_BHI		(1U << 6)	/* spectre_v2, "BHI:" */
#define VTJOB_VULN_VMSCAPE	(1U << 7)	/* vmscape */
#define VTJOB_NR_VULNS		8
/* Their names, by bit number, as the allow_unmitigated parameter takes them. */
#define VTJOB_VULN_NAMES { "l1tf", "mds", "tsx_async_abort", "mmio_stale_data", \
	"reg_file_data_sampling", "spectre_v2", "bhi", "vmscape" }

/*
 * What the module does around a job's VM entries and exits:
 * L1D_FLUSH	flush L1D before an entry that follows host code
 * L1D_ALWAYS	... before every entry
 * L1D_SOFTWARE	... by reading 64 KiB: the CPU has no flush command
 * VERW		clear the CPU's buffers right before entry
 * RSB_FILL	refill the return stack buffer on exit
 * IBRS		write SPEC_CTRL.IBRS again on exit
 * BHB_CLEAR	clear the branch history on exit
 * IBPB_SWITCH	IBPB when a CPU takes on another job
 * IBPB_TO_USER	IBPB before the runner returns to userspace
 */
#define VTJOB_GUARD_L1D_FLUSH		(1U << 0)
#define VTJOB_GUARD_L1D_ALWAYS		(1U << 1)
#define VTJOB_GUARD_L1D_SOFTWARE	(1U << 2)
#define VTJOB_GUARD_VERW		(1U << 3)
#define VTJOB_GUARD_RSB_FILL		(1U << 4)
#define VTJOB_GUARD_IBRS		(1U << 5)
#define VTJOB_GUARD_BHB_CLEAR		(1U << 6)
#define VTJOB_GUARD_IBPB_SWITCH		(1U << 7)
#define VTJOB_GUARD_IBPB_TO_USER	(1U << 8)
#define VTJOB_NR_GUARDS		9


/* Any idle reserved CPU, for struct vtjob_create_job.cpu. */
#define VTJOB_CPU_ANY		0xffffffffU

/*
 * struct vtjob_create_job.flags: stop after every system call the module
 * serves itself, with VTJOB_EXIT_SYSCALL_SERVED, so that a tracer sees
 * them all (vtjobctl exec --strace).
 */
#define VTJOB_JOB_TRACE_SYSCALLS	(1U << 0)
/*
 * struct vtjob_create_job.flags: the new job is the child of a fork, a
 * copy of the job @parent_fd stopped at its fork (see the struct).
 */
#define VTJOB_JOB_FORK			(1U << 1)
/*
 * struct vtjob_create_job.flags: the new job replaces the job @parent_fd
 * at an execve, and keeps what Linux keeps across one (see the struct).
 */
#define VTJOB_JOB_EXEC			(1U << 2)

/**
 * struct vtjob_create_job - VTJOB_CREATE_JOB argument
 * @size: sizeof(struct vtjob_create_job), set by the caller
 * @flags: VTJOB_JOB_TRACE_SYSCALLS, and VTJOB_JOB_FORK or VTJOB_JOB_EXEC,
 *	or zero
 * @cpu: in: a reserved CPU, or VTJOB_CPU_ANY for the one with the fewest
 *	running jobs, then the fewest jobs, which may move the job to an idle
 *	reserved CPU when it runs later; out: the job's first CPU
 * @__reserved: must be zero
 * @mem_addr: page-aligned address, in the caller, of the job's memory: it
 *	becomes the job's guest-physical memory from address 0
 * @mem_size: its size, a non-zero multiple of 4096
 * @timeout_ns: the job's run time limit across all VTJOB_RUN calls, or 0
 * @job_id: out: the job's id, as events and status report it
 * @parent_fd: with VTJOB_JOB_FORK, the job fd of the job this one is the
 *	child of; with VTJOB_JOB_EXEC, of the job this one replaces;
 *	otherwise zero
 * @__reserved2: must be zero
 *
 * Returns a new job fd. The job's memory stays pinned and mapped until the
 * fd is closed, and counts against the caller's RLIMIT_MEMLOCK as locked
 * memory (ENOMEM beyond it, unless the caller has CAP_IPC_LOCK); the job
 * is bound to its CPU as long, which it shares with the CPU's other jobs.
 * Only the creating process may use the fd: an ioctl on it from another
 * process (one that inherited it) fails with EIO.
 *
 * With VTJOB_JOB_FORK the job is the child of a fork, made the way a
 * process's fork() is mirrored: the parent job stopped at a fork, vfork,
 * clone or clone3 that the module forwarded (VTJOB_EXIT_SYSCALL, not yet
 * answered); its runner forked, and the child process, whose memory is
 * the host's copy of the runner's, creates the job. @mem_addr is that
 * copy of the parent job's memory, of the same size. The new job starts
 * as the parent stands: its registers with RAX 0, RIP after the SYSCALL,
 * its FS and GS bases, CR3, its FPU, SSE and AVX state, its memory
 * layout and program break (as VTJOB_SET_MM and its memory calls left
 * them), its signal actions and mask and its resource limits; its
 * set_tid_address() and set_robust_list() pointers are 0, as a new
 * process's are. It is ready to run: no VTJOB_SET_REGS or VTJOB_SET_MM.
 * The parent is not changed; the caller's parent answers its call.
 * Refusals: EBADF if @parent_fd is not a job fd; EPERM if the caller is
 * not a child of the process that created that job; ESRCH if the job is
 * not stopped at such a call (it runs, ended, or waits on another call);
 * EINVAL if @mem_size is not the parent's.
 *
 * With VTJOB_JOB_EXEC the job replaces the job @parent_fd, which the
 * caller created, at an execve: it is a new job in every way but what
 * Linux keeps across an execve and the module holds: the signal mask, the
 * signals ignored (a signal with a handler goes back to its default) and
 * the resource limits (VTJOB_SET_MM then sets the stack, address-space
 * and data limits as for any job). The old job is not changed; the
 * caller ends it. Refusals: EBADF if @parent_fd is not a job fd; EPERM if
 * the caller did not create that job.
 */
struct vtjob_create_job {
	__u32 size;
	__u32 flags;
	__u32 cpu;
	__u32 __reserved;
	__u64 mem_addr;
	__u64 mem_size;
	__u64 timeout_ns;
	__u64 job_id;
	__s32 parent_fd;
	__u32 __reserved2;
};

/**
 * struct vtjob_regs - VTJOB_GET_REGS and VTJOB_SET_REGS argument
 * @size: sizeof(struct vtjob_regs), set by the caller
 * @flags: must be zero
 * @rax: general-purpose registers, then...
 * @rip: instruction pointer
 * @rflags: flags; the job always runs with IF set and IOPL 0
 * @fs_base: FS segment base (the C library's thread pointer)
 * @gs_base: GS segment base
 * @cr3: guest-physical address of the job's 4-level page table (PML4);
 *	the job runs at CPL 3 in 64-bit mode with paging through it
 */
struct vtjob_regs {
	__u32 size;
	__u32 flags;
	__u64 rax, rbx, rcx, rdx, rsi, rdi, rbp, rsp;
	__u64 r8, r9, r10, r11, r12, r13, r14, r15;
	__u64 rip;
	__u64 rflags;
	__u64 fs_base;
	__u64 gs_base;
	__u64 cr3;
};

enum vtjob_exit_reason {
	VTJOB_EXIT_NONE,
	/*
	 * A system call the module does not serve itself: @syscall holds its
	 * number and arguments; RIP is already past the instruction. Answer
	 * with VTJOB_RUN_SYSCALL_RESULT on the next VTJOB_RUN.
	 */
	VTJOB_EXIT_SYSCALL,
	/* A fault or trap; Linux would send @exception.signal. */
	VTJOB_EXIT_EXCEPTION,
	/* The job used up its time limit. */
	VTJOB_EXIT_TIMEOUT,
	/* A signal is pending for the calling thread; run again to go on. */
	VTJOB_EXIT_SIGNAL,
	/* A VM exit the module does not handle: @unexpected has it raw. */
	VTJOB_EXIT_UNEXPECTED,
	/*
	 * The job lost its CPU (a forced release, the CPU going offline, the
	 * module unloading), @killed.reason says which; it cannot run again.
	 */
	VTJOB_EXIT_KILLED,
	/*
	 * With VTJOB_JOB_TRACE_SYSCALLS: the module served the system call in
	 * @syscall, whose @syscall.result the job now has in RAX. Run again
	 * (without VTJOB_RUN_SYSCALL_RESULT) to go on.
	 */
	VTJOB_EXIT_SYSCALL_SERVED,
	/*
	 * A signal given with VTJOB_SIGNAL reached the job with the default
	 * action of ending it, or the job could not take a signal (no room
	 * on its stack for the frame, a bad frame for rt_sigreturn: SIGSEGV
	 * from the kernel, SI_KERNEL): @signaled has the signal and who sent
	 * it. The job cannot run again.
	 */
	VTJOB_EXIT_SIGNALED,
};

/**
 * struct vtjob_exit - why VTJOB_RUN returned
 * @reason: enum vtjob_exit_reason
 * @__pad: zero
 * @syscall: VTJOB_EXIT_SYSCALL and VTJOB_EXIT_SYSCALL_SERVED: @nr and the
 *	six argument registers; for VTJOB_EXIT_SYSCALL_SERVED, the @result
 * @exception: VTJOB_EXIT_EXCEPTION: @vector, @error_code (if the exception
 *	has one), @address (the faulting linear address of a page fault),
 *	@rip where it happened, the @signal Linux would send, for page
 *	faults whether it was a @write or an instruction @fetch, and whether
 *	the job had @handler installed for @signal with rt_sigaction(): it
 *	was blocked, so the exception ends the job as Linux's
 *	force_sig_fault() does (a handler that may run is run instead)
 * @unexpected: VTJOB_EXIT_UNEXPECTED: the basic VM-exit @vmx_reason and
 *	its exit @qualification
 * @killed: VTJOB_EXIT_KILLED: enum vtjob_release_reason
 * @signaled: VTJOB_EXIT_SIGNALED: the @signal, and the siginfo's @code
 *	and sender's @pid as VTJOB_SIGNAL gave them
 */
struct vtjob_exit {
	__u32 reason;
	__u32 __pad;
	union {
		struct {
			__u64 nr;
			__u64 args[6];
			__s64 result;
		} syscall;
		struct {
			__u32 vector;
			__u32 error_code;
			__u64 address;
			__u64 rip;
			__u32 signal;
			__u8 write;
			__u8 fetch;
			__u8 handler;
			__u8 __pad;
		} exception;
		struct {
			__u32 vmx_reason;
			__u32 __pad;
			__u64 qualification;
			__u64 rip;
		} unexpected;
		struct {
			__u32 reason;
			__u32 __pad;
		} killed;
		struct {
			__u32 signal;
			__s32 code;
			__s32 pid;
			__u32 __pad;
		} signaled;
		__u64 __raw[8];
	};
};

/* struct vtjob_run.flags */
#define VTJOB_RUN_SYSCALL_RESULT	(1U << 0)

/*
 * An answer to a forwarded system call: a signal for the job cut the call
 * short. The job's call is restarted if no handler runs for the signal,
 * or the handler has SA_RESTART; otherwise it fails with EINTR. (Linux's
 * ERESTARTSYS.)
 */
#define VTJOB_RESULT_RESTART		(-512)

/**
 * struct vtjob_run - VTJOB_RUN argument
 * @size: sizeof(struct vtjob_run), set by the caller
 * @flags: VTJOB_RUN_SYSCALL_RESULT to complete the system call the last
 *	run stopped at with @syscall_result in RAX
 * @syscall_result: see @flags
 * @exit: out: why the run stopped
 *
 * Runs the job on the calling thread, bound to the job's CPU, until it
 * needs userspace.
 */
struct vtjob_run {
	__u32 size;
	__u32 flags;
	__s64 syscall_result;
	struct vtjob_exit exit;
};

/**
 * struct vtjob_mm - VTJOB_SET_MM argument: how the job's memory is laid out
 * @size: sizeof(struct vtjob_mm), set by the caller
 * @flags: must be zero
 * @tables_next: guest-physical address of the first free page in the page
 *	table area: the module takes the pages of new page tables from here
 *	up to @tables_end. The area is never mapped into the job.
 * @tables_end: the end of the page table area; mappings start above it
 * @brk_start: the program break at start, page aligned: the end of the
 *	program's highest segment. brk() grows the heap up from here.
 * @mmap_base: mmap() without an address places mappings top down from
 *	here (the start of the stack's guard gap)
 * @stack_size: the stack's size, which the job sees as its RLIMIT_STACK
 *
 * Every page the job maps, at start or later, maps guest-virtual address
 * X to guest-physical X, so a job can use at most its memory's size, and
 * userspace finds any byte the job points to at the same offset in the
 * memory it gave VTJOB_CREATE_JOB. After VTJOB_SET_MM the module serves
 * the job's memory system calls (brk, mmap, munmap, mremap, mprotect,
 * madvise) itself, editing the job's page tables in that memory.
 *
 * An mmap() of a file reaches userspace as VTJOB_EXIT_SYSCALL for mmap
 * with @args[0] replaced by the page-aligned address where the module
 * has mapped the (rounded-up) length with the job's protection. Userspace
 * puts new memory over all of that range in its own: the file, mapped
 * MAP_PRIVATE, up to its last page, and zero-filled anonymous memory past
 * it (or the file's bytes copied into zero-filled memory), and answers
 * the address, or -errno, on which the module unmaps the range again.
 * The job then shares the file's pages with the page cache until it
 * writes to them (see VTJOB_UNSHARE). Memory the job unmaps there is
 * replaced by anonymous memory again, by the module.
 */
struct vtjob_mm {
	__u32 size;
	__u32 flags;
	__u64 tables_next;
	__u64 tables_end;
	__u64 brk_start;
	__u64 mmap_base;
	__u64 stack_size;
};

/**
 * struct vtjob_stats - VTJOB_GET_STATS argument: what a job has done so far
 * @size: sizeof(struct vtjob_stats), set by the caller
 * @flags: must be zero
 * @run_ns: out: the time the job has run, in the guest and in the module
 *	on its behalf (what its time limit counts)
 * @syscalls_served: out: system calls the module served on the job's CPU
 * @syscalls_forwarded: out: system calls it handed to userspace
 *	(VTJOB_EXIT_SYSCALL)
 * @nr_exit_reasons: in: how many counters @exits has room for; out: how
 *	many basic VM-exit reasons the module counts. The lesser of the two
 *	is what was written.
 * @__pad: zero
 * @exits: in: the address of an array of __u64 (NULL with
 *	@nr_exit_reasons 0), which gets the job's VM exits by basic reason
 *	(SDM Vol. 3D, Appendix C), indexed by reason
 * @guest_ns: out: of @run_ns, the time from each VM entry to its exit,
 *	the job's own compute (a caller whose @size ends before it does not
 *	get it)
 *
 * A job's figures start at zero, a fork's child's too, and stay readable
 * after it ended, until its fd is closed.
 */
struct vtjob_stats {
	__u32 size;
	__u32 flags;
	__u64 run_ns;
	__u64 syscalls_served;
	__u64 syscalls_forwarded;
	__u32 nr_exit_reasons;
	__u32 __pad;
	__aligned_u64 exits;
	__u64 guest_ns;
};

/* The size of the siginfo_t of the job's ABI, x86-64 Linux's. */
#define VTJOB_SIGINFO_SIZE	128

/**
 * struct vtjob_signal - VTJOB_SIGNAL argument: a signal for the job
 * @size: sizeof(struct vtjob_signal), set by the caller
 * @flags: must be zero
 * @siginfo: the signal as the job's handler sees it: an x86-64 siginfo_t,
 *	whose si_signo (1 to 64) is the signal
 *
 * Queues the signal for the job, as Linux's send_signal() does for a
 * process: one of each standard or real-time signal may be pending, a
 * second one while the first is pending is lost; a signal the job ignores
 * and does not block is dropped. The next VTJOB_RUN delivers it once the
 * job does not block it: to the job's handler (a signal frame on its
 * stack, its mask, SA_RESTART for a call the signal cut short), or by its
 * default action, which ignores it or ends the job
 * (VTJOB_EXIT_SIGNALED). A job cannot be stopped: SIGSTOP and the other
 * stop signals' default actions ignore them, and vtjobctl keeps them for
 * itself.
 */
struct vtjob_signal {
	__u32 size;
	__u32 flags;
	__u8 siginfo[VTJOB_SIGINFO_SIZE];
};

/**
 * struct vtjob_range - VTJOB_UNSHARE argument: part of a job's memory
 * @size: sizeof(struct vtjob_range), set by the caller
 * @flags: must be zero
 * @addr: guest-physical start
 * @len: bytes; @addr + @len is at most the job's memory size
 *
 * Userspace calls VTJOB_UNSHARE before it writes to a range of the job's
 * memory where it mapped a file: every page there that the job shares
 * with the file's page cache gets its private copy first, as the job's
 * own write would give it, so that the job sees what userspace writes.
 * Pages the job does not share it leaves alone.
 */
struct vtjob_range {
	__u32 size;
	__u32 flags;
	__u64 addr;
	__u64 len;
};

/**
 * struct vtjob_fd_map - VTJOB_SET_FD_MAP argument: where the job's fds are
 * @size: sizeof(struct vtjob_fd_map), set by the caller
 * @stride: bytes from one entry to the next: a multiple of 4, 4 to 4096
 * @addr: address, in the caller, of the entry of job fd 0; 4-aligned, and
 *	not in the job's memory
 * @count: how many job fds have an entry, at most 1048576; 0 forgets the
 *	map
 * @__reserved: must be zero
 *
 * The caller keeps the job's file descriptor table; each entry starts
 * with the caller's own fd (an __s32) that the job fd stands for, or a
 * negative number for a job fd that is not open. While the caller is in
 * VTJOB_RUN the module reads the entry of a job fd the job reads from,
 * and serves read, pread64 and lseek itself when that fd is a regular
 * file open for reading: the file is read straight into the job's pages,
 * with no return to userspace. Any other fd's calls are forwarded as
 * before. The map goes to a fork's child (VTJOB_JOB_FORK) and across an
 * execve (VTJOB_JOB_EXEC): set it again when the table moves.
 */
struct vtjob_fd_map {
	__u32 size;
	__u32 stride;
	__u64 addr;
	__u32 count;
	__u32 __reserved;
};

/*
 * _IO, not _IOWR: the size travels in the struct, so that it can grow
 * without a new ioctl number (as iommufd does). strace shows no argument.
 */
#define VTJOB_GET_API_VERSION	_IO(VTJOB_IOC_MAGIC, VTJOB_NR_GET_API_VERSION)
#define VTJOB_GET_CAPS		_IO(VTJOB_IOC_MAGIC, VTJOB_NR_GET_CAPS)
#define VTJOB_CREATE_JOB	_IO(VTJOB_IOC_MAGIC, VTJOB_NR_CREATE_JOB)
#define VTJOB_GET_REGS		_IO(VTJOB_IOC_MAGIC, VTJOB_NR_GET_REGS)
#define VTJOB_SET_REGS		_IO(VTJOB_IOC_MAGIC, VTJOB_NR_SET_REGS)
#define VTJOB_RUN		_IO(VTJOB_IOC_MAGIC, VTJOB_NR_RUN)
#define VTJOB_SET_MM		_IO(VTJOB_IOC_MAGIC, VTJOB_NR_SET_MM)
#define VTJOB_GET_STATS		_IO(VTJOB_IOC_MAGIC, VTJOB_NR_GET_STATS)
#define VTJOB_SIGNAL		_IO(VTJOB_IOC_MAGIC, VTJOB_NR_SIGNAL)
#define VTJOB_UNSHARE		_IO(VTJOB_IOC_MAGIC, VTJOB_NR_UNSHARE)
#define VTJOB_SET_FD_MAP	_IO(VTJOB_IOC_MAGIC, VTJOB_NR_SET_FD_MAP)

/*
 * The generic netlink family "vtjob": CPU reservation, status and events.
 * Documentation/netlink/specs/vtjob.yaml is the source of truth; the enums
 * below follow it one to one.
 */
#define VTJOB_GENL_NAME		"vtjob"
#define VTJOB_GENL_VERSION	1
#define VTJOB_MCGRP_EVENTS	"events"

/* The largest CPU number the family accepts (the kernel's NR_CPUS limit). */
#define VTJOB_MAX_CPU		8191

enum vtjob_cpu_state {
	VTJOB_CPU_STATE_FREE,		/* not reserved: the host's */
	VTJOB_CPU_STATE_IDLE,		/* reserved, in VMX operation, no job */
	VTJOB_CPU_STATE_BUSY,		/* reserved, with one job or more */
};

enum vtjob_release_reason {
	VTJOB_RELEASE_ASKED,		/* a release request */
	VTJOB_RELEASE_OFFLINE,		/* the CPU went offline */
	VTJOB_RELEASE_UNLOAD,		/* the module is unloading */
	VTJOB_RELEASE_SHUTDOWN,		/* the host reboots, halts or kexecs */
};

/* How a job ended, in job-exit-ntf, with the status it explains. */
enum vtjob_job_end {
	VTJOB_JOB_END_NONE,		/* closed before it ended: status 0 */
	VTJOB_JOB_END_EXITED,		/* exit or exit_group: its status */
	VTJOB_JOB_END_FAULTED,		/* an exception: the signal Linux sends */
	VTJOB_JOB_END_TIMED_OUT,	/* its time limit: status 0 */
	VTJOB_JOB_END_KILLED,		/* a signal: its number (SIGKILL if it lost its CPU) */
};

enum {
	VTJOB_A_RESERVATION_UNSPEC,
	VTJOB_A_RESERVATION_CPU,	/* u32, multi-attr */
	VTJOB_A_RESERVATION_ALL,	/* flag: release every CPU */
	VTJOB_A_RESERVATION_FORCE,	/* flag: even CPUs running jobs */
	/* flag: reserve CPUs even if an SMT sibling stays with the host */
	VTJOB_A_RESERVATION_ALLOW_SMT_SIBLING,

	__VTJOB_A_RESERVATION_MAX,
	VTJOB_A_RESERVATION_MAX = __VTJOB_A_RESERVATION_MAX - 1
};

enum {
	VTJOB_A_CPU_UNSPEC,
	VTJOB_A_CPU_ID,			/* u32 */
	VTJOB_A_CPU_STATE,		/* u32, enum vtjob_cpu_state */
	VTJOB_A_CPU_VMX,		/* u8: in VMX operation under vtjob */
	VTJOB_A_CPU_JOB_ID,		/* u64: its oldest job, if busy */
	VTJOB_A_CPU_JOB_PID,		/* u32: its runner's pid, if busy */
	VTJOB_A_CPU_JOBS_RUN,		/* u64: jobs run since reserved */
	VTJOB_A_CPU_JOB_TIME_NS,	/* u64: time in jobs since reserved, running ones too */
	VTJOB_A_CPU_EXITS,		/* nest: exit-stat, multi-attr */
	VTJOB_A_CPU_RELEASE_REASON,	/* u32, enum vtjob_release_reason */
	VTJOB_A_CPU_PAD,
	VTJOB_A_CPU_JOB_END,		/* u32, enum vtjob_job_end */
	VTJOB_A_CPU_JOB_STATUS,		/* u32: exit status or signal */
	VTJOB_A_CPU_JOBS,		/* u32: jobs bound to it now */

	__VTJOB_A_CPU_MAX,
	VTJOB_A_CPU_MAX = __VTJOB_A_CPU_MAX - 1
};

enum {
	VTJOB_A_EXIT_STAT_UNSPEC,
	VTJOB_A_EXIT_STAT_REASON,	/* u32: basic VM-exit reason (SDM C) */
	VTJOB_A_EXIT_STAT_COUNT,	/* u64 */
	VTJOB_A_EXIT_STAT_PAD,

	__VTJOB_A_EXIT_STAT_MAX,
	VTJOB_A_EXIT_STAT_MAX = __VTJOB_A_EXIT_STAT_MAX - 1
};

enum {
	VTJOB_A_MODULE_UNSPEC,
	VTJOB_A_MODULE_API_VERSION,	/* u32, VTJOB_API_VERSION */
	VTJOB_A_MODULE_FEATURES,	/* u64, VTJOB_FEAT_* */
	VTJOB_A_MODULE_VMCS_REVISION,	/* u32 */
	VTJOB_A_MODULE_NR_CPU_IDS,	/* u32: CPU numbers are below this */
	VTJOB_A_MODULE_NR_RESERVED,	/* u32: CPUs reserved now */
	VTJOB_A_MODULE_PAD,

	__VTJOB_A_MODULE_MAX,
	VTJOB_A_MODULE_MAX = __VTJOB_A_MODULE_MAX - 1
};

enum {
	VTJOB_CMD_UNSPEC,
	VTJOB_CMD_RESERVE,		/* do: reserve the CPUs given */
	VTJOB_CMD_RELEASE,		/* do: release the CPUs given, or all */
	VTJOB_CMD_CPU_GET,		/* do: one CPU; dump: every possible CPU */
	VTJOB_CMD_MODULE_GET,		/* do: the module */
	VTJOB_CMD_CPU_RESERVED_NTF,	/* event: cpu attributes */
	VTJOB_CMD_CPU_RELEASED_NTF,	/* event: cpu attributes and reason */
	VTJOB_CMD_JOB_START_NTF,	/* event: reserved for jobs */
	VTJOB_CMD_JOB_EXIT_NTF,		/* event: reserved for jobs */

	__VTJOB_CMD_MAX,
	VTJOB_CMD_MAX = __VTJOB_CMD_MAX - 1
};

#endif /* _UAPI_LINUX_VTJOB_H */
