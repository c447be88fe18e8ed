// SPDX-License-Identifier: GPL-2.0
#include "lib/json_writer.h"

#include <assert.h>
#include <inttypes.h>

void json_init(struct json_writer *json, FILE *out)
{
	json->out = out;
	json->depth = 0;
	json->after_key = false;
}

/* Before any value: the comma that separates it from the one before. */
static void begin_value(struct json_writer *json)
{
	if (json->after_key) {
		json->after_key = false;
		return;
	}
	if (json->depth > 0) {
		if (json->has_items[json->depth - 1])
			fputc(',', json->out);
		json->has_items[json->depth - 1] = true;
	}
}

static void open_container(struct json_writer *json, char bracket)
{
	begin_value(json);
	assert(json->depth < JSON_MAX_DEPTH);
	json->has_items[json->depth++] = false;
	fputc(bracket, json->out);
}

static void close_container(struct json_writer *json, char bracket)
{
	assert(json->depth > 0 && !json->after_key);
	json->depth--;
	fputc(bracket, json->out);
}

void json_begin_object(struct json_writer *json)
{
	open_container(json, '{');
}

void json_end_object(struct json_writer *json)
{
	close_container(json, '}');
}

void json_begin_array(struct json_writer *json)
{
	open_container(json, '[');
}

void json_end_array(struct json_writer *json)
{
	close_container(json, ']');
}

static void write_string(FILE *out, const char *text)
{
	const unsigned char *c;

	fputc('"', out);
	for (c = (const unsigned char *)text; *c; c++) {
		switch (*c) {
		case '"':
			fputs("\\\"", out);
			break;
		case '\\':
			fputs("\\\\", out);
			break;
		case '\b':
			fputs("\\b", out);
			break;
		case '\f':
			fputs("\\f", out);
			break;
		case '\n':
			fputs("\\n", out);
			break;
		case '\r':
			fputs("\\r", out);
			break;
		case '\t':
			fputs("\\t", out);
			break;
		default:
			/* JSON forbids raw control characters in strings. */
			if (*c < 0x20)
				fprintf(out, "\\u%04x", *c);
			else
				fputc(*c, out);
		}
	}
	fputc('"', out);
}

void json_key(struct json_writer *json, const char *key)
{
	assert(json->depth > 0 && !json->after_key);
	begin_value(json);
	write_string(json->out, key);
	fputc(':', json->out);
	json->after_key = true;
}

void json_string(struct json_writer *json, const char *text)
{
	begin_value(json);
	write_string(json->out, text);
}

void json_uint(struct json_writer *json, uint64_t value)
{
	begin_value(json);
	fprintf(json->out, "%" PRIu64, value);
}

void json_int(struct json_writer *json, int64_t value)
{
	begin_value(json);
	fprintf(json->out, "%" PRId64, value);
}

void json_bool(struct json_writer *json, bool value)
{
	begin_value(json);
	fputs(value ? "true" : "false", json->out);
}
