// SPDX-License-Identifier: GPL-2.0
/*
 * elf_fuzz without libFuzzer: runs LLVMFuzzerTestOneInput() over every
 * file of a corpus directory, then over random mutations of them until
 * the time is up. Enough for a smoke test with gcc's sanitizers; clang's
 * libFuzzer (make fuzz) searches far better.
 *
 *	elf_fuzz_standalone [-t SECONDS] [-s SEED] DIR
 */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_INPUT_SIZE	(1u << 20)

struct input {
	uint8_t *bytes;
	size_t size;
};

static uint64_t rng_state;

/* xorshift64*: reproducible from the seed it prints. */
static uint64_t next_random(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dull;
}

static size_t random_below(size_t bound)
{
	return bound ? (size_t)(next_random() % bound) : 0;
}

static int read_corpus(const char *dir_path, struct input **inputs, size_t *count)
{
	struct dirent *entry;
	DIR *dir = opendir(dir_path);

	if (!dir) {
		fprintf(stderr, "elf_fuzz: cannot open %s: %s\n", dir_path, strerror(errno));
		return -1;
	}
	while ((entry = readdir(dir))) {
		char path[4096];
		struct input input;
		FILE *file;

		if (entry->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir_path, entry->d_name);
		file = fopen(path, "rb");
		if (!file)
			continue;
		input.bytes = malloc(MAX_INPUT_SIZE);
		input.size = input.bytes ? fread(input.bytes, 1, MAX_INPUT_SIZE, file) : 0;
		fclose(file);
		*inputs = realloc(*inputs, (*count + 1) * sizeof(**inputs));
		if (!*inputs || !input.bytes)
			return -1;
		(*inputs)[(*count)++] = input;
	}
	closedir(dir);
	return 0;
}

/* Values that sit on the edges of the loader's checks. */
static uint64_t interesting_value(void)
{
	static const uint64_t values[] = {
		0, 1, 0x38, 0x40, 0xfff, 0x1000, 0x1001, 0x3ff000, 0x400000, 0x401000,
		0x7fffffff, 0xffffffff, 0x1000000000ull, 0x7fffffffffffull,
		0x8000000000000000ull, ~0ull, ~0ull - 0xfff, 73, 74, 0xffff,
	};

	return values[random_below(sizeof(values) / sizeof(values[0]))];
}

static void mutate(uint8_t *bytes, size_t *size)
{
	size_t rounds = 1 + random_below(8), i, at;
	uint64_t value;

	for (i = 0; i < rounds && *size > 0; i++) {
		switch (random_below(6)) {
		case 0:	/* flip a bit in the headers, where it matters most */
			at = random_below(*size < 512 ? *size : 512);
			bytes[at] ^= (uint8_t)(1u << random_below(8));
			break;
		case 1:	/* any byte anywhere */
			bytes[random_below(*size)] = (uint8_t)next_random();
			break;
		case 2:	/* an edge value into an aligned 64-bit field */
		case 3:
			at = random_below(*size < 512 ? *size : 512) & ~(size_t)7;
			value = interesting_value();
			memcpy(bytes + at, &value, *size - at < 8 ? *size - at : 8);
			break;
		case 4:	/* truncate */
			*size = random_below(*size + 1);
			break;
		default: /* a 16-bit field: e_phnum, e_phentsize, e_type... */
			at = random_below(*size < 64 ? *size : 64) & ~(size_t)1;
			value = interesting_value();
			memcpy(bytes + at, &value, *size - at < 2 ? *size - at : 2);
			break;
		}
	}
}

int main(int argc, char **argv)
{
	unsigned long seconds = 5, runs = 0;
	struct input *inputs = NULL;
	size_t count = 0, i, size;
	time_t deadline;
	uint8_t *work;
	int opt;

	rng_state = (uint64_t)time(NULL) | 1;
	while ((opt = getopt(argc, argv, "t:s:")) != -1) {
		if (opt == 't')
			seconds = strtoul(optarg, NULL, 10);
		else if (opt == 's')
			rng_state = strtoull(optarg, NULL, 0) | 1;
		else
			return 2;
	}
	if (optind + 1 != argc) {
		fprintf(stderr, "usage: elf_fuzz_standalone [-t SECONDS] [-s SEED] DIR\n");
		return 2;
	}
	if (read_corpus(argv[optind], &inputs, &count) || count == 0) {
		fprintf(stderr, "elf_fuzz: no inputs in %s\n", argv[optind]);
		return 1;
	}
	printf("elf_fuzz: %zu inputs, %lu s, seed %#llx\n", count, seconds,
	       (unsigned long long)rng_state);

	/* Each input in a buffer of its own size, so that ASan sees overreads. */
	for (i = 0; i < count; i++, runs++)
		LLVMFuzzerTestOneInput(inputs[i].bytes, inputs[i].size);
	deadline = time(NULL) + (time_t)seconds;
	while (time(NULL) < deadline) {
		for (i = 0; i < 256; i++, runs++) {
			const struct input *seed = &inputs[random_below(count)];

			size = seed->size;
			work = malloc(size ? size : 1);
			if (!work)
				return 1;
			memcpy(work, seed->bytes, size);
			mutate(work, &size);
			work = realloc(work, size ? size : 1);
			LLVMFuzzerTestOneInput(work, size);
			free(work);
		}
	}
	printf("elf_fuzz: %lu runs, no crash\n", runs);
	for (i = 0; i < count; i++)
		free(inputs[i].bytes);
	free(inputs);
	return 0;
}
