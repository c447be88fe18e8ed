// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "jobs.h"

#define JOB_MEM_ALIGN	(2UL << 20)

void *vtj_job_mem(size_t size)
{
	uint8_t *raw, *mem;
	size_t head;

	raw = mmap(NULL, size + JOB_MEM_ALIGN, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (raw == MAP_FAILED)
		return NULL;
	mem = (uint8_t *)(((uintptr_t)raw + JOB_MEM_ALIGN - 1) & ~(JOB_MEM_ALIGN - 1));
	/* Only the aligned part stays, so that the caller can munmap() it. */
	head = mem - raw;
	if (head)
		munmap(raw, head);
	if (JOB_MEM_ALIGN - head)
		munmap(mem + size, JOB_MEM_ALIGN - head);
	/*
	 * Every page present before VTJOB_CREATE_JOB pins it, as MAP_POPULATE
	 * would make them, without populating the parts cut off above.
	 */
	memset(mem, 0, size);
	return mem;
}

void vtj_job_args(struct vtjob_create_job *args, void *mem, size_t mem_size,
		  uint32_t cpu)
{
	memset(args, 0, sizeof(*args));
	args->size = sizeof(*args);
	args->cpu = cpu;
	args->mem_addr = (uintptr_t)mem;
	args->mem_size = mem_size;
}

int vtj_create_job(int dev, void *mem, size_t mem_size, uint32_t cpu,
		   uint64_t timeout_ns, struct vtjob_create_job *args)
{
	vtj_job_args(args, mem, mem_size, cpu);
	args->timeout_ns = timeout_ns;
	return ioctl(dev, VTJOB_CREATE_JOB, args);
}

static void *vtj_runner_thread(void *arg)
{
	struct vtj_runner *runner = arg;

	runner->tid = gettid();
	memset(&runner->run, 0, sizeof(runner->run));
	runner->run.size = sizeof(runner->run);
	runner->ret = ioctl(runner->job, VTJOB_RUN, &runner->run);
	runner->err = errno;
	runner->returned = true;
	return NULL;
}

int vtj_runner_start(struct vtj_runner *runner)
{
	runner->tid = 0;
	runner->returned = false;
	return pthread_create(&runner->thread, NULL, vtj_runner_thread, runner);
}
