/* SPDX-License-Identifier: GPL-2.0 */
/* The memory that becomes a job's guest-physical memory. */
#ifndef VTJOBCTL_GUESTMEM_ALLOC_H
#define VTJOBCTL_GUESTMEM_ALLOC_H

#include <stdbool.h>
#include <stdint.h>

/*
 * @size bytes (a multiple of 4 KiB) of zeroed anonymous memory, aligned
 * to 2 MiB, so that the kernel can pin and map it with large pages where
 * transparent huge pages back it (guestmem_advise_huge()). NULL with
 * errno set on failure.
 */
uint8_t *guestmem_alloc(uint64_t size);

/*
 * Whether [@mem + @start, + @len) should be backed by transparent huge
 * pages: madvise()'s MADV_HUGEPAGE or MADV_NOHUGEPAGE, before it is
 * touched. Only a hint: without THP the job runs in 4 KiB pages.
 */
void guestmem_advise_huge(uint8_t *mem, uint64_t start, uint64_t len, bool huge);

void guestmem_free(uint8_t *mem, uint64_t size);

#endif /* VTJOBCTL_GUESTMEM_ALLOC_H */
