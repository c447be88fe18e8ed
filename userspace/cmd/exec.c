// SPDX-License-Identifier: GPL-2.0
/* `vtjobctl exec`: run a program as a job, and exit as it did. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "lib/cli.h"
#include "commands.h"
#include "cmd/exec_options.h"
#include "cmd/exec_stats.h"
#include "cmd/make_recursion.h"
#include "cmd/nl_error.h"
#include "lib/human_units.h"
#include "loader/job_elf.h"
#include "loader/job_layout.h"
#include "guestmem/alloc.h"
#include "runtime/sys/job_paths.h"
#include "runtime/job_create.h"
#include "runtime/job_program.h"
#include "runtime/job_run.h"
#include "runtime/job_strace.h"
#include "loader/program_file.h"
#include "loader/program_search.h"
#include "client/vtjob_device.h"
#include "client/vtjob_job_ioctl.h"

/* The shell's exit statuses for a command it cannot run. */
#define EXIT_CANNOT_EXECUTE	126
#define EXIT_NOT_FOUND		127

extern char **environ;

struct exec_request {
	uint32_t cpu;
	uint64_t mem_size;
	uint64_t timeout_ns;
	struct exec_file_options files;
	bool strace;
	bool make_shell;	/* --make-shell: make's SHELL, recursive lines natively */
	const char *strace_output;	/* --strace-output FILE, or NULL: stderr */
	struct exec_stats_request stats;
	char **argv;		/* the program and its arguments */
	char *program;		/* argv[0] as found through PATH: the file run */
};

/* Where a job's RLIMIT_NOFILE stops, however high vtjobctl's own is. */
#define JOB_NOFILE_MAX		(1u << 20)


/* Returns -1 to go on, or the exit status to stop with at once. */
static int parse_request(int argc, char **argv, struct exec_request *request)
{
	static const struct option options[] = {
		{ "cpu", required_argument, NULL, 'c' },
		{ "mem", required_argument, NULL, 'm' },
		{ "timeout", required_argument, NULL, 't' },
		{ "rw", required_argument, NULL, 'w' },
		{ "ro", required_argument, NULL, 'r' },
		{ "no-files", no_argument, NULL, 'n' },
		{ "strace", no_argument, NULL, 's' },
		{ "strace-output", required_argument, NULL, 'o' },
		{ "stats", no_argument, NULL, 'S' },
		{ "stats-json", required_argument, NULL, 'J' },
		{ "stats-jsonl", required_argument, NULL, 'L' },
		{ "make-shell", no_argument, NULL, 'M' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char problem[256];
	int opt, err = 0;

	request->cpu = VTJOB_CPU_ANY;
	request->mem_size = JOB_MEM_DEFAULT;
	request->timeout_ns = 0;
	memset(&request->files, 0, sizeof(request->files));
	request->strace = false;
	request->make_shell = false;
	request->strace_output = NULL;
	memset(&request->stats, 0, sizeof(request->stats));
	request->program = NULL;
	/* '+': options end at PROGRAM, so that its own options stay its own. */
	while ((opt = getopt_long(argc, argv, "+:hc:m:t:o:", options, NULL)) != -1) {
		switch (opt) {
		case 'c':
			err = exec_parse_cpu(optarg, &request->cpu, problem, sizeof(problem));
			break;
		case 'm':
			err = exec_parse_mem(optarg, &request->mem_size, problem, sizeof(problem));
			break;
		case 't':
			err = exec_parse_timeout(optarg, &request->timeout_ns, problem,
						 sizeof(problem));
			break;
		case 'w':
		case 'r':
			err = exec_add_tree(&request->files, opt == 'w', optarg, problem,
					    sizeof(problem));
			break;
		case 'n':
			request->files.no_files = true;
			break;
		case 's':
			request->strace = true;
			break;
		case 'o':
			/* As strace -o: the trace, into FILE. */
			err = exec_check_output_path("--strace-output", optarg, problem,
						     sizeof(problem));
			request->strace_output = optarg;
			request->strace = true;
			break;
		case 'S':
			request->stats.print = true;
			break;
		case 'J':
		case 'L':
			/* --stats-jsonl: the same object, appended as a line. */
			request->stats.json_append = opt == 'L';
			err = exec_check_output_path(request->stats.json_append ? "--stats-jsonl" :
						     "--stats-json", optarg, problem, sizeof(problem));
			request->stats.json_path = optarg;
			break;
		case 'M':
			request->make_shell = true;
			break;
		case 'h':
			fputs(exec_command.help, stdout);
			return EXIT_SUCCESS;
		default:
			/* As env(1) and timeout(1): not a status the program could give. */
			cli_bad_option("exec", opt, options, argv);
			return EXIT_OWN_FAILURE;
		}
		if (err) {
			cli_error("%s", problem);
			return EXIT_OWN_FAILURE;
		}
	}
	if (exec_check_file_options(&request->files, problem, sizeof(problem))) {
		cli_error("%s", problem);
		return EXIT_OWN_FAILURE;
	}
	if (optind == argc) {
		cli_error("exec needs a program to run; see 'vtjobctl exec --help'");
		return EXIT_OWN_FAILURE;
	}
	request->argv = argv + optind;
	return -1;
}

/*
 * The interpreter @plan asks for, opened through the job's path policy
 * as any file the job opens, read and planned into @file and @interp.
 * Returns 0, or the exit status to give up with, having said why: 127
 * when the job cannot find it (Linux's execve() fails with ENOENT), 126
 * when it is no interpreter.
 */
static int load_interp(const char *path, const struct job_elf_plan *plan,
		       const struct job_paths *paths, struct program_file *file,
		       struct job_elf_plan *interp)
{
	char why[512];
	int fd, err;

	fd = job_path_open(paths, JOB_PATH_CWD, plan->interp, O_RDONLY | O_CLOEXEC, 0);
	if (fd == -ENOENT && access(plan->interp, F_OK) == 0) {
		cli_error("'%s' asks for the interpreter '%s', which is outside the files the job may see (--ro, --no-files)",
			  path, plan->interp);
		return EXIT_NOT_FOUND;
	}
	if (fd < 0) {
		err = program_file_open_failed(fd, why, sizeof(why));
	} else {
		err = program_file_read_fd(fd, file, why, sizeof(why));
		close(fd);
	}
	if (!err && job_elf_plan_interp(file->bytes, file->size, JOB_MEM_MAX, interp, why,
					sizeof(why)))
		err = -ENOEXEC;
	if (err) {
		cli_error("'%s' asks for the interpreter '%s', which %s", path, plan->interp, why);
		return err == -ENOENT || err == -ENOTDIR ? EXIT_NOT_FOUND : EXIT_CANNOT_EXECUTE;
	}
	interp->image_fd = file->fd;
	return 0;
}

/*
 * Reads and plans the program, and its interpreter if it names one, and
 * lays them out in fresh job memory. Returns 0, or the exit status to
 * give up with, having said why.
 */
static int load_program(struct exec_request *request, const struct job_paths *paths,
			uint8_t **mem, struct job_layout *layout)
{
	char why[PATH_MAX + 256], need_text[HUMAN_TEXT_MAX], mem_text[HUMAN_TEXT_MAX];
	struct program_file file, interp_file = { 0 };
	struct job_elf_plan plan, interp;
	struct job_start start;
	const char *path;
	uint64_t need;
	int err, status;

	/* As env(1) and timeout(1) find it: execvp()'s PATH search. */
	err = program_search_read(request->argv[0], getenv("PATH"), &file, &request->program,
				  why, sizeof(why));
	if (err) {
		cli_error("'%s' %s", request->argv[0], why);
		return err == -ENOENT || err == -ENOTDIR ? EXIT_NOT_FOUND : EXIT_CANNOT_EXECUTE;
	}
	path = request->program;
	status = EXIT_CANNOT_EXECUTE;
	if (job_elf_plan(file.bytes, file.size, JOB_TABLES_END, JOB_MEM_MAX, &plan,
			 why, sizeof(why))) {
		cli_error("'%s' %s", path, why);
		goto out;
	}
	plan.image_fd = file.fd;
	if (plan.interp) {
		status = load_interp(path, &plan, paths, &interp_file, &interp);
		if (status)
			goto out;
	}
	status = EXIT_OWN_FAILURE;
	err = job_start_from_host(request->argv, environ, path, &start);
	if (err) {
		cli_error("cannot get random bytes for the job: %s", strerror(-err));
		goto out;
	}
	start.interp = plan.interp ? &interp : NULL;
	err = job_program_place(&plan, &start, request->mem_size, mem, layout);
	if (err == -E2BIG) {
		/* Whole MiB: advice for --mem, which is then enough. */
		need = layout->needed;
		human_size((need + MIB - 1) & ~(MIB - 1), need_text, sizeof(need_text));
		human_size(request->mem_size, mem_text, sizeof(mem_text));
		cli_error("'%s' needs %s of job memory; --mem is %s", path, need_text, mem_text);
		goto out;
	}
	if (err == -ENOMEM) {
		human_size(request->mem_size, mem_text, sizeof(mem_text));
		cli_error("cannot allocate %s of job memory: %s", mem_text, strerror(-err));
		goto out;
	}
	if (err) {
		cli_error("'%s' cannot be laid out in job memory: %s", path,
			  err == -ENOSPC ? "its page tables do not fit below 4 MiB" : strerror(-err));
		status = EXIT_CANNOT_EXECUTE;
		goto out;
	}
	status = 0;
out:
	program_file_free(&interp_file);
	program_file_free(&file);
	return status;
}

/* The trees of --rw, --ro and --no-files: what the job may touch. */
static int open_paths(const struct exec_request *request, struct job_paths *paths,
		      char *problem, size_t len)
{
	const struct job_paths_config config = {
		.rw = request->files.rw,
		.nr_rw = request->files.nr_rw,
		.ro = request->files.ro,
		.nr_ro = request->files.nr_ro,
		.no_files = request->files.no_files,
	};

	return job_paths_init(paths, &config, problem, len);
}

static int open_device(void)
{
	int fd = vtjob_device_open(VTJOB_DEVICE_PATH);

	if (fd == -ENOENT)
		cmd_module_not_loaded(VTJOB_DEVICE_PATH);
	else if (fd == -EACCES)
		cli_error("cannot open %s: %s: jobs are for root and group vtjob; "
			  "see 'vtjobctl doctor'", VTJOB_DEVICE_PATH, strerror(-fd));
	else if (fd < 0)
		cli_error("cannot open %s: %s; see 'vtjobctl doctor'", VTJOB_DEVICE_PATH,
			  strerror(-fd));
	return fd;
}

static const struct job_run_ops host_run_ops = {
	.run = vtjob_run,
	.write = write,
	.signal = vtjob_signal,
	.set_fd_map = vtjob_set_fd_map,
};

/*
 * The job's fds: below vtjobctl's own soft RLIMIT_NOFILE, as a child of
 * it would have them, with the files vtjobctl was given open (a shell's
 * 3<file, make's jobserver pipe). vtjobctl raises its own limit to the
 * hard one, so that the host fds behind a full table and its own few
 * still fit.
 */
static int open_fd_table(struct job_fd_table *fds)
{
	static const int stdio_fds[3] = { STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO };
	struct rlimit limit;
	unsigned int job_limit = 1024;
	int err;

	if (getrlimit(RLIMIT_NOFILE, &limit) == 0) {
		job_limit = limit.rlim_cur > JOB_NOFILE_MAX ? JOB_NOFILE_MAX :
			    (unsigned int)limit.rlim_cur;
		limit.rlim_cur = limit.rlim_max;
		setrlimit(RLIMIT_NOFILE, &limit);
	}
	if (job_fd_table_init(fds, job_limit, stdio_fds)) {
		cli_error("no memory for the job's fd table");
		return -1;
	}
	err = job_fd_table_inherit(fds);
	if (err) {
		cli_error("cannot pass vtjobctl's open files to the job: %s", strerror(-err));
		job_fd_table_free(fds);
		return -1;
	}
	return 0;
}

/* --strace's output: @path (--strace-output), or stderr. Returns 0, or -1 having said why. */
static int open_trace(const char *path, struct job_strace *trace,
		      const struct guestmem_view *view, FILE **out)
{
	if (path) {
		*out = fopen(path, "we");
		if (!*out) {
			cli_error("cannot open '%s' for --strace-output: %s", path,
				  strerror(errno));
			*out = stderr;
			return -1;
		}
	}
	job_strace_init(trace, *out, view);
	return 0;
}

/* Creates the job, runs it, and returns the exit status. */
static int run_job(const struct exec_request *request, struct job_paths *paths, uint8_t *mem,
		   const struct job_layout *layout)
{
	struct guestmem_view view = {
		.mem = mem, .mem_size = request->mem_size, .cr3 = layout->cr3,
	};
	const struct job_create_params create = {
		.cpu = request->cpu,
		.mem = mem,
		.mem_size = request->mem_size,
		.timeout_ns = request->timeout_ns,
		.trace_syscalls = request->strace,
		.layout = layout,
	};
	struct job_strace *trace = NULL;
	FILE *trace_out = stderr;
	struct exec_stats stats = { .sum = NULL, .json = NULL };
	struct job_run_params params;
	struct job_maker maker;
	struct job_fd_table fds;
	char problem[PATH_MAX + 128];
	char *exe_path;
	int dev_fd, job_fd, err, status = EXIT_OWN_FAILURE;

	if (open_fd_table(&fds))
		return EXIT_OWN_FAILURE;
	exe_path = realpath(request->program, NULL);
	if (request->strace) {
		trace = malloc(sizeof(*trace));
		if (!trace) {
			cli_error("no memory for --strace");
			goto out_files;
		}
	}

	dev_fd = open_device();
	if (dev_fd < 0)
		goto out_files;
	job_fd = job_create(dev_fd, &create, problem, sizeof(problem));
	if (job_fd < 0) {
		cli_error("%s", problem);
		goto out_dev;
	}
	/* Files are made once the job is: a job that cannot be leaves none. */
	if (trace && open_trace(request->strace_output, trace, &view, &trace_out))
		goto out_job;
	if (exec_stats_begin(&request->stats, &stats))
		goto out_job;
	err = job_signals_catch();
	if (err) {
		cli_error("cannot catch the signals for the job: %s", strerror(-err));
		goto out_job;
	}

	maker = (struct job_maker) {
		.dev_fd = dev_fd,
		.cpu = request->cpu,
		.timeout_ns = request->timeout_ns,
		.trace_syscalls = request->strace,
		.tree_root = getpid(),
	};
	params = (struct job_run_params) {
		.ops = &host_run_ops,
		.job_fd = job_fd,
		.mem = mem,
		.mem_size = request->mem_size,
		.cr3 = layout->cr3,
		.file_maps = &layout->file_maps,
		.timeout_ns = request->timeout_ns,
		.signals = &job_signals,
		.messages = stderr,
		.fds = &fds,
		.paths = paths,
		.exe_path = exe_path,
		.strace = trace,
		.stats = stats.sum,
		.started_ns = request->stats.started_ns,
		.maker = &maker,
	};
	status = job_run(&params);
	exec_stats_end(&stats, &request->stats, status);
out_job:
	/* The kernel frees the job and unpins its memory. */
	close(job_fd);
out_dev:
	close(dev_fd);
out_files:
	exec_stats_free(&stats);
	if (trace_out != stderr)
		fclose(trace_out);
	free(trace);
	free(exe_path);
	job_fd_table_free(&fds);
	return status;
}

/*
 * A line make marked recursive, run as make runs it without vtjob: on the
 * host, so that its sub-make has make's jobserver fds, pselect and
 * SIGCHLD as the top make has them, and runs its own lines as jobs again
 * through the SHELL its MAKEFLAGS carries. Returns only on failure.
 */
static int run_natively(char **argv)
{
	int err;

	execvp(argv[0], argv);
	err = errno;
	cli_error("cannot run '%s': %s", argv[0], strerror(err));
	return err == ENOENT || err == ENOTDIR ? EXIT_NOT_FOUND : EXIT_CANNOT_EXECUTE;
}

static int run_exec(int argc, char **argv)
{
	struct exec_request request;
	struct job_layout layout;
	struct job_paths paths;
	char problem[PATH_MAX + 128];
	uint8_t *mem = NULL;
	int status;

	status = parse_request(argc, argv, &request);
	if (status >= 0)
		goto out;
	/* The job's start-up, for --stats, counts from here. */
	request.stats.started_ns = job_stats_now_ns();
	/* Before vtjobctl opens an fd that could take a jobserver fd's number. */
	if (request.make_shell && make_line_is_recursive(getenv("MAKEFLAGS"))) {
		status = run_natively(request.argv);
		goto out;
	}
	/* First: the interpreter is a file the job opens, under its policy. */
	if (open_paths(&request, &paths, problem, sizeof(problem))) {
		cli_error("%s", problem);
		status = EXIT_OWN_FAILURE;
		goto out;
	}
	status = load_program(&request, &paths, &mem, &layout);
	if (!status) {
		status = run_job(&request, &paths, mem, &layout);
		guestmem_free(mem, request.mem_size);
	}
	job_paths_free(&paths);
out:
	free(request.program);
	exec_file_options_free(&request.files);
	return status;
}

const struct command exec_command = {
	.name = "exec",
	.summary = "run a program as a job on a reserved CPU",
	.help =
		"Usage: vtjobctl exec [--cpu N] [--mem SIZE] [--timeout SECONDS] [--rw PATH]...\n"
		"                     [--ro PATH]... [--no-files] [--strace] [-o FILE] [--stats]\n"
		"                     [--stats-json FILE] [--stats-jsonl FILE] PROGRAM [ARGS...]\n"
		"\n"
		"Run PROGRAM, an x86-64 ELF executable, static or dynamically linked, as\n"
		"a job: in VMX non-root mode on a reserved CPU, with ARGS and vtjobctl's\n"
		"environment, as if by execve(). Its standard output and error are\n"
		"vtjobctl's. A PROGRAM without a slash is looked for in the directories\n"
		"of PATH, as env(1) does. Options end at PROGRAM, so ARGS are its own.\n"
		"\n"
		"The job's memory, time and identity calls are served on its CPU; its\n"
		"file calls by vtjobctl, with vtjobctl's own rights, on the job's own fds\n"
		"(0, 1 and 2 are vtjobctl's). It sees the host's files read-only and the\n"
		"current directory writable; writes elsewhere fail with EROFS. A dynamic\n"
		"program's interpreter and libraries are files it opens like any other:\n"
		"--ro and --no-files must leave them visible. Each process it forks is a\n"
		"job of its own, run by a vtjobctl process of its own with the same --cpu,\n"
		"--mem, --timeout and files; execve() runs a new program in a new job.\n"
		"Threads fail with ENOSYS, as does any call vtjob does not serve. It runs\n"
		"where it was linked, a PIE at 4 MiB, its interpreter at the top of its\n"
		"memory below a 1 MiB stack.\n"
		"\n"
		"Options:\n"
		"  --cpu N            run on reserved CPU N only, not on the one with the\n"
		"                     fewest running jobs, moved to one that falls idle\n"
		"  --mem SIZE         job memory, in bytes or with K, M or G (default 64M,\n"
		"                     at most 64G); rounded up to whole 4 KiB pages\n"
		"  --timeout SECONDS  end the job after this much run time, such as 10 or\n"
		"                     0.5, or with a unit s, m or h; 0 (the default) for none\n"
		"  --rw PATH          let the job write in directory PATH too (repeatable)\n"
		"  --ro PATH          let the job see only PATH (repeatable) and the --rw\n"
		"                     trees, not the whole host nor the current directory\n"
		"  --no-files         no files at all, only the standard streams: every path\n"
		"                     is ENOENT\n"
		"  --strace           print each system call of the job to stderr, as strace\n"
		"                     does, with where it was served, and a count at the end\n"
		"  -o, --strace-output FILE\n"
		"                     --strace, into FILE instead of stderr\n"
		"  --stats            at the end, on stderr: wall clock and job time, system\n"
		"                     calls served on the CPU and forwarded, the largest\n"
		"                     resident set and VM exits by reason, as time -v and\n"
		"                     strace -c would, and where the processes' time went;\n"
		"                     for every process of the job that ended before the\n"
		"                     first one did\n"
		"  --stats-json FILE  the same, as one JSON object in FILE\n"
		"  --stats-jsonl FILE the same, appended to FILE as one line (JSON Lines):\n"
		"                     for many execs into one file, such as make's lines\n"
		"  --make-shell       this is GNU make's SHELL: a recipe line make marks\n"
		"                     recursive ($(MAKE), a '+'), which it hands its\n"
		"                     jobserver's pipe, runs natively, so that its sub-make\n"
		"                     keeps the jobserver; every other line is a job\n"
		"\n"
		"Exit status: the job's own; 128+N when signal N killed it: an exception\n"
		"it did not handle (139 for a page fault or general protection fault,\n"
		"132 invalid opcode, 136 divide error, 133 breakpoint, 135 alignment\n"
		"check), or a signal it neither handled nor ignored, such as SIGINT (130)\n"
		"or SIGTERM (143) sent to vtjobctl, which passes them to the job; 124\n"
		"when it timed out; 126 when PROGRAM or its interpreter is not one a job\n"
		"can run; 127 when either does not exist (for the job), or PROGRAM is in\n"
		"no directory of PATH; 125 when vtjobctl failed itself, as timeout(1) and\n"
		"env(1) do: a bad option, no module, no reserved CPU, too little --mem, job\n"
		"memory beyond the locked-memory limit, or the module failed.\n",
	.run = run_exec,
};
