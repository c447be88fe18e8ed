// SPDX-License-Identifier: GPL-2.0
#include <string.h>
#include <sys/ioctl.h>

#include <linux/vtjob.h>

#include "../../../userspace/guestmem/x86_paging.h"
#include "guest.h"
#include "jobs.h"

#define PTE_TABLE	(X86_PTE_PRESENT | X86_PTE_WRITE | X86_PTE_USER)
#define PTE_2M_PAGE	(PTE_TABLE | X86_PTE_LARGE)

uint8_t *vtj_guest_memory(const char *start, const char *end)
{
	uint8_t *mem = vtj_job_mem(VTJ_GUEST_MEM_SIZE);
	uint64_t *pml4, *pdpt, *pd;

	if (!mem)
		return NULL;
	pml4 = (uint64_t *)(mem + VTJ_GUEST_PML4);
	pdpt = (uint64_t *)(mem + VTJ_GUEST_PDPT);
	pd = (uint64_t *)(mem + VTJ_GUEST_PD);
	pml4[0] = VTJ_GUEST_PDPT | PTE_TABLE;
	pdpt[0] = VTJ_GUEST_PD | PTE_TABLE;
	pd[0] = 0x000000 | PTE_2M_PAGE;
	pd[1] = 0x200000 | PTE_2M_PAGE;
	/* Beyond the job's 4 MiB: EPT has nothing there. */
	pd[2] = 0x400000 | PTE_2M_PAGE;
	memcpy(mem + VTJ_GUEST_CODE, start, end - start);
	return mem;
}

int vtj_guest_set_start_regs(int job)
{
	struct vtjob_regs regs = {
		.size = sizeof(regs),
		.rip = VTJ_GUEST_CODE,
		.rsp = VTJ_GUEST_STACK_TOP,
		.rflags = 0x2,
		.cr3 = VTJ_GUEST_PML4,
	};

	return ioctl(job, VTJOB_SET_REGS, &regs);
}
