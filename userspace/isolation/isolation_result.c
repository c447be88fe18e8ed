// SPDX-License-Identifier: GPL-2.0
#include "isolation/isolation_result.h"

const char *isolation_result_name(enum isolation_result result)
{
	static const char *const names[] = {
		[ISOLATION_DONE] = "done",
		[ISOLATION_UNCHANGED] = "unchanged",
		[ISOLATION_SKIPPED] = "skipped",
		[ISOLATION_FAILED] = "failed",
	};

	return names[result];
}
