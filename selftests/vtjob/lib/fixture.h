/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kselftest_harness.h (Linux 6.1) runs a test's body even when its
 * fixture's setup called SKIP(). A fixture that can skip has a bool
 * "ready" that its setup sets last, and each body starts with
 * VTJ_NEEDS_SETUP(), so that a skipped setup skips the body too.
 */
#ifndef VTJOB_SELFTEST_LIB_FIXTURE_H
#define VTJOB_SELFTEST_LIB_FIXTURE_H

#include "cpus.h"
#include "module.h"

/*
 * The start of the setup of a fixture whose tests run jobs on CPU 1:
 * SKIP() where no CPU can run jobs (vtj_why_no_job_cpu() says why); else
 * the module loaded and CPU 1 alone reserved, without isolation.
 */
#define VTJ_SETUP_JOB_CPU_1() do {					\
		const char *vtj_why_not = vtj_why_no_job_cpu();		\
									\
		if (vtj_why_not)					\
			SKIP(return, "%s", vtj_why_not);		\
		ASSERT_EQ(0, vtj_ensure_loaded());			\
		vtj_release("all");					\
		ASSERT_EQ(0, vtj_reserve_no_isolate("1"));		\
	} while (0)

#define VTJ_NEEDS_SETUP() do {						\
		if (!self->ready)					\
			return;						\
	} while (0)

#endif /* VTJOB_SELFTEST_LIB_FIXTURE_H */
