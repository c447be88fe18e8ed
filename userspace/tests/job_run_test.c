// SPDX-License-Identifier: GPL-2.0
/*
 * The run loop against a scripted kernel: each VTJOB_RUN returns the next
 * exit of a script and checks the system call result the loop sent with
 * it. Writes go to a fake that records them, and can be slow, interrupted
 * or failing. The job's memory is a small one with a few pages mapped.
 */
#include "runtime/job_run.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>

#include "guestmem/page_table.h"
#include "runtime/sys/job_syscalls.h"

#include "harness.h"

#define MEM_SIZE	(8u << 20)
#define TEXT_ADDR	0x400000ull	/* mapped read-only: "hello, job\n" */
#define DATA_ADDR	0x401000ull	/* mapped writable: two pages of 'd' */
#define DATA_END	0x403000ull
#define HOLE_ADDR	0x500000ull	/* not mapped */
#define JOB_FD		42

struct step {
	int err;			/* VTJOB_RUN fails with this, or 0 */
	struct vtjob_exit exit;
	int expect_result;		/* this run must complete a system call... */
	int64_t result;			/* ...with this result */
	int signal_during;		/* vtjobctl catches this signal during this run */
};

static struct {
	const struct step *steps;
	size_t nr_steps, next;
	int bad_runs;
	char out[2][8192];		/* what fds 1 and 2 got */
	size_t out_len[2];
	int write_calls;
	/* How the write fake misbehaves. */
	size_t max_chunk;		/* 0: writes everything at once */
	int eintr_every_other;
	int flip;			/* the next write fails with EINTR */
	int signal_with_eintr;		/* SIGTERM is caught with each EINTR */
	long fail_after;		/* -1, or fail with fail_errno after so many bytes */
	int fail_errno;
	/* What was passed to the job with VTJOB_SIGNAL. */
	int signals_passed;
	siginfo_t last_signal;
} fake;

static struct job_signal_queue caught;
static uint8_t *job_mem;
static uint64_t job_cr3;
static char messages[1024];

/* What job_signals' handler does when @signal comes. */
static void catch_signal(int signal)
{
	caught.info[signal].si_signo = signal;
	caught.info[signal].si_code = SI_USER;
	caught.caught[signal] = 1;
	caught.any = 1;
}

static int fake_signal(int job_fd, const siginfo_t *info)
{
	if (job_fd != JOB_FD)
		return -EBADF;
	fake.signals_passed++;
	fake.last_signal = *info;
	return 0;
}

static int fake_run(int job_fd, struct vtjob_run *run)
{
	const struct step *step;
	int completes = !!(run->flags & VTJOB_RUN_SYSCALL_RESULT);

	if (job_fd != JOB_FD || fake.next >= fake.nr_steps) {
		fake.bad_runs++;
		return -EIO;
	}
	step = &fake.steps[fake.next++];
	if (completes != step->expect_result ||
	    (completes && run->syscall_result != step->result)) {
		fprintf(stderr, "# run %zu: flags %#x, result %lld; expected %d, %lld\n",
			fake.next, run->flags, (long long)run->syscall_result,
			step->expect_result, (long long)step->result);
		fake.bad_runs++;
	}
	if (step->signal_during)
		catch_signal(step->signal_during);
	if (step->err)
		return step->err;
	run->exit = step->exit;
	return 0;
}

static ssize_t fake_write(int fd, const void *buf, size_t count)
{
	size_t *len = &fake.out_len[fd - 1], n = count;

	fake.write_calls++;
	if (fd != 1 && fd != 2)
		abort();
	if (fake.eintr_every_other && (fake.flip ^= 1)) {
		if (fake.signal_with_eintr)
			catch_signal(SIGTERM);
		errno = EINTR;
		return -1;
	}
	if (fake.fail_after >= 0 && *len >= (size_t)fake.fail_after) {
		errno = fake.fail_errno;
		return -1;
	}
	if (fake.max_chunk && n > fake.max_chunk)
		n = fake.max_chunk;
	if (fake.fail_after >= 0 && *len + n > (size_t)fake.fail_after)
		n = (size_t)fake.fail_after - *len;
	if (n > sizeof(fake.out[0]) - 1 - *len)
		abort();
	memcpy(fake.out[fd - 1] + *len, buf, n);
	*len += n;
	return (ssize_t)n;
}

static const struct job_run_ops fake_ops = {
	.run = fake_run,
	.write = fake_write,
	.signal = fake_signal,
};

static void make_job_memory(void)
{
	struct guestmem_pt pt;

	job_mem = calloc(1, MEM_SIZE);
	if (!job_mem || guestmem_pt_init(&pt, job_mem, MEM_SIZE, 0x1000, 0x400000) ||
	    guestmem_pt_map(&pt, TEXT_ADDR, 0x1000, GUESTMEM_EXEC) ||
	    guestmem_pt_map(&pt, DATA_ADDR, DATA_END - DATA_ADDR, GUESTMEM_WRITE) ||
	    guestmem_pt_map(&pt, MEM_SIZE - 0x1000, 0x1000, GUESTMEM_WRITE))
		abort();
	memcpy(job_mem + TEXT_ADDR, "hello, job\n", 11);
	memset(job_mem + DATA_ADDR, 'd', DATA_END - DATA_ADDR);
	job_cr3 = pt.pml4;
}

/* A fresh fake for @steps; set its misbehaviour, then run_loop(). */
static void script(const struct step *steps, size_t nr_steps)
{
	memset(&fake, 0, sizeof(fake));
	fake.steps = steps;
	fake.nr_steps = nr_steps;
	fake.fail_after = -1;
	job_signals_forget(&caught);
	if (!job_mem)
		make_job_memory();
}

/* Returns the exit status; what the loop said is in messages. */
static int run_loop(uint64_t timeout_ns)
{
	struct job_run_params params;
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	int status;

	params = (struct job_run_params) {
		.ops = &fake_ops,
		.job_fd = JOB_FD,
		.mem = job_mem,
		.mem_size = MEM_SIZE,
		.cr3 = job_cr3,
		.timeout_ns = timeout_ns,
		.signals = &caught,
		.messages = out,
	};
	status = job_run(&params);
	fclose(out);
	snprintf(messages, sizeof(messages), "%s", text ? text : "");
	free(text);
	return status;
}

#define NR(steps) (sizeof(steps) / sizeof((steps)[0]))
#define RUN(steps) (script(steps, NR(steps)), run_loop(0))

#define SYSCALL(number, ...)						\
	{ .exit = { .reason = VTJOB_EXIT_SYSCALL,			\
		    .syscall = { .nr = (number), .args = { __VA_ARGS__ } } } }
/* A run that completes the last system call with @res, then stops at this one. */
#define SYSCALL_AFTER(res, number, ...)					\
	{ .exit = { .reason = VTJOB_EXIT_SYSCALL,			\
		    .syscall = { .nr = (number), .args = { __VA_ARGS__ } } },	\
	  .expect_result = 1, .result = (res) }
#define EXIT_AFTER(res, status) SYSCALL_AFTER(res, JOB_NR_exit_group, (status))
#define EXCEPTION(...) \
	{ .exit = { .reason = VTJOB_EXIT_EXCEPTION, .exception = { __VA_ARGS__ } } }

/* What write(@fd, @buf, @count) returns to the job, checked by the script. */
#define EXPECT_WRITE_RESULT(expected, fd, buf, count) do {		\
		const struct step _steps[] = {				\
			SYSCALL(JOB_NR_write, (fd), (buf), (count)),	\
			EXIT_AFTER((expected), 0),			\
		};							\
		EXPECT_EQ(0, RUN(_steps));				\
		EXPECT_EQ(0, fake.bad_runs);				\
	} while (0)

TEST(write_goes_to_stdout_and_the_job_gets_the_count)
{
	const struct step steps[] = {
		SYSCALL(JOB_NR_write, 1, TEXT_ADDR, 11),
		EXIT_AFTER(11, 0),
	};

	EXPECT_EQ(0, RUN(steps));
	EXPECT_EQ(0, fake.bad_runs);
	EXPECT_STREQ("hello, job\n", fake.out[0]);
	EXPECT_EQ(0, fake.out_len[1]);
	EXPECT_STREQ("", messages);
}

TEST(write_to_stderr)
{
	const struct step steps[] = {
		SYSCALL(JOB_NR_write, 2, TEXT_ADDR + 7, 4),
		EXIT_AFTER(4, 0),
	};

	EXPECT_EQ(0, RUN(steps));
	EXPECT_EQ(0, fake.bad_runs);
	EXPECT_STREQ("job\n", fake.out[1]);
	EXPECT_EQ(0, fake.out_len[0]);
}

TEST(partial_writes_are_finished)
{
	const struct step steps[] = {
		SYSCALL(JOB_NR_write, 1, TEXT_ADDR, 11),
		EXIT_AFTER(11, 0),
	};

	script(steps, NR(steps));
	fake.max_chunk = 3;
	EXPECT_EQ(0, run_loop(0));
	EXPECT_EQ(0, fake.bad_runs);
	EXPECT_STREQ("hello, job\n", fake.out[0]);
	EXPECT_EQ(4, fake.write_calls);
}

TEST(interrupted_writes_are_retried)
{
	const struct step steps[] = {
		SYSCALL(JOB_NR_write, 1, TEXT_ADDR, 11),
		EXIT_AFTER(11, 0),
	};

	script(steps, NR(steps));
	fake.eintr_every_other = 1;
	fake.max_chunk = 5;
	EXPECT_EQ(0, run_loop(0));
	EXPECT_EQ(0, fake.bad_runs);
	EXPECT_STREQ("hello, job\n", fake.out[0]);
}

TEST(a_write_across_pages_is_one_write)
{
	const struct step steps[] = {
		SYSCALL(JOB_NR_write, 1, DATA_ADDR + 0x800, 0x1000),
		EXIT_AFTER(0x1000, 0),
	};

	EXPECT_EQ(0, RUN(steps));
	EXPECT_EQ(0, fake.bad_runs);
	EXPECT_EQ(0x1000, fake.out_len[0]);
	EXPECT_EQ(1, fake.write_calls);
}

TEST(a_failing_write_gives_the_job_its_errno_or_what_was_written)
{
	const struct step nothing[] = {
		SYSCALL(JOB_NR_write, 1, TEXT_ADDR, 11),
		EXIT_AFTER(-EIO, 0),
	};
	const struct step some[] = {
		SYSCALL(JOB_NR_write, 1, TEXT_ADDR, 11),
		EXIT_AFTER(4, 0),
	};

	script(nothing, NR(nothing));
	fake.fail_after = 0;
	fake.fail_errno = EIO;
	EXPECT_EQ(0, run_loop(0));
	EXPECT_EQ(0, fake.bad_runs);

	script(some, NR(some));
	fake.fail_after = 4;
	fake.fail_errno = ENOSPC;
	fake.max_chunk = 2;
	EXPECT_EQ(0, run_loop(0));
	EXPECT_EQ(0, fake.bad_runs);
	EXPECT_STREQ("hell", fake.out[0]);
}

TEST(write_from_memory_the_job_cannot_read_is_efault)
{
	EXPECT_WRITE_RESULT(-EFAULT, 1, 0, 1);
	EXPECT_WRITE_RESULT(-EFAULT, 1, 0x1000, 8);		/* its page tables */
	EXPECT_WRITE_RESULT(-EFAULT, 1, HOLE_ADDR, 1);
	EXPECT_WRITE_RESULT(-EFAULT, 1, TEXT_ADDR - 1, 2);	/* starts before it */
	EXPECT_WRITE_RESULT(-EFAULT, 1, MEM_SIZE, 1);		/* beyond the memory */
	EXPECT_WRITE_RESULT(-EFAULT, 1, 0x7f0000000000ull, 1);
	EXPECT_WRITE_RESULT(-EFAULT, 1, 0x8000000000000000ull, 1);	/* non-canonical */
	EXPECT_WRITE_RESULT(-EFAULT, 1, ~0ull, 2);		/* wraps */
	EXPECT_WRITE_RESULT(-EFAULT, 1, HOLE_ADDR, 1ull << 40);
	EXPECT_EQ(0, fake.write_calls);
	/* The last page of memory is mapped and readable. */
	EXPECT_WRITE_RESULT(1, 1, MEM_SIZE - 1, 1);
}

/* As Linux's copy from user: what comes before the first fault goes out. */
TEST(write_stops_at_the_first_page_the_job_cannot_read)
{
	EXPECT_WRITE_RESULT(1, 1, DATA_END - 1, 2);
	EXPECT_WRITE_RESULT(1, 1, MEM_SIZE - 1, 2);
	EXPECT_WRITE_RESULT(0x1000, 1, DATA_END - 0x1000, 1ull << 40);
}

TEST(write_of_nothing_is_zero_from_anywhere)
{
	EXPECT_WRITE_RESULT(0, 1, 0, 0);
	EXPECT_WRITE_RESULT(0, 1, HOLE_ADDR, 0);
	EXPECT_EQ(0, fake.write_calls);
}

TEST(write_to_fds_the_job_does_not_have_is_ebadf)
{
	EXPECT_WRITE_RESULT(-EBADF, 5, TEXT_ADDR, 1);
	EXPECT_WRITE_RESULT(-EBADF, 3, TEXT_ADDR, 1);
	EXPECT_WRITE_RESULT(-EBADF, 0xffffffffull, TEXT_ADDR, 1);
	/* EBADF before EFAULT, as in Linux. */
	EXPECT_WRITE_RESULT(-EBADF, 3, 0, 1);
	EXPECT_EQ(0, fake.write_calls);
	/* Linux takes the fd as an unsigned int: only the low 32 bits count. */
	EXPECT_WRITE_RESULT(2, 0x100000001ull, TEXT_ADDR, 2);
}

TEST(exit_and_exit_group_end_with_the_low_8_bits)
{
	const struct step exit_steps[] = { SYSCALL(JOB_NR_exit, 7) };
	const struct step group_steps[] = { SYSCALL(JOB_NR_exit_group, 0x1ff) };
	const struct step negative[] = { SYSCALL(JOB_NR_exit_group, (uint64_t)-1) };

	EXPECT_EQ(7, RUN(exit_steps));
	EXPECT_EQ(255, RUN(group_steps));
	EXPECT_EQ(255, RUN(negative));
	EXPECT_STREQ("", messages);
}

TEST(other_system_calls_get_enosys_and_the_job_goes_on)
{
	const struct step steps[] = {
		SYSCALL(39),
		SYSCALL_AFTER(-ENOSYS, JOB_NR_clone, 0, DATA_ADDR, 1),
		SYSCALL_AFTER(-ENOSYS, ~0ull),
		EXIT_AFTER(-ENOSYS, 3),
	};

	EXPECT_EQ(3, RUN(steps));
	EXPECT_EQ(0, fake.bad_runs);
	EXPECT_EQ(4, fake.next);
}

struct exception_case {
	struct vtjob_exit exit;
	int status;
	const char *message;
};

TEST(exceptions_kill_the_job_with_their_signal)
{
	static const struct exception_case cases[] = {
		{ { .exception = { .vector = 14, .address = 0x7f0000000000, .rip = 0x401005,
				   .signal = SIGSEGV } }, 139,
		  "vtjob: job killed: page fault reading 0x7f0000000000 at rip 0x401005\n" },
		{ { .exception = { .vector = 14, .address = 0x401000, .rip = 0x401005,
				   .signal = SIGSEGV, .write = 1, .error_code = 7 } }, 139,
		  "vtjob: job killed: page fault writing 0x401000 at rip 0x401005\n" },
		{ { .exception = { .vector = 14, .address = 0x402000, .rip = 0x402000,
				   .signal = SIGSEGV, .fetch = 1 } }, 139,
		  "vtjob: job killed: page fault executing 0x402000 at rip 0x402000\n" },
		{ { .exception = { .vector = 14, .address = 0, .rip = 0x401005,
				   .signal = SIGSEGV } }, 139,
		  "vtjob: job killed: page fault reading 0x0 at rip 0x401005\n" },
		{ { .exception = { .vector = 14, .address = 0, .rip = 0x401005,
				   .signal = SIGSEGV, .handler = 1 } }, 139,
		  "vtjob: job killed: page fault reading 0x0 at rip 0x401005 (SIGSEGV; its handler was not run: the job blocked the signal)\n" },
		{ { .exception = { .vector = 0, .rip = 0x401000, .signal = SIGFPE,
				   .handler = 1 } }, 136,
		  "vtjob: job killed: divide error at rip 0x401000 (SIGFPE; its handler was not run: the job blocked the signal)\n" },
		{ { .exception = { .vector = 13, .rip = 0x401005, .signal = SIGSEGV } }, 139,
		  "vtjob: job killed: general protection fault at rip 0x401005\n" },
		{ { .exception = { .vector = 13, .error_code = 0x18, .rip = 0x401005,
				   .signal = SIGSEGV } }, 139,
		  "vtjob: job killed: general protection fault (error code 0x18) at rip 0x401005\n" },
		{ { .exception = { .vector = 6, .rip = 0x401000, .signal = SIGILL } }, 132,
		  "vtjob: job killed: invalid opcode at rip 0x401000\n" },
		{ { .exception = { .vector = 0, .rip = 0x401000, .signal = SIGFPE } }, 136,
		  "vtjob: job killed: divide error at rip 0x401000\n" },
		{ { .exception = { .vector = 3, .rip = 0x401001, .signal = SIGTRAP } }, 133,
		  "vtjob: job killed: breakpoint at rip 0x401001\n" },
		{ { .exception = { .vector = 1, .rip = 0x401001, .signal = SIGTRAP } }, 133,
		  "vtjob: job killed: debug trap at rip 0x401001\n" },
		{ { .exception = { .vector = 17, .rip = 0x401001, .signal = SIGBUS } }, 135,
		  "vtjob: job killed: alignment check at rip 0x401001\n" },
		{ { .exception = { .vector = 19, .rip = 0x401001, .signal = SIGFPE } }, 136,
		  "vtjob: job killed: SIMD floating-point exception at rip 0x401001\n" },
		{ { .exception = { .vector = 12, .rip = 0x401001, .signal = SIGBUS } }, 135,
		  "vtjob: job killed: stack segment fault at rip 0x401001\n" },
		{ { .exception = { .vector = 31, .rip = 0x401001, .signal = SIGSEGV } }, 139,
		  "vtjob: job killed: exception 31 at rip 0x401001\n" },
		/* A signal Linux cannot have is the module's bug, not the job's. */
		{ { .exception = { .vector = 6, .rip = 0x401000, .signal = 0 } }, 125,
		  "vtjob: job killed: invalid opcode at rip 0x401000; the module named no valid signal (0)\n" },
		{ { .exception = { .vector = 6, .rip = 0x401000, .signal = 65 } }, 125,
		  "vtjob: job killed: invalid opcode at rip 0x401000; the module named no valid signal (65)\n" },
	};
	size_t i;

	for (i = 0; i < NR(cases); i++) {
		struct step steps[1] = { { .exit = cases[i].exit } };

		steps[0].exit.reason = VTJOB_EXIT_EXCEPTION;
		EXPECT_EQ(cases[i].status, RUN(steps)) TH_LOG("case %zu", i);
		EXPECT_STREQ(cases[i].message, messages);
	}
}

TEST(an_exception_after_a_system_call_still_completes_it)
{
	const struct step steps[] = {
		SYSCALL(JOB_NR_write, 1, TEXT_ADDR, 5),
		{ .exit = { .reason = VTJOB_EXIT_EXCEPTION,
			    .exception = { .vector = 6, .rip = 0x401000, .signal = SIGILL } },
		  .expect_result = 1, .result = 5 },
	};

	EXPECT_EQ(132, RUN(steps));
	EXPECT_EQ(0, fake.bad_runs);
}

TEST(a_timeout_is_124)
{
	const struct step steps[] = { { .exit = { .reason = VTJOB_EXIT_TIMEOUT } } };

	script(steps, NR(steps));
	EXPECT_EQ(124, run_loop(500000000));
	EXPECT_STREQ("vtjob: job timed out after 0.5 s\n", messages);
	script(steps, NR(steps));
	EXPECT_EQ(124, run_loop(120000000000ull));
	EXPECT_STREQ("vtjob: job timed out after 120 s\n", messages);
}

TEST(a_run_a_host_signal_cut_short_runs_again)
{
	const struct step steps[] = {
		SYSCALL(JOB_NR_write, 1, TEXT_ADDR, 5),
		{ .exit = { .reason = VTJOB_EXIT_SIGNAL }, .expect_result = 1, .result = 5 },
		{ .err = -EINTR },
		SYSCALL(JOB_NR_exit, 0),
	};

	EXPECT_EQ(0, RUN(steps));
	EXPECT_EQ(0, fake.bad_runs);
	EXPECT_EQ(4, fake.next);
	EXPECT_EQ(0, fake.signals_passed);
}

TEST(a_result_survives_an_interrupted_run)
{
	const struct step steps[] = {
		SYSCALL(JOB_NR_write, 1, TEXT_ADDR, 5),
		{ .err = -EINTR, .expect_result = 1, .result = 5 },
		{ .err = -EINTR, .expect_result = 1, .result = 5 },
		EXIT_AFTER(5, 0),
	};

	EXPECT_EQ(0, RUN(steps));
	EXPECT_EQ(0, fake.bad_runs);
}

/* The module answers a signal whose default action ends the job. */
#define SIGNALED(sig, sender) \
	{ .exit = { .reason = VTJOB_EXIT_SIGNALED, \
		    .signaled = { .signal = (sig), .code = SI_USER, .pid = (sender) } } }

TEST(a_caught_sigint_goes_to_the_job_and_its_death_is_130)
{
	const struct step steps[] = {
		{ .exit = { .reason = VTJOB_EXIT_SIGNAL }, .signal_during = SIGINT },
		SIGNALED(SIGINT, 1),
	};

	EXPECT_EQ(130, RUN(steps));
	EXPECT_EQ(2, fake.next);
	EXPECT_EQ(1, fake.signals_passed);
	EXPECT_EQ(SIGINT, fake.last_signal.si_signo);
	EXPECT_STREQ("", messages);
}

TEST(a_signal_the_job_handles_lets_it_go_on)
{
	const struct step steps[] = {
		{ .err = -EINTR, .signal_during = SIGTERM },
		SYSCALL(JOB_NR_exit, 3),
	};

	EXPECT_EQ(3, RUN(steps));
	EXPECT_EQ(1, fake.signals_passed);
	EXPECT_EQ(SIGTERM, fake.last_signal.si_signo);
}

TEST(a_death_by_signal_is_named_unless_a_shell_would_not)
{
	const struct step usr1[] = { SIGNALED(SIGUSR1, 1) };
	const struct step term[] = { SIGNALED(SIGTERM, 1) };
	const struct step pipe[] = { SIGNALED(SIGPIPE, 0) };
	const struct step self[] = { SIGNALED(SIGABRT, getpid()) };
	const struct step frame[] = {
		{ .exit = { .reason = VTJOB_EXIT_SIGNALED,
			    .signaled = { .signal = SIGSEGV, .code = SI_KERNEL } } },
	};
	const struct step bad[] = { SIGNALED(65, 1) };

	EXPECT_EQ(138, RUN(usr1));
	EXPECT_STREQ("vtjob: job killed by SIGUSR1\n", messages);
	EXPECT_EQ(143, RUN(term));
	EXPECT_STREQ("", messages);
	EXPECT_EQ(141, RUN(pipe));
	EXPECT_STREQ("", messages);
	EXPECT_EQ(134, RUN(self));
	EXPECT_STREQ("vtjob: job killed by SIGABRT, which it sent itself\n", messages);
	EXPECT_EQ(139, RUN(frame));
	EXPECT_STREQ("vtjob: job killed by SIGSEGV: it had no room for a signal frame, or "
		     "returned from a handler through a bad one\n", messages);
	EXPECT_EQ(125, RUN(bad));
	EXPECT_STREQ("vtjobctl: the module ended the job by no valid signal (65)\n", messages);
}

TEST(a_signal_before_a_write_began_leaves_the_call_to_the_module)
{
	const struct step steps[] = {
		SYSCALL(JOB_NR_write, 1, TEXT_ADDR, 11),
		{ .exit = { .reason = VTJOB_EXIT_SIGNALED,
			    .signaled = { .signal = SIGTERM, .code = SI_USER } },
		  .expect_result = 1, .result = VTJOB_RESULT_RESTART },
	};

	script(steps, NR(steps));
	fake.eintr_every_other = 1;
	fake.signal_with_eintr = 1;
	/* The module restarts the write, or fails it with EINTR for a handler. */
	EXPECT_EQ(143, run_loop(0));
	EXPECT_EQ(2, fake.next);
	EXPECT_EQ(0, fake.bad_runs);
	EXPECT_EQ(1, fake.write_calls);
	EXPECT_EQ(1, fake.signals_passed);
	EXPECT_EQ(0, (int)fake.out_len[0]);
}

TEST(a_failing_run_is_the_module_s_failure)
{
	const struct step steps[] = { { .err = -EIO } };

	EXPECT_EQ(125, RUN(steps));
	EXPECT_STREQ("vtjobctl: running the job failed: Input/output error\n", messages);
}

TEST(an_unexpected_vm_exit_is_reported_raw)
{
	const struct step steps[] = {
		{ .exit = { .reason = VTJOB_EXIT_UNEXPECTED,
			    .unexpected = { .vmx_reason = 10, .qualification = 0x1234,
					    .rip = 0x401000 } } },
	};
	const struct step unknown[] = {
		{ .exit = { .reason = VTJOB_EXIT_UNEXPECTED,
			    .unexpected = { .vmx_reason = 77, .qualification = 0 } } },
	};

	EXPECT_EQ(125, RUN(steps));
	EXPECT_STREQ("vtjob: job stopped by a VM exit the module does not handle: reason 10 (CPUID), qualification 0x1234, rip 0x401000; this is a vtjob module bug\n",
		     messages);
	EXPECT_EQ(125, RUN(unknown));
	EXPECT_NE(NULL, strstr(messages, "reason 77 (unknown), qualification 0x0,"));
}

TEST(a_job_that_loses_its_cpu_is_killed_as_by_sigkill)
{
	static const struct { unsigned int reason; const char *message; } cases[] = {
		{ VTJOB_RELEASE_ASKED,
		  "vtjob: job killed: its CPU was released from under it ('vtjobctl release --force')\n" },
		{ VTJOB_RELEASE_OFFLINE, "vtjob: job killed: its CPU went offline\n" },
		{ VTJOB_RELEASE_UNLOAD, "vtjob: job killed: the vtjob module is unloading\n" },
		{ VTJOB_RELEASE_SHUTDOWN, "vtjob: job killed: the host is shutting down\n" },
		{ 9, "vtjob: job killed: it lost its CPU (reason 9)\n" },
	};
	size_t i;

	for (i = 0; i < NR(cases); i++) {
		struct step steps[] = {
			SYSCALL(JOB_NR_write, 1, TEXT_ADDR, 5),
			{ .exit = { .reason = VTJOB_EXIT_KILLED,
				    .killed = { .reason = cases[i].reason } },
			  .expect_result = 1, .result = 5 },
		};

		EXPECT_EQ(137, RUN(steps));
		EXPECT_STREQ(cases[i].message, messages);
	}
}

TEST(an_unknown_exit_reason_is_the_module_s_failure)
{
	const struct step steps[] = { { .exit = { .reason = 99 } } };
	const struct step none[] = { { .exit = { .reason = VTJOB_EXIT_NONE } } };

	EXPECT_EQ(125, RUN(steps));
	EXPECT_STREQ("vtjobctl: the module stopped the job for an unknown reason 99\n", messages);
	EXPECT_EQ(125, RUN(none));
}

TEST_HARNESS_MAIN
