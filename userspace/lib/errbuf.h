/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The error buffer a parser or loader fills in for its caller (a char *
 * and its size, often called err and errlen): one line saying what is
 * wrong, cut short rather than overflowing. Both return -1, the failure
 * such functions return, so that one statement reports it and says why:
 *
 *	return errbuf_set(err, errlen, "CPU %u is offline", cpu);
 */
#ifndef VTJOBCTL_ERRBUF_H
#define VTJOBCTL_ERRBUF_H

#include <stdarg.h>
#include <stddef.h>

int errbuf_set(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * After what @buf holds already: the message behind a prefix, set first,
 * that says where it was found ("invalid CPU list \"1-\": ").
 */
int errbuf_vappend(char *buf, size_t size, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));

#endif /* VTJOBCTL_ERRBUF_H */
