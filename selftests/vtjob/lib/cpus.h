/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The CPUs jobs run on: whether this one has VMX, CPU 1 (the one the tests
 * reserve: the host keeps CPU 0), and reserving and releasing CPUs with
 * vtjobctl for the tests that are about something else.
 */
#ifndef VTJOB_SELFTEST_LIB_CPUS_H
#define VTJOB_SELFTEST_LIB_CPUS_H

#include <stdbool.h>

#define VTJ_CPU1_ONLINE	"/sys/devices/system/cpu/cpu1/online"

/* CPUID.1:ECX.VMX */
bool vtj_cpu_has_vmx(void);

/*
 * Why the jobs a test would run on CPU 1 cannot run here (no VMX, or no
 * CPU 1), for its setup to SKIP() with; NULL when they can.
 */
const char *vtj_why_no_job_cpu(void);

/*
 * `vtjobctl reserve --no-isolate @cpus`: without host isolation, which
 * only reserve_test is about. Its exit status; what it said goes to the
 * log when that is not 0.
 */
int vtj_reserve_no_isolate(const char *cpus);

/*
 * `vtjobctl release @args`, e.g. "1", "all" or "--force all"; its exit
 * status, and what it said in the log when that is not 0.
 */
int vtj_release(const char *args);

#endif /* VTJOB_SELFTEST_LIB_CPUS_H */
