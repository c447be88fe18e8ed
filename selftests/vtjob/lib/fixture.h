/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kselftest_harness.h (Linux 6.1) runs a test's body even when its
 * fixture's setup called SKIP(). A fixture that can skip has a bool
 * "ready" that its setup sets last, and each body starts with
 * VTJ_NEEDS_SETUP(), so that a skipped setup skips the body too.
 */
#ifndef VTJOB_SELFTEST_LIB_FIXTURE_H
#define VTJOB_SELFTEST_LIB_FIXTURE_H

#define VTJ_NEEDS_SETUP() do {						\
		if (!self->ready)					\
			return;						\
	} while (0)

#endif /* VTJOB_SELFTEST_LIB_FIXTURE_H */
