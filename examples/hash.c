// SPDX-License-Identifier: GPL-2.0
/*
 * A job that computes: fills a buffer in .bss with a pseudo-random
 * pattern and prints its 64-bit FNV-1a hash. Same input, same hash, on
 * Linux and in a job: a quick check that a job computes as it should.
 */
#include "vtjob_job.h"

#define BUFFER_SIZE	(4u << 20)

#define FNV_OFFSET_BASIS	0xcbf29ce484222325ul
#define FNV_PRIME		0x100000001b3ul

/* In .bss: the job's zero-filled memory, not the file. */
static unsigned char buffer[BUFFER_SIZE];

/* xorshift64: a fixed pattern from a fixed seed. */
static void fill(unsigned char *buf, unsigned long len)
{
	unsigned long state = 88172645463325252ul, i;

	for (i = 0; i < len; i++) {
		state ^= state << 13;
		state ^= state >> 7;
		state ^= state << 17;
		buf[i] = (unsigned char)state;
	}
}

static unsigned long fnv1a(const unsigned char *buf, unsigned long len)
{
	unsigned long hash = FNV_OFFSET_BASIS, i;

	for (i = 0; i < len; i++) {
		hash ^= buf[i];
		hash *= FNV_PRIME;
	}
	return hash;
}

int main(int argc, char **argv, char **envp)
{
	char number[VTJOB_NUMBER_MAX];

	(void)argc;
	(void)argv;
	(void)envp;
	fill(buffer, BUFFER_SIZE);
	vtjob_puts(1, "fnv1a64 of ");
	vtjob_puts(1, vtjob_utoa(BUFFER_SIZE, number));
	vtjob_puts(1, " bytes: ");
	vtjob_puts(1, vtjob_xtoa(fnv1a(buffer, BUFFER_SIZE), number));
	vtjob_puts(1, "\n");
	return 0;
}
VTJOB_DEFINE_START(main);
