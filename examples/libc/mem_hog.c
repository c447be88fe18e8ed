// SPDX-License-Identifier: GPL-2.0
/*
 * Maps argv[1] MiB of anonymous memory (default 256) in one mmap and
 * touches it. Prints "mapped N MiB" or "mmap: ENOMEM", and exits 0 either
 * way: under a job's --mem smaller than N the second is the right answer.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

int main(int argc, char **argv)
{
	size_t mib = argc > 1 ? strtoul(argv[1], NULL, 10) : 256;
	void *p = mmap(NULL, mib << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		       -1, 0);

	if (p == MAP_FAILED) {
		printf("mmap: %s\n", errno == ENOMEM ? "ENOMEM" : strerror(errno));
		/* malloc goes the same way: NULL, not a crash. */
		printf("malloc: %s\n", malloc(mib << 20) ? "succeeded" : "NULL");
		return 0;
	}
	memset(p, 1, mib << 20);
	printf("mapped %zu MiB\n", mib);
	return 0;
}
