/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The generic netlink family "vtjob" (Documentation/netlink/specs/vtjob.yaml).
 */
#ifndef VTJOB_NL_H
#define VTJOB_NL_H

#include "cpus.h"

int vtj_nl_init(void);
void vtj_nl_exit(void);

void vtj_nl_cpu_reserved(const struct vtj_cpu_info *info);
void vtj_nl_cpu_released(const struct vtj_cpu_info *info,
			 enum vtjob_release_reason reason);
void vtj_nl_job_event(const struct vtj_cpu_info *info, u8 cmd, u64 run_ns);

#endif /* VTJOB_NL_H */
