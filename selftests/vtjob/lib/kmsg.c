// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kmsg.h"

int vtj_kmsg_open(void)
{
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	if (lseek(fd, 0, SEEK_END) < 0) {
		close(fd);
		return -errno;
	}
	return fd;
}

char *vtj_kmsg_read(int fd)
{
	size_t len = 0, cap = 4096;
	char *text = malloc(cap);
	char record[8192];

	if (!text)
		return NULL;
	text[0] = '\0';
	for (;;) {
		ssize_t n = read(fd, record, sizeof(record) - 1);
		char *msg;
		size_t msg_len;

		if (n < 0 && errno == EPIPE)
			continue;	/* overwritten records: skip them */
		if (n <= 0)
			break;
		record[n] = '\0';
		/* "prio,seq,time,flags;message\n" followed by key=value lines */
		msg = strchr(record, ';');
		msg = msg ? msg + 1 : record;
		msg_len = strcspn(msg, "\n");
		if (len + msg_len + 2 > cap) {
			char *bigger;

			cap = 2 * (len + msg_len + 2);
			bigger = realloc(text, cap);
			if (!bigger) {
				free(text);
				return NULL;
			}
			text = bigger;
		}
		memcpy(text + len, msg, msg_len);
		len += msg_len;
		text[len++] = '\n';
		text[len] = '\0';
	}
	return text;
}

char *vtj_kmsg_trouble(const char *log)
{
	static const char *const signs[] = {
		"WARNING:", "BUG:", "BUG ", "Oops", "general protection fault",
		"Call Trace", "RIP:", "Unable to handle", "blocked for more than",
		"detected stall", "stalls on CPU", "inconsistent lock state",
		"possible circular locking", "possible recursive locking",
		"list_add corruption", "list_del corruption", "refcount_t", "UBSAN", "KASAN",
	};
	const char *first = NULL, *at, *line;
	size_t i;

	for (i = 0; log && i < sizeof(signs) / sizeof(signs[0]); i++) {
		at = strstr(log, signs[i]);
		if (at && (!first || at < first))
			first = at;
	}
	if (!first)
		return NULL;
	for (line = first; line > log && line[-1] != '\n'; line--)
		;
	return strndup(line, strcspn(line, "\n"));
}
