/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The job's pointers, as vtjobctl reaches them: a job address X is at
 * mem + X, but only where the job's own page tables map X to itself with
 * the access the kernel would need (present and user; writable too when
 * the kernel would write through it). The module edits those tables
 * while the job runs (brk, mmap), so every check walks them again. A
 * failed check is the job's -EFAULT, never a fault in vtjobctl.
 */
#ifndef VTJOBCTL_GUESTMEM_UACCESS_H
#define VTJOBCTL_GUESTMEM_UACCESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct guestmem_file_maps;

struct guestmem_view {
	uint8_t *mem;		/* guest-physical 0 */
	uint64_t mem_size;
	uint64_t cr3;
	/* Where files are mapped in @mem; NULL: nowhere. */
	struct guestmem_file_maps *file_maps;
	/*
	 * vtjobctl's writes mark the pages dirty in the job's page tables,
	 * as the job's own writes do: a vfork child's (job_fork.c).
	 */
	bool mark_written;
};

/*
 * Whether the job may read [@addr, @addr + @count) from user mode: every
 * page mapped, user-accessible and inside its memory. The pages must also
 * map to themselves, as all of a job's do, so the bytes are contiguous.
 * An empty range is always fine; one that wraps never is.
 */
bool guestmem_can_read(const struct guestmem_view *view, uint64_t addr, uint64_t count);

/*
 * As guestmem_can_read(), and every page writable. When it is, the range
 * is ready for vtjobctl to write: a page of it the job shares with a file
 * is the job's own copy now (guestmem/file_maps.h). The same goes for
 * guestmem_writable_prefix() and guestmem_copy_to().
 */
bool guestmem_can_write(const struct guestmem_view *view, uint64_t addr, uint64_t count);

/*
 * Whether every page of the range is present and maps to itself, with
 * any permissions: where the module has just mapped a file for mmap(),
 * perhaps read-only, for vtjobctl to fill in.
 */
bool guestmem_is_mapped(const struct guestmem_view *view, uint64_t addr, uint64_t count);

/*
 * Linux's access_ok(): whether [@addr, @addr + @count) lies in the user
 * half of the address space without wrapping. read() and write() check it
 * on the count as given, before capping it, and fail with EFAULT.
 */
bool guestmem_access_ok(uint64_t addr, uint64_t count);

/*
 * How much of [@addr, @addr + @count) the job could read (or write)
 * before the first page it cannot: what a Linux read() or write() gets
 * through before it faults, and returns as a short count.
 */
uint64_t guestmem_readable_prefix(const struct guestmem_view *view, uint64_t addr, uint64_t count);
uint64_t guestmem_writable_prefix(const struct guestmem_view *view, uint64_t addr, uint64_t count);

/* The job's byte at @addr, once a check above has passed. */
static inline void *guestmem_bytes(const struct guestmem_view *view, uint64_t addr)
{
	return view->mem + addr;
}

/* Copy out of, or into, the job's memory: 0, or -EFAULT as Linux would. */
int guestmem_copy_from(const struct guestmem_view *view, void *dst, uint64_t addr, size_t count);
int guestmem_copy_to(const struct guestmem_view *view, uint64_t addr, const void *src, size_t count);

/*
 * The NUL-terminated string at @addr into @buf (@size bytes, PATH_MAX for
 * a path), as the kernel's getname() reads it: 0; -EFAULT when it runs
 * into a page the job cannot read before its end; -ENAMETOOLONG when it
 * does not end within @size bytes. An empty string is the caller's to
 * refuse (-ENOENT for a path).
 */
int guestmem_read_string(const struct guestmem_view *view, uint64_t addr, char *buf, size_t size);

#endif /* VTJOBCTL_GUESTMEM_UACCESS_H */
