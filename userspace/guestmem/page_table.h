/* SPDX-License-Identifier: GPL-2.0 */
/*
 * x86-64 4-level page tables inside a job's memory: building them, and
 * walking them the way the MMU does. Tables are guest-physical pages from
 * a range of their own; every mapping is an identity mapping (guest-virtual
 * == guest-physical), user-mode and readable.
 */
#ifndef VTJOBCTL_GUESTMEM_PAGE_TABLE_H
#define VTJOBCTL_GUESTMEM_PAGE_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "guestmem/x86_paging.h"

/* Permissions beyond "user may read". */
#define GUESTMEM_WRITE	(1u << 0)
#define GUESTMEM_EXEC	(1u << 1)

struct guestmem_pt {
	uint8_t *mem;		/* guest-physical 0 */
	uint64_t mem_size;
	uint64_t tables_start;
	uint64_t next_table;	/* the next free page for a table */
	uint64_t tables_end;	/* no table at or above this */
	uint64_t pml4;		/* guest-physical: what CR3 holds */
};

/*
 * Start empty page tables in guest-physical [@tables_start, @tables_end),
 * with the PML4 in the first page. Returns 0 or -EINVAL if the range is
 * not whole pages inside the memory.
 */
int guestmem_pt_init(struct guestmem_pt *pt, uint8_t *mem, uint64_t mem_size,
		  uint64_t tables_start, uint64_t tables_end);

/*
 * Map [@addr, @addr + @size) to itself with @perms (GUESTMEM_*), in
 * 2 MiB pages where the range covers them whole, else 4 KiB ones.
 * Returns 0; -EINVAL if the range is not whole pages inside the memory;
 * -EEXIST if part of it is mapped already; -ENOSPC when the tables run
 * out of room.
 */
int guestmem_pt_map(struct guestmem_pt *pt, uint64_t addr, uint64_t size,
		 unsigned int perms);

/* Bytes of tables used so far. */
uint64_t guestmem_pt_used(const struct guestmem_pt *pt);

struct guestmem_translation {
	uint64_t phys;		/* guest-physical address of the byte */
	uint64_t page_size;	/* of the page holding it */
	bool user;		/* CPL 3 may touch it at all */
	bool writable;		/* and write it */
	bool executable;	/* and fetch from it (EFER.NXE is on) */
};

/*
 * Walk the tables at @cr3 for @vaddr, as the MMU would. Returns false
 * where the MMU would fault as "not present": a missing entry, a
 * non-canonical address, a reserved large page at the PML4, or a table or
 * page outside the memory. Reads only the memory; never trusts it.
 */
bool guestmem_pt_translate(const uint8_t *mem, uint64_t mem_size, uint64_t cr3,
			uint64_t vaddr, struct guestmem_translation *out);

/*
 * The bytes of virtual addresses below @mem_size that the tables at @cr3
 * map present, as an identity-mapped job has them: how much of its
 * memory it holds. Never trusts the tables; reads only the memory.
 */
uint64_t guestmem_pt_mapped_bytes(const uint8_t *mem, uint64_t mem_size, uint64_t cr3);

/*
 * The pages a job wrote, as the MMU marks them (the dirty bit of their
 * leaf entry; the module's and vtjobctl's writes for it mark them too,
 * guestmem_pt_mark_dirty()): @written gets each present, identity-mapped
 * one below @mem_size, [@addr, @addr + @len), a 4 KiB or 2 MiB page, in
 * address order, and the mark is cleared. Returns 0, or the first
 * non-zero return of @written, which ends the walk. Never trusts the
 * tables.
 */
typedef int (*guestmem_pt_written_fn)(void *ctx, uint64_t addr, uint64_t len);
int guestmem_pt_take_dirty(uint8_t *mem, uint64_t mem_size, uint64_t cr3,
			   guestmem_pt_written_fn written, void *ctx);

/* Marks the page at @vaddr accessed and dirty, as a write of the MMU's would. */
void guestmem_pt_mark_dirty(uint8_t *mem, uint64_t mem_size, uint64_t cr3, uint64_t vaddr);

#endif /* VTJOBCTL_GUESTMEM_PAGE_TABLE_H */
