/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel log, as a test reads what happened during it: what the module
 * said, and whether anything warned or oopsed.
 */
#ifndef VTJOB_SELFTEST_LIB_KMSG_H
#define VTJOB_SELFTEST_LIB_KMSG_H

/* The kernel log from the moment vtj_kmsg_open() was called: an fd or -errno. */
int vtj_kmsg_open(void);
/* Messages logged since, one per line, malloc'd; NULL on error. */
char *vtj_kmsg_read(int fd);

/*
 * The first line of @log, messages as vtj_kmsg_read() gives them, that
 * shows the kernel in trouble: a BUG, a WARNING (lockdep's reports among
 * them), an Oops, a call trace, a hung task, an RCU stall, a corrupted
 * list. A malloc'd copy, or NULL if there is none.
 */
char *vtj_kmsg_trouble(const char *log);

/*
 * In a kselftest_harness test: the kernel log since vtj_kmsg_open() gave
 * @fd can be read and shows no trouble; the line that does is logged.
 */
#define EXPECT_KMSG_CLEAN(fd) do {					\
		char *_log = vtj_kmsg_read(fd), *_trouble;		\
									\
		ASSERT_NE(NULL, _log);					\
		_trouble = vtj_kmsg_trouble(_log);			\
		EXPECT_EQ(NULL, _trouble) TH_LOG("kernel log: %s", _trouble); \
		free(_trouble);						\
		free(_log);						\
	} while (0)

#endif /* VTJOB_SELFTEST_LIB_KMSG_H */
