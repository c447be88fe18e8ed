// SPDX-License-Identifier: GPL-2.0
#include "runtime/job_program.h"

#include <errno.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/random.h>
#include <unistd.h>

#if defined(__x86_64__) || defined(__i386__)
#include <asm/hwcap2.h>
#include <cpuid.h>
#endif

#include "guestmem/alloc.h"

int job_start_from_host(char *const *argv, char *const *envp, const char *execfn,
			struct job_start *start)
{
	unsigned int eax = 0, ebx = 0, ecx = 0, edx = 0;

	memset(start, 0, sizeof(*start));
	start->argv = argv;
	start->envp = envp;
	start->execfn = execfn;
	if (getrandom(start->random, sizeof(start->random), 0) != sizeof(start->random))
		return -errno;
#if defined(__x86_64__) || defined(__i386__)
	__get_cpuid(1, &eax, &ebx, &ecx, &edx);
	/*
	 * FSGSBASE as the host has it: a job runs with the host's CR4.
	 * RING3MWAIT not: MONITOR and MWAIT fault in a job.
	 */
	start->hwcap2 = getauxval(AT_HWCAP2) & HWCAP2_FSGSBASE;
#endif
	start->hwcap = edx;
	/*
	 * The host's signal frame size: a job's XSAVE state is the host's
	 * or less (the module leaves out what it cannot give), so it is
	 * enough.
	 */
	start->minsigstksz = getauxval(AT_MINSIGSTKSZ);
	start->uid = getuid();
	start->euid = geteuid();
	start->gid = getgid();
	start->egid = getegid();
	return 0;
}

/*
 * A transparent huge page is zeroed whole at its first touch (twice where
 * the kernel has init_on_alloc): worth it where a job may use much of
 * it, a large program and the brk and mmap areas; not where it uses a
 * few pages, the page tables, the stack and a small program, which the
 * loader touches in every job. With three huge pages, a job that exits
 * at once spent most of its start zeroing them (make profile).
 */
static void advise_pages(uint8_t *mem, uint64_t mem_size, const struct job_elf_plan *plan)
{
	const uint64_t huge = X86_LARGE_PAGE_SIZE;
	/* The 2 MiB the stack ends in: the program fits below it or not at all. */
	uint64_t top = (mem_size - 1) & ~(huge - 1);
	uint64_t from = JOB_TABLES_END;

	/* A program smaller than a huge page uses a few pages of its last one. */
	if (plan->end - plan->lowest < huge)
		from = (plan->end + huge - 1) & ~(huge - 1);
	if (from >= top) {
		guestmem_advise_huge(mem, 0, mem_size, false);
		return;
	}
	guestmem_advise_huge(mem, 0, from, false);
	guestmem_advise_huge(mem, from, top - from, true);
	guestmem_advise_huge(mem, top, mem_size - top, false);
}

int job_program_place(const struct job_elf_plan *plan, const struct job_start *start,
		      uint64_t mem_size, uint8_t **mem, struct job_layout *layout)
{
	uint64_t need = job_layout_needed(plan, start);
	int err;

	*mem = NULL;
	if (need > mem_size) {
		layout->needed = need;
		return -E2BIG;
	}
	*mem = guestmem_alloc(mem_size);
	if (!*mem)
		return -ENOMEM;
	advise_pages(*mem, mem_size, plan);
	err = job_layout_build(*mem, mem_size, plan, start, layout);
	if (err) {
		guestmem_free(*mem, mem_size);
		*mem = NULL;
	}
	return err;
}
