/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Jobs: the programs the test image ships to run as jobs, and jobs made
 * through /dev/vtjob directly, without vtjobctl.
 */
#ifndef VTJOB_SELFTEST_LIB_JOBS_H
#define VTJOB_SELFTEST_LIB_JOBS_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/types.h>

#include <linux/vtjob.h>

/* Where the jobs are: $VTJOB_JOBS, else where the test image puts them. */
static inline const char *vtj_jobs_dir(void)
{
	const char *dir = getenv("VTJOB_JOBS");

	return dir && *dir ? dir : "/vtjob/jobs";
}

/*
 * @size bytes of memory for a job, zeroed, every page present, and 2 MiB
 * aligned so that the module can map it with 2 MiB EPT pages. NULL on
 * error; munmap(mem, size) gives it back.
 */
void *vtj_job_mem(size_t size);

/*
 * VTJOB_CREATE_JOB's arguments for a job on @cpu in @mem: no flags and
 * no time limit, for a test to change what it is about.
 */
void vtj_job_args(struct vtjob_create_job *args, void *mem, size_t mem_size,
		  uint32_t cpu);

/*
 * VTJOB_CREATE_JOB on @dev with those arguments and @timeout_ns (0: none),
 * left in @args with the module's answers (the CPU, the job id). The job
 * fd, or -1 with errno set.
 */
int vtj_create_job(int dev, void *mem, size_t mem_size, uint32_t cpu,
		   uint64_t timeout_ns, struct vtjob_create_job *args);

/*
 * A thread of the test's own that runs a job once (VTJOB_RUN), as
 * vtjobctl's runner does, while the test does something else.
 */
struct vtj_runner {
	int job;		/* in: the job fd */
	pthread_t thread;
	pid_t tid;		/* the thread's, once it has started */
	volatile bool returned;
	int ret;		/* what the ioctl returned, and its errno */
	int err;
	struct vtjob_run run;	/* why the run stopped */
};

/* Starts @runner's thread on @runner->job: 0, or an errno. */
int vtj_runner_start(struct vtj_runner *runner);

#endif /* VTJOB_SELFTEST_LIB_JOBS_H */
