// SPDX-License-Identifier: GPL-2.0
#include "guestmem/page_table.h"

#include <errno.h>
#include <string.h>

#define ENTRIES_PER_TABLE	512
#define LEVELS			4

/* Address bits each level translates: 39 for the PML4 down to 12 for a PT. */
static unsigned int level_shift(int level)
{
	return X86_PAGE_SHIFT + 9 * (level - 1);
}

static unsigned int entry_index(uint64_t vaddr, int level)
{
	return (vaddr >> level_shift(level)) & (ENTRIES_PER_TABLE - 1);
}

static uint64_t read_entry(const uint8_t *mem, uint64_t table, unsigned int index)
{
	uint64_t entry;

	memcpy(&entry, mem + table + (uint64_t)index * sizeof(entry), sizeof(entry));
	return entry;
}

static void write_entry(uint8_t *mem, uint64_t table, unsigned int index, uint64_t entry)
{
	memcpy(mem + table + (uint64_t)index * sizeof(entry), &entry, sizeof(entry));
}

static bool whole_pages_inside(uint64_t addr, uint64_t size, uint64_t mem_size)
{
	return addr % X86_PAGE_SIZE == 0 && size % X86_PAGE_SIZE == 0 &&
	       addr <= mem_size && size <= mem_size - addr;
}

int guestmem_pt_init(struct guestmem_pt *pt, uint8_t *mem, uint64_t mem_size,
		  uint64_t tables_start, uint64_t tables_end)
{
	if (tables_end <= tables_start ||
	    !whole_pages_inside(tables_start, tables_end - tables_start, mem_size))
		return -EINVAL;
	pt->mem = mem;
	pt->mem_size = mem_size;
	pt->tables_start = tables_start;
	pt->tables_end = tables_end;
	pt->pml4 = tables_start;
	pt->next_table = tables_start + X86_PAGE_SIZE;
	memset(mem + pt->pml4, 0, X86_PAGE_SIZE);
	return 0;
}

uint64_t guestmem_pt_used(const struct guestmem_pt *pt)
{
	return pt->next_table - pt->tables_start;
}

/*
 * The table that the entry for @vaddr at @level in @table points to,
 * made if missing. Returns its address, or 0 (never a table: the PML4
 * is the lowest) with *err set.
 */
static uint64_t next_table(struct guestmem_pt *pt, uint64_t table, int level,
			   uint64_t vaddr, int *err)
{
	unsigned int index = entry_index(vaddr, level);
	uint64_t entry = read_entry(pt->mem, table, index);
	uint64_t new_table;

	if (entry & X86_PTE_PRESENT) {
		if (entry & X86_PTE_LARGE) {
			*err = -EEXIST;
			return 0;
		}
		return entry & X86_PTE_ADDR_MASK;
	}
	if (pt->tables_end - pt->next_table < X86_PAGE_SIZE) {
		*err = -ENOSPC;
		return 0;
	}
	new_table = pt->next_table;
	pt->next_table += X86_PAGE_SIZE;
	memset(pt->mem + new_table, 0, X86_PAGE_SIZE);
	/* Upper levels allow everything; the leaf alone decides. */
	write_entry(pt->mem, table, index, new_table | X86_PTE_PRESENT | X86_PTE_WRITE | X86_PTE_USER);
	return new_table;
}

static int map_page(struct guestmem_pt *pt, uint64_t addr, int leaf_level,
		    unsigned int perms)
{
	uint64_t table = pt->pml4, entry;
	unsigned int index;
	int level, err = 0;

	for (level = LEVELS; level > leaf_level; level--) {
		table = next_table(pt, table, level, addr, &err);
		if (!table)
			return err;
	}
	index = entry_index(addr, leaf_level);
	if (read_entry(pt->mem, table, index) & X86_PTE_PRESENT)
		return -EEXIST;
	entry = addr | X86_PTE_PRESENT | X86_PTE_USER;
	if (perms & GUESTMEM_WRITE)
		entry |= X86_PTE_WRITE;
	if (!(perms & GUESTMEM_EXEC))
		entry |= X86_PTE_NX;
	if (leaf_level == 2)
		entry |= X86_PTE_LARGE;
	write_entry(pt->mem, table, index, entry);
	return 0;
}

int guestmem_pt_map(struct guestmem_pt *pt, uint64_t addr, uint64_t size,
		 unsigned int perms)
{
	uint64_t end = addr + size;
	int err;

	if (!whole_pages_inside(addr, size, pt->mem_size))
		return -EINVAL;
	while (addr < end) {
		if (addr % X86_LARGE_PAGE_SIZE == 0 && end - addr >= X86_LARGE_PAGE_SIZE) {
			err = map_page(pt, addr, 2, perms);
			addr += X86_LARGE_PAGE_SIZE;
		} else {
			err = map_page(pt, addr, 1, perms);
			addr += X86_PAGE_SIZE;
		}
		if (err)
			return err;
	}
	return 0;
}

static bool canonical(uint64_t vaddr)
{
	uint64_t upper = vaddr >> 47;

	return upper == 0 || upper == (UINT64_C(1) << 17) - 1;
}

bool guestmem_pt_translate(const uint8_t *mem, uint64_t mem_size, uint64_t cr3,
			uint64_t vaddr, struct guestmem_translation *out)
{
	uint64_t table = cr3 & X86_PTE_ADDR_MASK, entry, page_size;
	bool user = true, writable = true, executable = true;
	int level;

	if (!canonical(vaddr))
		return false;
	for (level = LEVELS; level >= 1; level--) {
		if (table > mem_size || mem_size - table < X86_PAGE_SIZE)
			return false;
		entry = read_entry(mem, table, entry_index(vaddr, level));
		if (!(entry & X86_PTE_PRESENT))
			return false;
		user = user && (entry & X86_PTE_USER);
		writable = writable && (entry & X86_PTE_WRITE);
		executable = executable && !(entry & X86_PTE_NX);
		if (level == 1 || (entry & X86_PTE_LARGE)) {
			/* The PS bit is reserved in a PML4 entry. */
			if (level == LEVELS)
				return false;
			break;
		}
		table = entry & X86_PTE_ADDR_MASK;
	}

	page_size = UINT64_C(1) << level_shift(level);
	out->phys = (entry & X86_PTE_ADDR_MASK & ~(page_size - 1)) | (vaddr & (page_size - 1));
	if (out->phys >= mem_size)
		return false;
	out->page_size = page_size;
	out->user = user;
	out->writable = writable;
	out->executable = executable;
	return true;
}

/*
 * Bytes mapped present under the table at @table (a table of @level)
 * for the addresses [@base, @base + its reach) below @mem_size. Every
 * address is counted once: the walk follows addresses, not tables, so
 * a table named twice is no loop.
 */
static uint64_t mapped_under(const uint8_t *mem, uint64_t mem_size, uint64_t table,
			     int level, uint64_t base)
{
	uint64_t reach = UINT64_C(1) << level_shift(level), total = 0, entry, start;
	unsigned int i;

	if (table > mem_size || mem_size - table < X86_PAGE_SIZE)
		return 0;
	for (i = 0; i < ENTRIES_PER_TABLE; i++) {
		start = base + i * reach;
		if (start >= mem_size)
			break;
		entry = read_entry(mem, table, i);
		if (!(entry & X86_PTE_PRESENT))
			continue;
		if (level == 1 || (entry & X86_PTE_LARGE)) {
			/* The PS bit is reserved in a PML4 entry. */
			if (level < LEVELS)
				total += mem_size - start < reach ? mem_size - start : reach;
			continue;
		}
		total += mapped_under(mem, mem_size, entry & X86_PTE_ADDR_MASK, level - 1, start);
	}
	return total;
}

uint64_t guestmem_pt_mapped_bytes(const uint8_t *mem, uint64_t mem_size, uint64_t cr3)
{
	return mapped_under(mem, mem_size, cr3 & X86_PTE_ADDR_MASK, LEVELS, 0);
}

/*
 * Calls @written for each present page under the table at @table (of
 * @level) that the MMU marked dirty, in address order, and clears the
 * mark. As mapped_under(), it follows addresses below @mem_size.
 */
static int take_dirty_under(uint8_t *mem, uint64_t mem_size, uint64_t table, int level,
			    uint64_t base, guestmem_pt_written_fn written, void *ctx)
{
	uint64_t reach = UINT64_C(1) << level_shift(level), entry, start, len;
	unsigned int i;
	int err;

	if (table > mem_size || mem_size - table < X86_PAGE_SIZE)
		return 0;
	for (i = 0; i < ENTRIES_PER_TABLE; i++) {
		start = base + i * reach;
		if (start >= mem_size)
			break;
		entry = read_entry(mem, table, i);
		if (!(entry & X86_PTE_PRESENT))
			continue;
		if (level > 1 && !(entry & X86_PTE_LARGE)) {
			err = take_dirty_under(mem, mem_size, entry & X86_PTE_ADDR_MASK, level - 1,
					       start, written, ctx);
			if (err)
				return err;
			continue;
		}
		/* The PS bit is reserved in a PML4 entry; a page maps itself. */
		if (level == LEVELS || !(entry & X86_PTE_DIRTY) ||
		    (entry & X86_PTE_ADDR_MASK) != start)
			continue;
		write_entry(mem, table, i, entry & ~X86_PTE_DIRTY);
		len = mem_size - start < reach ? mem_size - start : reach;
		if (written) {
			err = written(ctx, start, len);
			if (err)
				return err;
		}
	}
	return 0;
}

int guestmem_pt_take_dirty(uint8_t *mem, uint64_t mem_size, uint64_t cr3,
			   guestmem_pt_written_fn written, void *ctx)
{
	return take_dirty_under(mem, mem_size, cr3 & X86_PTE_ADDR_MASK, LEVELS, 0, written, ctx);
}

void guestmem_pt_mark_dirty(uint8_t *mem, uint64_t mem_size, uint64_t cr3, uint64_t vaddr)
{
	uint64_t table = cr3 & X86_PTE_ADDR_MASK, entry;
	int level;

	if (!canonical(vaddr))
		return;
	for (level = LEVELS; level >= 1; level--) {
		unsigned int index = entry_index(vaddr, level);

		if (table > mem_size || mem_size - table < X86_PAGE_SIZE)
			return;
		entry = read_entry(mem, table, index);
		if (!(entry & X86_PTE_PRESENT))
			return;
		if (level == 1 || (entry & X86_PTE_LARGE)) {
			if (level < LEVELS)
				write_entry(mem, table, index,
					    entry | X86_PTE_ACCESSED | X86_PTE_DIRTY);
			return;
		}
		table = entry & X86_PTE_ADDR_MASK;
	}
}
