/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The values of `vtjobctl exec`'s options. Each parser returns 0, or -1
 * with a one-line explanation in @err that quotes the text.
 */
#ifndef VTJOBCTL_EXEC_OPTIONS_H
#define VTJOBCTL_EXEC_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * --mem SIZE: bytes, or with a binary suffix K, M or G ("64M", "1G";
 * "KiB", "MiB" and "GiB" too). Rounded up to a whole 4 KiB page, since
 * job memory comes in pages; not 0, and at most JOB_MEM_MAX.
 */
int exec_parse_mem(const char *text, uint64_t *bytes, char *err, size_t errlen);

/*
 * --timeout SECONDS: a decimal number, fractions allowed ("0.5"), with an
 * optional unit s, m or h as timeout(1) takes. 0 means no limit, as it
 * does for timeout(1) and for the kernel's timeout_ns.
 */
int exec_parse_timeout(const char *text, uint64_t *ns, char *err, size_t errlen);

/* --cpu N: a CPU number the kernel may have (0..VTJOB_MAX_CPU). */
int exec_parse_cpu(const char *text, uint32_t *cpu, char *err, size_t errlen);

/*
 * --rw PATH and --ro PATH, each repeatable, and --no-files: what the job
 * may touch (job_paths.h says what each means). The paths are checked
 * when the job starts, not here.
 */
struct exec_file_options {
	const char **rw;
	size_t nr_rw;
	const char **ro;
	size_t nr_ro;
	bool no_files;
};

/* Adds one --rw (@writable) or --ro tree; refuses an empty PATH. */
int exec_add_tree(struct exec_file_options *files, bool writable, const char *path,
		  char *err, size_t errlen);

/* Whether the options go together: --no-files goes with neither of the others. */
int exec_check_file_options(const struct exec_file_options *files, char *err, size_t errlen);

void exec_file_options_free(struct exec_file_options *files);

/*
 * The FILE of an option that writes to one (@option: "--stats-json"):
 * refuses an empty name. The file itself is opened when the job starts.
 */
int exec_check_output_path(const char *option, const char *path, char *err, size_t errlen);

#endif /* VTJOBCTL_EXEC_OPTIONS_H */
