/* SPDX-License-Identifier: GPL-2.0 */
/* vtjobctl's --json output, as far as tests read it: a number by its key. */
#ifndef VTJOB_SELFTEST_LIB_JSON_H
#define VTJOB_SELFTEST_LIB_JSON_H

/* The value of the first "key":N in @json, or -1 if it has none. */
long long vtj_json_number(const char *json, const char *key);

#endif /* VTJOB_SELFTEST_LIB_JSON_H */
