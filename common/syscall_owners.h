/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Who serves each x86-64 system call of a job, in one list that both the
 * module (kmod/sys/dispatch.c) and vtjobctl (userspace/runtime/sys/) are
 * built from, and that Documentation/vtjob.rst's table is checked against.
 *
 * A row is VTJ_SYSCALL(name, owner, flags): @name is the call as
 * <asm/unistd.h> spells it (__NR_name), @owner one of
 *
 *   MODULE    served in the module, on the job's CPU, by vtj_sys_<name>()
 *   VTJOBCTL  forwarded (VTJOB_EXIT_SYSCALL) and served by vtjobctl's
 *             job_sys_<name>()
 *   SPLIT     the module serves what concerns only the job and forwards
 *             the rest (a file mmap: the module maps, vtjobctl fills in)
 *   NONE      nobody serves it: the module answers -ENOSYS without a
 *             round trip
 *
 * and @flags a mask of VTJ_SYS_F_*. A call in no row is forwarded, and
 * vtjobctl answers -ENOSYS.
 *
 * Define VTJ_SYSCALL() and include this file where the rows are wanted,
 * as arch/x86/entry/syscall_64.c includes <asm/syscalls_64.h>; it undefines
 * VTJ_SYSCALL() at its end. Included by kernel and user code alike, so it
 * holds nothing but the preprocessor's.
 */
#ifndef VTJOB_COMMON_SYSCALL_FLAGS
#define VTJOB_COMMON_SYSCALL_FLAGS
/* The module's part needs VTJOB_SET_MM's layout: until then, forwarded. */
#define VTJ_SYS_F_NEEDS_MM	0x1
/* The call ends the job (a job is one thread: exit is exit_group). */
#define VTJ_SYS_F_ENDS_JOB	0x2
/*
 * The module serves the call from the job's own state or from what any
 * process may read (the clock): no host secret can be in L1D after it,
 * so the job's next entry needs no L1D flush where L1TF asks for one.
 */
#define VTJ_SYS_F_JOB_STATE	0x4
#endif

#ifndef VTJ_SYSCALL
#error "define VTJ_SYSCALL(name, owner, flags) before including this file"
#endif

/* memory: the job's own page tables */
VTJ_SYSCALL(brk, MODULE, VTJ_SYS_F_NEEDS_MM)
VTJ_SYSCALL(mmap, SPLIT, VTJ_SYS_F_NEEDS_MM)
VTJ_SYSCALL(munmap, MODULE, VTJ_SYS_F_NEEDS_MM)
VTJ_SYSCALL(mremap, MODULE, VTJ_SYS_F_NEEDS_MM)
VTJ_SYSCALL(mprotect, MODULE, VTJ_SYS_F_NEEDS_MM)
VTJ_SYSCALL(madvise, MODULE, VTJ_SYS_F_NEEDS_MM)

/* identity and environment */
VTJ_SYSCALL(arch_prctl, MODULE, VTJ_SYS_F_JOB_STATE)
VTJ_SYSCALL(set_tid_address, MODULE, VTJ_SYS_F_JOB_STATE)
VTJ_SYSCALL(set_robust_list, MODULE, VTJ_SYS_F_JOB_STATE)
/* Optional for the C library, which copes without it. */
VTJ_SYSCALL(rseq, NONE, 0)
VTJ_SYSCALL(getpid, MODULE, VTJ_SYS_F_JOB_STATE)
VTJ_SYSCALL(gettid, MODULE, VTJ_SYS_F_JOB_STATE)
VTJ_SYSCALL(getppid, MODULE, VTJ_SYS_F_JOB_STATE)
VTJ_SYSCALL(getuid, MODULE, VTJ_SYS_F_JOB_STATE)
VTJ_SYSCALL(geteuid, MODULE, VTJ_SYS_F_JOB_STATE)
VTJ_SYSCALL(getgid, MODULE, VTJ_SYS_F_JOB_STATE)
VTJ_SYSCALL(getegid, MODULE, VTJ_SYS_F_JOB_STATE)
VTJ_SYSCALL(uname, MODULE, VTJ_SYS_F_JOB_STATE)
VTJ_SYSCALL(prlimit64, MODULE, 0)
VTJ_SYSCALL(getrlimit, MODULE, 0)
VTJ_SYSCALL(setrlimit, MODULE, 0)
VTJ_SYSCALL(sched_getaffinity, MODULE, 0)
VTJ_SYSCALL(sched_yield, MODULE, 0)
VTJ_SYSCALL(getrandom, MODULE, 0)
VTJ_SYSCALL(getrusage, MODULE, VTJ_SYS_F_JOB_STATE)

/* time */
VTJ_SYSCALL(clock_gettime, MODULE, VTJ_SYS_F_JOB_STATE)
VTJ_SYSCALL(clock_getres, MODULE, VTJ_SYS_F_JOB_STATE)
VTJ_SYSCALL(gettimeofday, MODULE, VTJ_SYS_F_JOB_STATE)
VTJ_SYSCALL(time, MODULE, VTJ_SYS_F_JOB_STATE)
VTJ_SYSCALL(nanosleep, MODULE, 0)
VTJ_SYSCALL(clock_nanosleep, MODULE, 0)
/* One thread: nobody to wake, nobody to wait for but a timeout. */
VTJ_SYSCALL(futex, MODULE, 0)

/* signals: recorded, not yet delivered */
VTJ_SYSCALL(rt_sigaction, MODULE, VTJ_SYS_F_JOB_STATE)
VTJ_SYSCALL(rt_sigprocmask, MODULE, VTJ_SYS_F_JOB_STATE)
VTJ_SYSCALL(rt_sigreturn, MODULE, VTJ_SYS_F_JOB_STATE)
VTJ_SYSCALL(rt_sigpending, MODULE, VTJ_SYS_F_JOB_STATE)
VTJ_SYSCALL(rt_sigsuspend, MODULE, VTJ_SYS_F_JOB_STATE)
VTJ_SYSCALL(pause, MODULE, VTJ_SYS_F_JOB_STATE)
VTJ_SYSCALL(sigaltstack, MODULE, VTJ_SYS_F_JOB_STATE)

/*
 * processes: each a job of its own, whose runner is a vtjobctl process
 * that mirrors it on the host (its pid, its parent, its children)
 */
VTJ_SYSCALL(clone, VTJOBCTL, 0)
VTJ_SYSCALL(clone3, VTJOBCTL, 0)
VTJ_SYSCALL(fork, VTJOBCTL, 0)
VTJ_SYSCALL(vfork, VTJOBCTL, 0)
VTJ_SYSCALL(execve, VTJOBCTL, 0)
VTJ_SYSCALL(execveat, VTJOBCTL, 0)
VTJ_SYSCALL(exit, VTJOBCTL, VTJ_SYS_F_ENDS_JOB)
VTJ_SYSCALL(exit_group, VTJOBCTL, VTJ_SYS_F_ENDS_JOB)
VTJ_SYSCALL(wait4, VTJOBCTL, 0)
VTJ_SYSCALL(waitid, VTJOBCTL, 0)
VTJ_SYSCALL(kill, VTJOBCTL, 0)
VTJ_SYSCALL(tgkill, VTJOBCTL, 0)
VTJ_SYSCALL(tkill, VTJOBCTL, 0)
VTJ_SYSCALL(setpgid, VTJOBCTL, 0)
VTJ_SYSCALL(getpgid, VTJOBCTL, 0)
VTJ_SYSCALL(getpgrp, VTJOBCTL, 0)
VTJ_SYSCALL(setsid, VTJOBCTL, 0)
VTJ_SYSCALL(getsid, VTJOBCTL, 0)

/* open files, through the job's own fd table */
VTJ_SYSCALL(read, SPLIT, 0)
VTJ_SYSCALL(write, VTJOBCTL, 0)
VTJ_SYSCALL(readv, VTJOBCTL, 0)
VTJ_SYSCALL(writev, VTJOBCTL, 0)
VTJ_SYSCALL(pread64, SPLIT, 0)
VTJ_SYSCALL(pwrite64, VTJOBCTL, 0)
VTJ_SYSCALL(lseek, SPLIT, 0)
VTJ_SYSCALL(ftruncate, VTJOBCTL, 0)
VTJ_SYSCALL(fsync, VTJOBCTL, 0)
VTJ_SYSCALL(fdatasync, VTJOBCTL, 0)
VTJ_SYSCALL(getdents64, VTJOBCTL, 0)
VTJ_SYSCALL(fadvise64, VTJOBCTL, 0)

/* the fd table */
VTJ_SYSCALL(close, VTJOBCTL, 0)
VTJ_SYSCALL(dup, VTJOBCTL, 0)
VTJ_SYSCALL(dup2, VTJOBCTL, 0)
VTJ_SYSCALL(dup3, VTJOBCTL, 0)
VTJ_SYSCALL(fcntl, VTJOBCTL, 0)
VTJ_SYSCALL(ioctl, VTJOBCTL, 0)
VTJ_SYSCALL(pipe, VTJOBCTL, 0)
VTJ_SYSCALL(pipe2, VTJOBCTL, 0)

/* names, under the path policy */
VTJ_SYSCALL(open, VTJOBCTL, 0)
VTJ_SYSCALL(openat, VTJOBCTL, 0)
VTJ_SYSCALL(mkdir, VTJOBCTL, 0)
VTJ_SYSCALL(mkdirat, VTJOBCTL, 0)
VTJ_SYSCALL(unlink, VTJOBCTL, 0)
VTJ_SYSCALL(unlinkat, VTJOBCTL, 0)
VTJ_SYSCALL(symlink, VTJOBCTL, 0)
VTJ_SYSCALL(symlinkat, VTJOBCTL, 0)
VTJ_SYSCALL(rmdir, VTJOBCTL, 0)
VTJ_SYSCALL(rename, VTJOBCTL, 0)
VTJ_SYSCALL(renameat, VTJOBCTL, 0)
VTJ_SYSCALL(renameat2, VTJOBCTL, 0)
VTJ_SYSCALL(chdir, VTJOBCTL, 0)
VTJ_SYSCALL(fchdir, VTJOBCTL, 0)
VTJ_SYSCALL(getcwd, VTJOBCTL, 0)
VTJ_SYSCALL(umask, VTJOBCTL, 0)
VTJ_SYSCALL(readlink, VTJOBCTL, 0)
VTJ_SYSCALL(readlinkat, VTJOBCTL, 0)
VTJ_SYSCALL(access, VTJOBCTL, 0)
VTJ_SYSCALL(faccessat, VTJOBCTL, 0)
VTJ_SYSCALL(faccessat2, VTJOBCTL, 0)
VTJ_SYSCALL(fstat, VTJOBCTL, 0)
VTJ_SYSCALL(stat, VTJOBCTL, 0)
VTJ_SYSCALL(lstat, VTJOBCTL, 0)
VTJ_SYSCALL(newfstatat, VTJOBCTL, 0)
VTJ_SYSCALL(statx, VTJOBCTL, 0)
VTJ_SYSCALL(chmod, VTJOBCTL, 0)
VTJ_SYSCALL(fchmod, VTJOBCTL, 0)
VTJ_SYSCALL(fchmodat, VTJOBCTL, 0)
VTJ_SYSCALL(fchown, VTJOBCTL, 0)
VTJ_SYSCALL(chown, VTJOBCTL, 0)
VTJ_SYSCALL(lchown, VTJOBCTL, 0)
VTJ_SYSCALL(fchownat, VTJOBCTL, 0)
VTJ_SYSCALL(utimensat, VTJOBCTL, 0)

/* the machine */
VTJ_SYSCALL(sysinfo, VTJOBCTL, 0)

#undef VTJ_SYSCALL
