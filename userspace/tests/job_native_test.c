// SPDX-License-Identifier: GPL-2.0
/*
 * The jobs of examples/, and Debian's own dynamically linked programs,
 * run through the loader and the layout, on this host, without VT-x: a
 * child process maps the job's memory where the job's page tables say,
 * with the permissions they give, sets RSP and jumps to the entry point
 * with every other register zero, as vtjob's VTJOB_SET_REGS does. Linux
 * then serves the job's system calls and turns its faults into signals:
 * the same ones vtjob reports. A dynamic program starts in the
 * interpreter the loader put in its memory, which then maps the
 * libraries through Linux.
 *
 * This checks end to end what no VM is needed for: segments at the right
 * addresses with the right bytes and permissions, the initial stack as
 * the job's own code and the dynamic linker read it (against a direct
 * run of the same program by Linux), the guard gap, and the job kit.
 */
#include <elf.h>
#include <errno.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#if defined(__x86_64__)
#include <cpuid.h>
#endif

#include "guestmem/page_table.h"
#include "loader/job_elf.h"
#include "loader/job_layout.h"
#include "guestmem/alloc.h"
#include "loader/program_file.h"

#include "example_jobs.h"
#include "harness.h"

#define MEM_SIZE	(64u << 20)
/* The child's exit status when it cannot map the job where it belongs. */
#define CANNOT_MAP	200

struct native_run {
	int wait_status;
	char out[65536];
	char err[4096];
	uint64_t fault_address;	/* of a SIGSEGV or SIGBUS, or ~0 */
	struct job_layout layout;
	struct job_elf_plan plan;
	struct job_elf_plan interp;	/* the plan's interpreter, as planned at 0 */
	struct job_start start;
};

static int report_fd = -1;

static void report_fault(int signo, siginfo_t *info, void *context)
{
	uint64_t address = (uintptr_t)info->si_addr;

	(void)signo;
	(void)context;
	/* SA_RESETHAND: returning faults again, and kills with the signal. */
	if (write(report_fd, &address, sizeof(address)) < 0)
		_exit(CANNOT_MAP + 1);
}

static void catch_faults(void)
{
	static uint8_t alt_stack[65536];
	stack_t stack = { .ss_sp = alt_stack, .ss_size = sizeof(alt_stack) };
	struct sigaction action;

	sigaltstack(&stack, NULL);
	memset(&action, 0, sizeof(action));
	action.sa_sigaction = report_fault;
	action.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_RESETHAND;
	sigaction(SIGSEGV, &action, NULL);
	sigaction(SIGBUS, &action, NULL);
	/* As after execve(), whatever a sanitizer installed in this process. */
	signal(SIGFPE, SIG_DFL);
	signal(SIGILL, SIG_DFL);
	signal(SIGTRAP, SIG_DFL);
}

static int prot_of(const struct guestmem_translation *t)
{
	return PROT_READ | (t->writable ? PROT_WRITE : 0) | (t->executable ? PROT_EXEC : 0);
}

/* Maps [start, end) of the job's memory at the same addresses, with @prot. */
static void map_run(const uint8_t *mem, uint64_t start, uint64_t end, int prot)
{
	void *where = (void *)(uintptr_t)start;

	if (mmap(where, end - start, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0) != where)
		_exit(CANNOT_MAP);
	memcpy(where, mem + start, end - start);
	if (mprotect(where, end - start, prot))
		_exit(CANNOT_MAP);
}

/* Everything the job's page tables map, as the MMU would show it. */
static void map_job(const uint8_t *mem, uint64_t mem_size, uint64_t cr3)
{
	struct guestmem_translation t;
	uint64_t addr, run_start = 0;
	int run_prot = -1, prot;

	for (addr = 0; addr <= mem_size; addr += X86_PAGE_SIZE) {
		prot = addr < mem_size && guestmem_pt_translate(mem, mem_size, cr3, addr, &t) &&
		       t.user && t.phys == addr ? prot_of(&t) : -1;
		if (prot == run_prot)
			continue;
		if (run_prot >= 0)
			map_run(mem, run_start, addr, run_prot);
		run_start = addr;
		run_prot = prot;
	}
}

/*
 * All registers zero but RSP and RIP, as vtjob starts a job, and as Linux
 * starts a process: RIP goes on the job's stack below RSP, for RET.
 * @dirty_xmm leaves XMM0 all ones, for fpu_read to notice.
 */
static void __attribute__((noreturn)) jump_to_job(uint64_t rip, uint64_t rsp, int dirty_xmm)
{
#define ZERO_XMM(n) "pxor %%xmm" #n ", %%xmm" #n "\n\t"
	__asm__ volatile(
		ZERO_XMM(0) ZERO_XMM(1) ZERO_XMM(2) ZERO_XMM(3) ZERO_XMM(4) ZERO_XMM(5)
		ZERO_XMM(6) ZERO_XMM(7) ZERO_XMM(8) ZERO_XMM(9) ZERO_XMM(10) ZERO_XMM(11)
		ZERO_XMM(12) ZERO_XMM(13) ZERO_XMM(14) ZERO_XMM(15)
		"test %%edx, %%edx\n\t"
		"jz 1f\n\t"
		"pcmpeqd %%xmm0, %%xmm0\n"
		"1:\n\t"
		"mov %%rdi, %%rsp\n\t"
		"push %%rax\n\t"
		"xor %%eax, %%eax\n\t"
		"xor %%ebx, %%ebx\n\t"
		"xor %%ecx, %%ecx\n\t"
		"xor %%edx, %%edx\n\t"
		"xor %%esi, %%esi\n\t"
		"xor %%edi, %%edi\n\t"
		"xor %%ebp, %%ebp\n\t"
		"xor %%r8d, %%r8d\n\t"
		"xor %%r9d, %%r9d\n\t"
		"xor %%r10d, %%r10d\n\t"
		"xor %%r11d, %%r11d\n\t"
		"xor %%r12d, %%r12d\n\t"
		"xor %%r13d, %%r13d\n\t"
		"xor %%r14d, %%r14d\n\t"
		"xor %%r15d, %%r15d\n\t"
		"ret"
		: : "a"(rip), "D"(rsp), "d"(dirty_xmm) : "memory");
#undef ZERO_XMM
	__builtin_unreachable();
}

static uint64_t host_hwcap(void)
{
	unsigned int eax = 0, ebx = 0, ecx = 0, edx = 0;

#if defined(__x86_64__)
	__get_cpuid(1, &eax, &ebx, &ecx, &edx);
#endif
	return edx;
}

static void read_all(int fd, char *buf, size_t len)
{
	size_t done = 0;
	ssize_t n;

	while (done < len - 1 && (n = read(fd, buf + done, len - 1 - done)) > 0)
		done += (size_t)n;
	buf[done] = '\0';
}

/* The program at @path and its interpreter, read and planned into @run. */
static int plan_program(struct __test_metadata *_metadata, const char *path,
			struct native_run *run, struct program_file *file,
			struct program_file *interp_file)
{
	char why[512];

	if (program_file_read(path, file, why, sizeof(why)) ||
	    job_elf_plan(file->bytes, file->size, JOB_TABLES_END, JOB_MEM_MAX, &run->plan,
			 why, sizeof(why))) {
		TH_LOG("%s: %s", path, why);
		return -1;
	}
	if (!run->plan.interp)
		return 0;
	if (program_file_read(run->plan.interp, interp_file, why, sizeof(why)) ||
	    job_elf_plan_interp(interp_file->bytes, interp_file->size, JOB_MEM_MAX,
				&run->interp, why, sizeof(why))) {
		TH_LOG("%s's interpreter %s: %s", path, run->plan.interp, why);
		return -1;
	}
	run->start.interp = &run->interp;
	return 0;
}

/*
 * Runs the program at @path as a job with @argv (argv[0] is its
 * AT_EXECFN) and @envp. Returns 0, or -1 if the job could not be set up.
 */
static int run_native_path(struct __test_metadata *_metadata, const char *path,
			   char *const *argv, char *const *envp, int dirty_xmm,
			   struct native_run *run)
{
	struct program_file file = { 0 }, interp_file = { 0 };
	int out[2], err[2], report[2], status;
	uint8_t *mem;
	pid_t pid;
	ssize_t n;
	unsigned int i;

	memset(run, 0, sizeof(*run));
	run->fault_address = ~0ull;
	if (plan_program(_metadata, path, run, &file, &interp_file))
		return -1;
	run->start.argv = argv;
	run->start.envp = envp;
	run->start.execfn = argv[0];
	for (i = 0; i < JOB_RANDOM_BYTES; i++)
		run->start.random[i] = (uint8_t)(i * 17 + 1);
	run->start.hwcap = host_hwcap();
	run->start.hwcap2 = getauxval(AT_HWCAP2);
	run->start.minsigstksz = getauxval(AT_MINSIGSTKSZ);
	run->start.uid = getuid();
	run->start.euid = geteuid();
	run->start.gid = getgid();
	run->start.egid = getegid();
	mem = guestmem_alloc(MEM_SIZE);
	if (!mem || job_layout_build(mem, MEM_SIZE, &run->plan, &run->start, &run->layout)) {
		TH_LOG("%s: cannot lay it out", path);
		return -1;
	}
	/* The plans point into the files: only their numbers are kept. */
	run->plan.image = NULL;
	run->plan.interp = NULL;
	run->interp.image = NULL;
	run->start.interp = NULL;
	program_file_free(&file);
	program_file_free(&interp_file);

	if (pipe(out) || pipe(err) || pipe(report))
		return -1;
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		dup2(out[1], STDOUT_FILENO);
		dup2(err[1], STDERR_FILENO);
		close(out[0]);
		close(err[0]);
		close(report[0]);
		report_fd = report[1];
		catch_faults();
		map_job(mem, MEM_SIZE, run->layout.cr3);
		jump_to_job(run->layout.rip, run->layout.rsp, dirty_xmm);
	}
	close(out[1]);
	close(err[1]);
	close(report[1]);
	/* The jobs print little: the pipes hold it all until the child ends. */
	waitpid(pid, &status, 0);
	read_all(out[0], run->out, sizeof(run->out));
	read_all(err[0], run->err, sizeof(run->err));
	n = read(report[0], &run->fault_address, sizeof(run->fault_address));
	if (n != sizeof(run->fault_address))
		run->fault_address = ~0ull;
	close(out[0]);
	close(err[0]);
	close(report[0]);
	guestmem_free(mem, MEM_SIZE);
	run->wait_status = status;
	if (WIFEXITED(status) && WEXITSTATUS(status) == CANNOT_MAP) {
		TH_LOG("cannot map the job's memory at its own addresses here");
		return -1;
	}
	return 0;
}

/* examples/@job, run as run_native_path() runs a program. */
static int run_native(struct __test_metadata *_metadata, const char *job,
		      char *const *argv, char *const *envp, int dirty_xmm,
		      struct native_run *run)
{
	return run_native_path(_metadata, example_job(job), argv, envp, dirty_xmm, run);
}

/* The program at @path run by Linux itself: its stdout, and its wait status. */
static int run_path_directly(const char *path, char *const *argv, char *const *envp,
			     char *out, size_t len)
{
	posix_spawn_file_actions_t actions;
	int pipe_fds[2], status;
	pid_t pid;

	if (pipe(pipe_fds))
		return -1;
	posix_spawn_file_actions_init(&actions);
	posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
	if (posix_spawn(&pid, path, &actions, NULL, argv, envp))
		return -1;
	posix_spawn_file_actions_destroy(&actions);
	close(pipe_fds[1]);
	read_all(pipe_fds[0], out, len);
	close(pipe_fds[0]);
	waitpid(pid, &status, 0);
	return status;
}

/* examples/@job run by Linux itself. */
static int run_directly(const char *job, char *const *argv, char *const *envp,
			char *out, size_t len)
{
	return run_path_directly(example_job(job), argv, envp, out, len);
}

/* The value of "name: value" in @text, in a static buffer; NULL if none. */
static const char *value_of(const char *text, const char *name)
{
	static char value[4096];
	size_t name_len = strlen(name);
	const char *line;

	for (line = text; line && *line; line = strchr(line, '\n'), line = line ? line + 1 : NULL) {
		if (!strncmp(line, name, name_len) && !strncmp(line + name_len, ": ", 2)) {
			line += name_len + 2;
			snprintf(value, sizeof(value), "%.*s", (int)strcspn(line, "\n"), line);
			return value;
		}
	}
	return NULL;
}

static char *no_env[] = { NULL };

#define EXPECT_EXITED(run, status) do {					\
		EXPECT_TRUE(WIFEXITED((run)->wait_status));		\
		EXPECT_EQ((status), WEXITSTATUS((run)->wait_status))	\
			TH_LOG("stdout: %s\nstderr: %s", (run)->out, (run)->err); \
	} while (0)

#define EXPECT_KILLED(run, signo) do {					\
		EXPECT_TRUE(WIFSIGNALED((run)->wait_status))		\
			TH_LOG("wait status %#x, stdout: %s", (run)->wait_status, (run)->out); \
		EXPECT_EQ((signo), WTERMSIG((run)->wait_status));	\
	} while (0)

#define RUN_NATIVE(run, job, argv, envp, dirty) do {			\
		if (run_native(_metadata, job, argv, envp, dirty, run))	\
			SKIP(return, "cannot run %s natively", job);	\
	} while (0)

#define RUN_NATIVE_PATH(run, path, argv, envp) do {			\
		if (run_native_path(_metadata, path, argv, envp, 0, run)) \
			SKIP(return, "cannot run %s natively", path);	\
	} while (0)

/* The job started in its interpreter, which lies where the layout said. */
#define EXPECT_STARTED_IN_INTERP(run) do {					\
		EXPECT_NE(0, (run)->layout.interp_base);			\
		EXPECT_EQ((run)->layout.interp_base, (run)->layout.mmap_base);	\
		EXPECT_LE((run)->layout.interp_base, (run)->layout.rip);	\
		EXPECT_GT((run)->layout.guard_start, (run)->layout.rip);	\
	} while (0)

TEST(hello_says_hello_with_its_arguments)
{
	char *argv[] = { "/vtjob/jobs/hello", "a", "b c", NULL };
	static struct native_run run;

	RUN_NATIVE(&run, "hello", argv, no_env, 0);
	EXPECT_EXITED(&run, 0);
	EXPECT_STREQ("hello from a vtjob job\n"
		     "argv[0] = /vtjob/jobs/hello\n"
		     "argv[1] = a\n"
		     "argv[2] = b c\n", run.out);
	EXPECT_STREQ("", run.err);
}

TEST(the_static_pie_hello_runs_at_4_mib)
{
	char *argv[] = { "hello-pie", NULL };
	static struct native_run run;

	RUN_NATIVE(&run, "hello-pie", argv, no_env, 0);
	EXPECT_EXITED(&run, 0);
	EXPECT_STREQ("hello from a vtjob job\nargv[0] = hello-pie\n", run.out);
	EXPECT_LE(0x400000, run.layout.rip);
	EXPECT_GT(0x500000, run.layout.rip);
}

TEST(hash_computes_what_linux_computes)
{
	char *argv[] = { "hash", NULL };
	static struct native_run run;
	char direct[256];

	RUN_NATIVE(&run, "hash", argv, no_env, 0);
	EXPECT_EXITED(&run, 0);
	ASSERT_EQ(0, run_directly("hash", argv, no_env, direct, sizeof(direct)));
	EXPECT_STREQ(direct, run.out);
	EXPECT_STREQ("fnv1a64 of 4194304 bytes: 0x744eebf36d540cdf\n", run.out);
}

TEST(exit_status_is_the_low_8_bits)
{
	char *group[] = { "exit_with", "300", NULL };
	char *exit[] = { "exit_with", "3", "exit", NULL };
	char *ret[] = { "exit_with", "4", "return", NULL };
	static struct native_run run;

	RUN_NATIVE(&run, "tests/exit_with", group, no_env, 0);
	EXPECT_EXITED(&run, 44);
	RUN_NATIVE(&run, "tests/exit_with", exit, no_env, 0);
	EXPECT_EXITED(&run, 3);
	RUN_NATIVE(&run, "tests/exit_with", ret, no_env, 0);
	EXPECT_EXITED(&run, 4);
}

TEST(the_job_reads_its_stack_as_the_layout_wrote_it)
{
	char *argv[] = { "/vtjob/jobs/show_args", "one", "two words", "", NULL };
	char *envp[] = { "A=1", "B=x y", "EMPTY=", NULL };
	static struct native_run run;
	char expected[64], random[33];
	unsigned int i;

	RUN_NATIVE(&run, "tests/show_args", argv, envp, 0);
	EXPECT_EXITED(&run, 0);
	EXPECT_STREQ("4", value_of(run.out, "argc"));
	EXPECT_STREQ("/vtjob/jobs/show_args", value_of(run.out, "argv[0]"));
	EXPECT_STREQ("two words", value_of(run.out, "argv[2]"));
	EXPECT_STREQ("", value_of(run.out, "argv[3]"));
	EXPECT_STREQ("3", value_of(run.out, "envc"));
	EXPECT_STREQ("B=x y", value_of(run.out, "envp[1]"));
	EXPECT_STREQ("EMPTY=", value_of(run.out, "envp[2]"));
	EXPECT_STREQ("4096", value_of(run.out, "AT_PAGESZ"));
	EXPECT_STREQ("100", value_of(run.out, "AT_CLKTCK"));
	EXPECT_STREQ("56", value_of(run.out, "AT_PHENT"));
	snprintf(expected, sizeof(expected), "%llu", (unsigned long long)run.plan.phnum);
	EXPECT_STREQ(expected, value_of(run.out, "AT_PHNUM"));
	snprintf(expected, sizeof(expected), "%#llx", (unsigned long long)run.plan.entry);
	EXPECT_STREQ(expected, value_of(run.out, "AT_ENTRY"));
	snprintf(expected, sizeof(expected), "%#llx", (unsigned long long)run.plan.phdr_addr);
	EXPECT_STREQ(expected, value_of(run.out, "AT_PHDR"));
	snprintf(expected, sizeof(expected), "%#llx", (unsigned long long)run.start.hwcap);
	EXPECT_STREQ(expected, value_of(run.out, "AT_HWCAP"));
	snprintf(expected, sizeof(expected), "%u", getuid());
	EXPECT_STREQ(expected, value_of(run.out, "AT_UID"));
	EXPECT_STREQ("0", value_of(run.out, "AT_SECURE"));
	EXPECT_STREQ("/vtjob/jobs/show_args", value_of(run.out, "execfn"));
	EXPECT_STREQ("x86_64", value_of(run.out, "platform"));
	for (i = 0; i < JOB_RANDOM_BYTES; i++)
		snprintf(random + 2 * i, 3, "%02x", run.start.random[i]);
	EXPECT_STREQ(random, value_of(run.out, "random"));
	snprintf(expected, sizeof(expected), "%#llx", (unsigned long long)run.layout.rsp);
	EXPECT_STREQ(expected, value_of(run.out, "sp"));
	EXPECT_STREQ("yes", value_of(run.out, "sp aligned"));
	EXPECT_STREQ("yes", value_of(run.out, "entry in an executable PT_LOAD"));
}

/*
 * What Linux's own execve() gives the same program: every entry vtjob
 * gives must have Linux's value, and come in Linux's order.
 */
TEST(the_auxiliary_vector_is_linux_s)
{
	static const char *const same_value[] = {
		"AT_MINSIGSTKSZ", "AT_HWCAP", "AT_PAGESZ", "AT_CLKTCK", "AT_PHDR", "AT_PHENT",
		"AT_PHNUM", "AT_BASE", "AT_FLAGS", "AT_ENTRY", "AT_UID", "AT_EUID", "AT_GID",
		"AT_EGID", "AT_SECURE", "AT_HWCAP2",
	};
	char *argv[] = { (char *)example_job("tests/show_args"), NULL };
	static struct native_run run;
	static char direct[65536];
	const char *ours, *linux_s, *line;
	char name[64];
	size_t i;

	argv[0] = strdup(argv[0]);
	RUN_NATIVE(&run, "tests/show_args", argv, no_env, 0);
	EXPECT_EXITED(&run, 0);
	ASSERT_EQ(0, run_directly("tests/show_args", argv, no_env, direct, sizeof(direct)));
	for (i = 0; i < sizeof(same_value) / sizeof(same_value[0]); i++) {
		ours = value_of(run.out, same_value[i]);
		ASSERT_NE(NULL, ours) TH_LOG("we give no %s", same_value[i]);
		ours = strdup(ours);
		linux_s = value_of(direct, same_value[i]);
		ASSERT_NE(NULL, linux_s) TH_LOG("Linux gives no %s", same_value[i]);
		EXPECT_STREQ(linux_s, ours) TH_LOG("%s", same_value[i]);
		free((void *)ours);
	}
	EXPECT_STREQ(value_of(direct, "execfn"), value_of(run.out, "execfn"));
	EXPECT_STREQ(value_of(direct, "platform"), value_of(run.out, "platform"));

	/* Our AT_ lines, in order, are a subsequence of Linux's. */
	linux_s = direct;
	for (line = run.out; (line = strstr(line, "\nAT_")); line++) {
		snprintf(name, sizeof(name), "%.*s", (int)strcspn(line + 1, ":") + 2, line);
		linux_s = strstr(linux_s, name);
		ASSERT_NE(NULL, linux_s) TH_LOG("%s is not where Linux has it", name + 1);
	}
	free(argv[0]);
}

/*
 * Debian's own dynamically linked programs, unchanged: the loader puts
 * them and /lib64/ld-linux-x86-64.so.2 in job memory, and what they print
 * is what they print when Linux runs them.
 */
TEST(debian_s_dynamic_true_and_echo_run_as_linux_runs_them)
{
	char *true_argv[] = { "/bin/true", NULL };
	char *echo_argv[] = { "/bin/echo", "hello", "two words", "", "-", NULL };
	static struct native_run run;
	char direct[256];

	RUN_NATIVE_PATH(&run, "/bin/true", true_argv, no_env);
	EXPECT_EXITED(&run, 0);
	EXPECT_STREQ("", run.out);
	EXPECT_STREQ("", run.err);
	EXPECT_STARTED_IN_INTERP(&run);

	RUN_NATIVE_PATH(&run, "/bin/echo", echo_argv, no_env);
	EXPECT_EXITED(&run, 0);
	ASSERT_EQ(0, run_path_directly("/bin/echo", echo_argv, no_env, direct, sizeof(direct)));
	EXPECT_STREQ(direct, run.out);
	EXPECT_STREQ("hello two words  -\n", run.out);
	EXPECT_STARTED_IN_INTERP(&run);
}

/* sort in the C.UTF-8 locale: locale files, gconv, its own allocations. */
TEST(debian_s_sort_sorts_as_linux_s_run_does)
{
	char *argv[] = { "/usr/bin/sort", "-r", "/etc/passwd", NULL };
	char *envp[] = { "LANG=C.UTF-8", NULL };
	static struct native_run run;
	static char direct[65536];

	RUN_NATIVE_PATH(&run, "/usr/bin/sort", argv, envp);
	EXPECT_EXITED(&run, 0);
	ASSERT_EQ(0, run_path_directly("/usr/bin/sort", argv, envp, direct, sizeof(direct)));
	EXPECT_STREQ(direct, run.out);
	EXPECT_NE(0, strlen(run.out));
	EXPECT_STREQ("", run.err);
}

/*
 * A program of our own, a PIE and an ET_EXEC: it checks its AT_ENTRY,
 * AT_PHDR and AT_BASE, calls into libc and libm, loads a locale and
 * reads a file, and prints the same as under Linux.
 */
TEST(a_dynamic_pie_and_a_dynamic_exec_print_what_linux_s_runs_print)
{
	static const char *const jobs[] = { "dynamic/dyn_tour-pie", "dynamic/dyn_tour-exec" };
	static struct native_run run;
	static char direct[65536];
	size_t i;

	for (i = 0; i < 2; i++) {
		char *argv[] = { "dyn_tour", "-l", "C.UTF-8", "/etc/passwd", NULL };

		RUN_NATIVE(&run, jobs[i], argv, no_env, 0);
		EXPECT_EXITED(&run, 0);
		ASSERT_EQ(0, run_directly(jobs[i], argv, no_env, direct, sizeof(direct)));
		EXPECT_STREQ(direct, run.out);
		EXPECT_STREQ("yes", value_of(run.out, "AT_BASE is an ELF image"));
		EXPECT_STREQ("libm.so.6", value_of(run.out, "object"));
		EXPECT_STREQ("/lib64/ld-linux-x86-64.so.2", value_of(run.out, "interpreter"));
		EXPECT_STARTED_IN_INTERP(&run);
		/* The PIE moved to 4 MiB, the ET_EXEC where it was linked. */
		EXPECT_EQ(i == 0 ? JOB_ELF_PIE_BASE : 0, run.plan.load_bias);
	}
}

/*
 * The auxiliary vector as the dynamic linker reads it (LD_SHOW_AUXV=1):
 * Linux's values for everything but the addresses, which are where the
 * job has its program, interpreter and stack; Linux's order.
 */
TEST(the_dynamic_linker_reads_linux_s_auxiliary_vector)
{
	static const char *const same_value[] = {
		"AT_MINSIGSTKSZ", "AT_HWCAP", "AT_PAGESZ", "AT_CLKTCK", "AT_PHENT", "AT_PHNUM",
		"AT_FLAGS", "AT_UID", "AT_EUID", "AT_GID", "AT_EGID", "AT_SECURE", "AT_HWCAP2",
		"AT_EXECFN", "AT_PLATFORM",
	};
	char *argv[] = { "/bin/true", NULL };
	char *envp[] = { "LD_SHOW_AUXV=1", NULL };
	static struct native_run run;
	static char direct[65536];
	const char *ours, *linux_s, *line;
	char expected[64], name[64];
	size_t i;

	RUN_NATIVE_PATH(&run, "/bin/true", argv, envp);
	EXPECT_EXITED(&run, 0);
	ASSERT_EQ(0, run_path_directly("/bin/true", argv, envp, direct, sizeof(direct)));
	for (i = 0; i < sizeof(same_value) / sizeof(same_value[0]); i++) {
		ours = value_of(run.out, same_value[i]);
		ASSERT_NE(NULL, ours) TH_LOG("we give no %s:\n%s", same_value[i], run.out);
		ours = strdup(ours);
		linux_s = value_of(direct, same_value[i]);
		ASSERT_NE(NULL, linux_s) TH_LOG("Linux gives no %s", same_value[i]);
		EXPECT_STREQ(linux_s, ours) TH_LOG("%s", same_value[i]);
		free((void *)ours);
	}
	/* ld.so pads the names: "AT_BASE:              0x3e00000". */
	snprintf(expected, sizeof(expected), "%#llx", (unsigned long long)run.layout.interp_base);
	EXPECT_NE(NULL, strstr(value_of(run.out, "AT_BASE"), expected));
	snprintf(expected, sizeof(expected), "%#llx", (unsigned long long)run.plan.entry);
	EXPECT_NE(NULL, strstr(value_of(run.out, "AT_ENTRY"), expected));
	snprintf(expected, sizeof(expected), "%#llx", (unsigned long long)run.plan.phdr_addr);
	EXPECT_NE(NULL, strstr(value_of(run.out, "AT_PHDR"), expected));

	/* Our AT_ lines, in order, are a subsequence of Linux's. */
	linux_s = direct;
	for (line = run.out; (line = strstr(line, "\nAT_")); line++) {
		snprintf(name, sizeof(name), "%.*s", (int)strcspn(line + 1, ":") + 2, line);
		linux_s = strstr(linux_s, name);
		ASSERT_NE(NULL, linux_s) TH_LOG("%s is not where Linux has it", name + 1);
	}
}

static int signal_number(const char *name)
{
	static const struct { const char *name; int signo; } signals[] = {
		{ "SIGSEGV", SIGSEGV }, { "SIGILL", SIGILL }, { "SIGFPE", SIGFPE },
		{ "SIGTRAP", SIGTRAP }, { "SIGBUS", SIGBUS },
	};
	size_t i;

	for (i = 0; i < sizeof(signals) / sizeof(signals[0]); i++)
		if (!strcmp(name, signals[i].name))
			return signals[i].signo;
	return -1;
}

TEST(every_fault_brings_its_signal)
{
	char *list_argv[] = { "fault", "list", NULL };
	static char kinds[sizeof(((struct native_run *)0)->out)];
	char *line, *save = NULL;
	static struct native_run run;
	int tried = 0;

	RUN_NATIVE(&run, "tests/fault", list_argv, no_env, 0);
	EXPECT_EXITED(&run, 0);
	snprintf(kinds, sizeof(kinds), "%s", run.out);
	for (line = strtok_r(kinds, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *signal_name = strchr(line, ' '), expected[64];
		char *argv[] = { "fault", line, NULL };

		ASSERT_NE(NULL, signal_name);
		*signal_name++ = '\0';
		RUN_NATIVE(&run, "tests/fault", argv, no_env, 0);
		EXPECT_EQ(signal_number(signal_name),
			  WIFSIGNALED(run.wait_status) ? WTERMSIG(run.wait_status) : -1)
			TH_LOG("fault %s: wait status %#x", line, run.wait_status);
		snprintf(expected, sizeof(expected), "fault: %s\n", line);
		EXPECT_STREQ(expected, run.out);
		tried++;
	}
	EXPECT_LE(20, tried);
}

TEST(text_is_not_writable_and_data_not_executable)
{
	char *write_text[] = { "fault", "write-text", NULL };
	char *exec_data[] = { "fault", "exec-data", NULL };
	char *tables[] = { "fault", "read-page-tables", NULL };
	static struct native_run run;

	RUN_NATIVE(&run, "tests/fault", write_text, no_env, 0);
	EXPECT_KILLED(&run, SIGSEGV);
	EXPECT_LE(0x401000, run.fault_address);
	EXPECT_GT(0x402000, run.fault_address);
	RUN_NATIVE(&run, "tests/fault", exec_data, no_env, 0);
	EXPECT_KILLED(&run, SIGSEGV);
	EXPECT_LE(0x402000, run.fault_address);
	RUN_NATIVE(&run, "tests/fault", tables, no_env, 0);
	EXPECT_KILLED(&run, SIGSEGV);
	EXPECT_EQ(0x1000, run.fault_address);
}

TEST(a_stack_overflow_faults_in_the_guard_gap)
{
	char *argv[] = { "fault", "stack-overflow", NULL };
	static struct native_run run;

	RUN_NATIVE(&run, "tests/fault", argv, no_env, 0);
	EXPECT_KILLED(&run, SIGSEGV);
	EXPECT_LE(run.layout.guard_start, run.fault_address)
		TH_LOG("fault at %#llx, guard gap from %#llx",
		       (unsigned long long)run.fault_address,
		       (unsigned long long)run.layout.guard_start);
	EXPECT_GT(run.layout.stack_start, run.fault_address);
}

TEST(bad_buffers_and_fds_fail_as_on_linux)
{
	char *argv[] = { "efault", NULL };
	char *vtjob_argv[] = { "efault", "vtjob", NULL };
	static struct native_run run;

	RUN_NATIVE(&run, "tests/efault", argv, no_env, 0);
	EXPECT_EXITED(&run, 0);
	EXPECT_EQ(NULL, strstr(run.out, "WRONG"));
	EXPECT_STREQ("-14 ok", value_of(run.out, "page tables"));
	/* Linux writes the readable part of a buffer; vtjob does not: only the gap. */
	RUN_NATIVE(&run, "tests/efault", vtjob_argv, no_env, 0);
	EXPECT_STREQ("-14 ok", value_of(run.out, "guard gap (vtjob)"));
}

TEST(unknown_system_calls_are_enosys)
{
	char *argv[] = { "enosys", NULL };
	static struct native_run run;

	RUN_NATIVE(&run, "tests/enosys", argv, no_env, 0);
	EXPECT_EXITED(&run, 0);
	EXPECT_STREQ("-38", value_of(run.out, "syscall 1000"));
	EXPECT_NE(NULL, strstr(run.out, "still running\n"));
}

TEST(fpu_read_tells_clean_from_dirty_registers)
{
	char *argv[] = { "fpu_read", NULL };
	static struct native_run run;

	RUN_NATIVE(&run, "tests/fpu_read", argv, no_env, 0);
	EXPECT_EXITED(&run, 0);
	EXPECT_STREQ("zero", value_of(run.out, "xmm"));
	RUN_NATIVE(&run, "tests/fpu_read", argv, no_env, 1);
	EXPECT_EXITED(&run, 1);
	EXPECT_STREQ("NOT ZERO", value_of(run.out, "xmm"));
}

TEST(fpu_write_scrambles_and_exits)
{
	char *argv[] = { "fpu_write", NULL };
	static struct native_run run;

	RUN_NATIVE(&run, "tests/fpu_write", argv, no_env, 0);
	EXPECT_EXITED(&run, 0);
	EXPECT_STREQ("writing xmm, x87 and mxcsr\n", run.out);
}

TEST_HARNESS_MAIN
