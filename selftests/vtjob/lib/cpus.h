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

#include <sys/types.h>

/*
 * Whether thread @tid of this process is running (state R) and last ran
 * on CPU @cpu: for a runner, in its job or about to be.
 */
bool vtj_thread_running_on(pid_t tid, int cpu);

/*
 * Bounds a CPU hotplug write. Offlining CPU 1 takes 0.1 s in the 3-CPU
 * Bochs VM; guest time runs up to ~10 times slower than wall time under
 * load, and a stalled write would otherwise be hours of waiting for the
 * test's own timeout.
 */
#define VTJ_HOTPLUG_TIMEOUT_S	120

/*
 * Takes CPU @cpu offline or brings it online, from a child, waiting at
 * most VTJ_HOTPLUG_TIMEOUT_S for the write. A write that does not return
 * is reported as hung, with the blocked tasks on the console. How long it
 * took goes to the log.
 *
 * Return: 0, -errno from the write, or -ETIMEDOUT.
 */
int vtj_set_cpu_online(unsigned int cpu, bool online);

/*
 * Blocked tasks with their stacks, on the console at once: the harness
 * keeps the console at KERN_EMERG and prints dmesg only after the last
 * test, which a hung machine never reaches.
 */
void vtj_dump_blocked_tasks(void);

#endif /* VTJOB_SELFTEST_LIB_CPUS_H */
