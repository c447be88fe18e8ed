// SPDX-License-Identifier: GPL-2.0
#include "guestmem/uaccess.h"

#include <errno.h>
#include <string.h>

#include "guestmem/file_maps.h"
#include "guestmem/page_table.h"
#include "guestmem/x86_paging.h"

enum access {
	ACCESS_MAPPED,		/* present, whatever the permissions */
	ACCESS_READ,		/* and user */
	ACCESS_WRITE,		/* and writable */
};

static bool page_allows(const struct guestmem_view *view, uint64_t page, enum access access)
{
	struct guestmem_translation where;

	if (!guestmem_pt_translate(view->mem, view->mem_size, view->cr3, page, &where) ||
	    where.phys != page)
		return false;
	switch (access) {
	case ACCESS_MAPPED:
		return true;
	case ACCESS_READ:
		return where.user;
	case ACCESS_WRITE:
		return where.user && where.writable;
	}
	return false;
}

static bool range_allows(const struct guestmem_view *view, uint64_t addr, uint64_t count,
			 enum access access)
{
	uint64_t page, last;

	if (count == 0)
		return true;
	if (addr + count - 1 < addr)
		return false;
	last = addr + count - 1;
	for (page = addr & ~(X86_PAGE_SIZE - 1); ; page += X86_PAGE_SIZE) {
		if (!page_allows(view, page, access))
			return false;
		if (last - page < X86_PAGE_SIZE)
			return true;
	}
}

static uint64_t prefix_allowed(const struct guestmem_view *view, uint64_t addr,
			       uint64_t count, enum access access)
{
	uint64_t page = addr & ~(X86_PAGE_SIZE - 1), done = 0;

	while (done < count && page_allows(view, page, access)) {
		uint64_t in_page = page + X86_PAGE_SIZE - (addr + done);

		done += in_page < count - done ? in_page : count - done;
		page += X86_PAGE_SIZE;
		if (page == 0)
			break;	/* the top of the address space */
	}
	return done;
}

/* The top of the user half of x86-64 addresses (Linux's TASK_SIZE_MAX). */
#define JOB_TASK_SIZE_MAX	((UINT64_C(1) << 47) - X86_PAGE_SIZE)

bool guestmem_access_ok(uint64_t addr, uint64_t count)
{
	return count <= JOB_TASK_SIZE_MAX && addr <= JOB_TASK_SIZE_MAX - count;
}

uint64_t guestmem_readable_prefix(const struct guestmem_view *view, uint64_t addr, uint64_t count)
{
	return prefix_allowed(view, addr, count, ACCESS_READ);
}

/* Whether [@addr, @addr + @count) could be readied for vtjobctl's write. */
static bool ready_for_write(const struct guestmem_view *view, uint64_t addr, uint64_t count)
{
	uint64_t page;

	if (!count)
		return true;
	if (view->file_maps && guestmem_file_maps_before_write(view->file_maps, addr, count))
		return false;
	if (view->mark_written)
		for (page = addr & ~(X86_PAGE_SIZE - 1); page < addr + count; page += X86_PAGE_SIZE)
			guestmem_pt_mark_dirty(view->mem, view->mem_size, view->cr3, page);
	return true;
}

uint64_t guestmem_writable_prefix(const struct guestmem_view *view, uint64_t addr, uint64_t count)
{
	uint64_t can = prefix_allowed(view, addr, count, ACCESS_WRITE);

	return ready_for_write(view, addr, can) ? can : 0;
}

bool guestmem_can_read(const struct guestmem_view *view, uint64_t addr, uint64_t count)
{
	return range_allows(view, addr, count, ACCESS_READ);
}

bool guestmem_can_write(const struct guestmem_view *view, uint64_t addr, uint64_t count)
{
	return range_allows(view, addr, count, ACCESS_WRITE) &&
	       ready_for_write(view, addr, count);
}

bool guestmem_is_mapped(const struct guestmem_view *view, uint64_t addr, uint64_t count)
{
	return range_allows(view, addr, count, ACCESS_MAPPED);
}

int guestmem_copy_from(const struct guestmem_view *view, void *dst, uint64_t addr, size_t count)
{
	if (!guestmem_can_read(view, addr, count))
		return -EFAULT;
	memcpy(dst, view->mem + addr, count);
	return 0;
}

int guestmem_copy_to(const struct guestmem_view *view, uint64_t addr, const void *src, size_t count)
{
	if (!guestmem_can_write(view, addr, count))
		return -EFAULT;
	memcpy(view->mem + addr, src, count);
	return 0;
}

int guestmem_read_string(const struct guestmem_view *view, uint64_t addr, char *buf, size_t size)
{
	size_t done = 0;

	/* A page at a time: the string may end before a page it cannot read. */
	while (done < size) {
		uint64_t at = addr + done;
		uint64_t in_page = X86_PAGE_SIZE - (at & (X86_PAGE_SIZE - 1));
		size_t chunk = in_page < size - done ? (size_t)in_page : size - done;
		const char *end;

		if (at < addr || !page_allows(view, at & ~(X86_PAGE_SIZE - 1), ACCESS_READ))
			return -EFAULT;
		memcpy(buf + done, view->mem + at, chunk);
		end = memchr(buf + done, '\0', chunk);
		if (end)
			return 0;
		done += chunk;
	}
	return -ENAMETOOLONG;
}
