// SPDX-License-Identifier: GPL-2.0
/*
 * Page tables built in a buffer and walked back the way the MMU walks
 * them: permissions, page sizes, what is not mapped, running out of
 * table space, and walks over tables that are garbage.
 */
#include "guestmem/page_table.h"

#include <errno.h>
#include <stdlib.h>

#include "harness.h"

#define MEM_SIZE	(16u << 20)
#define TABLES_START	0x1000
#define TABLES_END	0x400000

FIXTURE(tables) {
	uint8_t *mem;
	struct guestmem_pt pt;
};

FIXTURE_SETUP(tables)
{
	self->mem = calloc(1, MEM_SIZE);
	ASSERT_NE(NULL, self->mem);
	ASSERT_EQ(0, guestmem_pt_init(&self->pt, self->mem, MEM_SIZE, TABLES_START, TABLES_END));
}

FIXTURE_TEARDOWN(tables)
{
	free(self->mem);
}

static bool walk(const uint8_t *mem, uint64_t cr3, uint64_t vaddr, struct guestmem_translation *t)
{
	return guestmem_pt_translate(mem, MEM_SIZE, cr3, vaddr, t);
}

TEST_F(tables, empty_tables_map_nothing)
{
	struct guestmem_translation t;

	EXPECT_EQ(TABLES_START, self->pt.pml4);
	EXPECT_FALSE(walk(self->mem, self->pt.pml4, 0, &t));
	EXPECT_FALSE(walk(self->mem, self->pt.pml4, 0x400000, &t));
	EXPECT_EQ(0x1000, guestmem_pt_used(&self->pt));
}

TEST_F(tables, small_pages_keep_their_permissions)
{
	struct guestmem_translation t;

	ASSERT_EQ(0, guestmem_pt_map(&self->pt, 0x400000, 0x1000, 0));
	ASSERT_EQ(0, guestmem_pt_map(&self->pt, 0x401000, 0x1000, GUESTMEM_EXEC));
	ASSERT_EQ(0, guestmem_pt_map(&self->pt, 0x402000, 0x2000, GUESTMEM_WRITE));

	ASSERT_TRUE(walk(self->mem, self->pt.pml4, 0x400123, &t));
	EXPECT_EQ(0x400123, t.phys);
	EXPECT_EQ(0x1000, t.page_size);
	EXPECT_TRUE(t.user);
	EXPECT_FALSE(t.writable);
	EXPECT_FALSE(t.executable);

	ASSERT_TRUE(walk(self->mem, self->pt.pml4, 0x401fff, &t));
	EXPECT_FALSE(t.writable);
	EXPECT_TRUE(t.executable);

	ASSERT_TRUE(walk(self->mem, self->pt.pml4, 0x403000, &t));
	EXPECT_TRUE(t.writable);
	EXPECT_FALSE(t.executable);

	EXPECT_FALSE(walk(self->mem, self->pt.pml4, 0x3ff000, &t));
	EXPECT_FALSE(walk(self->mem, self->pt.pml4, 0x404000, &t));
	/* PML4, PDPT, PD and one PT. */
	EXPECT_EQ(4 * 0x1000, guestmem_pt_used(&self->pt));
}

TEST_F(tables, whole_2_mib_ranges_get_large_pages)
{
	struct guestmem_translation t;

	/* 4 KiB pages up to 2 MiB, one 2 MiB page, 4 KiB pages after. */
	ASSERT_EQ(0, guestmem_pt_map(&self->pt, 0x5ff000, 0x203000, GUESTMEM_WRITE));
	ASSERT_TRUE(walk(self->mem, self->pt.pml4, 0x5ff000, &t));
	EXPECT_EQ(0x1000, t.page_size);
	ASSERT_TRUE(walk(self->mem, self->pt.pml4, 0x7abcde, &t));
	EXPECT_EQ(0x200000, t.page_size);
	EXPECT_EQ(0x7abcde, t.phys);
	EXPECT_TRUE(t.writable);
	EXPECT_FALSE(t.executable);
	ASSERT_TRUE(walk(self->mem, self->pt.pml4, 0x801fff, &t));
	EXPECT_EQ(0x1000, t.page_size);
	EXPECT_FALSE(walk(self->mem, self->pt.pml4, 0x802000, &t));
	EXPECT_FALSE(walk(self->mem, self->pt.pml4, 0x5fe000, &t));
}

TEST_F(tables, refuses_to_map_twice)
{
	ASSERT_EQ(0, guestmem_pt_map(&self->pt, 0x400000, 0x200000, 0));
	EXPECT_EQ(-EEXIST, guestmem_pt_map(&self->pt, 0x400000, 0x1000, 0));
	EXPECT_EQ(-EEXIST, guestmem_pt_map(&self->pt, 0x5ff000, 0x1000, 0));
	ASSERT_EQ(0, guestmem_pt_map(&self->pt, 0x600000, 0x1000, 0));
	EXPECT_EQ(-EEXIST, guestmem_pt_map(&self->pt, 0x600000, 0x1000, 0));
}

TEST_F(tables, refuses_ranges_outside_the_memory_or_pages)
{
	EXPECT_EQ(-EINVAL, guestmem_pt_map(&self->pt, 0x400001, 0x1000, 0));
	EXPECT_EQ(-EINVAL, guestmem_pt_map(&self->pt, 0x400000, 0x800, 0));
	EXPECT_EQ(-EINVAL, guestmem_pt_map(&self->pt, MEM_SIZE - 0x1000, 0x2000, 0));
	EXPECT_EQ(-EINVAL, guestmem_pt_map(&self->pt, ~0ull & ~0xfffull, 0x2000, 0));
	EXPECT_EQ(0, guestmem_pt_map(&self->pt, MEM_SIZE - 0x1000, 0x1000, 0));
}

TEST(runs_out_of_table_space)
{
	struct guestmem_pt pt;
	uint8_t *mem = calloc(1, MEM_SIZE);

	ASSERT_NE(NULL, mem);
	/* Room for the PML4 and three more: one PT. */
	ASSERT_EQ(0, guestmem_pt_init(&pt, mem, MEM_SIZE, 0x1000, 0x5000));
	EXPECT_EQ(0, guestmem_pt_map(&pt, 0x400000, 0x1000, 0));
	EXPECT_EQ(-ENOSPC, guestmem_pt_map(&pt, 0x600000, 0x1000, 0));
	/* A large page needs no PT. */
	EXPECT_EQ(0, guestmem_pt_map(&pt, 0x800000, 0x200000, 0));
	free(mem);
}

TEST(refuses_table_ranges_outside_the_memory)
{
	struct guestmem_pt pt;
	uint8_t mem[0x2000];

	EXPECT_EQ(-EINVAL, guestmem_pt_init(&pt, mem, sizeof(mem), 0x1000, 0x3000));
	EXPECT_EQ(-EINVAL, guestmem_pt_init(&pt, mem, sizeof(mem), 0x1000, 0x1000));
	EXPECT_EQ(-EINVAL, guestmem_pt_init(&pt, mem, sizeof(mem), 0x800, 0x1000));
}

TEST_F(tables, upper_levels_restrict_the_leaf)
{
	struct guestmem_translation t;
	uint64_t pdpt, entry;

	ASSERT_EQ(0, guestmem_pt_map(&self->pt, 0x400000, 0x1000, GUESTMEM_WRITE | GUESTMEM_EXEC));
	/* Take the user and write bits away in the PML4 entry. */
	memcpy(&entry, self->mem + self->pt.pml4, sizeof(entry));
	pdpt = entry;
	entry &= ~(uint64_t)0x6;
	memcpy(self->mem + self->pt.pml4, &entry, sizeof(entry));
	ASSERT_TRUE(walk(self->mem, self->pt.pml4, 0x400000, &t));
	EXPECT_FALSE(t.user);
	EXPECT_FALSE(t.writable);
	EXPECT_TRUE(t.executable);
	/* And set NX there. */
	entry = pdpt | (1ull << 63);
	memcpy(self->mem + self->pt.pml4, &entry, sizeof(entry));
	ASSERT_TRUE(walk(self->mem, self->pt.pml4, 0x400000, &t));
	EXPECT_TRUE(t.user);
	EXPECT_FALSE(t.executable);
}

TEST_F(tables, non_canonical_addresses_are_never_mapped)
{
	struct guestmem_translation t;

	ASSERT_EQ(0, guestmem_pt_map(&self->pt, 0x400000, 0x1000, 0));
	EXPECT_FALSE(walk(self->mem, self->pt.pml4, 0x0000800000400000ull, &t));
	EXPECT_FALSE(walk(self->mem, self->pt.pml4, 0x8000000000400000ull, &t));
	EXPECT_FALSE(walk(self->mem, self->pt.pml4, 0xffff800000400000ull, &t));
}

static struct {
	unsigned int count;
	uint64_t addr[8], len[8];
} taken;

static int take(void *ctx, uint64_t addr, uint64_t len)
{
	(void)ctx;
	if (taken.count < 8) {
		taken.addr[taken.count] = addr;
		taken.len[taken.count] = len;
	}
	taken.count++;
	return 0;
}

/*
 * What a vfork's child wrote: the pages marked dirty, 4 KiB and 2 MiB,
 * in address order and each once, and no more once taken.
 */
TEST_F(tables, written_pages_are_taken_once_in_address_order)
{
	uint64_t pml4 = self->pt.pml4;

	ASSERT_EQ(0, guestmem_pt_map(&self->pt, 0x400000, 0x3000, GUESTMEM_WRITE));
	ASSERT_EQ(0, guestmem_pt_map(&self->pt, 0x600000, X86_LARGE_PAGE_SIZE, GUESTMEM_WRITE));
	taken.count = 0;
	EXPECT_EQ(0, guestmem_pt_take_dirty(self->mem, MEM_SIZE, pml4, take, NULL));
	EXPECT_EQ(0, taken.count);

	guestmem_pt_mark_dirty(self->mem, MEM_SIZE, pml4, 0x7ff000);
	guestmem_pt_mark_dirty(self->mem, MEM_SIZE, pml4, 0x402000);
	guestmem_pt_mark_dirty(self->mem, MEM_SIZE, pml4, 0x402000);
	guestmem_pt_mark_dirty(self->mem, MEM_SIZE, pml4, 0x900000);	/* not mapped */
	EXPECT_EQ(0, guestmem_pt_take_dirty(self->mem, MEM_SIZE, pml4, take, NULL));
	ASSERT_EQ(2, taken.count);
	EXPECT_EQ(0x402000, taken.addr[0]);
	EXPECT_EQ(X86_PAGE_SIZE, taken.len[0]);
	EXPECT_EQ(0x600000, taken.addr[1]);
	EXPECT_EQ(X86_LARGE_PAGE_SIZE, taken.len[1]);

	taken.count = 0;
	EXPECT_EQ(0, guestmem_pt_take_dirty(self->mem, MEM_SIZE, pml4, take, NULL));
	EXPECT_EQ(0, taken.count);
}

TEST(walks_over_garbage_stay_inside_the_memory)
{
	struct guestmem_translation t;
	uint8_t *mem = malloc(MEM_SIZE);
	uint64_t state = 0x9e3779b97f4a7c15ull;
	size_t i;

	ASSERT_NE(NULL, mem);
	for (i = 0; i < MEM_SIZE; i++) {
		state = state * 6364136223846793005ull + 1442695040888963407ull;
		mem[i] = (uint8_t)(state >> 56);
	}
	/* Random entries: most present, many pointing far outside the memory. */
	for (i = 0; i < 100000; i++) {
		state = state * 6364136223846793005ull + 1442695040888963407ull;
		if (guestmem_pt_translate(mem, MEM_SIZE, ((state >> 20) % MEM_SIZE) & ~0xfffull,
				       state & 0x00007fffffffffffull, &t))
			EXPECT_GT(MEM_SIZE, t.phys);
	}
	EXPECT_FALSE(guestmem_pt_translate(mem, MEM_SIZE, ~0ull, 0x400000, &t));
	EXPECT_FALSE(guestmem_pt_translate(mem, MEM_SIZE, MEM_SIZE, 0x400000, &t));
	/* Taking the written pages of garbage stays inside it too. */
	for (i = 0; i < 64; i++) {
		state = state * 6364136223846793005ull + 1442695040888963407ull;
		taken.count = 0;
		EXPECT_EQ(0, guestmem_pt_take_dirty(mem, MEM_SIZE, ((state >> 20) % MEM_SIZE) & ~0xfffull,
						    take, NULL));
		if (taken.count && taken.count <= 8)
			EXPECT_GE(MEM_SIZE, taken.addr[0] + taken.len[0]);
	}
	free(mem);
}

TEST_HARNESS_MAIN
