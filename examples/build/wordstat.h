/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wordstat: counts the words of a text and prints the most frequent. A
 * small real C project (a header, a few sources, an archive and a link)
 * that the selftests build natively and with `vtjobctl make`.
 */
#ifndef WORDSTAT_H
#define WORDSTAT_H

#include <stddef.h>
#include <stdint.h>

struct word_count {
	char *word;
	unsigned long count;
};

struct word_table {
	struct word_count *slots;
	size_t nr_slots;
	size_t nr_words;
};

/* table.c */
int table_init(struct word_table *table, size_t nr_slots);
int table_add(struct word_table *table, const char *word, size_t len);
void table_free(struct word_table *table);

/* sort.c: the words by count, most first, then alphabetically. */
struct word_count *table_sorted(const struct word_table *table);

/* checksum.c: FNV-1a, 64 bits. */
uint64_t checksum(const void *data, size_t len, uint64_t seed);

#endif /* WORDSTAT_H */
