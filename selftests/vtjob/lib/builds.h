/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the build tests count and compare: the jobs the reserved CPUs
 * ran, and a build's output in an order that make -j does not decide.
 */
#ifndef VTJOB_SELFTEST_LIB_BUILDS_H
#define VTJOB_SELFTEST_LIB_BUILDS_H

/* Jobs run on the reserved CPUs so far, from `vtjobctl status --json`; -1 if unknown. */
long vtj_jobs_run(void);

/* @text's lines, sorted as strcmp() orders them, malloc'd; never NULL but out of memory. */
char *vtj_sorted_lines(const char *text);

#endif /* VTJOB_SELFTEST_LIB_BUILDS_H */
