/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the vtjob module reports over generic netlink, as plain structs:
 * the module, a CPU, an event. vtjob_attrs.h fills them from messages;
 * the status and monitor output is made from them.
 */
#ifndef VTJOBCTL_VTJOB_INFO_H
#define VTJOBCTL_VTJOB_INFO_H

#include <stdbool.h>
#include <linux/vtjob.h>

struct vtjob_module_info {
	__u32 api_version;
	__u64 features;			/* VTJOB_FEAT_* */
	__u32 vmcs_revision;
	__u32 nr_cpu_ids;
	__u32 nr_reserved;
};

/*
 * Basic VM-exit reasons (Intel SDM Vol. 3D, Appendix C) vtjobctl keeps
 * counts for; the SDM defines fewer than 80. Larger ones are dropped.
 */
#define VTJOB_INFO_EXIT_REASONS	128

struct vtjob_cpu_info {
	__u32 id;
	__u32 state;			/* enum vtjob_cpu_state */
	bool vmx;
	bool has_job;			/* job_id and job_pid are set */
	__u64 job_id;			/* its oldest job */
	__u32 job_pid;
	__u32 nr_jobs;			/* jobs bound to it now */
	__u64 jobs_run;
	__u64 job_time_ns;
	/* VM exits by basic reason: the CPU's since reserved, or a job's own. */
	__u64 exits[VTJOB_INFO_EXIT_REASONS];
	bool has_release_reason;
	__u32 release_reason;		/* enum vtjob_release_reason */
	bool has_job_end;		/* job-exit: job_end and job_status are set */
	__u32 job_end;			/* enum vtjob_job_end */
	__u32 job_status;
};

struct vtjob_event {
	__u8 cmd;			/* VTJOB_CMD_*_NTF */
	struct vtjob_cpu_info cpu;
};

/* "free", "idle", "busy"; "unknown" for a state newer than vtjobctl. */
const char *vtjob_cpu_state_name(__u32 state);
/* "asked", "offline", "unload"; "unknown" likewise. */
const char *vtjob_release_reason_name(__u32 reason);
const char *vtjob_job_end_name(__u32 end);
/* "cpu-reserved", "cpu-released", "job-start", "job-exit"; NULL if not an event. */
const char *vtjob_event_name(__u8 cmd);

#endif /* VTJOBCTL_VTJOB_INFO_H */
