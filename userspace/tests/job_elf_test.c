// SPDX-License-Identifier: GPL-2.0
/*
 * The ELF loader: what it accepts and how it plans it, and the one-line
 * reason for every file it refuses. Tiny images built here, broken one
 * field at a time, and the real jobs of examples/.
 */
#include "loader/job_elf.h"

#include <dirent.h>
#include <sys/stat.h>

#include "loader/job_layout.h"
#include "loader/program_file.h"

#include "elf_image.h"
#include "example_jobs.h"
#include "harness.h"

static struct job_elf_plan plan;
static char why[512], interp_name[PATH_MAX];

static int plan_image(const uint8_t *bytes, size_t size)
{
	why[0] = '\0';
	return job_elf_plan(bytes, size, JOB_TABLES_END, JOB_MEM_MAX, &plan, why, sizeof(why));
}

static int plan_elf(const struct test_elf *elf)
{
	return plan_image(elf->bytes, elf->size);
}

static int plan_file(const char *path)
{
	struct program_file file;
	int err = program_file_read(path, &file, why, sizeof(why));

	if (err)
		return err;
	err = plan_image(file.bytes, file.size);
	/* The plan points into the file: keep the numbers and the name. */
	plan.image = NULL;
	if (!err && plan.interp) {
		snprintf(interp_name, sizeof(interp_name), "%s", plan.interp);
		plan.interp = interp_name;
	}
	program_file_free(&file);
	return err;
}

/* The reason must start with @start and be one line. */
#define EXPECT_REFUSED(result, start) do {				\
		EXPECT_EQ(-1, (result));					\
		EXPECT_EQ(0, strncmp(why, start, strlen(start))) {	\
			TH_LOG("why: %s", why);				\
		}							\
		EXPECT_EQ(NULL, strchr(why, '\n'));			\
	} while (0)

TEST(plans_a_static_executable)
{
	struct test_elf elf;

	test_elf_init(&elf);
	ASSERT_EQ(0, plan_elf(&elf)) TH_LOG("why: %s", why);
	EXPECT_FALSE(plan.pie);
	EXPECT_EQ(0, plan.load_bias);
	EXPECT_EQ(TEST_ELF_ENTRY, plan.entry);
	EXPECT_EQ(0x400040, plan.phdr_addr);
	EXPECT_EQ(TEST_ELF_PHNUM, plan.phnum);
	EXPECT_EQ(0x400000, plan.lowest);
	EXPECT_EQ(TEST_ELF_BSS_END, plan.end);
	ASSERT_EQ(3, plan.nr_segments);

	EXPECT_EQ(0x400000, plan.segments[0].vaddr);
	EXPECT_FALSE(plan.segments[0].writable);
	EXPECT_FALSE(plan.segments[0].executable);
	EXPECT_EQ(0x401000, plan.segments[1].vaddr);
	EXPECT_EQ(0x1000, plan.segments[1].file_offset);
	EXPECT_EQ(16, plan.segments[1].file_size);
	EXPECT_TRUE(plan.segments[1].executable);
	EXPECT_FALSE(plan.segments[1].writable);
	EXPECT_EQ(0x402000, plan.segments[2].vaddr);
	EXPECT_EQ(8, plan.segments[2].file_size);
	EXPECT_EQ(0x3000, plan.segments[2].mem_size);
	EXPECT_TRUE(plan.segments[2].writable);
	EXPECT_FALSE(plan.segments[2].executable);
	EXPECT_TRUE(plan.segments[2].accessible);
	EXPECT_EQ((const uint8_t *)elf.bytes, plan.image);
}

TEST(loads_a_static_pie_at_4_mib)
{
	struct test_elf elf;

	test_elf_init_pie(&elf);
	ASSERT_EQ(0, plan_elf(&elf)) TH_LOG("why: %s", why);
	EXPECT_TRUE(plan.pie);
	EXPECT_EQ(JOB_ELF_PIE_BASE, plan.load_bias);
	EXPECT_EQ(0x400000, plan.segments[0].vaddr);
	EXPECT_EQ(0x401000, plan.segments[1].vaddr);
	EXPECT_EQ(0x402000, plan.segments[2].vaddr);
	EXPECT_EQ(TEST_ELF_ENTRY, plan.entry);
	EXPECT_EQ(0x400040, plan.phdr_addr);
	EXPECT_EQ(TEST_ELF_BSS_END, plan.end);
}

TEST(a_static_pie_linked_elsewhere_still_starts_at_4_mib)
{
	struct test_elf elf;
	unsigned int i;

	test_elf_init_pie(&elf);
	elf.ehdr.e_entry += 0x10000000;
	for (i = 0; i < TEST_ELF_PHNUM; i++)
		test_elf_phdr(&elf, i)->p_vaddr += 0x10000000;
	ASSERT_EQ(0, plan_elf(&elf)) TH_LOG("why: %s", why);
	EXPECT_EQ(0x400000, plan.segments[0].vaddr);
	EXPECT_EQ(TEST_ELF_ENTRY, plan.entry);
}

TEST(pt_phdr_gives_at_phdr)
{
	struct test_elf elf;
	Elf64_Phdr *phdr;

	test_elf_init(&elf);
	elf.ehdr.e_phnum = 4;
	phdr = test_elf_phdr(&elf, 3);
	memset(phdr, 0, sizeof(*phdr));
	phdr->p_type = PT_PHDR;
	phdr->p_vaddr = 0x400040;
	ASSERT_EQ(0, plan_elf(&elf)) TH_LOG("why: %s", why);
	EXPECT_EQ(0x400040, plan.phdr_addr);
	EXPECT_EQ(4, plan.phnum);
}

TEST(program_headers_outside_every_segment_give_no_at_phdr)
{
	struct test_elf elf;

	test_elf_init(&elf);
	/* The first segment now starts after the headers. */
	test_elf_segment(&elf, 0, PF_R, 0x200, 0x400200, 0x100, 0x100);
	ASSERT_EQ(0, plan_elf(&elf)) TH_LOG("why: %s", why);
	EXPECT_EQ(0, plan.phdr_addr);
}

TEST(empty_segments_are_skipped)
{
	struct test_elf elf;

	test_elf_init(&elf);
	test_elf_segment(&elf, 0, PF_R, 0, 0x500000, 0, 0);
	ASSERT_EQ(0, plan_elf(&elf)) TH_LOG("why: %s", why);
	EXPECT_EQ(2, plan.nr_segments);
	EXPECT_EQ(0x401000, plan.lowest);
}

TEST(segments_may_share_a_page)
{
	struct test_elf elf;

	test_elf_init(&elf);
	/* Data right after the code, in the code's page. */
	test_elf_segment(&elf, 2, PF_R | PF_W, 0x1010, 0x401010, 8, 0x3000);
	ASSERT_EQ(0, plan_elf(&elf)) TH_LOG("why: %s", why);
	EXPECT_EQ(0x404010 + 0xff0, plan.end);
}

TEST(segments_without_permissions_are_not_accessible)
{
	struct test_elf elf;

	test_elf_init(&elf);
	test_elf_phdr(&elf, 2)->p_flags = 0;
	ASSERT_EQ(0, plan_elf(&elf));
	EXPECT_FALSE(plan.segments[2].accessible);
}

TEST(refuses_what_is_not_elf)
{
	static const uint8_t text[] = "hello, world\n";

	EXPECT_REFUSED(plan_image(text, sizeof(text) - 1), "is not an ELF executable");
	EXPECT_REFUSED(plan_image(text, 0), "is not an ELF executable");
	EXPECT_REFUSED(plan_image((const uint8_t *)"\x7f" "EL", 3), "is not an ELF executable");
	EXPECT_REFUSED(plan_image((const uint8_t *)"#!/bin/sh\n", 10), "is a script");
}

TEST(refuses_truncated_headers)
{
	struct test_elf elf;

	test_elf_init(&elf);
	EXPECT_REFUSED(plan_image(elf.bytes, 10), "is truncated: 10 bytes, less than an ELF header");
	EXPECT_REFUSED(plan_image(elf.bytes, 40),
		       "is truncated: 40 bytes, less than a 64-bit ELF header (64)");
	EXPECT_REFUSED(plan_image(elf.bytes, 100), "is truncated: its program headers end beyond");
	elf.ehdr.e_phoff = ~0ull - 8;
	EXPECT_REFUSED(plan_elf(&elf), "is truncated: its program headers end beyond");
}

TEST(refuses_truncated_segments)
{
	struct test_elf elf;

	test_elf_init(&elf);
	EXPECT_REFUSED(plan_image(elf.bytes, TEST_ELF_SIZE - 1),
		       "is truncated: the bytes of program header 2 end beyond its 8199 bytes");
	test_elf_phdr(&elf, 1)->p_offset = ~0ull - 0xfff;
	test_elf_phdr(&elf, 1)->p_vaddr = ~0ull - 0xfff;
	EXPECT_REFUSED(plan_elf(&elf), "is truncated: the bytes of program header 1");
}

TEST(refuses_other_classes_and_byte_orders)
{
	struct test_elf elf;

	test_elf_init(&elf);
	elf.bytes[EI_CLASS] = ELFCLASS32;
	EXPECT_REFUSED(plan_elf(&elf), "is a 32-bit ELF file; jobs run 64-bit x86-64 programs");
	elf.bytes[EI_CLASS] = 7;
	EXPECT_REFUSED(plan_elf(&elf), "has an invalid ELF class 7");

	test_elf_init(&elf);
	elf.bytes[EI_DATA] = ELFDATA2MSB;
	EXPECT_REFUSED(plan_elf(&elf), "is big-endian");
	elf.bytes[EI_DATA] = 0;
	EXPECT_REFUSED(plan_elf(&elf), "has an invalid ELF data encoding 0");

	test_elf_init(&elf);
	elf.bytes[EI_VERSION] = 2;
	EXPECT_REFUSED(plan_elf(&elf), "has an unknown ELF version 2");
}

TEST(refuses_other_machines)
{
	struct test_elf elf;

	test_elf_init(&elf);
	elf.ehdr.e_machine = EM_AARCH64;
	EXPECT_REFUSED(plan_elf(&elf), "is for AArch64 (e_machine 183), not x86-64");
	elf.ehdr.e_machine = EM_386;
	EXPECT_REFUSED(plan_elf(&elf), "is for i386 (e_machine 3), not x86-64");
	elf.ehdr.e_machine = 9999;
	EXPECT_REFUSED(plan_elf(&elf), "is for another machine (e_machine 9999)");
}

TEST(refuses_what_is_not_an_executable)
{
	struct test_elf elf;

	test_elf_init(&elf);
	elf.ehdr.e_type = ET_REL;
	EXPECT_REFUSED(plan_elf(&elf), "is an object file (ET_REL)");
	elf.ehdr.e_type = ET_CORE;
	EXPECT_REFUSED(plan_elf(&elf), "is a core dump");
	elf.ehdr.e_type = 0x1234;
	EXPECT_REFUSED(plan_elf(&elf), "is not an executable (e_type 4660)");
}

TEST(refuses_odd_program_header_tables)
{
	struct test_elf elf;

	test_elf_init(&elf);
	elf.ehdr.e_phentsize = 32;
	EXPECT_REFUSED(plan_elf(&elf), "has 32-byte program headers; ELF64 ones are 56 bytes");
	test_elf_init(&elf);
	elf.ehdr.e_phnum = 0;
	EXPECT_REFUSED(plan_elf(&elf), "has no program headers");
	elf.ehdr.e_phnum = 74;
	EXPECT_REFUSED(plan_elf(&elf), "has 74 program headers, more than Linux accepts (73)");
	elf.ehdr.e_phnum = PN_XNUM;
	EXPECT_REFUSED(plan_elf(&elf), "has 65535 program headers");
}

#define LD_SO	"/lib64/ld-linux-x86-64.so.2"

TEST(plans_a_program_with_an_interpreter)
{
	struct test_elf elf;

	test_elf_init(&elf);
	test_elf_add_interp(&elf, LD_SO, sizeof(LD_SO));
	ASSERT_EQ(0, plan_elf(&elf)) TH_LOG("why: %s", why);
	EXPECT_STREQ(LD_SO, plan.interp);
	EXPECT_EQ((const char *)elf.bytes + 0x800, plan.interp);
	EXPECT_EQ(TEST_ELF_ENTRY, plan.entry);
	EXPECT_EQ(4, plan.phnum);
	EXPECT_EQ(3, plan.nr_segments);

	/* A PIE with an interpreter goes where a static-pie does. */
	test_elf_init_pie(&elf);
	test_elf_add_interp(&elf, LD_SO, sizeof(LD_SO));
	ASSERT_EQ(0, plan_elf(&elf)) TH_LOG("why: %s", why);
	EXPECT_STREQ(LD_SO, plan.interp);
	EXPECT_EQ(JOB_ELF_PIE_BASE, plan.load_bias);
	EXPECT_EQ(TEST_ELF_ENTRY, plan.entry);
	EXPECT_EQ(0x400040, plan.phdr_addr);

	/* Without one, no name. */
	test_elf_init(&elf);
	ASSERT_EQ(0, plan_elf(&elf));
	EXPECT_EQ(NULL, plan.interp);
}

TEST(the_first_pt_interp_is_the_one)
{
	struct test_elf elf;
	Elf64_Phdr *second;

	test_elf_init(&elf);
	test_elf_add_interp(&elf, LD_SO, sizeof(LD_SO));
	elf.ehdr.e_phnum = 5;
	second = test_elf_phdr(&elf, 4);
	*second = *test_elf_phdr(&elf, 3);
	second->p_offset = 0x900;
	memcpy(elf.bytes + 0x900, "/other", 7);
	ASSERT_EQ(0, plan_elf(&elf)) TH_LOG("why: %s", why);
	EXPECT_STREQ(LD_SO, plan.interp);
}

TEST(refuses_bad_interpreter_names)
{
	static const char empty[] = "", unterminated[] = "/lib/ld.so";
	static const char inner_nul[] = "/lib\0/ld.so", control[] = "/lib/ld\n.so";
	struct test_elf elf;
	Elf64_Phdr *phdr;

	test_elf_init(&elf);
	phdr = test_elf_add_interp(&elf, empty, sizeof(empty));
	EXPECT_REFUSED(plan_elf(&elf), "has an empty interpreter name (PT_INTERP)");
	phdr->p_filesz = 0;
	EXPECT_REFUSED(plan_elf(&elf), "has an empty interpreter name (PT_INTERP)");
	phdr->p_filesz = JOB_ELF_INTERP_MAX + 1;
	EXPECT_REFUSED(plan_elf(&elf),
		       "has an interpreter name (PT_INTERP) of 4097 bytes, more than Linux takes (4096)");
	phdr->p_filesz = sizeof(LD_SO);
	phdr->p_offset = TEST_ELF_SIZE - 4;
	EXPECT_REFUSED(plan_elf(&elf),
		       "is truncated: its interpreter name (PT_INTERP) ends beyond its 8200 bytes");
	phdr->p_offset = ~0ull - 2;
	EXPECT_REFUSED(plan_elf(&elf), "is truncated: its interpreter name (PT_INTERP)");

	test_elf_init(&elf);
	test_elf_add_interp(&elf, unterminated, sizeof(unterminated) - 1);
	EXPECT_REFUSED(plan_elf(&elf),
		       "has an interpreter name (PT_INTERP) that does not end with a NUL byte");
	test_elf_init(&elf);
	test_elf_add_interp(&elf, inner_nul, sizeof(inner_nul));
	EXPECT_REFUSED(plan_elf(&elf), "has a NUL byte inside its interpreter name (PT_INTERP)");
	test_elf_init(&elf);
	test_elf_add_interp(&elf, control, sizeof(control));
	EXPECT_REFUSED(plan_elf(&elf),
		       "has a control character in its interpreter name (PT_INTERP)");
	test_elf_init(&elf);
	test_elf_add_interp(&elf, "ld.so", 6);
	EXPECT_REFUSED(plan_elf(&elf),
		       "asks for the interpreter 'ld.so', a relative path; a job's interpreter must be an absolute one");
}

static struct job_elf_plan interp;

static int plan_interp_elf(const struct test_elf *elf)
{
	why[0] = '\0';
	return job_elf_plan_interp(elf->bytes, elf->size, JOB_MEM_MAX, &interp, why,
				   sizeof(why));
}

TEST(plans_an_interpreter_at_0_and_relocates_it)
{
	struct test_elf elf;

	test_elf_init_pie(&elf);
	ASSERT_EQ(0, plan_interp_elf(&elf)) TH_LOG("why: %s", why);
	EXPECT_EQ(NULL, interp.interp);
	EXPECT_EQ(0, interp.lowest);
	EXPECT_EQ(0, interp.load_bias);
	EXPECT_EQ(0x1000, interp.entry);
	EXPECT_EQ(0x40, interp.phdr_addr);
	EXPECT_EQ(TEST_ELF_BSS_END - 0x400000, interp.end);

	job_elf_relocate(&interp, 0x3000000);
	EXPECT_EQ(0x3000000, interp.lowest);
	EXPECT_EQ(0x3000000, interp.load_bias);
	EXPECT_EQ(0x3001000, interp.entry);
	EXPECT_EQ(0x3000040, interp.phdr_addr);
	EXPECT_EQ(0x3000000, interp.segments[0].vaddr);
	EXPECT_EQ(0x3002000, interp.segments[2].vaddr);
	EXPECT_EQ(0x3000000 + TEST_ELF_BSS_END - 0x400000, interp.end);

	/* Linked elsewhere: still planned at 0, with a load bias to say so. */
	test_elf_init_pie(&elf);
	elf.ehdr.e_entry += 0x10000;
	test_elf_phdr(&elf, 0)->p_vaddr += 0x10000;
	test_elf_phdr(&elf, 1)->p_vaddr += 0x10000;
	test_elf_phdr(&elf, 2)->p_vaddr += 0x10000;
	ASSERT_EQ(0, plan_interp_elf(&elf)) TH_LOG("why: %s", why);
	job_elf_relocate(&interp, 0x3000000);
	EXPECT_EQ(0x3000000 - 0x10000, interp.load_bias);
	EXPECT_EQ(0x3001000, interp.entry);
}

TEST(refuses_what_cannot_be_an_interpreter)
{
	struct test_elf elf;

	test_elf_init(&elf);
	EXPECT_REFUSED(plan_interp_elf(&elf),
		       "is not position-independent (ET_EXEC); an interpreter must be ET_DYN, as dynamic linkers are");
	test_elf_init_pie(&elf);
	test_elf_add_interp(&elf, LD_SO, sizeof(LD_SO));
	EXPECT_REFUSED(plan_interp_elf(&elf),
		       "asks for an interpreter itself (PT_INTERP /lib64/ld-linux-x86-64.so.2); an interpreter must not need one");
	/* Everything a program is checked for, an interpreter is too. */
	test_elf_init_pie(&elf);
	elf.ehdr.e_machine = EM_AARCH64;
	EXPECT_REFUSED(plan_interp_elf(&elf), "is for AArch64");
	test_elf_init_pie(&elf);
	elf.ehdr.e_entry = 0x2000;
	EXPECT_REFUSED(plan_interp_elf(&elf), "has its entry point 0x2000 outside its executable segments");
	test_elf_init_pie(&elf);
	test_elf_phdr(&elf, 2)->p_memsz = JOB_MEM_MAX;
	EXPECT_REFUSED(plan_interp_elf(&elf), "has a segment ending beyond 64 GiB");
	EXPECT_REFUSED(job_elf_plan_interp((const uint8_t *)"#!/bin/sh\n", 10, JOB_MEM_MAX,
					   &interp, why, sizeof(why)), "is a script");
}

TEST(refuses_programs_without_segments)
{
	struct test_elf elf;
	unsigned int i;

	test_elf_init(&elf);
	for (i = 0; i < TEST_ELF_PHNUM; i++)
		test_elf_phdr(&elf, i)->p_type = PT_NOTE;
	EXPECT_REFUSED(plan_elf(&elf), "has no loadable segments (PT_LOAD)");
}

TEST(refuses_absurd_segments)
{
	struct test_elf elf;

	test_elf_init(&elf);
	test_elf_phdr(&elf, 2)->p_memsz = 4;
	EXPECT_REFUSED(plan_elf(&elf), "has a segment (program header 2) with more bytes in the file (0x8) than in memory (0x4)");

	test_elf_init(&elf);
	test_elf_phdr(&elf, 2)->p_memsz = ~0ull - 0x1000;
	EXPECT_REFUSED(plan_elf(&elf), "has a segment (program header 2) that wraps around");

	test_elf_init(&elf);
	test_elf_phdr(&elf, 1)->p_vaddr = 0x401001;
	EXPECT_REFUSED(plan_elf(&elf), "has a segment (program header 1) whose p_vaddr 0x401001 and p_offset 0x1000 differ modulo the 4 KiB page");
}

TEST(refuses_overlapping_and_unsorted_segments)
{
	struct test_elf elf;

	test_elf_init(&elf);
	test_elf_phdr(&elf, 2)->p_vaddr = 0x400000;
	test_elf_phdr(&elf, 2)->p_offset = 0;
	EXPECT_REFUSED(plan_elf(&elf), "has loadable segments out of address order (program header 2)");

	test_elf_init(&elf);
	test_elf_segment(&elf, 2, PF_R | PF_W, 0x1008, 0x401008, 8, 8);
	EXPECT_REFUSED(plan_elf(&elf), "has overlapping segments: program header 2 starts at 0x401008");
}

TEST(refuses_segments_below_4_mib)
{
	struct test_elf elf;

	test_elf_init(&elf);
	test_elf_segment(&elf, 0, PF_R, 0, 0x10000, 0x1000, 0x1000);
	EXPECT_REFUSED(plan_elf(&elf), "is linked at 0x10000, below 4 MiB, where the job's page tables are");
}

TEST(refuses_segments_beyond_the_largest_memory)
{
	struct test_elf elf;

	test_elf_init(&elf);
	test_elf_phdr(&elf, 2)->p_memsz = JOB_MEM_MAX;
	EXPECT_REFUSED(plan_elf(&elf), "has a segment ending beyond 64 GiB, the most memory a job can have");

	test_elf_init(&elf);
	test_elf_segment(&elf, 2, PF_R | PF_W, 0x2000, 0x7f0000000000, 8, 8);
	EXPECT_REFUSED(plan_elf(&elf), "has a segment ending beyond 64 GiB");

	/* The last byte of the largest memory is fine. */
	test_elf_init(&elf);
	test_elf_segment(&elf, 2, PF_R | PF_W, 0x2000, 0x402000, 8, JOB_MEM_MAX - 0x402000);
	EXPECT_EQ(0, plan_elf(&elf)) TH_LOG("why: %s", why);
}

TEST(refuses_an_entry_point_outside_the_code)
{
	struct test_elf elf;

	test_elf_init(&elf);
	elf.ehdr.e_entry = 0x402000;
	EXPECT_REFUSED(plan_elf(&elf), "has its entry point 0x402000 outside its executable segments");
	elf.ehdr.e_entry = 0x401010;
	EXPECT_REFUSED(plan_elf(&elf), "has its entry point 0x401010");
	elf.ehdr.e_entry = 0;
	EXPECT_REFUSED(plan_elf(&elf), "has its entry point 0");
}

TEST(plans_the_examples)
{
	ASSERT_EQ(0, plan_file(example_job("hello"))) TH_LOG("why: %s", why);
	EXPECT_FALSE(plan.pie);
	EXPECT_EQ(0x400000, plan.lowest);
	EXPECT_EQ(0x400040, plan.phdr_addr);

	ASSERT_EQ(0, plan_file(example_job("hash"))) TH_LOG("why: %s", why);
	/* Its 4 MiB buffer is .bss: in memory, not in the file. */
	EXPECT_LT(0x800000, plan.end);

	ASSERT_EQ(0, plan_file(example_job("hello-pie"))) TH_LOG("why: %s", why);
	EXPECT_TRUE(plan.pie);
	EXPECT_EQ(0x400000, plan.lowest);
	EXPECT_EQ(0x400040, plan.phdr_addr);
}

TEST(plans_every_test_job)
{
	char path[PATH_MAX];
	struct dirent *entry;
	struct stat st;
	int jobs = 0;
	DIR *dir;

	snprintf(path, sizeof(path), "%s", example_job("tests"));
	dir = opendir(path);
	ASSERT_NE(NULL, dir);
	while ((entry = readdir(dir))) {
		char job[PATH_MAX + 256];

		snprintf(job, sizeof(job), "%s/%s", path, entry->d_name);
		if (strstr(entry->d_name, ".c") || stat(job, &st) || !S_ISREG(st.st_mode))
			continue;
		EXPECT_EQ(0, plan_file(job)) TH_LOG("%s: %s", entry->d_name, why);
		jobs++;
	}
	closedir(dir);
	EXPECT_LE(8, jobs);
}

TEST(plans_debian_s_dynamic_programs_and_their_interpreter)
{
	struct program_file file;

	ASSERT_EQ(0, plan_file("/bin/sh")) TH_LOG("why: %s", why);
	EXPECT_STREQ(LD_SO, plan.interp);
	EXPECT_TRUE(plan.pie);
	EXPECT_EQ(JOB_ELF_PIE_BASE, plan.lowest);
	ASSERT_EQ(0, plan_file("/usr/bin/sort")) TH_LOG("why: %s", why);

	ASSERT_EQ(0, program_file_read(LD_SO, &file, why, sizeof(why))) TH_LOG("%s", why);
	EXPECT_EQ(0, job_elf_plan_interp(file.bytes, file.size, JOB_MEM_MAX, &interp, why,
					 sizeof(why))) TH_LOG("why: %s", why);
	EXPECT_EQ(0, interp.lowest);
	EXPECT_LT(0, interp.entry);
	EXPECT_GT(interp.end, interp.entry);
	program_file_free(&file);
	/* A program is no interpreter for another. */
	ASSERT_EQ(0, program_file_read("/bin/sh", &file, why, sizeof(why)));
	EXPECT_REFUSED(job_elf_plan_interp(file.bytes, file.size, JOB_MEM_MAX, &interp, why,
					   sizeof(why)), "asks for an interpreter itself");
	program_file_free(&file);
}

TEST_HARNESS_MAIN
