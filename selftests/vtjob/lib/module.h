/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The module under test: where it puts its files, loading and unloading
 * it, and its device. Functions return 0 or -errno, as the kernel does,
 * so that a test can ASSERT_EQ(-EBUSY, ...).
 */
#ifndef VTJOB_SELFTEST_LIB_MODULE_H
#define VTJOB_SELFTEST_LIB_MODULE_H

#include <stdbool.h>

#define VTJ_DEV		"/dev/vtjob"
#define VTJ_DEBUGFS	"/sys/kernel/debug/vtjob"
#define VTJ_SYSMOD	"/sys/module/vtjob"

/* The module file: $VTJOB_KO, else the one the test image ships. */
const char *vtj_module_path(void);

/* Loads vtjob.ko (vtj_module_path()) with vtj_module_args(), others bare. */
int vtj_insmod(const char *path);
const char *vtj_module_args(void);
int vtj_rmmod(const char *name);
bool vtj_module_loaded(const char *name);
/* Loads vtjob unless it is loaded already. */
int vtj_ensure_loaded(void);

/* /dev/vtjob opened for its ioctls: an fd, or -1 with errno set. */
int vtj_open_dev(void);

#endif /* VTJOB_SELFTEST_LIB_MODULE_H */
