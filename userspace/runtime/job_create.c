// SPDX-License-Identifier: GPL-2.0
#include "runtime/job_create.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "client/vtjob_job_ioctl.h"
#include "lib/errbuf.h"
#include "lib/host_file.h"
#include "lib/human_units.h"

#define MAX_JOB_MEM_PARAM	"/sys/module/vtjob/parameters/max_job_mem"

/* The module's max_job_mem parameter, or 0 if it cannot be read. */
static uint64_t module_max_job_mem(void)
{
	char text[32];

	if (host_file_read("", MAX_JOB_MEM_PARAM, text, sizeof(text)))
		return 0;
	return strtoull(text, NULL, 10);
}

/* The module answers VTJOB_CREATE_JOB with an errno; say what it means here. */
static void explain_create_failure(int err, const struct job_create_params *params,
				   char *buf, size_t size)
{
	uint64_t max_mem = err == -EINVAL ? module_max_job_mem() : 0;
	char mem[HUMAN_TEXT_MAX], limit[HUMAN_TEXT_MAX];

	if (max_mem && params->mem_size > max_mem) {
		human_size(params->mem_size, mem, sizeof(mem));
		human_size(max_mem, limit, sizeof(limit));
		errbuf_set(buf, size,
			   "--mem %s is more than the module allows, %s (its max_job_mem parameter)",
			   mem, limit);
	} else if (params->cpu == VTJOB_CPU_ANY && (err == -EBUSY || err == -ENODEV)) {
		errbuf_set(buf, size,
			   "no CPU is reserved for jobs: reserve one with 'vtjobctl reserve CPULIST'");
	} else if (err == -EINVAL && params->cpu != VTJOB_CPU_ANY) {
		errbuf_set(buf, size,
			   "CPU %u is not reserved for jobs: reserve it with 'vtjobctl reserve %u'",
			   params->cpu, params->cpu);
	} else if (err == -ENODEV) {
		errbuf_set(buf, size,
			   "CPU %u cannot run jobs now (it left VMX operation or went offline)",
			   params->cpu);
	} else if (err == -ENOTTY) {
		errbuf_set(buf, size,
			   "this vtjob module cannot run jobs (it does not know VTJOB_CREATE_JOB); load a newer one");
	} else {
		errbuf_set(buf, size, "cannot create the job: %s", strerror(-err));
	}
}

static int set_registers(int job_fd, const struct job_layout *layout, char *err, size_t errlen)
{
	struct vtjob_regs regs;
	int ret;

	memset(&regs, 0, sizeof(regs));
	regs.rip = layout->rip;
	regs.rsp = layout->rsp;
	regs.rflags = layout->rflags;
	regs.cr3 = layout->cr3;
	ret = vtjob_set_regs(job_fd, &regs);
	if (ret)
		errbuf_set(err, errlen, "cannot set the job's registers: %s", strerror(-ret));
	return ret;
}

/* The module serves brk and mmap from here on (struct vtjob_mm). */
static int set_memory_layout(int job_fd, const struct job_layout *layout, char *err,
			     size_t errlen)
{
	struct vtjob_mm mm;
	int ret;

	memset(&mm, 0, sizeof(mm));
	mm.tables_next = JOB_TABLES_START + layout->tables_size;
	mm.tables_end = JOB_TABLES_END;
	mm.brk_start = layout->brk_start;
	mm.mmap_base = layout->mmap_base;
	mm.stack_size = JOB_STACK_SIZE;
	ret = vtjob_set_mm(job_fd, &mm);
	if (ret == -ENOTTY)
		errbuf_set(err, errlen,
			   "this vtjob module cannot serve a job's memory calls (it does not know VTJOB_SET_MM); load a newer one");
	else if (ret)
		errbuf_set(err, errlen, "cannot set the job's memory layout: %s", strerror(-ret));
	return ret;
}

int job_create(int dev_fd, const struct job_create_params *params, char *err,
	       size_t errlen)
{
	struct vtjob_create_job create;
	int job_fd, ret;

	memset(&create, 0, sizeof(create));
	create.flags = params->trace_syscalls ? VTJOB_JOB_TRACE_SYSCALLS : 0;
	if (params->replaces) {
		create.flags |= VTJOB_JOB_EXEC;
		create.parent_fd = params->replaced_fd;
	}
	create.cpu = params->cpu;
	create.mem_addr = (uintptr_t)params->mem;
	create.mem_size = params->mem_size;
	create.timeout_ns = params->timeout_ns;
	job_fd = vtjob_create_job(dev_fd, &create);
	if (job_fd < 0) {
		explain_create_failure(job_fd, params, err, errlen);
		return job_fd;
	}

	ret = set_registers(job_fd, params->layout, err, errlen);
	if (!ret)
		ret = set_memory_layout(job_fd, params->layout, err, errlen);
	if (ret) {
		/* Half set up is of no use: the kernel frees it and unpins its memory. */
		close(job_fd);
		return ret;
	}
	return job_fd;
}
