// SPDX-License-Identifier: GPL-2.0
#include "wordstat.h"

uint64_t checksum(const void *data, size_t len, uint64_t seed)
{
	const unsigned char *byte = data;
	uint64_t hash = 0xcbf29ce484222325ull ^ seed;

	while (len--) {
		hash ^= *byte++;
		hash *= 0x100000001b3ull;
	}
	return hash;
}
