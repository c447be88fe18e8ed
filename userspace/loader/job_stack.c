// SPDX-License-Identifier: GPL-2.0
#include "loader/job_stack.h"

#include <elf.h>
#include <stddef.h>
#include <string.h>

/*
 * One walk serves both job_stack_size() and job_stack_build(), so that
 * what is measured is what is written: without memory it only counts.
 */
struct stack_writer {
	uint8_t *mem;		/* NULL: measure only */
	uint64_t sp;
};

static void put(struct stack_writer *writer, uint64_t addr, const void *src, size_t len)
{
	if (writer->mem)
		memcpy(writer->mem + addr, src, len);
}

static void put_word(struct stack_writer *writer, uint64_t addr, uint64_t word)
{
	put(writer, addr, &word, sizeof(word));
}

/* Pushes the string with its NUL and returns where it went. */
static uint64_t push_string(struct stack_writer *writer, const char *text)
{
	size_t len = strlen(text) + 1;

	writer->sp -= len;
	put(writer, writer->sp, text, len);
	return writer->sp;
}

static size_t count(char *const *strings)
{
	size_t n = 0;

	while (strings[n])
		n++;
	return n;
}

static uint64_t lay_out(uint8_t *mem, uint64_t top, const struct job_stack_args *args)
{
	struct stack_writer writer = { .mem = mem, .sp = top };
	size_t argc = count(args->argv), envc = count(args->envp);
	uint64_t execfn, strings, platform, random, table, addr, type, value;
	size_t i, auxv_words, words;

	/* Linux leaves one zero word at the top, then the strings. */
	writer.sp -= sizeof(uint64_t);
	put_word(&writer, writer.sp, 0);
	execfn = push_string(&writer, args->execfn);
	/* Pushed last to first, so that they read in order upwards. */
	for (i = envc; i-- > 0;)
		push_string(&writer, args->envp[i]);
	for (i = argc; i-- > 0;)
		push_string(&writer, args->argv[i]);
	/* argv[0]'s string: every argv and envp string follows it in order. */
	strings = writer.sp;

	writer.sp &= ~UINT64_C(15);
	platform = push_string(&writer, args->platform);
	writer.sp -= JOB_RANDOM_BYTES;
	random = writer.sp;
	put(&writer, random, args->random, JOB_RANDOM_BYTES);

	for (auxv_words = 0; args->auxv[auxv_words] != AT_NULL; auxv_words += 2)
		;
	auxv_words += 2;
	words = 1 + (argc + 1) + (envc + 1) + auxv_words;
	table = (writer.sp - words * sizeof(uint64_t)) & ~UINT64_C(15);
	if (!mem)
		return table;

	/* The pointers, now that the strings have their addresses. */
	addr = table;
	put_word(&writer, addr, argc);
	addr += 8;
	for (i = 0; i < argc; i++, addr += 8) {
		put_word(&writer, addr, strings);
		strings += strlen(args->argv[i]) + 1;
	}
	put_word(&writer, addr, 0);
	addr += 8;
	for (i = 0; i < envc; i++, addr += 8) {
		put_word(&writer, addr, strings);
		strings += strlen(args->envp[i]) + 1;
	}
	put_word(&writer, addr, 0);
	addr += 8;

	for (i = 0; i < auxv_words; i += 2, addr += 16) {
		type = args->auxv[i];
		value = args->auxv[i + 1];
		if (type == AT_RANDOM)
			value = random;
		else if (type == AT_EXECFN)
			value = execfn;
		else if (type == AT_PLATFORM)
			value = platform;
		put_word(&writer, addr, type);
		put_word(&writer, addr + 8, value);
	}
	return table;
}

uint64_t job_stack_size(const struct job_stack_args *args)
{
	/* Any 16-byte aligned top gives the same size; pick one far from 0. */
	const uint64_t top = UINT64_C(1) << 46;

	return top - lay_out(NULL, top, args);
}

uint64_t job_stack_build(uint8_t *mem, uint64_t top, const struct job_stack_args *args)
{
	return lay_out(mem, top, args);
}
