/* SPDX-License-Identifier: GPL-2.0 */
/* The memory that becomes a job's guest-physical memory. */
#ifndef VTJOBCTL_GUESTMEM_ALLOC_H
#define VTJOBCTL_GUESTMEM_ALLOC_H

#include <stdint.h>

/*
 * @size bytes (a multiple of 4 KiB) of zeroed anonymous memory, aligned
 * to 2 MiB and advised to use transparent huge pages, so that the kernel
 * can pin and map it with large pages. NULL with errno set on failure.
 */
uint8_t *guestmem_alloc(uint64_t size);

void guestmem_free(uint8_t *mem, uint64_t size);

#endif /* VTJOBCTL_GUESTMEM_ALLOC_H */
