// SPDX-License-Identifier: GPL-2.0
#include "client/vtjob_info.h"

#include <stddef.h>

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* The spec's names for these enums (Documentation/netlink/specs/vtjob.yaml). */
static const char *const cpu_state_names[] = {
	[VTJOB_CPU_STATE_FREE] = "free",
	[VTJOB_CPU_STATE_IDLE] = "idle",
	[VTJOB_CPU_STATE_BUSY] = "busy",
};

static const char *const release_reason_names[] = {
	[VTJOB_RELEASE_ASKED] = "asked",
	[VTJOB_RELEASE_OFFLINE] = "offline",
	[VTJOB_RELEASE_UNLOAD] = "unload",
	[VTJOB_RELEASE_SHUTDOWN] = "shutdown",
};

static const char *const job_end_names[] = {
	[VTJOB_JOB_END_NONE] = "none",
	[VTJOB_JOB_END_EXITED] = "exited",
	[VTJOB_JOB_END_FAULTED] = "faulted",
	[VTJOB_JOB_END_TIMED_OUT] = "timed-out",
	[VTJOB_JOB_END_KILLED] = "killed",
};

static const char *const event_names[] = {
	[VTJOB_CMD_CPU_RESERVED_NTF] = "cpu-reserved",
	[VTJOB_CMD_CPU_RELEASED_NTF] = "cpu-released",
	[VTJOB_CMD_JOB_START_NTF] = "job-start",
	[VTJOB_CMD_JOB_EXIT_NTF] = "job-exit",
};

const char *vtjob_cpu_state_name(__u32 state)
{
	return state < ARRAY_SIZE(cpu_state_names) ? cpu_state_names[state] : "unknown";
}

const char *vtjob_release_reason_name(__u32 reason)
{
	return reason < ARRAY_SIZE(release_reason_names) ?
	       release_reason_names[reason] : "unknown";
}

const char *vtjob_job_end_name(__u32 end)
{
	return end < ARRAY_SIZE(job_end_names) ? job_end_names[end] : "unknown";
}

const char *vtjob_event_name(__u8 cmd)
{
	return cmd < ARRAY_SIZE(event_names) ? event_names[cmd] : NULL;
}
