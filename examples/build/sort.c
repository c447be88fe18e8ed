// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>

#include "wordstat.h"

static int by_count(const void *a, const void *b)
{
	const struct word_count *x = a, *y = b;

	if (x->count != y->count)
		return x->count < y->count ? 1 : -1;
	return strcmp(x->word, y->word);
}

struct word_count *table_sorted(const struct word_table *table)
{
	struct word_count *list = malloc((table->nr_words + 1) * sizeof(*list));
	size_t i, n = 0;

	if (!list)
		return NULL;
	for (i = 0; i < table->nr_slots; i++)
		if (table->slots[i].word)
			list[n++] = table->slots[i];
	qsort(list, n, sizeof(*list), by_count);
	return list;
}
