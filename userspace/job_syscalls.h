/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The system calls the kernel hands to vtjobctl: write, exit and
 * exit_group, served as Linux would serve them to the job, with the job's
 * pointers checked against its own page tables and memory.
 */
#ifndef VTJOBCTL_JOB_SYSCALLS_H
#define VTJOBCTL_JOB_SYSCALLS_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include <linux/vtjob.h>

/* The job's system call numbers: x86-64's, whatever vtjobctl runs on. */
#define JOB_NR_WRITE		1
#define JOB_NR_EXIT		60
#define JOB_NR_EXIT_GROUP	231

/* Linux's cap on one read or write (MAX_RW_COUNT). */
#define JOB_MAX_RW_COUNT	(INT32_MAX & ~UINT64_C(0xfff))

struct job_memory_view {
	const uint8_t *mem;	/* guest-physical 0 */
	uint64_t mem_size;
	uint64_t cr3;
};

struct job_syscall_env {
	struct job_memory_view view;
	/* write(2), or a test's stand-in for it. */
	ssize_t (*write)(int fd, const void *buf, size_t count);
	/* Set to SIGINT or SIGTERM when one came: stop waiting for output. */
	volatile sig_atomic_t *stop_signal;
};

/*
 * Whether the job may read [@addr, @addr + @count) from user mode: every
 * page mapped, user-accessible and inside its memory. The pages must also
 * map to themselves, as all of a job's do, so the bytes are contiguous.
 */
bool job_can_read(const struct job_memory_view *view, uint64_t addr, uint64_t count);

enum job_syscall_outcome {
	JOB_SYSCALL_RETURN,	/* *result goes back to the job in RAX */
	JOB_SYSCALL_EXIT,	/* the job is done: *status is its exit status */
};

enum job_syscall_outcome job_syscall_serve(const struct job_syscall_env *env,
					   const struct vtjob_exit *exit,
					   int64_t *result, int *status);

#endif /* VTJOBCTL_JOB_SYSCALLS_H */
