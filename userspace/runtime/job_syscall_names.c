// SPDX-License-Identifier: GPL-2.0
#include "runtime/job_syscall_names.h"

#include <stddef.h>

#include "gen/job_syscall_nrs.h"

const char *job_syscall_name(uint64_t nr)
{
	static const char *const names[JOB_NR_LIMIT] = { JOB_SYSCALL_NAME_INITIALIZERS };

	return nr < JOB_NR_LIMIT ? names[nr] : NULL;
}
