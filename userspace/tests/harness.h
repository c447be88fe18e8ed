/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The unit tests' harness, so that they build without a kernel source
 * tree: TEST(), FIXTURE() with FIXTURE_SETUP(), FIXTURE_TEARDOWN() and
 * TEST_F(), EXPECT_*() and ASSERT_*(), TH_LOG(), SKIP() and
 * TEST_HARNESS_MAIN, with the names and meaning they have in the
 * kernel's kselftest_harness.h, which the VM selftests use: a test
 * reads the same in both. A check's failure marks the test failed;
 * an ASSERT_*() also ends it (the fixture's teardown still runs). A
 * TH_LOG() right after a check runs only when the check failed:
 *	EXPECT_EQ(0, status) TH_LOG("stderr: %s", err);
 * Values are compared as numbers, whatever their types: -1 is less
 * than 0u, so no comparison needs -Wno-sign-compare.
 *
 * Each test runs in a child process of its own, killed after
 * TH_TIMEOUT_S; the results are TAP on stdout, the logs on stderr,
 * and the exit status is 1 if a test failed.
 */
#ifndef VTJOBCTL_TESTS_HARNESS_H
#define VTJOBCTL_TESTS_HARNESS_H

#include <errno.h>
#include <inttypes.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define TH_TIMEOUT_S	30

/* A test, and how its run went (in the child that runs it). */
struct __test_metadata {
	const char *name;
	void (*run)(struct __test_metadata *_metadata);
	struct __test_metadata *next;
	bool failed;
	bool skipped;
	bool setup_done;
	bool can_bail;		/* an ASSERT_*() may jump to bail */
	sigjmp_buf bail;
};

/* What a child tells the parent beyond its exit status. */
struct th_report {
	char skip_reason[256];
};

static struct __test_metadata *th_tests;
static struct __test_metadata **th_tests_end = &th_tests;
static struct th_report *th_report;

static inline void th_register(struct __test_metadata *test)
{
	*th_tests_end = test;
	th_tests_end = &test->next;
}

/* --- values of any arithmetic or pointer type, compared as numbers ------ */

enum th_kind { TH_SIGNED, TH_UNSIGNED, TH_FLOAT, TH_POINTER };

struct th_value {
	enum th_kind kind;
	intmax_t s;		/* TH_SIGNED */
	uintmax_t u;		/* TH_UNSIGNED, TH_POINTER */
	long double f;		/* TH_FLOAT */
};

static inline struct th_value th_signed(intmax_t v)
{
	return (struct th_value){ .kind = TH_SIGNED, .s = v };
}

static inline struct th_value th_unsigned(uintmax_t v)
{
	return (struct th_value){ .kind = TH_UNSIGNED, .u = v };
}

static inline struct th_value th_float(long double v)
{
	return (struct th_value){ .kind = TH_FLOAT, .f = v };
}

static inline struct th_value th_pointer(const volatile void *v)
{
	return (struct th_value){ .kind = TH_POINTER, .u = (uintptr_t)v };
}

#define TH_VALUE(x) _Generic((x),						\
	_Bool: th_unsigned, unsigned char: th_unsigned,				\
	unsigned short: th_unsigned, unsigned int: th_unsigned,			\
	unsigned long: th_unsigned, unsigned long long: th_unsigned,		\
	char: th_signed, signed char: th_signed, short: th_signed,		\
	int: th_signed, long: th_signed, long long: th_signed,			\
	float: th_float, double: th_float, long double: th_float,		\
	default: th_pointer)(x)

static inline long double th_as_float(struct th_value v)
{
	return v.kind == TH_FLOAT ? v.f : v.kind == TH_SIGNED ? (long double)v.s : (long double)v.u;
}

/* <0, 0 or >0 as @a is less than, equal to or greater than @b. */
static inline int th_order(struct th_value a, struct th_value b)
{
	bool a_negative = a.kind == TH_SIGNED && a.s < 0;
	bool b_negative = b.kind == TH_SIGNED && b.s < 0;
	uintmax_t x, y;

	if (a.kind == TH_FLOAT || b.kind == TH_FLOAT)
		return (th_as_float(a) > th_as_float(b)) - (th_as_float(a) < th_as_float(b));
	if (a_negative != b_negative)
		return a_negative ? -1 : 1;
	if (a_negative)
		return (a.s > b.s) - (a.s < b.s);
	x = a.kind == TH_SIGNED ? (uintmax_t)a.s : a.u;
	y = b.kind == TH_SIGNED ? (uintmax_t)b.s : b.u;
	return (x > y) - (x < y);
}

static inline void th_format(char *buf, size_t size, struct th_value v)
{
	switch (v.kind) {
	case TH_SIGNED:
		snprintf(buf, size, "%jd", v.s);
		break;
	case TH_UNSIGNED:
		snprintf(buf, size, "%ju", v.u);
		break;
	case TH_FLOAT:
		snprintf(buf, size, "%Lg", v.f);
		break;
	case TH_POINTER:
		snprintf(buf, size, "%#jx", v.u);
		break;
	}
}

/* --- checks -------------------------------------------------------------- */

enum th_relation { TH_EQ, TH_NE, TH_LT, TH_LE, TH_GT, TH_GE };

/* A line for the log: "# FILE:LINE:TEST: " and the message. */
static inline void th_vlog(struct __test_metadata *_metadata, const char *file, int line,
			   const char *fmt, va_list ap)
{
	fprintf(stderr, "# %s:%d:%s: ", file, line, _metadata->name);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

static inline void th_log(struct __test_metadata *_metadata, const char *file, int line,
			  const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static inline void th_log(struct __test_metadata *_metadata, const char *file, int line,
			  const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	th_vlog(_metadata, file, line, fmt, ap);
	va_end(ap);
}

#define TH_LOG(...) th_log(_metadata, __FILE__, __LINE__, __VA_ARGS__)

/* Says what failed, and marks the test failed. */
static inline void th_fail(struct __test_metadata *_metadata, const char *file, int line,
			   const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static inline void th_fail(struct __test_metadata *_metadata, const char *file, int line,
			   const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	th_vlog(_metadata, file, line, fmt, ap);
	va_end(ap);
	_metadata->failed = true;
}

/* Whether @expected @relation @seen holds; says how not if it does not. */
static inline bool th_holds(struct __test_metadata *_metadata, const char *file, int line,
			    const char *expected_text, const char *relation_text,
			    const char *seen_text, struct th_value expected,
			    enum th_relation relation, struct th_value seen)
{
	int order = th_order(expected, seen);
	char expected_value[64], seen_value[64];
	bool holds = false;

	switch (relation) {
	case TH_EQ:
		holds = order == 0;
		break;
	case TH_NE:
		holds = order != 0;
		break;
	case TH_LT:
		holds = order < 0;
		break;
	case TH_LE:
		holds = order <= 0;
		break;
	case TH_GT:
		holds = order > 0;
		break;
	case TH_GE:
		holds = order >= 0;
		break;
	}
	if (!holds) {
		th_format(expected_value, sizeof(expected_value), expected);
		th_format(seen_value, sizeof(seen_value), seen);
		th_fail(_metadata, file, line, "Expected %s (%s) %s %s (%s)", expected_text,
			expected_value, relation_text, seen_text, seen_value);
	}
	return holds;
}

static inline bool th_is_true(struct __test_metadata *_metadata, const char *file, int line,
			      const char *seen_text, bool seen, bool wanted)
{
	if (seen != wanted)
		th_fail(_metadata, file, line, "Expected %s to be %s", seen_text,
			wanted ? "true" : "false");
	return seen == wanted;
}

static inline bool th_strings(struct __test_metadata *_metadata, const char *file, int line,
			      const char *expected_text, const char *seen_text,
			      const char *expected, const char *seen, bool equal)
{
	bool same = expected && seen ? !strcmp(expected, seen) : expected == seen;

	if (same != equal)
		th_fail(_metadata, file, line, "Expected %s \"%s\" %s %s \"%s\"", expected_text,
			expected ? expected : "(null)", equal ? "==" : "!=", seen_text,
			seen ? seen : "(null)");
	return same == equal;
}

/* After a failed check: false to go on (EXPECT), or out of the test (ASSERT). */
static inline bool th_bail(struct __test_metadata *_metadata, bool fatal)
{
	if (fatal) {
		if (_metadata->can_bail)
			siglongjmp(_metadata->bail, 1);
		/* In a teardown: nothing is left to run. */
		exit(EXIT_FAILURE);
	}
	return false;
}

/*
 * The statement after a check (a TH_LOG(), or just ';') runs once if the
 * check failed; then an ASSERT bails out.
 */
#define TH_CHECK(holds, fatal)							\
	for (bool th_failed_ = !(holds); th_failed_;				\
	     th_failed_ = th_bail(_metadata, fatal))

#define TH_COMPARE(expected, relation, relation_text, seen, fatal)		\
	TH_CHECK(th_holds(_metadata, __FILE__, __LINE__, #expected, relation_text, #seen, \
			  TH_VALUE(expected), relation, TH_VALUE(seen)), fatal)

#define EXPECT_EQ(expected, seen) TH_COMPARE(expected, TH_EQ, "==", seen, false)
#define EXPECT_NE(expected, seen) TH_COMPARE(expected, TH_NE, "!=", seen, false)
#define EXPECT_LT(expected, seen) TH_COMPARE(expected, TH_LT, "<", seen, false)
#define EXPECT_LE(expected, seen) TH_COMPARE(expected, TH_LE, "<=", seen, false)
#define EXPECT_GT(expected, seen) TH_COMPARE(expected, TH_GT, ">", seen, false)
#define EXPECT_GE(expected, seen) TH_COMPARE(expected, TH_GE, ">=", seen, false)
#define ASSERT_EQ(expected, seen) TH_COMPARE(expected, TH_EQ, "==", seen, true)
#define ASSERT_NE(expected, seen) TH_COMPARE(expected, TH_NE, "!=", seen, true)
#define ASSERT_LT(expected, seen) TH_COMPARE(expected, TH_LT, "<", seen, true)
#define ASSERT_LE(expected, seen) TH_COMPARE(expected, TH_LE, "<=", seen, true)
#define ASSERT_GT(expected, seen) TH_COMPARE(expected, TH_GT, ">", seen, true)
#define ASSERT_GE(expected, seen) TH_COMPARE(expected, TH_GE, ">=", seen, true)

#define EXPECT_TRUE(seen)						\
	TH_CHECK(th_is_true(_metadata, __FILE__, __LINE__, #seen, (seen), true), false)
#define EXPECT_FALSE(seen)						\
	TH_CHECK(th_is_true(_metadata, __FILE__, __LINE__, #seen, (seen), false), false)
#define ASSERT_TRUE(seen)						\
	TH_CHECK(th_is_true(_metadata, __FILE__, __LINE__, #seen, (seen), true), true)
#define ASSERT_FALSE(seen)						\
	TH_CHECK(th_is_true(_metadata, __FILE__, __LINE__, #seen, (seen), false), true)

#define TH_STRINGS(expected, seen, equal, fatal)				\
	TH_CHECK(th_strings(_metadata, __FILE__, __LINE__, #expected, #seen,	\
			    (expected), (seen), equal), fatal)
#define EXPECT_STREQ(expected, seen) TH_STRINGS(expected, seen, true, false)
#define EXPECT_STRNE(expected, seen) TH_STRINGS(expected, seen, false, false)
#define ASSERT_STREQ(expected, seen) TH_STRINGS(expected, seen, true, true)
#define ASSERT_STRNE(expected, seen) TH_STRINGS(expected, seen, false, true)


static inline void th_skip(struct __test_metadata *_metadata, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static inline void th_skip(struct __test_metadata *_metadata, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(th_report->skip_reason, sizeof(th_report->skip_reason), fmt, ap);
	va_end(ap);
	_metadata->skipped = true;
}

/* Marks the test skipped, saying why, then runs @statement (return). */
#define SKIP(statement, ...) do {					\
		th_skip(_metadata, __VA_ARGS__);			\
		statement;						\
	} while (0)

/* --- tests and fixtures -------------------------------------------------- */

/* A body, setup or teardown need not use all it is given. */
#define TH_UNUSED __attribute__((unused))
#define TH_UNUSED_METADATA struct __test_metadata *_metadata TH_UNUSED

#define TH_REGISTER(id, test_name)						\
	static struct __test_metadata th_test_##id = {				\
		.name = test_name, .run = th_run_##id,				\
	};									\
	static void __attribute__((constructor)) th_register_##id(void)	\
	{									\
		th_register(&th_test_##id);					\
	}

#define TEST(name)								\
	static void th_body_##name(TH_UNUSED_METADATA);		\
	static void th_run_##name(TH_UNUSED_METADATA)		\
	{									\
		_metadata->can_bail = true;					\
		if (sigsetjmp(_metadata->bail, 0) == 0)				\
			th_body_##name(_metadata);				\
		_metadata->can_bail = false;					\
	}									\
	TH_REGISTER(name, #name)						\
	static void th_body_##name(TH_UNUSED_METADATA)

#define FIXTURE_DATA(fixture) struct th_fixture_##fixture
#define FIXTURE(fixture) FIXTURE_DATA(fixture)
#define FIXTURE_SETUP(fixture)							\
	static void th_setup_##fixture(TH_UNUSED_METADATA,	\
				       FIXTURE_DATA(fixture) *self TH_UNUSED)
#define FIXTURE_TEARDOWN(fixture)						\
	static void th_teardown_##fixture(TH_UNUSED_METADATA,	\
					  FIXTURE_DATA(fixture) *self TH_UNUSED)

/*
 * The fixture is static: each test runs once, in a process of its own,
 * and a static is what a jump out of an ASSERT leaves intact.
 */
#define TEST_F(fixture, name)							\
	static void th_body_##fixture##_##name(TH_UNUSED_METADATA, \
					       FIXTURE_DATA(fixture) *self TH_UNUSED);	\
	static void th_run_##fixture##_##name(TH_UNUSED_METADATA) \
	{									\
		static FIXTURE_DATA(fixture) self;				\
										\
		_metadata->can_bail = true;					\
		if (sigsetjmp(_metadata->bail, 0) == 0) {			\
			th_setup_##fixture(_metadata, &self);			\
			_metadata->setup_done = true;				\
			if (!_metadata->skipped && !_metadata->failed)		\
				th_body_##fixture##_##name(_metadata, &self);	\
		}								\
		_metadata->can_bail = false;					\
		if (_metadata->setup_done)					\
			th_teardown_##fixture(_metadata, &self);		\
	}									\
	TH_REGISTER(fixture##_##name, #fixture "." #name)			\
	static void th_body_##fixture##_##name(TH_UNUSED_METADATA, \
					       FIXTURE_DATA(fixture) *self TH_UNUSED)

/* --- running them -------------------------------------------------------- */

enum { TH_PASSED = 0, TH_FAILED = 1, TH_SKIPPED = 4 };

/* Runs @test in a child; its TAP line, numbered @number. Returns whether it failed. */
static inline bool th_run_one(struct __test_metadata *test, int number)
{
	int status;
	pid_t pid;

	th_report->skip_reason[0] = '\0';
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0) {
		printf("not ok %d %s # fork: %s\n", number, test->name, strerror(errno));
		return true;
	}
	if (pid == 0) {
		alarm(TH_TIMEOUT_S);
		test->run(test);
		fflush(NULL);
		_exit(test->failed ? TH_FAILED : test->skipped ? TH_SKIPPED : TH_PASSED);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			abort();
	if (WIFEXITED(status) && WEXITSTATUS(status) == TH_PASSED) {
		printf("ok %d %s\n", number, test->name);
	} else if (WIFEXITED(status) && WEXITSTATUS(status) == TH_SKIPPED) {
		printf("ok %d %s # SKIP %s\n", number, test->name, th_report->skip_reason);
	} else {
		if (WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM)
			printf("# %s: timed out after %d s\n", test->name, TH_TIMEOUT_S);
		else if (WIFSIGNALED(status))
			printf("# %s: killed by signal %d (%s)\n", test->name, WTERMSIG(status),
			       strsignal(WTERMSIG(status)));
		printf("not ok %d %s\n", number, test->name);
	}
	fflush(stdout);
	return !WIFEXITED(status) || (WEXITSTATUS(status) != TH_PASSED &&
				      WEXITSTATUS(status) != TH_SKIPPED);
}

static inline int th_run_all(void)
{
	struct __test_metadata *test;
	int count = 0, number = 0, failures = 0;

	th_report = mmap(NULL, sizeof(*th_report), PROT_READ | PROT_WRITE,
			 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (th_report == MAP_FAILED) {
		perror("harness: mmap");
		return EXIT_FAILURE;
	}
	for (test = th_tests; test; test = test->next)
		count++;
	printf("TAP version 13\n1..%d\n", count);
	for (test = th_tests; test; test = test->next)
		failures += th_run_one(test, ++number);
	printf("# %d of %d failed\n", failures, count);
	return failures ? EXIT_FAILURE : EXIT_SUCCESS;
}

#define TEST_HARNESS_MAIN							\
	int main(void)								\
	{									\
		return th_run_all();						\
	}

#endif /* VTJOBCTL_TESTS_HARNESS_H */
