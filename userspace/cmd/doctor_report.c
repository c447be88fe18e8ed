// SPDX-License-Identifier: GPL-2.0
/* Recording doctor's results and printing them for people. */
#include "cmd/doctor.h"

#include <assert.h>
#include <stdarg.h>
#include <string.h>

#include "lib/json_writer.h"

struct doctor_check *doctor_add(struct doctor_report *report,
				enum doctor_status status, const char *label,
				const char *detail_fmt, ...)
{
	struct doctor_check *check;
	va_list ap;

	assert(report->nr_checks < DOCTOR_MAX_CHECKS);
	check = &report->checks[report->nr_checks++];
	memset(check, 0, sizeof(*check));
	check->status = status;
	snprintf(check->label, sizeof(check->label), "%s", label);
	if (detail_fmt) {
		va_start(ap, detail_fmt);
		vsnprintf(check->detail, sizeof(check->detail), detail_fmt, ap);
		va_end(ap);
	}
	return check;
}

void doctor_hint(struct doctor_check *check, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(check->hint, sizeof(check->hint), fmt, ap);
	va_end(ap);
}

void doctor_reason(struct doctor_check *check, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(check->reason, sizeof(check->reason), fmt, ap);
	va_end(ap);
}

const struct doctor_check *doctor_first_failure(const struct doctor_report *report)
{
	size_t i;

	for (i = 0; i < report->nr_checks; i++)
		if (report->checks[i].status == DOCTOR_FAIL)
			return &report->checks[i];
	return NULL;
}

static const char *const status_words[] = {
	[DOCTOR_OK] = "ok",
	[DOCTOR_INFO] = "info",
	[DOCTOR_ABSENT] = "--",
	[DOCTOR_SKIPPED] = "skip",
	[DOCTOR_WARN] = "warn",
	[DOCTOR_FAIL] = "FAIL",
};

void doctor_print(const struct doctor_report *report, FILE *out)
{
	const struct doctor_check *failure = doctor_first_failure(report);
	const struct doctor_check *check;
	size_t i;

	for (i = 0; i < report->nr_checks; i++) {
		check = &report->checks[i];
		fprintf(out, "  %-6s%s", status_words[check->status], check->label);
		if (check->detail[0])
			fprintf(out, ": %s", check->detail);
		fputc('\n', out);
		if (check->hint[0])
			fprintf(out, "        hint: %s\n", check->hint);
	}

	if (!failure)
		fprintf(out, "vtjob: this host can run jobs\n");
	else
		fprintf(out, "vtjob: this host cannot run jobs: %s\n",
			failure->reason[0] ? failure->reason : failure->label);
}

static const char *const json_status_words[] = {
	[DOCTOR_OK] = "ok",
	[DOCTOR_INFO] = "info",
	[DOCTOR_ABSENT] = "absent",
	[DOCTOR_SKIPPED] = "skipped",
	[DOCTOR_WARN] = "warn",
	[DOCTOR_FAIL] = "fail",
};

void doctor_print_json(const struct doctor_report *report, FILE *out)
{
	const struct doctor_check *failure = doctor_first_failure(report);
	const struct doctor_check *check;
	struct json_writer json;
	size_t i;

	json_init(&json, out);
	json_begin_object(&json);
	json_key(&json, "schema");
	json_uint(&json, DOCTOR_JSON_SCHEMA);
	json_key(&json, "can_run_jobs");
	json_bool(&json, !failure);
	if (failure) {
		json_key(&json, "reason");
		json_string(&json, failure->reason[0] ? failure->reason : failure->label);
	}
	json_key(&json, "checks");
	json_begin_array(&json);
	for (i = 0; i < report->nr_checks; i++) {
		check = &report->checks[i];
		json_begin_object(&json);
		json_key(&json, "status");
		json_string(&json, json_status_words[check->status]);
		json_key(&json, "label");
		json_string(&json, check->label);
		if (check->detail[0]) {
			json_key(&json, "detail");
			json_string(&json, check->detail);
		}
		if (check->hint[0]) {
			json_key(&json, "hint");
			json_string(&json, check->hint);
		}
		json_end_object(&json);
	}
	json_end_array(&json);
	json_end_object(&json);
	fputc('\n', out);
}
