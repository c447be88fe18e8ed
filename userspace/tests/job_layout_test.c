// SPDX-License-Identifier: GPL-2.0
/*
 * A job's memory as the layout leaves it, read back through the page
 * tables the way the MMU would: what is mapped and how, the guard gap,
 * and the initial stack word by word as the System V ABI describes it.
 */
#include "loader/job_layout.h"

#include <elf.h>
#include <errno.h>
#include <stdlib.h>

#include "guestmem/page_table.h"
#include "loader/program_file.h"

#include "elf_image.h"
#include "example_jobs.h"
#include "harness.h"

#define MEM_SIZE	(64u << 20)
#define HWCAP		0x178bfbffull
#define HWCAP2		0x2ull
#define TEST_MINSIGSTKSZ	3376

static char *test_argv[] = { "/vtjob/jobs/prog", "one", "two words", "", NULL };
static char *test_envp[] = { "PATH=/bin", "EMPTY=", "HOME=/root", NULL };

static void test_start(struct job_start *start)
{
	unsigned int i;

	memset(start, 0, sizeof(*start));
	start->argv = test_argv;
	start->envp = test_envp;
	start->execfn = "/vtjob/jobs/prog";
	for (i = 0; i < JOB_RANDOM_BYTES; i++)
		start->random[i] = (uint8_t)(0xa0 + i);
	start->hwcap = HWCAP;
	start->hwcap2 = HWCAP2;
	start->minsigstksz = TEST_MINSIGSTKSZ;
	start->uid = 1000;
	start->euid = 1001;
	start->gid = 100;
	start->egid = 101;
}

FIXTURE(layout) {
	uint8_t *mem;
	struct test_elf elf;
	struct job_elf_plan plan;
	struct job_start start;
	struct job_layout layout;
};

FIXTURE_SETUP(layout)
{
	char why[256];

	self->mem = calloc(1, MEM_SIZE);
	ASSERT_NE(NULL, self->mem);
	test_elf_init(&self->elf);
	ASSERT_EQ(0, job_elf_plan(self->elf.bytes, self->elf.size, JOB_TABLES_END, JOB_MEM_MAX,
				  &self->plan, why, sizeof(why)));
	test_start(&self->start);
	ASSERT_EQ(0, job_layout_build(self->mem, MEM_SIZE, &self->plan, &self->start,
				      &self->layout));
}

FIXTURE_TEARDOWN(layout)
{
	free(self->mem);
}

/* How the job sees @vaddr: 'w' writable, 'x' executable, 'r' neither, '-' not at all. */
static char access_at(const uint8_t *mem, uint64_t mem_size, uint64_t cr3, uint64_t vaddr)
{
	struct guestmem_translation t;

	if (!guestmem_pt_translate(mem, mem_size, cr3, vaddr, &t) || !t.user)
		return '-';
	/* Identity mapped, always. */
	if (t.phys != vaddr)
		return '?';
	if (t.writable && t.executable)
		return '!';
	return t.writable ? 'w' : t.executable ? 'x' : 'r';
}

#define ACCESS(vaddr) access_at(self->mem, MEM_SIZE, self->layout.cr3, (vaddr))

static uint64_t word(const uint8_t *mem, uint64_t addr)
{
	uint64_t value;

	memcpy(&value, mem + addr, sizeof(value));
	return value;
}

TEST_F(layout, registers_start_the_program)
{
	EXPECT_EQ(JOB_TABLES_START, self->layout.cr3);
	EXPECT_EQ(TEST_ELF_ENTRY, self->layout.rip);
	EXPECT_EQ(0x202, self->layout.rflags);
	EXPECT_EQ(0, self->layout.rsp % 16);
	EXPECT_LT(self->layout.stack_start, self->layout.rsp);
	EXPECT_GT(MEM_SIZE, self->layout.rsp);
}

TEST_F(layout, nothing_below_4_mib_is_mapped)
{
	uint64_t addr;

	for (addr = 0; addr < JOB_TABLES_END; addr += X86_PAGE_SIZE)
		ASSERT_EQ('-', ACCESS(addr)) TH_LOG("mapped: %#lx", (unsigned long)addr);
	/* The tables are where CR3 says, inside that range. */
	EXPECT_LE(JOB_TABLES_START, self->layout.cr3);
	EXPECT_GE(JOB_TABLES_END, self->layout.cr3 + self->layout.tables_size);
}

TEST_F(layout, segments_have_their_permissions)
{
	EXPECT_EQ('r', ACCESS(0x400000));
	EXPECT_EQ('r', ACCESS(0x400fff));
	EXPECT_EQ('x', ACCESS(0x401000));
	EXPECT_EQ('w', ACCESS(0x402000));
	EXPECT_EQ('w', ACCESS(0x404fff));
	EXPECT_EQ('-', ACCESS(0x405000));
}

TEST_F(layout, segments_hold_the_file_and_zeros)
{
	uint64_t addr;

	EXPECT_EQ(0, memcmp(self->mem + 0x400000, self->elf.bytes, 0x1000));
	EXPECT_EQ(0, memcmp(self->mem + 0x401000, TEST_ELF_CODE, 16));
	EXPECT_EQ(0, memcmp(self->mem + 0x402000, TEST_ELF_DATA, 8));
	for (addr = 0x402008; addr < TEST_ELF_BSS_END; addr++)
		ASSERT_EQ(0, self->mem[addr]);
}

TEST_F(layout, everything_between_program_and_stack_is_unmapped)
{
	uint64_t addr;

	for (addr = TEST_ELF_BSS_END; addr < self->layout.stack_start; addr += X86_PAGE_SIZE)
		ASSERT_EQ('-', ACCESS(addr)) TH_LOG("mapped: %#lx", (unsigned long)addr);
}

TEST_F(layout, the_stack_sits_at_the_top_over_a_guard_gap)
{
	uint64_t addr;

	EXPECT_EQ(0, self->layout.stack_start % X86_PAGE_SIZE);
	EXPECT_EQ(self->layout.stack_start - JOB_STACK_GUARD, self->layout.guard_start);
	/* At least the promised free stack below the initial contents. */
	EXPECT_LE(JOB_STACK_SIZE, self->layout.rsp - self->layout.stack_start);
	for (addr = self->layout.stack_start; addr < MEM_SIZE; addr += X86_PAGE_SIZE)
		ASSERT_EQ('w', ACCESS(addr)) TH_LOG("at %#lx", (unsigned long)addr);
	for (addr = self->layout.guard_start; addr < self->layout.stack_start; addr += X86_PAGE_SIZE)
		ASSERT_EQ('-', ACCESS(addr)) TH_LOG("guard mapped at %#lx", (unsigned long)addr);
	EXPECT_EQ('-', ACCESS(MEM_SIZE));
	EXPECT_EQ('-', ACCESS(0x7f0000000000ull));
}

/* The string at @addr, checked to be inside the stack. */
static const char *stack_string(struct __test_metadata *_metadata, const uint8_t *mem,
				const struct job_layout *layout, uint64_t addr)
{
	EXPECT_LE(layout->rsp, addr);
	EXPECT_GT(MEM_SIZE, addr);
	if (addr < layout->rsp || addr >= MEM_SIZE)
		return "(outside the stack)";
	EXPECT_NE(NULL, memchr(mem + addr, '\0', MEM_SIZE - addr));
	return (const char *)mem + addr;
}

TEST_F(layout, the_stack_is_what_execve_leaves)
{
	static const uint64_t expected_auxv[][2] = {
		{ AT_MINSIGSTKSZ, TEST_MINSIGSTKSZ },
		{ AT_HWCAP, HWCAP }, { AT_PAGESZ, 4096 }, { AT_CLKTCK, 100 },
		{ AT_PHDR, 0x400040 }, { AT_PHENT, 56 }, { AT_PHNUM, TEST_ELF_PHNUM },
		{ AT_BASE, 0 }, { AT_FLAGS, 0 }, { AT_ENTRY, TEST_ELF_ENTRY },
		{ AT_UID, 1000 }, { AT_EUID, 1001 }, { AT_GID, 100 }, { AT_EGID, 101 },
		{ AT_SECURE, 0 }, { AT_RANDOM, 0 }, { AT_HWCAP2, HWCAP2 }, { AT_EXECFN, 0 },
		{ AT_PLATFORM, 0 }, { AT_NULL, 0 },
	};
	const struct job_layout *layout = &self->layout;
	uint64_t sp = layout->rsp, value, strings_end = 0;
	size_t i;

	ASSERT_EQ(4, word(self->mem, sp));
	sp += 8;
	for (i = 0; i < 4; i++, sp += 8)
		EXPECT_STREQ(test_argv[i], stack_string(_metadata, self->mem, layout,
							 word(self->mem, sp)));
	EXPECT_EQ(0, word(self->mem, sp));
	sp += 8;
	for (i = 0; i < 3; i++, sp += 8)
		EXPECT_STREQ(test_envp[i], stack_string(_metadata, self->mem, layout,
							 word(self->mem, sp)));
	EXPECT_EQ(0, word(self->mem, sp));
	sp += 8;

	for (i = 0; i < sizeof(expected_auxv) / sizeof(expected_auxv[0]); i++, sp += 16) {
		ASSERT_EQ(expected_auxv[i][0], word(self->mem, sp)) TH_LOG("entry %zu", i);
		value = word(self->mem, sp + 8);
		switch (expected_auxv[i][0]) {
		case AT_RANDOM:
			ASSERT_LE(layout->rsp, value);
			EXPECT_EQ(0, memcmp(self->mem + value, self->start.random, 16));
			break;
		case AT_EXECFN:
			EXPECT_STREQ("/vtjob/jobs/prog",
				     stack_string(_metadata, self->mem, layout, value));
			strings_end = value + strlen("/vtjob/jobs/prog") + 1;
			break;
		case AT_PLATFORM:
			EXPECT_STREQ("x86_64", stack_string(_metadata, self->mem, layout, value));
			break;
		default:
			EXPECT_EQ(expected_auxv[i][1], value) TH_LOG("AT_%lu",
				(unsigned long)expected_auxv[i][0]);
		}
	}
	/* Then the strings; the very top is the name and one zero word. */
	EXPECT_EQ(MEM_SIZE - 8, strings_end);
	EXPECT_EQ(0, word(self->mem, MEM_SIZE - 8));
}

TEST_F(layout, argv_and_envp_strings_follow_each_other_in_order)
{
	uint64_t argv0 = word(self->mem, self->layout.rsp + 8);
	uint64_t expected = argv0;
	size_t i;

	for (i = 0; i < 4; i++) {
		EXPECT_EQ(expected, word(self->mem, self->layout.rsp + 8 + 8 * i));
		expected += strlen(test_argv[i]) + 1;
	}
	for (i = 0; i < 3; i++) {
		EXPECT_EQ(expected, word(self->mem, self->layout.rsp + 8 + 8 * (5 + i)));
		expected += strlen(test_envp[i]) + 1;
	}
}

TEST_F(layout, needs_what_it_says)
{
	uint64_t needed = job_layout_needed(&self->plan, &self->start);
	struct job_layout layout;
	uint8_t *mem;

	EXPECT_EQ(needed, self->layout.needed);
	/* The program, the guard, the stack and a page of its contents. */
	EXPECT_EQ(TEST_ELF_BSS_END + JOB_STACK_GUARD + JOB_STACK_SIZE + 0x1000,
		  needed);
	mem = calloc(1, needed);
	ASSERT_NE(NULL, mem);
	EXPECT_EQ(0, job_layout_build(mem, needed, &self->plan, &self->start, &layout));
	EXPECT_EQ(TEST_ELF_BSS_END + JOB_STACK_GUARD, layout.stack_start);
	memset(mem, 0, needed);
	EXPECT_EQ(-E2BIG, job_layout_build(mem, needed - X86_PAGE_SIZE, &self->plan,
					   &self->start, &layout));
	EXPECT_EQ(needed, layout.needed);
	free(mem);
}

TEST(a_big_bss_does_not_fit_in_too_little_memory)
{
	struct job_elf_plan plan;
	struct job_layout layout;
	struct job_start start;
	struct test_elf elf;
	char why[256];
	uint8_t *mem = calloc(1, MEM_SIZE);

	ASSERT_NE(NULL, mem);
	test_elf_init(&elf);
	test_elf_phdr(&elf, 2)->p_memsz = 70u << 20;
	ASSERT_EQ(0, job_elf_plan(elf.bytes, elf.size, JOB_TABLES_END, JOB_MEM_MAX, &plan,
				  why, sizeof(why)));
	test_start(&start);
	EXPECT_EQ(-E2BIG, job_layout_build(mem, MEM_SIZE, &plan, &start, &layout));
	EXPECT_LT(74u << 20, layout.needed);
	EXPECT_GT(76u << 20, layout.needed);
	free(mem);
}

TEST(big_regions_use_large_pages)
{
	struct job_elf_plan plan;
	struct job_layout layout;
	struct job_start start;
	struct guestmem_translation t;
	struct test_elf elf;
	char why[256];
	uint8_t *mem = calloc(1, MEM_SIZE);

	ASSERT_NE(NULL, mem);
	test_elf_init(&elf);
	test_elf_phdr(&elf, 2)->p_memsz = 32u << 20;
	ASSERT_EQ(0, job_elf_plan(elf.bytes, elf.size, JOB_TABLES_END, JOB_MEM_MAX, &plan,
				  why, sizeof(why)));
	test_start(&start);
	ASSERT_EQ(0, job_layout_build(mem, MEM_SIZE, &plan, &start, &layout));
	ASSERT_TRUE(guestmem_pt_translate(mem, MEM_SIZE, layout.cr3, 0x1000000, &t));
	EXPECT_EQ(0x200000, t.page_size);
	EXPECT_TRUE(t.writable);
	EXPECT_FALSE(t.executable);
	/* A PML4, PDPT and PD, PTs for the ragged ends and the stack's ends. */
	EXPECT_GE(8 * X86_PAGE_SIZE, layout.tables_size);
	free(mem);
}

TEST(a_page_two_segments_share_gets_both_permissions)
{
	struct job_elf_plan plan;
	struct job_layout layout;
	struct job_start start;
	struct test_elf elf;
	char why[256];
	uint8_t *mem = calloc(1, MEM_SIZE);

	ASSERT_NE(NULL, mem);
	test_elf_init(&elf);
	test_elf_segment(&elf, 2, PF_R | PF_W, 0x1010, 0x401010, 8, 0x3000);
	ASSERT_EQ(0, job_elf_plan(elf.bytes, elf.size, JOB_TABLES_END, JOB_MEM_MAX, &plan,
				  why, sizeof(why)));
	test_start(&start);
	ASSERT_EQ(0, job_layout_build(mem, MEM_SIZE, &plan, &start, &layout));
	EXPECT_EQ('r', access_at(mem, MEM_SIZE, layout.cr3, 0x400000));
	EXPECT_EQ('!', access_at(mem, MEM_SIZE, layout.cr3, 0x401000));
	EXPECT_EQ('w', access_at(mem, MEM_SIZE, layout.cr3, 0x402000));
	EXPECT_EQ('w', access_at(mem, MEM_SIZE, layout.cr3, 0x404000));
	EXPECT_EQ('-', access_at(mem, MEM_SIZE, layout.cr3, 0x405000));
	EXPECT_EQ(0, memcmp(mem + 0x401000, elf.bytes + 0x1000, 0x18));
	free(mem);
}

TEST(three_segments_in_one_page)
{
	struct job_elf_plan plan;
	struct job_layout layout;
	struct job_start start;
	struct test_elf elf;
	char why[256];
	uint8_t *mem = calloc(1, MEM_SIZE);

	ASSERT_NE(NULL, mem);
	test_elf_init(&elf);
	test_elf_segment(&elf, 0, PF_R, 0x0, 0x400000, 0x20, 0x20);
	test_elf_segment(&elf, 1, PF_R | PF_X, 0x1000, 0x401000, 16, 16);
	test_elf_segment(&elf, 2, PF_R | PF_W, 0x1010, 0x401010, 8, 8);
	ASSERT_EQ(0, job_elf_plan(elf.bytes, elf.size, JOB_TABLES_END, JOB_MEM_MAX, &plan,
				  why, sizeof(why)));
	test_start(&start);
	ASSERT_EQ(0, job_layout_build(mem, MEM_SIZE, &plan, &start, &layout));
	EXPECT_EQ('r', access_at(mem, MEM_SIZE, layout.cr3, 0x400000));
	EXPECT_EQ('!', access_at(mem, MEM_SIZE, layout.cr3, 0x401000));
	EXPECT_EQ('-', access_at(mem, MEM_SIZE, layout.cr3, 0x402000));
	free(mem);
}

TEST(segments_without_permissions_are_not_mapped)
{
	struct job_elf_plan plan;
	struct job_layout layout;
	struct job_start start;
	struct test_elf elf;
	char why[256];
	uint8_t *mem = calloc(1, MEM_SIZE);

	ASSERT_NE(NULL, mem);
	test_elf_init(&elf);
	test_elf_phdr(&elf, 2)->p_flags = 0;
	ASSERT_EQ(0, job_elf_plan(elf.bytes, elf.size, JOB_TABLES_END, JOB_MEM_MAX, &plan,
				  why, sizeof(why)));
	test_start(&start);
	ASSERT_EQ(0, job_layout_build(mem, MEM_SIZE, &plan, &start, &layout));
	EXPECT_EQ('x', access_at(mem, MEM_SIZE, layout.cr3, 0x401000));
	EXPECT_EQ('-', access_at(mem, MEM_SIZE, layout.cr3, 0x402000));
	free(mem);
}

TEST(long_arguments_grow_the_stack_not_shrink_it)
{
	struct job_elf_plan plan;
	struct job_layout layout;
	struct job_start start;
	struct test_elf elf;
	char why[256], *big = malloc(3u << 20), *argv[3];
	uint8_t *mem = calloc(1, MEM_SIZE);

	ASSERT_NE(NULL, mem);
	ASSERT_NE(NULL, big);
	memset(big, 'a', (3u << 20) - 1);
	big[(3u << 20) - 1] = '\0';
	test_elf_init(&elf);
	ASSERT_EQ(0, job_elf_plan(elf.bytes, elf.size, JOB_TABLES_END, JOB_MEM_MAX, &plan,
				  why, sizeof(why)));
	test_start(&start);
	argv[0] = "prog";
	argv[1] = big;
	argv[2] = NULL;
	start.argv = argv;
	ASSERT_EQ(0, job_layout_build(mem, MEM_SIZE, &plan, &start, &layout));
	EXPECT_LE(JOB_STACK_SIZE, layout.rsp - layout.stack_start);
	EXPECT_LT(3u << 20, MEM_SIZE - layout.stack_start);
	EXPECT_EQ(0, strcmp(big, (char *)mem + word(mem, layout.rsp + 16)));
	free(big);
	free(mem);
}

TEST(lays_out_the_static_pie_example)
{
	struct program_file file;
	struct job_elf_plan plan;
	struct job_layout layout;
	struct job_start start;
	char why[256];
	uint8_t *mem = calloc(1, MEM_SIZE);

	ASSERT_NE(NULL, mem);
	ASSERT_EQ(0, program_file_read(example_job("hello-pie"), &file, why, sizeof(why)))
		TH_LOG("%s", why);
	ASSERT_EQ(0, job_elf_plan(file.bytes, file.size, JOB_TABLES_END, JOB_MEM_MAX, &plan,
				  why, sizeof(why)));
	test_start(&start);
	ASSERT_EQ(0, job_layout_build(mem, MEM_SIZE, &plan, &start, &layout));
	EXPECT_EQ(0, memcmp(mem + 0x400000, ELFMAG, SELFMAG));
	EXPECT_EQ('x', access_at(mem, MEM_SIZE, layout.cr3, layout.rip));
	program_file_free(&file);
	free(mem);
}

/* The auxv value of @type on the stack at @rsp, or ~0 if there is none. */
static uint64_t auxv_value(const uint8_t *mem, uint64_t rsp, uint64_t type)
{
	uint64_t sp = rsp + 8 * (word(mem, rsp) + 2);

	while (word(mem, sp))
		sp += 8;	/* past envp */
	for (sp += 8; word(mem, sp) != AT_NULL; sp += 16)
		if (word(mem, sp) == type)
			return word(mem, sp + 8);
	return ~0ull;
}

FIXTURE(dynamic) {
	uint8_t *mem;
	struct test_elf elf, interp_elf;
	struct job_elf_plan plan, interp;
	struct job_start start;
	struct job_layout layout;
};

/* The test program, a PIE with an interpreter: the test image as ET_DYN. */
FIXTURE_SETUP(dynamic)
{
	char why[256];

	self->mem = calloc(1, MEM_SIZE);
	ASSERT_NE(NULL, self->mem);
	test_elf_init_pie(&self->elf);
	test_elf_add_interp(&self->elf, "/lib/ld.so", 11);
	ASSERT_EQ(0, job_elf_plan(self->elf.bytes, self->elf.size, JOB_TABLES_END, JOB_MEM_MAX,
				  &self->plan, why, sizeof(why))) TH_LOG("%s", why);
	test_elf_init_pie(&self->interp_elf);
	/* Told apart from the program by its code. */
	memcpy(self->interp_elf.bytes + 0x1000, "\xcc\xcc", 2);
	ASSERT_EQ(0, job_elf_plan_interp(self->interp_elf.bytes, self->interp_elf.size,
					 JOB_MEM_MAX, &self->interp, why, sizeof(why)))
		TH_LOG("%s", why);
	test_start(&self->start);
	self->start.interp = &self->interp;
	ASSERT_EQ(0, job_layout_build(self->mem, MEM_SIZE, &self->plan, &self->start,
				      &self->layout));
}

FIXTURE_TEARDOWN(dynamic)
{
	free(self->mem);
}

#define INTERP_SPAN	(TEST_ELF_BSS_END - 0x400000)

TEST_F(dynamic, the_interpreter_sits_below_the_guard_gap_and_starts)
{
	const struct job_layout *layout = &self->layout;
	uint64_t base = layout->guard_start - INTERP_SPAN;

	EXPECT_EQ(base, layout->interp_base);
	EXPECT_EQ(base, layout->mmap_base);
	EXPECT_EQ(base + 0x1000, layout->rip);
	EXPECT_EQ(0, memcmp(self->mem + base + 0x1000, "\xcc\xcc", 2));
	EXPECT_EQ(0, memcmp(self->mem + base, self->interp_elf.bytes, 0x1000));
	EXPECT_EQ('r', ACCESS(base));
	EXPECT_EQ('x', ACCESS(base + 0x1000));
	EXPECT_EQ('w', ACCESS(base + 0x2000));
	EXPECT_EQ('w', ACCESS(layout->guard_start - 1));
	EXPECT_EQ('-', ACCESS(layout->guard_start));
	EXPECT_EQ('-', ACCESS(base - 1));
	/* The program is where a static-pie would be. */
	EXPECT_EQ(0, memcmp(self->mem + 0x401000, TEST_ELF_CODE, 16));
	EXPECT_EQ('x', ACCESS(0x401000));
	EXPECT_EQ(TEST_ELF_BSS_END, layout->brk_start);
}

TEST_F(dynamic, the_auxiliary_vector_names_both)
{
	uint64_t rsp = self->layout.rsp;

	EXPECT_EQ(self->layout.interp_base, auxv_value(self->mem, rsp, AT_BASE));
	EXPECT_EQ(TEST_ELF_ENTRY, auxv_value(self->mem, rsp, AT_ENTRY));
	EXPECT_EQ(0x400040, auxv_value(self->mem, rsp, AT_PHDR));
	EXPECT_EQ(TEST_ELF_PHNUM + 1, auxv_value(self->mem, rsp, AT_PHNUM));
	EXPECT_EQ(0, auxv_value(self->mem, rsp, AT_SECURE));
	EXPECT_EQ(HWCAP2, auxv_value(self->mem, rsp, AT_HWCAP2));
	EXPECT_EQ(TEST_MINSIGSTKSZ, auxv_value(self->mem, rsp, AT_MINSIGSTKSZ));
}

TEST_F(dynamic, needs_room_for_the_interpreter_too)
{
	struct job_layout layout;
	uint64_t needed = job_layout_needed(&self->plan, &self->start);
	uint8_t *mem = calloc(1, needed);

	ASSERT_NE(NULL, mem);
	EXPECT_EQ(TEST_ELF_BSS_END + INTERP_SPAN + JOB_STACK_GUARD + JOB_STACK_SIZE + 0x1000,
		  needed);
	EXPECT_EQ(0, job_layout_build(mem, needed, &self->plan, &self->start, &layout));
	/* Right above the program, then: nothing between for mmap. */
	EXPECT_EQ(TEST_ELF_BSS_END, layout.interp_base);
	memset(mem, 0, needed);
	EXPECT_EQ(-E2BIG, job_layout_build(mem, needed - X86_PAGE_SIZE, &self->plan,
					   &self->start, &layout));
	free(mem);
}

TEST_F(dynamic, an_interpreter_goes_with_a_program_that_names_one_only)
{
	struct job_elf_plan static_plan;
	struct job_layout layout;
	struct test_elf elf;
	char why[256];

	self->start.interp = NULL;
	memset(self->mem, 0, MEM_SIZE);
	EXPECT_EQ(-EINVAL, job_layout_build(self->mem, MEM_SIZE, &self->plan, &self->start,
					    &layout));
	test_elf_init(&elf);
	ASSERT_EQ(0, job_elf_plan(elf.bytes, elf.size, JOB_TABLES_END, JOB_MEM_MAX,
				  &static_plan, why, sizeof(why)));
	self->start.interp = &self->interp;
	EXPECT_EQ(-EINVAL, job_layout_build(self->mem, MEM_SIZE, &static_plan, &self->start,
					    &layout));
}

/* Without AT_MINSIGSTKSZ to give (a host that gave none), none is given. */
TEST_F(layout, no_minsigstksz_leaves_it_out)
{
	struct job_layout layout;

	self->start.minsigstksz = 0;
	memset(self->mem, 0, MEM_SIZE);
	ASSERT_EQ(0, job_layout_build(self->mem, MEM_SIZE, &self->plan, &self->start, &layout));
	EXPECT_EQ(~0ull, auxv_value(self->mem, layout.rsp, AT_MINSIGSTKSZ));
	EXPECT_EQ(AT_HWCAP, word(self->mem, layout.rsp + 8 * (4 + 1 + 3 + 1 + 1)));
}

TEST_HARNESS_MAIN
