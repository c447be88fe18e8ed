/* SPDX-License-Identifier: GPL-2.0 */
/* The names of x86-64 system calls, from the kernel's own table. */
#ifndef VTJOBCTL_JOB_SYSCALL_NAMES_H
#define VTJOBCTL_JOB_SYSCALL_NAMES_H

#include <stdint.h>

/* "openat" for 257; NULL for a number x86-64 does not have. */
const char *job_syscall_name(uint64_t nr);

#endif /* VTJOBCTL_JOB_SYSCALL_NAMES_H */
