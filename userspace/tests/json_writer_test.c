// SPDX-License-Identifier: GPL-2.0
/* The JSON writer: structure, separators, escaping and numbers. */
#include "lib/json_writer.h"

#include <stdlib.h>
#include <string.h>

#include "harness.h"

/* Collects what a writer prints, as a string. */
struct capture {
	char *text;
	size_t len;
	FILE *out;
	struct json_writer json;
};

static void capture_start(struct capture *capture)
{
	capture->text = NULL;
	capture->out = open_memstream(&capture->text, &capture->len);
	json_init(&capture->json, capture->out);
}

static const char *capture_end(struct capture *capture)
{
	fclose(capture->out);
	return capture->text;
}

/* @text as a lone JSON string, malloc'd. */
static char *quoted(const char *text)
{
	struct capture capture;

	capture_start(&capture);
	json_string(&capture.json, text);
	return (char *)capture_end(&capture);
}

#define EXPECT_QUOTED(expected, text) do {		\
		char *_json = quoted(text);		\
		EXPECT_STREQ(expected, _json);		\
		free(_json);				\
	} while (0)

TEST(empty_containers)
{
	struct capture capture;

	capture_start(&capture);
	json_begin_array(&capture.json);
	json_begin_object(&capture.json);
	json_end_object(&capture.json);
	json_begin_array(&capture.json);
	json_end_array(&capture.json);
	json_end_array(&capture.json);
	EXPECT_STREQ("[{},[]]", capture_end(&capture));
	free(capture.text);
}

TEST(members_and_items_are_separated)
{
	struct capture capture;

	capture_start(&capture);
	json_begin_object(&capture.json);
	json_key(&capture.json, "a");
	json_uint(&capture.json, 1);
	json_key(&capture.json, "b");
	json_begin_array(&capture.json);
	json_bool(&capture.json, true);
	json_bool(&capture.json, false);
	json_begin_object(&capture.json);
	json_key(&capture.json, "c");
	json_string(&capture.json, "d");
	json_end_object(&capture.json);
	json_end_array(&capture.json);
	json_key(&capture.json, "e");
	json_int(&capture.json, -5);
	json_end_object(&capture.json);
	EXPECT_STREQ("{\"a\":1,\"b\":[true,false,{\"c\":\"d\"}],\"e\":-5}",
		     capture_end(&capture));
	free(capture.text);
}

TEST(one_writer_writes_several_documents)
{
	struct capture capture;

	/* Reinitialised per line, as monitor does. */
	capture_start(&capture);
	json_begin_object(&capture.json);
	json_end_object(&capture.json);
	json_init(&capture.json, capture.out);
	json_begin_object(&capture.json);
	json_end_object(&capture.json);
	EXPECT_STREQ("{}{}", capture_end(&capture));
	free(capture.text);
}

TEST(integer_extremes)
{
	struct capture capture;

	capture_start(&capture);
	json_begin_array(&capture.json);
	json_uint(&capture.json, 0);
	json_uint(&capture.json, UINT64_MAX);
	json_int(&capture.json, INT64_MIN);
	json_int(&capture.json, INT64_MAX);
	json_end_array(&capture.json);
	EXPECT_STREQ("[0,18446744073709551615,-9223372036854775808,9223372036854775807]",
		     capture_end(&capture));
	free(capture.text);
}

TEST(plain_strings_are_quoted_as_they_are)
{
	EXPECT_QUOTED("\"\"", "");
	EXPECT_QUOTED("\"CPU 7 does not exist\"", "CPU 7 does not exist");
	EXPECT_QUOTED("\"/'<>{}[]:,\"", "/'<>{}[]:,");
}

TEST(quotes_and_backslashes_are_escaped)
{
	EXPECT_QUOTED("\"say \\\"hi\\\"\"", "say \"hi\"");
	EXPECT_QUOTED("\"C:\\\\dir\\\\\"", "C:\\dir\\");
	EXPECT_QUOTED("\"\\\\\\\"\"", "\\\"");
}

TEST(control_characters_are_escaped)
{
	EXPECT_QUOTED("\"a\\nb\\tc\\rd\"", "a\nb\tc\rd");
	EXPECT_QUOTED("\"\\b\\f\"", "\b\f");
	EXPECT_QUOTED("\"\\u0001\\u001f\"", "\x01\x1f");
	EXPECT_QUOTED("\"x\\u001by\"", "x\x1by");
}

TEST(other_bytes_pass_through)
{
	/* UTF-8 is valid JSON as it is; DEL is not a control character to JSON. */
	EXPECT_QUOTED("\"caf\xc3\xa9 \xe2\x80\x94\"", "caf\xc3\xa9 \xe2\x80\x94");
	EXPECT_QUOTED("\"\x7f\"", "\x7f");
	EXPECT_QUOTED("\" ~\"", " ~");
}

TEST(keys_are_escaped_too)
{
	struct capture capture;

	capture_start(&capture);
	json_begin_object(&capture.json);
	json_key(&capture.json, "a\"b\n");
	json_uint(&capture.json, 1);
	json_end_object(&capture.json);
	EXPECT_STREQ("{\"a\\\"b\\n\":1}", capture_end(&capture));
	free(capture.text);
}

TEST_HARNESS_MAIN
