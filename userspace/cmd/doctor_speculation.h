/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VTJOBCTL_DOCTOR_SPECULATION_H
#define VTJOBCTL_DOCTOR_SPECULATION_H

#include "cmd/doctor.h"

/* One line per VTJOB_VULN_*: the kernel's view and the module's guards. */
void doctor_list_speculation(const struct doctor_env *env, struct doctor_report *report,
			     const struct vtjob_caps *caps);

#endif /* VTJOBCTL_DOCTOR_SPECULATION_H */
