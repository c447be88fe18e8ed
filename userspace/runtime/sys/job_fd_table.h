/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The job's file descriptor table: job fd numbers, allocated lowest free
 * as Linux allocates them, each standing for a host fd of vtjobctl's with
 * the job's own close-on-exec flag. The job never sees a host fd number.
 * Host fds are all close-on-exec in vtjobctl itself; 0, 1 and 2 start as
 * vtjobctl's own stdin, stdout and stderr, borrowed: closing them in the
 * job leaves vtjobctl's open.
 */
#ifndef VTJOBCTL_JOB_FD_TABLE_H
#define VTJOBCTL_JOB_FD_TABLE_H

#include <stdbool.h>
#include <stdint.h>

struct job_fd {
	int host_fd;		/* -1: the job fd is free */
	bool cloexec;		/* the job's FD_CLOEXEC */
	bool borrowed;		/* vtjobctl's own: never closed for the job */
};

struct job_fd_table {
	struct job_fd *fds;
	unsigned int size;	/* entries allocated; grows up to limit */
	unsigned int limit;	/* the job's RLIMIT_NOFILE: fds are below it */
};

/*
 * An empty table for fds below @limit, with 0, 1 and 2 borrowed from
 * @stdio_fds (host fds; -1 leaves that one closed, as a job started with
 * it closed). Returns 0 or -ENOMEM.
 */
int job_fd_table_init(struct job_fd_table *table, unsigned int limit, const int stdio_fds[3]);

/*
 * The fds vtjobctl was started with beyond 0, 1 and 2, as a program it
 * exec'd would have them: every one not close-on-exec (vtjobctl's own
 * all are) becomes the job fd of the same number, the table's to close,
 * and close-on-exec in vtjobctl. One at or above the table's limit stays
 * vtjobctl's. Returns 0, or -errno when /proc/self/fd cannot be read.
 */
int job_fd_table_inherit(struct job_fd_table *table);

/* Closes every host fd the table owns. */
void job_fd_table_free(struct job_fd_table *table);

/*
 * The host fd behind job fd @fd (any value the job passed, as Linux's
 * unsigned int fd), or -EBADF.
 */
int job_fd_host(const struct job_fd_table *table, uint64_t fd);

/* The job fd's entry, or NULL if it is not open. */
struct job_fd *job_fd_entry(const struct job_fd_table *table, uint64_t fd);

/*
 * Give host fd @host_fd (now the table's) the lowest free job fd at or
 * above @min. Returns it; -EMFILE when none is below the limit, or
 * -EINVAL when @min is not below it (F_DUPFD's errors). On failure the
 * caller keeps @host_fd.
 */
int job_fd_install(struct job_fd_table *table, int host_fd, bool cloexec, uint64_t min);

/*
 * Put @host_fd at job fd @fd, closing what was there (dup2's way).
 * Returns @fd, or -EBADF when @fd is not below the limit, -ENOMEM. On
 * failure the caller keeps @host_fd.
 */
int job_fd_install_at(struct job_fd_table *table, uint64_t fd, int host_fd, bool cloexec);

/* close(): 0 or -EBADF. */
int job_fd_close(struct job_fd_table *table, uint64_t fd);

/* execve()'s last step: every job fd marked close-on-exec is closed. */
void job_fd_table_close_on_exec(struct job_fd_table *table);

#endif /* VTJOBCTL_JOB_FD_TABLE_H */
