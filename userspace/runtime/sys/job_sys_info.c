// SPDX-License-Identifier: GPL-2.0
/* What the job learns of the machine it runs on: sysinfo(). */
#include <errno.h>
#include <string.h>
#include <sys/sysinfo.h>

#include "guestmem/page_table.h"
#include "runtime/sys/job_sys.h"

/* x86-64's struct sysinfo, the kernel's and glibc's alike. */
_Static_assert(sizeof(struct sysinfo) == 112, "struct sysinfo is not x86-64's");

/*
 * The host's uptime, load and process count; for memory, the job's
 * memory is its machine's: all of it in total, what it has not mapped
 * free, no swap. A program that sizes its buffers by it (sort) sizes
 * them by what it has.
 */
int64_t job_sys_sysinfo(const struct job_syscall_env *env, const uint64_t *args)
{
	const struct guestmem_view *view = &env->view;
	struct sysinfo info;

	if (sysinfo(&info) < 0)
		return -errno;
	info.totalram = view->mem_size;
	info.freeram = view->mem_size - guestmem_pt_mapped_bytes(view->mem, view->mem_size,
								 view->cr3);
	info.sharedram = 0;
	info.bufferram = 0;
	info.totalswap = 0;
	info.freeswap = 0;
	info.totalhigh = 0;
	info.freehigh = 0;
	info.mem_unit = 1;
	return guestmem_copy_to(view, args[0], &info, sizeof(info)) ? -EFAULT : 0;
}
