// SPDX-License-Identifier: GPL-2.0
#include "cmd/cpus_change_json.h"

#include "lib/json_writer.h"

static void print_steps(const struct isolation_report *report, struct json_writer *json)
{
	const struct isolation_step *step;
	size_t i;

	json_key(json, "isolation");
	json_begin_array(json);
	for (i = 0; i < report->nr_steps; i++) {
		step = &report->steps[i];
		json_begin_object(json);
		json_key(json, "step");
		json_string(json, step->name);
		json_key(json, "result");
		json_string(json, isolation_result_name(step->result));
		json_key(json, "message");
		json_string(json, step->message);
		json_end_object(json);
	}
	json_end_array(json);
}

void cpus_change_print_json(const struct cpus_change *change, FILE *out)
{
	struct json_writer json;

	json_init(&json, out);
	json_begin_object(&json);
	json_key(&json, "schema");
	json_uint(&json, CPUS_CHANGE_JSON_SCHEMA);
	json_key(&json, "command");
	json_string(&json, change->command);
	json_key(&json, "cpus");
	json_string(&json, change->cpus);
	json_key(&json, "done");
	json_bool(&json, change->done);
	if (change->error) {
		json_key(&json, "error");
		json_string(&json, change->error);
	}
	if (change->isolation)
		print_steps(change->isolation, &json);
	if (change->isolation_error) {
		json_key(&json, "isolation_error");
		json_string(&json, change->isolation_error);
	}
	json_end_object(&json);
	fputc('\n', out);
}
