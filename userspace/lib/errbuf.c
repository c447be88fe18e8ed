// SPDX-License-Identifier: GPL-2.0
#include "lib/errbuf.h"

#include <stdio.h>
#include <string.h>

int errbuf_set(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return -1;
}

int errbuf_vappend(char *buf, size_t size, const char *fmt, va_list ap)
{
	size_t len;

	/* A zero size may come with no buffer at all. */
	if (size == 0)
		return -1;
	/* A prefix cut short leaves room for nothing more: the message is dropped. */
	len = strlen(buf);
	vsnprintf(buf + len, size - len, fmt, ap);
	return -1;
}
