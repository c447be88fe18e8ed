// SPDX-License-Identifier: GPL-2.0
#include "guestmem/alloc.h"

#include <errno.h>
#include <stddef.h>
#include <sys/mman.h>

#include "guestmem/x86_paging.h"

uint8_t *guestmem_alloc(uint64_t size)
{
	uint64_t padded = size + X86_LARGE_PAGE_SIZE;
	uintptr_t start, aligned;
	void *map;

	if (size == 0 || padded < size || padded > SIZE_MAX) {
		errno = ENOMEM;
		return NULL;
	}
	/* mmap() aligns only to 4 KiB: take more, and give back the ends. */
	map = mmap(NULL, padded, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (map == MAP_FAILED)
		return NULL;
	start = (uintptr_t)map;
	aligned = (start + X86_LARGE_PAGE_SIZE - 1) & ~(uintptr_t)(X86_LARGE_PAGE_SIZE - 1);
	if (aligned > start)
		munmap(map, aligned - start);
	if (start + padded > aligned + size)
		munmap((void *)(aligned + size), start + padded - (aligned + size));
	return (uint8_t *)aligned;
}

void guestmem_advise_huge(uint8_t *mem, uint64_t start, uint64_t len, bool huge)
{
	if (len)
		madvise(mem + start, len, huge ? MADV_HUGEPAGE : MADV_NOHUGEPAGE);
}

void guestmem_free(uint8_t *mem, uint64_t size)
{
	if (mem)
		munmap(mem, size);
}
