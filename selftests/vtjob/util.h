/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the vtjob selftests: module loading, the kernel log,
 * small files and commands. Functions return 0 or -errno, as the kernel
 * does, so that a test can ASSERT_EQ(-EBUSY, ...).
 */
#ifndef VTJOB_SELFTEST_UTIL_H
#define VTJOB_SELFTEST_UTIL_H

#include <stdbool.h>
#include <stddef.h>

#define VTJ_DEV		"/dev/vtjob"
#define VTJ_DEBUGFS	"/sys/kernel/debug/vtjob"
#define VTJ_SYSMOD	"/sys/module/vtjob"

/* The module file: $VTJOB_KO, else the one the test image ships. */
const char *vtj_module_path(void);

int vtj_insmod(const char *path);
int vtj_rmmod(const char *name);
bool vtj_module_loaded(const char *name);
/* Loads vtjob unless it is loaded already. */
int vtj_ensure_loaded(void);

/* The kernel log from the moment vtj_kmsg_open() was called. */
int vtj_kmsg_open(void);
/* Messages logged since, one per line, malloc'd; NULL on error. */
char *vtj_kmsg_read(int fd);

/* A whole small file, malloc'd and NUL-terminated; NULL with errno set. */
char *vtj_read_file(const char *path);
int vtj_write_file(const char *path, const char *text);

/* Runs a shell command; its stdout and stderr, malloc'd, in *output. */
int vtj_run(const char *command, char **output);

/* A /proc/meminfo field, in kB, or -1. */
long vtj_meminfo_kb(const char *field);

/*
 * Free memory in kB, counting the pages freed into per-CPU lists, which
 * MemFree leaves out: without them a few hundred kB come and go at random.
 */
long vtj_free_kb(void);

/* CPUID.1:ECX.VMX */
bool vtj_cpu_has_vmx(void);

#endif /* VTJOB_SELFTEST_UTIL_H */
