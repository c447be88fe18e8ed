/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The job that replaces another at an execve: what it takes from the job
 * it replaces.
 */
#ifndef VTJOB_JOB_EXEC_H
#define VTJOB_JOB_EXEC_H

#include "sys/sys.h"

struct vtj_job_sys *vtj_job_exec_take(int old_fd);

#endif /* VTJOB_JOB_EXEC_H */
