// SPDX-License-Identifier: GPL-2.0
#include <cpuid.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "clock.h"
#include "cpus.h"
#include "files.h"
#include "run.h"

bool vtj_cpu_has_vmx(void)
{
	unsigned int eax, ebx, ecx, edx;

	/* CPUID.1:ECX bit 5 */
	return __get_cpuid(1, &eax, &ebx, &ecx, &edx) && (ecx & (1U << 5));
}

const char *vtj_why_no_job_cpu(void)
{
	if (!vtj_cpu_has_vmx())
		return "this CPU has no VMX";
	if (access(VTJ_CPU1_ONLINE, F_OK) != 0)
		return "needs CPU 1";
	return NULL;
}

int vtj_reserve_no_isolate(const char *cpus)
{
	char command[128];

	snprintf(command, sizeof(command), "vtjobctl reserve --no-isolate %s", cpus);
	/*
	 * Quiet when it works: a test that reserves and releases around each
	 * case would otherwise fill its log with vtjobctl's report of every step.
	 */
	return vtj_run_quietly(command);
}

int vtj_release(const char *args)
{
	char command[128];

	snprintf(command, sizeof(command), "vtjobctl release %s", args);
	return vtj_run_quietly(command);
}

bool vtj_thread_running_on(pid_t tid, int cpu)
{
	char path[64], *stat, *after_name;
	char state = '?';
	int field, last_cpu = -1;

	snprintf(path, sizeof(path), "/proc/self/task/%d/stat", tid);
	stat = vtj_read_file(path);
	/* "pid (comm) state ...": field 39 is the CPU it last ran on. */
	after_name = stat ? strrchr(stat, ')') : NULL;
	if (after_name) {
		char *p = after_name + 2;

		state = *p;
		for (field = 3; p && field < 39; field++) {
			p = strchr(p, ' ');
			p = p ? p + 1 : NULL;
		}
		if (p)
			last_cpu = atoi(p);
	}
	free(stat);
	return state == 'R' && last_cpu == cpu;
}

void vtj_dump_blocked_tasks(void)
{
	vtj_write_file("/proc/sys/kernel/printk", "7");
	vtj_write_file("/proc/sysrq-trigger", "w");
	vtj_write_file("/proc/sysrq-trigger", "l");
	vtj_write_file("/proc/sys/kernel/printk", "1");
}

/*
 * Before the VMs booted with idle=halt an offline once took 40 s of guest
 * time: Bochs 2.7's MONITOR can arm the wrong address and a TLB flush
 * disarms it without waking the CPU (fixed in Bochs after 2.7), so an idle
 * CPU in mwait_idle() missed the store that should wake it.
 */
int vtj_set_cpu_online(unsigned int cpu, bool online)
{
	const char *value = online ? "1" : "0";
	double start = vtj_now_s();
	char path[64];
	int status, err;
	pid_t pid;

	snprintf(path, sizeof(path), "/sys/devices/system/cpu/cpu%u/online", cpu);
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0)
		_exit(-vtj_write_file(path, value) & 0xff);
	err = vtj_wait_for(pid, VTJ_HOTPLUG_TIMEOUT_S, &status);
	if (err == -ETIMEDOUT) {
		fprintf(stderr, "# %s >%s has not returned after %d s: blocked tasks follow on the console\n",
			value, path, VTJ_HOTPLUG_TIMEOUT_S);
		vtj_dump_blocked_tasks();
		return err;
	}
	if (err)
		return err;
	fprintf(stderr, "# %s >%s: exit %d after %.1f s\n", value, path,
		WIFEXITED(status) ? WEXITSTATUS(status) : -1, vtj_now_s() - start);
	if (!WIFEXITED(status))
		return -EINTR;
	return -WEXITSTATUS(status);
}
