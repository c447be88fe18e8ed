/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Just enough JSON output for vtjobctl's --json: objects, arrays, strings,
 * integers and booleans, written compactly on one line as they come. The
 * writer adds the commas and colons; the caller says what comes next.
 *
 *	json_begin_object(&json);
 *	json_key(&json, "cpu");
 *	json_uint(&json, 1);
 *	json_end_object(&json);		-> {"cpu":1}
 */
#ifndef VTJOBCTL_JSON_WRITER_H
#define VTJOBCTL_JSON_WRITER_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* Deeper than anything vtjobctl prints. */
#define JSON_MAX_DEPTH	8

struct json_writer {
	FILE *out;
	unsigned int depth;
	/* Per open object or array: whether it has an item (so: a comma next). */
	bool has_items[JSON_MAX_DEPTH];
	bool after_key;
};

void json_init(struct json_writer *json, FILE *out);

void json_begin_object(struct json_writer *json);
void json_end_object(struct json_writer *json);
void json_begin_array(struct json_writer *json);
void json_end_array(struct json_writer *json);

/* The name of the next member of the current object. */
void json_key(struct json_writer *json, const char *key);

/*
 * @text as a JSON string: quotes, backslashes and control characters
 * escaped, everything else, UTF-8 included, as it is.
 */
void json_string(struct json_writer *json, const char *text);
void json_uint(struct json_writer *json, uint64_t value);
void json_int(struct json_writer *json, int64_t value);
void json_bool(struct json_writer *json, bool value);

#endif /* VTJOBCTL_JSON_WRITER_H */
