// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>

#include "wordstat.h"

int table_init(struct word_table *table, size_t nr_slots)
{
	table->slots = calloc(nr_slots, sizeof(*table->slots));
	table->nr_slots = nr_slots;
	table->nr_words = 0;
	return table->slots ? 0 : -1;
}

/* Where @word is, or the empty slot where it would go. */
static size_t slot_of(const struct word_table *table, const char *word, size_t len)
{
	size_t at = checksum(word, len, 0) % table->nr_slots;

	while (table->slots[at].word &&
	       (strlen(table->slots[at].word) != len || memcmp(table->slots[at].word, word, len)))
		at = (at + 1) % table->nr_slots;
	return at;
}

/* Twice the slots, the words and their counts moved over. */
static int grow(struct word_table *table)
{
	struct word_table bigger;
	size_t i;

	if (table_init(&bigger, table->nr_slots * 2))
		return -1;
	for (i = 0; i < table->nr_slots; i++) {
		const struct word_count *old = &table->slots[i];

		if (old->word)
			bigger.slots[slot_of(&bigger, old->word, strlen(old->word))] = *old;
	}
	bigger.nr_words = table->nr_words;
	free(table->slots);
	*table = bigger;
	return 0;
}

int table_add(struct word_table *table, const char *word, size_t len)
{
	size_t at;

	if ((table->nr_words + 1) * 2 > table->nr_slots && grow(table))
		return -1;
	at = slot_of(table, word, len);
	if (table->slots[at].word) {
		table->slots[at].count++;
		return 0;
	}
	table->slots[at].word = strndup(word, len);
	if (!table->slots[at].word)
		return -1;
	table->slots[at].count = 1;
	table->nr_words++;
	return 0;
}

void table_free(struct word_table *table)
{
	size_t i;

	for (i = 0; i < table->nr_slots; i++)
		free(table->slots[i].word);
	free(table->slots);
	table->slots = NULL;
}
