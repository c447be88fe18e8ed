/* SPDX-License-Identifier: GPL-2.0 */
/* Why a job stopped, in the words vtjobctl prints. */
#ifndef VTJOBCTL_JOB_EXIT_TEXT_H
#define VTJOBCTL_JOB_EXIT_TEXT_H

#include <stddef.h>
#include <linux/vtjob.h>

/*
 * What VTJOB_EXIT_EXCEPTION @exit says happened, and where:
 * "page fault writing 0x401000 at rip 0x401005",
 * "general protection fault at rip 0x401005".
 */
void job_exception_text(const struct vtjob_exit *exit, char *buf, size_t buflen);

/* Linux's name for a basic VM-exit reason (<asm/vmx.h>), or NULL if it has none. */
const char *vmx_exit_reason_name(unsigned int reason);

#endif /* VTJOBCTL_JOB_EXIT_TEXT_H */
