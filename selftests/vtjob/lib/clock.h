/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Time as the tests measure it: how long a job or a CPU hotplug write took,
 * on the clock of the (emulated) machine they run in, not the host's.
 */
#ifndef VTJOB_SELFTEST_LIB_CLOCK_H
#define VTJOB_SELFTEST_LIB_CLOCK_H

#include <time.h>

/* Seconds since an arbitrary start, on the monotonic clock. */
static inline double vtj_now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

#endif /* VTJOB_SELFTEST_LIB_CLOCK_H */
