/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Small files whole, as /proc, /sys and debugfs have them: a knob set and
 * put back, a report read and searched.
 */
#ifndef VTJOB_SELFTEST_LIB_FILES_H
#define VTJOB_SELFTEST_LIB_FILES_H

/* A whole small file, malloc'd and NUL-terminated; NULL with errno set. */
char *vtj_read_file(const char *path);
/* @text into a file that exists, in one write: 0 or -errno. */
int vtj_write_file(const char *path, const char *text);

#endif /* VTJOB_SELFTEST_LIB_FILES_H */
