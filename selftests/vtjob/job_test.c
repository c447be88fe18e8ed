// SPDX-License-Identifier: GPL-2.0
/*
 * Jobs through the raw ABI of /dev/vtjob, without vtjobctl: tiny guest
 * programs in hand-built memory, what each VM exit reports, and how every
 * bad argument is refused. CPU 1 is reserved for the tests.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stddef.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/vtjob.h>

#include "kselftest_harness.h"
#include "lib/cpus.h"
#include "lib/files.h"
#include "lib/guest.h"
#include "lib/jobs.h"
#include "lib/kmsg.h"
#include "lib/mem.h"
#include "lib/module.h"
#include "lib/run.h"

VTJ_GUEST(hello,
	"mov $1, %eax\n mov $1, %edi\n lea 1f(%rip), %rsi\n mov $6, %edx\n"
	"syscall\n mov $60, %eax\n mov $7, %edi\n syscall\n"
	"1: .ascii \"hello\\n\"");
VTJ_GUEST(ud2, "ud2");
VTJ_GUEST(hlt, "hlt");
VTJ_GUEST(outb, "mov $0x80, %dx\n out %al, %dx");
VTJ_GUEST(rdmsr, "mov $0x10, %ecx\n rdmsr");
VTJ_GUEST(read_unmapped, "mov 0x800000, %rax");
VTJ_GUEST(read_outside, "mov 0x400000, %rax");
VTJ_GUEST(int3, "int3");
VTJ_GUEST(divide, "xor %ecx, %ecx\n mov $1, %eax\n cltd\n idiv %ecx");
VTJ_GUEST(cpuid_vmx,
	"mov $1, %eax\n xor %ecx, %ecx\n cpuid\n mov %ecx, %edi\n"
	"mov $60, %eax\n syscall");
VTJ_GUEST(nosys,
	"mov $999, %eax\n syscall\n mov %rax, %rdi\n mov $60, %eax\n syscall");
VTJ_GUEST(getpid,
	"mov $39, %eax\n syscall\n mov %rax, %rdi\n mov $60, %eax\n syscall");
VTJ_GUEST(spin, "1: jmp 1b");
/* read(3, 0x300000, 6), then exit with what it returned. */
VTJ_GUEST(read_fd3,
	"xor %eax, %eax\n mov $3, %edi\n mov $0x300000, %esi\n mov $6, %edx\n"
	"syscall\n mov %rax, %rdi\n mov $60, %eax\n syscall");
VTJ_GUEST(vmcall, "vmcall");
/*
 * A fork: MXCSR rounding down, 7 in XMM0, a mark in R12, then fork().
 * The parent exits with what fork() returned; the child with 42 if it
 * got 0 and the parent's R12, XMM0 and MXCSR, else 1.
 */
VTJ_GUEST(fork,
	"sub $8, %rsp\n movl $0x3f80, (%rsp)\n ldmxcsr (%rsp)\n"
	"mov $7, %eax\n movd %eax, %xmm0\n"
	"mov $0x1234, %r12\n mov $57, %eax\n syscall\n"
	"test %rax, %rax\n jnz 2f\n"
	"mov $1, %edi\n cmp $0x1234, %r12\n jne 1f\n"
	"movd %xmm0, %eax\n cmp $7, %eax\n jne 1f\n"
	"stmxcsr (%rsp)\n cmpl $0x3f80, (%rsp)\n jne 1f\n mov $42, %edi\n"
	"1: mov $60, %eax\n syscall\n"
	"2: mov %rax, %rdi\n mov $60, %eax\n syscall");

/* Room for more exit reasons than the module counts. */
#define VTJOB_STATS_TEST_REASONS	128

/* A job over a hand-made guest's memory. */
static int create_job(int dev, uint8_t *mem, uint32_t cpu, uint64_t timeout_ns,
		      struct vtjob_create_job *args)
{
	return vtj_create_job(dev, mem, VTJ_GUEST_MEM_SIZE, cpu, timeout_ns, args);
}

static int run(int job, struct vtjob_run *r, uint32_t flags, int64_t result)
{
	memset(r, 0, sizeof(*r));
	r->size = sizeof(*r);
	r->flags = flags;
	r->syscall_result = result;
	return ioctl(job, VTJOB_RUN, r);
}

FIXTURE(job) {
	int dev;
};

FIXTURE_SETUP(job)
{
	ASSERT_EQ(0, vtj_ensure_loaded());
	ASSERT_EQ(0, vtj_reserve_no_isolate("1"));
	self->dev = vtj_open_dev();
	ASSERT_LE(0, self->dev);
}

FIXTURE_TEARDOWN(job)
{
	close(self->dev);
	vtj_release("--force all");
}

/* Runs a blob until its first stop and returns that stop's exit. */
static int run_blob(struct __test_metadata *_metadata, int dev,
		    const char *start, const char *end, uint64_t timeout_ns,
		    struct vtjob_run *r)
{
	struct vtjob_create_job args;
	uint8_t *mem = vtj_guest_memory(start, end);
	int job;

	EXPECT_NE(NULL, mem);
	if (!mem)
		return -1;
	job = create_job(dev, mem, 1, timeout_ns, &args);
	EXPECT_LE(0, job) TH_LOG("VTJOB_CREATE_JOB: %s", strerror(errno));
	if (job < 0)
		return -1;
	EXPECT_EQ(0, vtj_guest_set_start_regs(job));
	EXPECT_EQ(0, run(job, r, 0, 0)) TH_LOG("VTJOB_RUN: %s", strerror(errno));
	return job;
}

TEST_F(job, hello_writes_and_exits)
{
	struct vtjob_create_job args;
	struct vtjob_run r;
	uint8_t *mem = vtj_guest_memory(hello_start, hello_end);
	int job;

	ASSERT_NE(NULL, mem);
	job = create_job(self->dev, mem, 1, 0, &args);
	ASSERT_LE(0, job) TH_LOG("VTJOB_CREATE_JOB: %s", strerror(errno));
	EXPECT_EQ(1, args.cpu);
	EXPECT_NE(0, args.job_id);
	ASSERT_EQ(0, vtj_guest_set_start_regs(job));

	ASSERT_EQ(0, run(job, &r, 0, 0)) TH_LOG("%s", strerror(errno));
	ASSERT_EQ(VTJOB_EXIT_SYSCALL, r.exit.reason)
		TH_LOG("exit %u: vmx reason %#x qual %#llx rip %#llx vector %u",
		       r.exit.reason, r.exit.unexpected.vmx_reason,
		       (unsigned long long)r.exit.unexpected.qualification,
		       (unsigned long long)r.exit.unexpected.rip,
		       r.exit.exception.vector);
	EXPECT_EQ(1, r.exit.syscall.nr);
	EXPECT_EQ(1, r.exit.syscall.args[0]);
	ASSERT_EQ(6, r.exit.syscall.args[2]);
	ASSERT_LT(r.exit.syscall.args[1], VTJ_GUEST_MEM_SIZE);
	EXPECT_EQ(0, memcmp(mem + r.exit.syscall.args[1], "hello\n", 6));

	/* A system call must be answered before the job goes on. */
	EXPECT_EQ(-1, run(job, &r, 0, 0));
	EXPECT_EQ(EINVAL, errno);

	ASSERT_EQ(0, run(job, &r, VTJOB_RUN_SYSCALL_RESULT, 6));
	ASSERT_EQ(VTJOB_EXIT_SYSCALL, r.exit.reason);
	EXPECT_EQ(60, r.exit.syscall.nr);
	EXPECT_EQ(7, r.exit.syscall.args[0]);
	close(job);
}

/* @at: offset in the blob of the instruction that faults. */
static void expect_exception(struct __test_metadata *_metadata, int dev,
			     const char *start, const char *end, size_t at,
			     unsigned int vector, int signal, uint64_t address)
{
	struct vtjob_run r;
	int job = run_blob(_metadata, dev, start, end, 0, &r);

	if (job < 0)
		return;
	EXPECT_EQ(VTJOB_EXIT_EXCEPTION, r.exit.reason)
		TH_LOG("exit %u, vmx reason %#x", r.exit.reason,
		       r.exit.unexpected.vmx_reason);
	EXPECT_EQ(vector, r.exit.exception.vector);
	EXPECT_EQ(signal, r.exit.exception.signal);
	EXPECT_EQ(VTJ_GUEST_CODE + at, r.exit.exception.rip);
	if (address)
		EXPECT_EQ(address, r.exit.exception.address);
	close(job);
}

TEST_F(job, invalid_opcode_is_sigill)
{
	expect_exception(_metadata, self->dev, ud2_start, ud2_end, 0, 6, SIGILL, 0);
}

TEST_F(job, privileged_instructions_are_sigsegv)
{
	expect_exception(_metadata, self->dev, hlt_start, hlt_end, 0, 13,
			 SIGSEGV, 0);
	/* After a 4-byte mov to %dx and a 5-byte mov to %ecx. */
	expect_exception(_metadata, self->dev, outb_start, outb_end, 4, 13,
			 SIGSEGV, 0);
	expect_exception(_metadata, self->dev, rdmsr_start, rdmsr_end, 5, 13,
			 SIGSEGV, 0);
}

TEST_F(job, vmcall_is_sigill)
{
	expect_exception(_metadata, self->dev, vmcall_start, vmcall_end, 0, 6,
			 SIGILL, 0);
}

TEST_F(job, page_faults_are_sigsegv)
{
	expect_exception(_metadata, self->dev, read_unmapped_start,
			 read_unmapped_end, 0, 14, SIGSEGV, VTJ_GUEST_UNMAPPED);
	/* Mapped by the job's tables but not its memory: EPT stops it. */
	expect_exception(_metadata, self->dev, read_outside_start,
			 read_outside_end, 0, 14, SIGSEGV, VTJ_GUEST_OUTSIDE);
}

TEST_F(job, traps_and_arithmetic)
{
	/* INT3 is a trap: RIP is past it, where a SIGTRAP handler returns to. */
	expect_exception(_metadata, self->dev, int3_start, int3_end, 1, 3,
			 SIGTRAP, 0);
	/* After xor (2 bytes), mov (5) and cltd (1). */
	expect_exception(_metadata, self->dev, divide_start, divide_end, 8, 0,
			 SIGFPE, 0);
}

TEST_F(job, cpuid_hides_vmx)
{
	struct vtjob_run r;
	int job = run_blob(_metadata, self->dev, cpuid_vmx_start, cpuid_vmx_end,
			   0, &r);

	ASSERT_LE(0, job);
	ASSERT_EQ(VTJOB_EXIT_SYSCALL, r.exit.reason);
	EXPECT_EQ(60, r.exit.syscall.nr);
	EXPECT_EQ(0, r.exit.syscall.args[0] & (1 << 5));
	close(job);
}

TEST_F(job, unknown_syscall_goes_to_userspace_and_gets_its_answer)
{
	struct vtjob_run r;
	int job = run_blob(_metadata, self->dev, nosys_start, nosys_end, 0, &r);

	ASSERT_LE(0, job);
	/* The module serves only what concerns the job alone. */
	ASSERT_EQ(VTJOB_EXIT_SYSCALL, r.exit.reason);
	EXPECT_EQ(999, r.exit.syscall.nr);
	ASSERT_EQ(0, run(job, &r, VTJOB_RUN_SYSCALL_RESULT, -ENOSYS));
	ASSERT_EQ(VTJOB_EXIT_SYSCALL, r.exit.reason);
	EXPECT_EQ(60, r.exit.syscall.nr);
	EXPECT_EQ(-ENOSYS, (int64_t)r.exit.syscall.args[0]);
	close(job);
}

TEST_F(job, getpid_is_served_in_the_module)
{
	struct vtjob_run r;
	int job = run_blob(_metadata, self->dev, getpid_start, getpid_end, 0,
			   &r);

	ASSERT_LE(0, job);
	ASSERT_EQ(VTJOB_EXIT_SYSCALL, r.exit.reason);
	EXPECT_EQ(60, r.exit.syscall.nr);
	/* A job's process id is its runner's. */
	EXPECT_EQ(getpid(), (pid_t)r.exit.syscall.args[0]);
	close(job);
}

/* VTJOB_GET_STATS: a job's calls, where each was served, its exits and its time. */
TEST_F(job, stats_count_calls_exits_and_time)
{
	uint64_t exits[VTJOB_STATS_TEST_REASONS], total = 0;
	struct vtjob_stats stats;
	struct vtjob_run r;
	int job = run_blob(_metadata, self->dev, getpid_start, getpid_end, 0,
			   &r);
	unsigned int i;

	ASSERT_LE(0, job);
	/* getpid, served on the CPU; then exit, forwarded and not yet answered. */
	ASSERT_EQ(VTJOB_EXIT_SYSCALL, r.exit.reason);
	EXPECT_EQ(60, r.exit.syscall.nr);

	memset(&stats, 0, sizeof(stats));
	memset(exits, 0xff, sizeof(exits));
	stats.size = sizeof(stats);
	stats.nr_exit_reasons = VTJOB_STATS_TEST_REASONS;
	stats.exits = (uintptr_t)exits;
	ASSERT_EQ(0, ioctl(job, VTJOB_GET_STATS, &stats)) TH_LOG("%s", strerror(errno));
	EXPECT_EQ(1, stats.syscalls_served);
	EXPECT_EQ(1, stats.syscalls_forwarded);
	EXPECT_LT(0, stats.run_ns);
	/* The module counts SDM Appendix C's reasons: more than 64, fewer than 128. */
	EXPECT_LT(64, stats.nr_exit_reasons);
	EXPECT_GT(VTJOB_STATS_TEST_REASONS, stats.nr_exit_reasons);
	/* Both calls were #UD exits (SYSCALL with EFER.SCE clear). */
	EXPECT_LE(2, exits[0]);
	for (i = 0; i < stats.nr_exit_reasons; i++)
		total += exits[i];
	EXPECT_LE(2, total);
	/* Beyond what the module counts, nothing was written. */
	EXPECT_EQ(UINT64_MAX, exits[stats.nr_exit_reasons]);

	/* Without an array: the figures, and how many reasons there are. */
	stats.nr_exit_reasons = 0;
	stats.exits = 0;
	ASSERT_EQ(0, ioctl(job, VTJOB_GET_STATS, &stats));
	EXPECT_LT(64, stats.nr_exit_reasons);

	/* Refusals: flags, padding, a bad array, a short struct. */
	stats.nr_exit_reasons = 0;
	stats.flags = 1;
	EXPECT_EQ(-1, ioctl(job, VTJOB_GET_STATS, &stats));
	EXPECT_EQ(EINVAL, errno);
	stats.flags = 0;
	stats.__pad = 1;
	EXPECT_EQ(-1, ioctl(job, VTJOB_GET_STATS, &stats));
	EXPECT_EQ(EINVAL, errno);
	stats.__pad = 0;
	stats.nr_exit_reasons = 4;
	stats.exits = 8;
	EXPECT_EQ(-1, ioctl(job, VTJOB_GET_STATS, &stats));
	EXPECT_EQ(EFAULT, errno);
	stats.size = offsetof(struct vtjob_stats, exits);
	EXPECT_EQ(-1, ioctl(job, VTJOB_GET_STATS, &stats));
	EXPECT_EQ(EINVAL, errno);
	close(job);
}

static int queue_signal(int job, int signo, int code, pid_t pid, uint32_t flags)
{
	struct vtjob_signal signal = { .size = sizeof(signal), .flags = flags };
	siginfo_t info = { .si_signo = signo, .si_code = code };

	info.si_pid = pid;
	memcpy(signal.siginfo, &info, sizeof(signal.siginfo));
	return ioctl(job, VTJOB_SIGNAL, &signal);
}

/*
 * VTJOB_SIGNAL: refusals, and a signal whose default action ends a
 * process ending the job at its next run, lowest number first, with who
 * sent it; it stays pending, so a job that ended so ends so again.
 */
TEST_F(job, a_queued_signal_ends_a_job_without_a_handler)
{
	struct {
		struct vtjob_signal signal;
		uint64_t tail;
	} longer = { .signal = { .size = sizeof(longer) } };
	struct vtjob_signal signal = { .size = sizeof(signal) };
	struct vtjob_run r;
	int job = run_blob(_metadata, self->dev, getpid_start, getpid_end, 0,
			   &r);

	ASSERT_LE(0, job);
	ASSERT_EQ(VTJOB_EXIT_SYSCALL, r.exit.reason);

	EXPECT_EQ(-1, queue_signal(job, SIGUSR1, SI_USER, 1, 1));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, queue_signal(job, 0, SI_USER, 1, 0));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, queue_signal(job, 65, SI_USER, 1, 0));
	EXPECT_EQ(EINVAL, errno);
	signal.size = offsetof(struct vtjob_signal, siginfo);
	EXPECT_EQ(-1, ioctl(job, VTJOB_SIGNAL, &signal));
	EXPECT_EQ(EINVAL, errno);
	longer.signal.siginfo[0] = SIGUSR1;
	longer.tail = 1;
	EXPECT_EQ(-1, ioctl(job, VTJOB_SIGNAL, &longer));
	EXPECT_EQ(E2BIG, errno);

	/* SIGCHLD's default ignores it; of the other two the lower goes first. */
	EXPECT_EQ(0, queue_signal(job, SIGCHLD, CLD_EXITED, 7, 0));
	EXPECT_EQ(0, queue_signal(job, SIGTERM, SI_USER, 5, 0));
	EXPECT_EQ(0, queue_signal(job, SIGUSR1, SI_TKILL, 6, 0));
	ASSERT_EQ(0, run(job, &r, VTJOB_RUN_SYSCALL_RESULT, 0));
	EXPECT_EQ(VTJOB_EXIT_SIGNALED, r.exit.reason);
	EXPECT_EQ(SIGUSR1, r.exit.signaled.signal);
	EXPECT_EQ(SI_TKILL, r.exit.signaled.code);
	EXPECT_EQ(6, r.exit.signaled.pid);
	ASSERT_EQ(0, run(job, &r, 0, 0));
	EXPECT_EQ(VTJOB_EXIT_SIGNALED, r.exit.reason);
	EXPECT_EQ(SIGUSR1, r.exit.signaled.signal);
	close(job);
}

/*
 * VTJOB_UNSHARE: refusals, and a range of memory that holds no file,
 * which it leaves as it is (file_maps in process_test shows the rest).
 */
TEST_F(job, unshare_takes_a_range_of_the_job_s_memory)
{
	struct vtjob_range range = { .size = sizeof(range), .len = VTJ_GUEST_MEM_SIZE };
	struct vtjob_run r;
	int job = run_blob(_metadata, self->dev, getpid_start, getpid_end, 0,
			   &r);

	ASSERT_LE(0, job);
	ASSERT_EQ(VTJOB_EXIT_SYSCALL, r.exit.reason);
	ASSERT_EQ(60, r.exit.syscall.nr);
	EXPECT_EQ(0, ioctl(job, VTJOB_UNSHARE, &range));
	range.len = 0;
	EXPECT_EQ(0, ioctl(job, VTJOB_UNSHARE, &range));

	range.flags = 1;
	EXPECT_EQ(-1, ioctl(job, VTJOB_UNSHARE, &range));
	EXPECT_EQ(EINVAL, errno);
	range.flags = 0;
	range.addr = 4096;
	range.len = VTJ_GUEST_MEM_SIZE;
	EXPECT_EQ(-1, ioctl(job, VTJOB_UNSHARE, &range));
	EXPECT_EQ(EINVAL, errno);
	range.addr = UINT64_MAX - 10;
	range.len = 100;
	EXPECT_EQ(-1, ioctl(job, VTJOB_UNSHARE, &range));
	EXPECT_EQ(EINVAL, errno);
	range.addr = 0;
	range.size = offsetof(struct vtjob_range, len);
	EXPECT_EQ(-1, ioctl(job, VTJOB_UNSHARE, &range));
	EXPECT_EQ(EINVAL, errno);
	close(job);
}

/* VTJOB_SET_FD_MAP on @job: 0, or -1 with errno set. */
static int set_fd_map(int job, const void *addr, uint32_t count, uint32_t stride)
{
	struct vtjob_fd_map map = {
		.size = sizeof(map), .stride = stride,
		.addr = (uintptr_t)addr, .count = count,
	};

	return ioctl(job, VTJOB_SET_FD_MAP, &map);
}

/*
 * VTJOB_SET_FD_MAP refuses a map it cannot use, one in the job's own
 * memory first of all; through a good one, the job's read of a regular
 * file is served in the module (the run stops only at the exit), and a
 * read of a pipe still stops for userspace.
 */
TEST_F(job, a_job_reads_a_regular_file_through_the_fd_map)
{
	uint8_t *mem = vtj_guest_memory(read_fd3_start, read_fd3_end);
	const char *path = "/tmp/vtj-fd-map";
	struct vtjob_fd_map map = { .size = sizeof(map), .stride = 4, .count = 1 };
	struct vtjob_create_job args;
	int32_t fds[4] = { -1, -1, -1, -1 };
	struct vtjob_run r;
	int job, file, pipe_fds[2];

	ASSERT_NE(NULL, mem);
	file = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	ASSERT_LE(0, file);
	ASSERT_EQ(7, write(file, "fd map\n", 7));
	ASSERT_EQ(0, lseek(file, 0, SEEK_SET));
	ASSERT_EQ(0, pipe(pipe_fds));
	job = create_job(self->dev, mem, 1, 0, &args);
	ASSERT_LE(0, job) TH_LOG("VTJOB_CREATE_JOB: %s", strerror(errno));

	map.addr = (uintptr_t)fds;
	map.__reserved = 1;
	EXPECT_EQ(-1, ioctl(job, VTJOB_SET_FD_MAP, &map));
	EXPECT_EQ(EINVAL, errno);
	map.__reserved = 0;
	map.size = offsetof(struct vtjob_fd_map, count);
	EXPECT_EQ(-1, ioctl(job, VTJOB_SET_FD_MAP, &map));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, set_fd_map(job, fds, 4, 0));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, set_fd_map(job, fds, 4, 6));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, set_fd_map(job, fds, 4, 4100));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, set_fd_map(job, (char *)fds + 1, 3, 4));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, set_fd_map(job, fds, (1u << 20) + 1, 4));
	EXPECT_EQ(EINVAL, errno);
	/* In the job's memory, where the job could choose the fds. */
	EXPECT_EQ(-1, set_fd_map(job, mem + VTJ_GUEST_MEM_SIZE - 8, 2, 4));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, set_fd_map(job, mem - 4, 2, 4));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, set_fd_map(job, (void *)0xffff888000000000ull, 4, 4));
	EXPECT_EQ(EFAULT, errno);
	EXPECT_EQ(0, set_fd_map(job, NULL, 0, 0));

	/* Job fd 3 is the file: the read needs no stop. */
	fds[3] = file;
	ASSERT_EQ(0, set_fd_map(job, fds, 4, 4));
	ASSERT_EQ(0, vtj_guest_set_start_regs(job));
	ASSERT_EQ(0, run(job, &r, 0, 0)) TH_LOG("VTJOB_RUN: %s", strerror(errno));
	ASSERT_EQ(VTJOB_EXIT_SYSCALL, r.exit.reason);
	EXPECT_EQ(60, r.exit.syscall.nr);
	EXPECT_EQ(6, r.exit.syscall.args[0]);
	EXPECT_EQ(0, memcmp(mem + 0x300000, "fd map", 6));
	/* The position is the file's own: it moved for the job's read. */
	EXPECT_EQ(6, lseek(file, 0, SEEK_CUR));
	close(job);

	/* A pipe is vtjobctl's to read: the run stops at the read. */
	memset(mem + 0x300000, 0, 6);
	job = create_job(self->dev, mem, 1, 0, &args);
	ASSERT_LE(0, job);
	fds[3] = pipe_fds[0];
	ASSERT_EQ(0, set_fd_map(job, fds, 4, 4));
	ASSERT_EQ(0, vtj_guest_set_start_regs(job));
	ASSERT_EQ(0, run(job, &r, 0, 0));
	ASSERT_EQ(VTJOB_EXIT_SYSCALL, r.exit.reason);
	EXPECT_EQ(0, r.exit.syscall.nr);
	EXPECT_EQ(3, r.exit.syscall.args[0]);
	close(job);
	close(pipe_fds[0]);
	close(pipe_fds[1]);
	close(file);
	unlink(path);
	munmap(mem, VTJ_GUEST_MEM_SIZE);
}

TEST_F(job, a_traced_job_stops_after_each_call_the_module_serves)
{
	uint8_t *mem = vtj_guest_memory(getpid_start, getpid_end);
	struct vtjob_create_job args;
	struct vtjob_run r;
	int job;

	ASSERT_NE(NULL, mem);
	job = create_job(self->dev, mem, 1, 0, &args);
	ASSERT_LE(0, job);
	close(job);

	vtj_job_args(&args, mem, VTJ_GUEST_MEM_SIZE, 1);
	args.flags = VTJOB_JOB_TRACE_SYSCALLS;
	job = ioctl(self->dev, VTJOB_CREATE_JOB, &args);
	ASSERT_LE(0, job) TH_LOG("VTJOB_CREATE_JOB: %s", strerror(errno));
	ASSERT_EQ(0, vtj_guest_set_start_regs(job));
	ASSERT_EQ(0, run(job, &r, 0, 0));
	ASSERT_EQ(VTJOB_EXIT_SYSCALL_SERVED, r.exit.reason);
	EXPECT_EQ(39, r.exit.syscall.nr);
	EXPECT_EQ(getpid(), r.exit.syscall.result);
	/* Served already: an answer now is one nobody asked for. */
	EXPECT_EQ(-1, run(job, &r, VTJOB_RUN_SYSCALL_RESULT, 5));
	EXPECT_EQ(EINVAL, errno);
	ASSERT_EQ(0, run(job, &r, 0, 0));
	ASSERT_EQ(VTJOB_EXIT_SYSCALL, r.exit.reason);
	EXPECT_EQ(60, r.exit.syscall.nr);
	EXPECT_EQ(getpid(), (pid_t)r.exit.syscall.args[0]);
	close(job);
}

TEST_F(job, set_mm_checks_the_layout)
{
	static const struct {
		const char *what;
		uint64_t tables_next, tables_end, brk_start, mmap_base;
		int err;
	} cases[] = {
		{ "unaligned", 0x4000, 0x100000, 0x200001, 0x300000, EINVAL },
		{ "no tables", 0, 0x100000, 0x200000, 0x300000, EINVAL },
		{ "tables past their end", 0x200000, 0x100000, 0x200000,
		  0x300000, EINVAL },
		{ "heap in the tables", 0x4000, 0x300000, 0x200000, 0x300000,
		  EINVAL },
		{ "mmap base below the heap", 0x4000, 0x100000, 0x300000,
		  0x200000, EINVAL },
		{ "beyond the memory", 0x4000, 0x100000, 0x200000,
		  VTJ_GUEST_MEM_SIZE + 0x1000, EINVAL },
		{ "good", 0x4000, 0x100000, 0x200000, 0x300000, 0 },
		{ "twice", 0x4000, 0x100000, 0x200000, 0x300000, EBUSY },
	};
	struct vtjob_create_job args;
	uint8_t *mem = vtj_guest_memory(hello_start, hello_end);
	unsigned int i;
	int job;

	ASSERT_NE(NULL, mem);
	job = create_job(self->dev, mem, 1, 0, &args);
	ASSERT_LE(0, job);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct vtjob_mm mm = {
			.size = sizeof(mm),
			.tables_next = cases[i].tables_next,
			.tables_end = cases[i].tables_end,
			.brk_start = cases[i].brk_start,
			.mmap_base = cases[i].mmap_base,
			.stack_size = 0x10000,
		};
		int ret = ioctl(job, VTJOB_SET_MM, &mm);

		EXPECT_EQ(cases[i].err ? -1 : 0, ret) TH_LOG("%s", cases[i].what);
		if (cases[i].err)
			EXPECT_EQ(cases[i].err, errno) TH_LOG("%s", cases[i].what);
	}
	close(job);
}

TEST_F(job, timeout)
{
	struct vtjob_run r;
	int job = run_blob(_metadata, self->dev, spin_start, spin_end,
			   20 * 1000 * 1000, &r);

	ASSERT_LE(0, job);
	EXPECT_EQ(VTJOB_EXIT_TIMEOUT, r.exit.reason);
	close(job);
}

/*
 * Jobs share a CPU: the VMCS of each is loaded again when the other ran
 * in between, and each goes on from where it stopped (VMRESUME, its own
 * registers), whatever order their runs come in.
 */
TEST_F(job, jobs_share_a_cpu_and_each_resumes_where_it_stopped)
{
	uint8_t *mem[2] = { vtj_guest_memory(hello_start, hello_end),
			    vtj_guest_memory(hello_start, hello_end) };
	struct vtjob_create_job args[2];
	struct vtjob_run r;
	int job[2], i;

	ASSERT_NE(NULL, mem[0]);
	ASSERT_NE(NULL, mem[1]);
	job[0] = create_job(self->dev, mem[0], 1, 0, &args[0]);
	ASSERT_LE(0, job[0]) TH_LOG("VTJOB_CREATE_JOB: %s", strerror(errno));
	/* The only reserved CPU is the least loaded one, busy or not. */
	job[1] = create_job(self->dev, mem[1], VTJOB_CPU_ANY, 0, &args[1]);
	ASSERT_LE(0, job[1]) TH_LOG("VTJOB_CREATE_JOB: %s", strerror(errno));
	EXPECT_EQ(1, args[1].cpu);
	EXPECT_NE(args[0].job_id, args[1].job_id);

	/* Each stops at its write; the second's entry loads its own VMCS. */
	for (i = 0; i < 2; i++) {
		ASSERT_EQ(0, vtj_guest_set_start_regs(job[i]));
		ASSERT_EQ(0, run(job[i], &r, 0, 0)) TH_LOG("%s", strerror(errno));
		ASSERT_EQ(VTJOB_EXIT_SYSCALL, r.exit.reason);
		EXPECT_EQ(1, r.exit.syscall.nr);
	}
	/* The first again, then the second: each exits with its own status. */
	for (i = 0; i < 2; i++) {
		ASSERT_EQ(0, run(job[i], &r, VTJOB_RUN_SYSCALL_RESULT, 6));
		ASSERT_EQ(VTJOB_EXIT_SYSCALL, r.exit.reason);
		EXPECT_EQ(60, r.exit.syscall.nr);
		EXPECT_EQ(7, r.exit.syscall.args[0]);
	}
	close(job[1]);
	close(job[0]);
}

TEST_F(job, a_busy_cpu_takes_force_to_release)
{
	struct vtjob_create_job args;
	uint8_t *mem = vtj_guest_memory(spin_start, spin_end);
	struct vtjob_run r;
	char *out = NULL;
	int job;

	ASSERT_NE(NULL, mem);
	job = create_job(self->dev, mem, 1, 0, &args);
	ASSERT_LE(0, job);
	/* No other CPU is reserved. */
	EXPECT_EQ(-1, create_job(self->dev, mem, 0, 0, &args));
	EXPECT_EQ(EINVAL, errno);

	/* Releasing a busy CPU takes force, and the job is told. */
	EXPECT_EQ(1, vtj_run("vtjobctl release 1", &out));
	free(out);
	EXPECT_EQ(0, vtj_run("vtjobctl release --force 1", &out));
	free(out);
	ASSERT_EQ(0, vtj_guest_set_start_regs(job));
	ASSERT_EQ(0, run(job, &r, 0, 0));
	EXPECT_EQ(VTJOB_EXIT_KILLED, r.exit.reason);
	EXPECT_EQ(VTJOB_RELEASE_ASKED, r.exit.killed.reason);
	close(job);
}

TEST_F(job, bad_arguments_are_refused)
{
	struct vtjob_create_job args;
	uint8_t *mem = vtj_guest_memory(spin_start, spin_end);
	struct vtjob_regs regs;
	struct vtjob_run r;
	int job;

	ASSERT_NE(NULL, mem);
	vtj_job_args(&args, mem, 0, 1);
	EXPECT_EQ(-1, ioctl(self->dev, VTJOB_CREATE_JOB, &args));
	EXPECT_EQ(EINVAL, errno);
	args.mem_size = VTJ_GUEST_MEM_SIZE - 1;
	EXPECT_EQ(-1, ioctl(self->dev, VTJOB_CREATE_JOB, &args));
	EXPECT_EQ(EINVAL, errno);
	args.mem_size = VTJ_GUEST_MEM_SIZE;
	args.mem_addr = (uintptr_t)mem + 1;
	EXPECT_EQ(-1, ioctl(self->dev, VTJOB_CREATE_JOB, &args));
	EXPECT_EQ(EINVAL, errno);
	args.mem_addr = (uintptr_t)mem;
	/* The first flag no version defines. */
	args.flags = VTJOB_JOB_EXEC << 1;
	EXPECT_EQ(-1, ioctl(self->dev, VTJOB_CREATE_JOB, &args));
	EXPECT_EQ(EINVAL, errno);
	args.flags = 0;
	/* Memory the caller does not have. */
	args.mem_addr = 0x1000;
	EXPECT_EQ(-1, ioctl(self->dev, VTJOB_CREATE_JOB, &args));
	EXPECT_EQ(EFAULT, errno);

	job = create_job(self->dev, mem, 1, 0, &args);
	ASSERT_LE(0, job);
	EXPECT_EQ(-1, run(job, &r, 0, 0));
	EXPECT_EQ(ENOEXEC, errno);
	memset(&regs, 0, sizeof(regs));
	regs.size = sizeof(regs);
	regs.cr3 = VTJ_GUEST_MEM_SIZE;
	EXPECT_EQ(-1, ioctl(job, VTJOB_SET_REGS, &regs));
	EXPECT_EQ(EINVAL, errno);
	regs.cr3 = VTJ_GUEST_PML4;
	regs.rip = 0x8000000000000000ULL;
	EXPECT_EQ(-1, ioctl(job, VTJOB_SET_REGS, &regs));
	EXPECT_EQ(EINVAL, errno);
	/* No system call is waiting for an answer. */
	ASSERT_EQ(0, vtj_guest_set_start_regs(job));
	EXPECT_EQ(-1, run(job, &r, VTJOB_RUN_SYSCALL_RESULT, 0));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, run(job, &r, 1U << 7, 0));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, ioctl(job, VTJOB_GET_CAPS, &r));
	EXPECT_EQ(ENOTTY, errno);
	close(job);
}

TEST_F(job, rmmod_refused_while_a_job_exists)
{
	struct vtjob_create_job args;
	uint8_t *mem = vtj_guest_memory(spin_start, spin_end);
	int job;

	ASSERT_NE(NULL, mem);
	job = create_job(self->dev, mem, 1, 0, &args);
	ASSERT_LE(0, job);
	close(self->dev);
	EXPECT_NE(0, vtj_rmmod("vtjob"));
	close(job);
	self->dev = vtj_open_dev();
	ASSERT_LE(0, self->dev);
}

/*
 * VTJOB_CREATE_JOB over @mem (@size bytes) of a job made from the job
 * @from: with @flag VTJOB_JOB_FORK, its child; with VTJOB_JOB_EXEC, the
 * job that replaces it. Its fd, or -errno.
 */
static int create_from(int dev, uint32_t flag, int from, uint8_t *mem, size_t size)
{
	struct vtjob_create_job args;
	int fd;

	vtj_job_args(&args, mem, size, 1);
	args.flags = flag;
	args.parent_fd = from;
	fd = ioctl(dev, VTJOB_CREATE_JOB, &args);
	return fd < 0 ? -errno : fd;
}

/* The child of a fork of @parent over @mem (@size bytes): its fd, or -errno. */
static int create_fork(int dev, int parent, uint8_t *mem, size_t size)
{
	return create_from(dev, VTJOB_JOB_FORK, parent, mem, size);
}

/*
 * In a forked child of the test: runs @check, and exits with what it
 * returns, for the test to see.
 */
static int in_child(int (*check)(int dev, int job, uint8_t *mem), int dev, int job,
		    uint8_t *mem)
{
	int status = -1;
	pid_t pid = fork();

	if (pid == 0)
		_exit(check(dev, job, mem));
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

/* The child job: where the parent stood, RAX 0, and it runs on its own. */
static int run_fork_child(int dev, int parent, uint8_t *mem)
{
	struct vtjob_regs regs = { .size = sizeof(regs) };
	struct vtjob_run r;
	int job = create_fork(dev, parent, mem, VTJ_GUEST_MEM_SIZE);

	if (job < 0)
		return 100 + -job;
	if (ioctl(job, VTJOB_GET_REGS, &regs) || regs.rax != 0 || regs.r12 != 0x1234 ||
	    regs.cr3 != VTJ_GUEST_PML4)
		return 2;
	/* Answered already: a result would be one nobody asked for. */
	if (run(job, &r, VTJOB_RUN_SYSCALL_RESULT, 0) == 0 || errno != EINVAL)
		return 3;
	if (run(job, &r, 0, 0) || r.exit.reason != VTJOB_EXIT_SYSCALL ||
	    r.exit.syscall.nr != 60)
		return 4;
	return r.exit.syscall.args[0] == 42 ? 0 : 5;
}

/* A job of the fork guest in @mem, set to start; its fd, or -1. */
static int fork_guest(struct __test_metadata *_metadata, int dev, uint8_t *mem)
{
	struct vtjob_create_job args;
	int job;

	EXPECT_NE(NULL, mem);
	if (!mem)
		return -1;
	job = create_job(dev, mem, 1, 0, &args);
	EXPECT_LE(0, job) TH_LOG("VTJOB_CREATE_JOB: %s", strerror(errno));
	if (job >= 0)
		EXPECT_EQ(0, vtj_guest_set_start_regs(job));
	return job;
}

TEST_F(job, a_fork_s_child_starts_where_its_parent_stands)
{
	uint8_t *mem = vtj_guest_memory(fork_start, fork_end);
	int job = fork_guest(_metadata, self->dev, mem);
	struct vtjob_run r;

	ASSERT_LE(0, job);
	ASSERT_EQ(0, run(job, &r, 0, 0));
	ASSERT_EQ(VTJOB_EXIT_SYSCALL, r.exit.reason);
	ASSERT_EQ(57, r.exit.syscall.nr);

	/* Twice: the parent is not changed by a child's creation. */
	EXPECT_EQ(0, in_child(run_fork_child, self->dev, job, mem));
	EXPECT_EQ(0, in_child(run_fork_child, self->dev, job, mem));
	/* The parent goes on with its own answer. */
	ASSERT_EQ(0, run(job, &r, VTJOB_RUN_SYSCALL_RESULT, 77));
	ASSERT_EQ(VTJOB_EXIT_SYSCALL, r.exit.reason);
	EXPECT_EQ(60, r.exit.syscall.nr);
	EXPECT_EQ(77, r.exit.syscall.args[0]);
	close(job);
}

static int fork_refused_with(int dev, int parent, uint8_t *mem)
{
	int job = create_fork(dev, parent, mem, VTJ_GUEST_MEM_SIZE);

	if (job >= 0)
		close(job);
	return job >= 0 ? 0 : -job;
}

/* Another size of memory than the parent's. */
static int fork_of_another_size(int dev, int parent, uint8_t *mem)
{
	uint8_t *more = vtj_job_mem(2 * VTJ_GUEST_MEM_SIZE);
	int job;

	(void)mem;
	if (!more)
		return 1;
	job = create_fork(dev, parent, more, 2 * VTJ_GUEST_MEM_SIZE);
	return job >= 0 ? 0 : -job;
}

/* A grandchild of the job's creator is not its child. */
static int fork_from_a_grandchild(int dev, int parent, uint8_t *mem)
{
	return in_child(fork_refused_with, dev, parent, mem);
}

TEST_F(job, fork_refusals_each_have_their_errno)
{
	uint8_t *mem = vtj_guest_memory(fork_start, fork_end);
	int job = fork_guest(_metadata, self->dev, mem);
	struct vtjob_create_job args;
	struct vtjob_run r;

	ASSERT_LE(0, job);

	/* Not stopped at a fork: not run yet. */
	EXPECT_EQ(ESRCH, in_child(fork_refused_with, self->dev, job, mem));
	ASSERT_EQ(0, run(job, &r, 0, 0));
	ASSERT_EQ(57, r.exit.syscall.nr);

	/* Not a job fd, from the job's creator itself, from a grandchild. */
	EXPECT_EQ(EBADF, in_child(fork_refused_with, self->dev, self->dev, mem));
	EXPECT_EQ(EBADF, in_child(fork_refused_with, self->dev, -1, mem));
	EXPECT_EQ(EBADF, in_child(fork_refused_with, self->dev, 999, mem));
	EXPECT_EQ(-EPERM, create_fork(self->dev, job, mem, VTJ_GUEST_MEM_SIZE));
	EXPECT_EQ(EPERM, in_child(fork_from_a_grandchild, self->dev, job, mem));
	EXPECT_EQ(EINVAL, in_child(fork_of_another_size, self->dev, job, mem));

	/* A parent fd without the flag, the reserved word, an unknown flag. */
	vtj_job_args(&args, mem, VTJ_GUEST_MEM_SIZE, 1);
	args.parent_fd = job;
	EXPECT_EQ(-1, ioctl(self->dev, VTJOB_CREATE_JOB, &args));
	EXPECT_EQ(EINVAL, errno);
	args.parent_fd = 0;
	args.__reserved2 = 1;
	EXPECT_EQ(-1, ioctl(self->dev, VTJOB_CREATE_JOB, &args));
	EXPECT_EQ(EINVAL, errno);
	args.__reserved2 = 0;
	args.flags = VTJOB_JOB_EXEC << 1;
	EXPECT_EQ(-1, ioctl(self->dev, VTJOB_CREATE_JOB, &args));
	EXPECT_EQ(EINVAL, errno);

	/* Answered: the fork is over. */
	ASSERT_EQ(0, run(job, &r, VTJOB_RUN_SYSCALL_RESULT, 1));
	EXPECT_EQ(60, r.exit.syscall.nr);
	EXPECT_EQ(ESRCH, in_child(fork_refused_with, self->dev, job, mem));
	close(job);
}

/* The struct before parent_fd was added is still the whole of a plain job's. */
TEST_F(job, the_struct_before_parent_fd_still_creates_jobs)
{
	uint8_t *mem = vtj_guest_memory(hello_start, hello_end);
	struct vtjob_create_job args;
	int job;

	ASSERT_NE(NULL, mem);
	vtj_job_args(&args, mem, VTJ_GUEST_MEM_SIZE, 1);
	args.size = offsetof(struct vtjob_create_job, parent_fd);
	job = ioctl(self->dev, VTJOB_CREATE_JOB, &args);
	ASSERT_LE(0, job) TH_LOG("%s", strerror(errno));
	EXPECT_NE(0, args.job_id);
	close(job);
}

/* CPU 1's state as `vtjobctl status --json` reports it: "idle", "busy"... */
static bool cpu1_is(const char *state)
{
	char expected[64], *out = NULL;
	bool is;

	snprintf(expected, sizeof(expected), "{\"id\":1,\"state\":\"%s\"", state);
	is = vtj_run("vtjobctl status --json", &out) == 0 && strstr(out, expected);
	if (!is)
		fprintf(stderr, "# CPU 1 is not %s: %s", state, out);
	free(out);
	return is;
}

/* No sign of trouble, and nothing said of a job or a leak. */
static bool kernel_log_is_clean(const char *log)
{
	char *trouble = vtj_kmsg_trouble(log);

	free(trouble);
	return !trouble && !strstr(log, "vtjob: job") && !strstr(log, "leak");
}

/*
 * Closing the job fd from another thread while VTJOB_RUN runs the job:
 * the run goes on (the ioctl holds its own reference to the file) and
 * ends as it would have, here at the job's time limit. The job, its
 * pinned memory and its CPU go when that last reference does; then the
 * CPU takes a new job. Nothing in the kernel log.
 */
TEST_F_TIMEOUT(job, closing_the_job_fd_during_a_run, 180)
{
	struct vtjob_create_job args;
	uint8_t *mem = vtj_guest_memory(spin_start, spin_end);
	struct vtj_runner runner = { .tid = 0 };
	long pins_before = vtj_pins_held();
	int kmsg = vtj_kmsg_open(), tries, job;
	struct vtjob_run r;
	char *log;

	ASSERT_NE(NULL, mem);
	ASSERT_LE(0, kmsg);
	/* Five seconds of guest time: long enough to close it mid-run. */
	runner.job = create_job(self->dev, mem, 1, 5ULL * 1000 * 1000 * 1000, &args);
	ASSERT_LE(0, runner.job) TH_LOG("VTJOB_CREATE_JOB: %s", strerror(errno));
	ASSERT_EQ(0, vtj_guest_set_start_regs(runner.job));
	ASSERT_EQ(0, vtj_runner_start(&runner));

	for (tries = 0; tries < 600 && !(runner.tid && vtj_thread_running_on(runner.tid, 1)); tries++)
		usleep(100 * 1000);
	EXPECT_TRUE(runner.tid && vtj_thread_running_on(runner.tid, 1));
	EXPECT_FALSE(runner.returned);
	EXPECT_EQ(0, close(runner.job));
	/* The job outlives its fd while it runs: its CPU is still taken. */
	EXPECT_TRUE(cpu1_is("busy"));
	EXPECT_FALSE(runner.returned);

	ASSERT_EQ(0, pthread_join(runner.thread, NULL));
	EXPECT_EQ(0, runner.ret) TH_LOG("VTJOB_RUN: %s", strerror(runner.err));
	EXPECT_EQ(VTJOB_EXIT_TIMEOUT, runner.run.exit.reason);
	/* The fd is gone for good: no run through it. */
	EXPECT_EQ(-1, run(runner.job, &r, 0, 0));
	EXPECT_EQ(EBADF, errno);

	EXPECT_TRUE(cpu1_is("idle"));
	/*
	 * Its 1024 pinned pages were unpinned. The counters are per-CPU
	 * batched: a few pins may come and go.
	 */
	EXPECT_GT(pins_before + 256, vtj_pins_held());
	job = run_blob(_metadata, self->dev, hello_start, hello_end, 0, &r);
	EXPECT_LE(0, job);
	EXPECT_EQ(VTJOB_EXIT_SYSCALL, r.exit.reason);
	EXPECT_EQ(1, r.exit.syscall.nr);
	if (job >= 0)
		close(job);

	log = vtj_kmsg_read(kmsg);
	ASSERT_NE(NULL, log);
	EXPECT_TRUE(kernel_log_is_clean(log)) TH_LOG("kernel log:\n%s", log);
	free(log);
	close(kmsg);
}

/* Creates and closes the job that replaces @old at an execve: 0, or -errno. */
static int create_exec(int dev, int old, uint8_t *mem)
{
	int fd = create_from(dev, VTJOB_JOB_EXEC, old, mem, VTJ_GUEST_MEM_SIZE);

	if (fd < 0)
		return fd;
	close(fd);
	return 0;
}

/* From a forked child: the job it inherited is its parent's, not its own. */
static int exec_refused_with(int dev, int old, uint8_t *mem)
{
	uint8_t *own = vtj_job_mem(VTJ_GUEST_MEM_SIZE);

	(void)mem;
	return own ? -create_exec(dev, old, own) : 99;
}

/*
 * The job that replaces another at an execve names it, and only its
 * creator may name it: an execve replaces the caller's own program.
 */
TEST_F(job, an_exec_names_a_job_of_its_own)
{
	uint8_t *mem = vtj_guest_memory(spin_start, spin_end);
	uint8_t *next = vtj_job_mem(VTJ_GUEST_MEM_SIZE);
	struct vtjob_create_job args;
	int job;

	ASSERT_NE(NULL, mem);
	ASSERT_NE(NULL, next);
	job = create_job(self->dev, mem, 1, 0, &args);
	ASSERT_LE(0, job);
	EXPECT_EQ(0, create_exec(self->dev, job, next));
	EXPECT_EQ(-EBADF, create_exec(self->dev, self->dev, next)) TH_LOG("not a job");
	EXPECT_EQ(-EBADF, create_exec(self->dev, -1, next));
	EXPECT_EQ(EPERM, in_child(exec_refused_with, self->dev, job, mem));
	/* A fork and an exec at once is neither. */
	vtj_job_args(&args, next, VTJ_GUEST_MEM_SIZE, 1);
	args.flags = VTJOB_JOB_FORK | VTJOB_JOB_EXEC;
	args.parent_fd = job;
	EXPECT_EQ(-1, ioctl(self->dev, VTJOB_CREATE_JOB, &args));
	EXPECT_EQ(EINVAL, errno);
	close(job);
}

TEST_HARNESS_MAIN
