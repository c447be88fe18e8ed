// SPDX-License-Identifier: GPL-2.0
#include "json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

long long vtj_json_number(const char *json, const char *key)
{
	char quoted[64];
	const char *at;

	snprintf(quoted, sizeof(quoted), "\"%s\":", key);
	at = strstr(json, quoted);
	return at ? strtoll(at + strlen(quoted), NULL, 10) : -1;
}
