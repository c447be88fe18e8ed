// SPDX-License-Identifier: GPL-2.0
/* wordstat [N]: the N most frequent words of stdin, and a checksum of all. */
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "wordstat.h"

int main(int argc, char **argv)
{
	unsigned long top = argc > 1 ? strtoul(argv[1], NULL, 10) : 10;
	struct word_table table;
	struct word_count *sorted;
	char word[256];
	uint64_t sum = 0;
	size_t len = 0, i;
	int c;

	if (table_init(&table, 64))
		return 1;
	do {
		c = getchar();
		if (c != EOF && (isalnum(c) || c == '\'') && len < sizeof(word)) {
			word[len++] = (char)tolower(c);
			continue;
		}
		if (len) {
			if (table_add(&table, word, len))
				return 1;
			sum = checksum(word, len, sum);
			len = 0;
		}
	} while (c != EOF);
	sorted = table_sorted(&table);
	if (!sorted)
		return 1;
	for (i = 0; i < table.nr_words && i < top; i++)
		printf("%6lu %s\n", sorted[i].count, sorted[i].word);
	printf("%zu distinct words, checksum %016" PRIx64 "\n", table.nr_words, sum);
	free(sorted);
	table_free(&table);
	return 0;
}
