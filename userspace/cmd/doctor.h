/* SPDX-License-Identifier: GPL-2.0 */
/*
 * `vtjobctl doctor`: whether this host can run vtjob jobs, and what to do
 * if not. doctor_examine() only gathers results; doctor_print() shows
 * them, so that tests can check the verdicts without parsing text.
 */
#ifndef VTJOBCTL_DOCTOR_H
#define VTJOBCTL_DOCTOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <linux/vtjob.h>

struct cpuid_regs {
	unsigned int eax, ebx, ecx, edx;
};

/* Where doctor gets what it cannot read from files; tests fake these. */
struct doctor_ops {
	/* CPUID leaf @leaf; false when the CPU lacks that leaf. */
	bool (*cpuid)(unsigned int leaf, struct cpuid_regs *regs);
	/* These return a file descriptor or 0 on success, -errno on failure. */
	int (*open_device)(const char *path);
	int (*get_api_version)(int fd, __u32 *api_version);
	int (*get_caps)(int fd, struct vtjob_caps *caps);
};

struct doctor_env {
	/* Prefix for /proc, /sys and /dev paths: "" on a live host. */
	const char *sysroot;
	const struct doctor_ops *ops;
	/* What loads the module here: "modprobe vtjob", "insmod ...". */
	const char *load_command;
};

/* In the order of severity; only FAIL stops a host from running jobs. */
enum doctor_status {
	DOCTOR_OK,
	DOCTOR_INFO,
	DOCTOR_ABSENT,		/* an optional feature is missing: fine */
	DOCTOR_SKIPPED,		/* cannot be checked until an earlier failure is fixed */
	DOCTOR_WARN,
	DOCTOR_FAIL,
};

struct doctor_check {
	enum doctor_status status;
	char label[48];
	char detail[160];
	char hint[160];		/* what to do about it; may be empty */
	char reason[120];	/* for the verdict line, on failures */
};

/* Enough for the fixed checks, a line per VMX feature and per vulnerability. */
#define DOCTOR_MAX_CHECKS	64

struct doctor_report {
	size_t nr_checks;
	struct doctor_check checks[DOCTOR_MAX_CHECKS];
};

void doctor_examine(const struct doctor_env *env, struct doctor_report *report);

/* The failure that the verdict names, or NULL if the host can run jobs. */
const struct doctor_check *doctor_first_failure(const struct doctor_report *report);

void doctor_print(const struct doctor_report *report, FILE *out);

/*
 * The report as one JSON object on a line, for scripts:
 * {"schema":1,"can_run_jobs":false,"reason":"...","checks":[{"status":
 * "fail","label":"...","detail":"...","hint":"..."},...]}; "reason" only
 * when it cannot, and a check's detail and hint only when it has them.
 * DOCTOR_JSON_SCHEMA changes when a key changes meaning or goes.
 */
#define DOCTOR_JSON_SCHEMA	1
void doctor_print_json(const struct doctor_report *report, FILE *out);

/* For doctor_checks.c: append a result and fill it in. */
struct doctor_check *doctor_add(struct doctor_report *report,
				enum doctor_status status, const char *label,
				const char *detail_fmt, ...)
	__attribute__((format(printf, 4, 5)));
void doctor_hint(struct doctor_check *check, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void doctor_reason(struct doctor_check *check, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif /* VTJOBCTL_DOCTOR_H */
