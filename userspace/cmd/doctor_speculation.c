// SPDX-License-Identifier: GPL-2.0
/*
 * doctor's lines on speculative-execution vulnerabilities: for each one a
 * job could use across VM entry and exit, what the kernel says of it and
 * what the module does about it (struct vtjob_caps, guards and exposed).
 */
#include "cmd/doctor_speculation.h"

#include <stdio.h>
#include <string.h>

#include "lib/host_file.h"

#define VULNERABILITIES_DIR	"/sys/devices/system/cpu/vulnerabilities/"

static const char *const vuln_names[VTJOB_NR_VULNS] = VTJOB_VULN_NAMES;

/* What covers each vulnerability, by bit number: the guards, in words. */
static const struct {
	unsigned int guards;
	const char *words;
} covers[] = {
	{ VTJOB_GUARD_L1D_FLUSH, "L1D flushed before entry after host code" },
	{ VTJOB_GUARD_L1D_ALWAYS, "before every entry" },
	{ VTJOB_GUARD_L1D_SOFTWARE, "by reading 64 KiB (no flush command)" },
	{ VTJOB_GUARD_VERW, "CPU buffers cleared (VERW) before entry" },
	{ VTJOB_GUARD_RSB_FILL, "return stack refilled on exit" },
	{ VTJOB_GUARD_IBRS, "IBRS written again on exit" },
	{ VTJOB_GUARD_IBPB_SWITCH, "IBPB between jobs" },
	{ VTJOB_GUARD_BHB_CLEAR, "branch history cleared on exit" },
	{ VTJOB_GUARD_IBPB_TO_USER, "IBPB before vtjobctl runs again" },
};

static const unsigned int guards_of[VTJOB_NR_VULNS] = {
	[0] = VTJOB_GUARD_L1D_FLUSH | VTJOB_GUARD_L1D_ALWAYS | VTJOB_GUARD_L1D_SOFTWARE,
	[1] = VTJOB_GUARD_VERW,
	[2] = VTJOB_GUARD_VERW,
	[3] = 0,
	[4] = VTJOB_GUARD_VERW,
	[5] = VTJOB_GUARD_RSB_FILL | VTJOB_GUARD_IBRS | VTJOB_GUARD_IBPB_SWITCH,
	[6] = VTJOB_GUARD_BHB_CLEAR,
	[7] = VTJOB_GUARD_IBPB_TO_USER,
};

/* The kernel's line for vulnerability @i; BHI's is part of spectre_v2's. */
static void kernel_view(const char *sysroot, unsigned int i, char *buf, size_t len)
{
	const char *file = (1U << i) == VTJOB_VULN_BHI ? "spectre_v2" : vuln_names[i];
	char path[128], *bhi;

	snprintf(path, sizeof(path), VULNERABILITIES_DIR "%s", file);
	if (host_file_read(sysroot, path, buf, len)) {
		snprintf(buf, len, "not reported by this kernel");
		return;
	}
	if ((1U << i) == VTJOB_VULN_BHI) {
		bhi = strstr(buf, "BHI: ");
		if (bhi)
			memmove(buf, bhi + 5, strlen(bhi + 5) + 1);
		else
			snprintf(buf, len, "not reported by this kernel");
	}
}

static void describe_guards(unsigned int guards, char *buf, size_t len)
{
	size_t i, used = 0;

	buf[0] = '\0';
	for (i = 0; i < sizeof(covers) / sizeof(covers[0]) && used < len; i++)
		if (guards & covers[i].guards)
			used += snprintf(buf + used, len - used, "%s%s", used ? ", " : "",
					 covers[i].words);
}

void doctor_list_speculation(const struct doctor_env *env, struct doctor_report *report,
			     const struct vtjob_caps *caps)
{
	char kernel[96], guards[128], label[48];
	struct doctor_check *check;
	unsigned int i, bit;

	for (i = 0; i < VTJOB_NR_VULNS; i++) {
		bit = 1U << i;
		kernel_view(env->sysroot, i, kernel, sizeof(kernel));
		describe_guards(caps->guards & guards_of[i], guards, sizeof(guards));
		snprintf(label, sizeof(label), "vulnerability %s", vuln_names[i]);
		if (!(caps->exposed & bit)) {
			doctor_add(report, DOCTOR_OK, label, "%.60s; vtjob: %s", kernel,
				   guards[0] ? guards : "nothing needed");
		} else if (caps->allowed & bit) {
			check = doctor_add(report, DOCTOR_WARN, label,
					   "%.60s; vtjob cannot mitigate it, and allow_unmitigated lets CPUs be reserved",
					   kernel);
			doctor_hint(check, "a job may read what the host or other jobs leave behind");
		} else {
			check = doctor_add(report, DOCTOR_FAIL, label,
					   "%.60s; vtjob cannot mitigate it, so no CPU can be reserved",
					   kernel);
			doctor_reason(check, "%s is not mitigated", vuln_names[i]);
			doctor_hint(check, "update the microcode or turn the kernel's mitigation on; "
				    "or load vtjob with allow_unmitigated=%s", vuln_names[i]);
		}
	}
}
