// SPDX-License-Identifier: GPL-2.0
#include <cpuid.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cpus.h"
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

/*
 * Quiet when it works: a test that reserves and releases around each case
 * would otherwise fill its log with vtjobctl's report of every step.
 */
static int vtjobctl_quietly(const char *command)
{
	char *out = NULL;
	int status = vtj_run(command, &out);

	if (status)
		fprintf(stderr, "# %s: exit %d: %s", command, status, out ? out : "");
	free(out);
	return status;
}

int vtj_reserve_no_isolate(const char *cpus)
{
	char command[128];

	snprintf(command, sizeof(command), "vtjobctl reserve --no-isolate %s", cpus);
	return vtjobctl_quietly(command);
}

int vtj_release(const char *args)
{
	char command[128];

	snprintf(command, sizeof(command), "vtjobctl release %s", args);
	return vtjobctl_quietly(command);
}
