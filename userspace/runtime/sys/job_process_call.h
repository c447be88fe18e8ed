/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The process calls of a job that only the runtime can carry out, since
 * they change the runner itself: fork and its kin (a new runner process
 * with a copy of the job), execve (a new program in a new job), and a
 * signal the job sends itself that ends it. Their handlers here check
 * and decode the arguments as Linux does before it acts, and leave in a
 * struct job_process_call what the runtime is to do
 * (job_syscall_serve() says JOB_SYSCALL_PROCESS).
 */
#ifndef VTJOBCTL_JOB_PROCESS_CALL_H
#define VTJOBCTL_JOB_PROCESS_CALL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "guestmem/uaccess.h"

enum job_process_kind {
	JOB_PROCESS_NONE,	/* nothing for the runtime: the call is answered */
	JOB_PROCESS_FORK,	/* fork, vfork, clone or clone3 as a fork */
	JOB_PROCESS_EXEC,	/* execve or execveat */
	JOB_PROCESS_SIGNALED,	/* the job sent itself a signal: queue it */
};

struct job_fork_call {
	/* vfork, CLONE_VFORK: the parent waits until the child execs or exits */
	bool vfork;
	/* the child's stack pointer; 0 keeps the parent's */
	uint64_t stack;
	/* CLONE_SETTLS: the child's FS base is @tls */
	bool set_tls;
	uint64_t tls;
	/* CLONE_PARENT_SETTID: where the parent finds the child's pid; 0: nowhere */
	uint64_t parent_tid;
	/* CLONE_CHILD_SETTID: where the child finds its own pid; 0: nowhere */
	uint64_t child_tid;
};

struct job_exec_call {
	/* JOB_PATH_CWD, or the host fd of execveat()'s dirfd (the job's) */
	int base;
	char *path;		/* as the job gave it */
	bool empty_path;	/* AT_EMPTY_PATH and "": the program is @base itself */
	uint64_t dirfd;		/* execveat()'s dirfd, as the job numbers it */
	bool nofollow;		/* AT_SYMLINK_NOFOLLOW */
	/* NULL-terminated; @argv has one string at least, as Linux gives it */
	char **argv;
	char **envp;
};

struct job_signal_call {
	int number;
	/* its si_code: SI_USER for kill(), SI_TKILL for tgkill() and tkill() */
	int code;
};

struct job_process_call {
	enum job_process_kind kind;
	union {
		struct job_fork_call fork;	/* JOB_PROCESS_FORK */
		struct job_exec_call exec;	/* JOB_PROCESS_EXEC */
		struct job_signal_call signal;	/* JOB_PROCESS_SIGNALED */
	};
};

/* Frees what an exec call holds and makes @call JOB_PROCESS_NONE. */
void job_process_call_free(struct job_process_call *call);

/*
 * Linux's limits on execve()'s strings: MAX_ARG_STRLEN for one, its NUL
 * included; and for all of argv and envp, strings and pointers, a
 * quarter of the stack limit, which for a job's 1 MiB stack
 * (JOB_STACK_SIZE, its RLIMIT_STACK) is 256 KiB.
 */
#define JOB_EXEC_STRING_MAX	(32 * 4096)
#define JOB_EXEC_ARGS_MAX	(256 * 1024)

/*
 * execve()'s argv and envp from the job's memory: the NULL-terminated
 * arrays of pointers at @argv_addr and @envp_addr (0 is an empty array)
 * into malloc'd NULL-terminated arrays of malloc'd strings, @argv with
 * one empty string when the job gave none (as Linux 6.1 does). Returns
 * 0; -EFAULT for a pointer the job cannot read; -E2BIG beyond the limits
 * above; -ENOMEM. Nothing is left allocated on failure.
 */
int job_exec_args_read(const struct guestmem_view *view, uint64_t argv_addr,
		       uint64_t envp_addr, char ***argv, char ***envp);

/* Frees a NULL-terminated array of strings, and the array; NULL is fine. */
void job_exec_strings_free(char **strings);

/*
 * clone()'s flags and arguments (x86-64's order: flags, stack,
 * parent_tid, child_tid, tls), or clone3()'s, as a fork: 0 with @call
 * filled in; -EINVAL where Linux refuses the combination; -EPERM for a
 * TLS beyond user space; -ENOSYS for what a job cannot do (threads, a
 * shared fd table or cwd, namespaces, pidfds, an exit signal other than
 * SIGCHLD, CLONE_VM without CLONE_VFORK).
 */
int job_clone_decode(uint64_t flags, uint64_t exit_signal, uint64_t stack, uint64_t parent_tid,
		     uint64_t child_tid, uint64_t tls, struct job_fork_call *call);

/* Whether signal 1 to 64's default action stops a process (signal(7)). */
bool job_signal_stops(int signal);

#endif /* VTJOBCTL_JOB_PROCESS_CALL_H */
