/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Speculative-execution mitigations around a job's VM entries and exits.
 * What each covers, and why, is in vmx/speculation_policy.c.
 */
#ifndef VTJOB_VMX_SPECULATION_H
#define VTJOB_VMX_SPECULATION_H

#include <linux/types.h>

struct vtjob_caps;

/**
 * struct vtj_l1d_state - when a job's next entry must flush L1D
 * @host_ran: host code that may have left secrets in L1D ran since the
 *	job's last entry: a VTJOB_RUN from userspace, a system call the
 *	module served from host data, a machine check
 * @switches: the runner's context switches at that entry: another task
 *	ran on the CPU in between if they changed
 */
struct vtj_l1d_state {
	bool host_ran;
	unsigned long switches;
};

int vtj_spec_init(void);
void vtj_spec_exit(void);
const char *vtj_spec_reservation_refusal(void);
void vtj_spec_report(struct vtjob_caps *caps);

/* Host code ran that the job must not read through L1D afterwards. */
static inline void vtj_spec_host_ran(struct vtj_l1d_state *l1d)
{
	l1d->host_ran = true;
}

void vtj_spec_before_entry(struct vtj_l1d_state *l1d);
void vtj_spec_after_exit(void);
void vtj_spec_switch_job(void);

#endif /* VTJOB_VMX_SPECULATION_H */
