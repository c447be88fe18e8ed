/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The SYSCALL MSRs of a CPU while it runs jobs whose SYSCALL enters their
 * gate (guest/gate.h).
 */
#ifndef VTJOB_VMX_SYSCALL_MSRS_H
#define VTJOB_VMX_SYSCALL_MSRS_H

#include <linux/types.h>

bool vtj_syscall_msrs_available(void);
void vtj_syscall_msrs_load(void);
void vtj_syscall_msrs_put(void);

#endif /* VTJOB_VMX_SYSCALL_MSRS_H */
