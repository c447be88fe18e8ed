// SPDX-License-Identifier: GPL-2.0
/*
 * `vtjobctl make`: GNU make, run natively, with every recipe line a job
 * tree. make splits SHELL into words and runs "SHELL .SHELLFLAGS LINE",
 * so SHELL="vtjobctl exec OPTIONS -- /bin/sh" makes each line
 * `/bin/sh -c LINE` a job, and every process it starts a job of its own;
 * make's jobserver, its waiting and its signals stay the host's.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "cmd/exec_options.h"
#include "cmd/make_args.h"
#include "cmd/make_recursion.h"
#include "cmd/nl_error.h"
#include "lib/cli.h"

/*
 * A build's --mem unless told: cc1 alone peaks at 43-69 MiB with the 13
 * MiB of libraries it maps, which a job copies into its own memory. Job
 * memory is pinned as it is touched, so the limit costs nothing unused.
 */
#define MAKE_MEM_DEFAULT	"512M"

/* The shell a recipe line runs in when make's arguments name none. */
#define MAKE_SHELL_DEFAULT	"/bin/sh"

/* The SHELL=... argument; paths are at most PATH_MAX, a few of them. */
#define SHELL_ARG_MAX		(16 * PATH_MAX)
#define SHELL_PREFIX		"SHELL="
#define SHELL_WORDS_MAX		(SHELL_ARG_MAX - sizeof(SHELL_PREFIX) + 1)

/* Checks an exec option's value as exec will, so that a typo fails once, here. */
static int check_option(const struct make_exec_option *option)
{
	struct exec_file_options files = { 0 };
	char problem[256];
	uint64_t number;
	uint32_t cpu;
	int err = 0;

	if (!strcmp(option->name, "--cpu"))
		err = exec_parse_cpu(option->value, &cpu, problem, sizeof(problem));
	else if (!strcmp(option->name, "--mem"))
		err = exec_parse_mem(option->value, &number, problem, sizeof(problem));
	else if (!strcmp(option->name, "--timeout"))
		err = exec_parse_timeout(option->value, &number, problem, sizeof(problem));
	else if (!strcmp(option->name, "--rw") || !strcmp(option->name, "--ro"))
		err = exec_add_tree(&files, option->name[3] == 'w', option->value, problem,
				    sizeof(problem));
	else if (!strcmp(option->name, "--stats-jsonl"))
		err = exec_check_output_path(option->name, option->value, problem,
					     sizeof(problem));
	exec_file_options_free(&files);
	if (err)
		cli_error("%s", problem);
	return err;
}

/* How many CPUs are reserved for jobs: -j's default. The exit status on failure. */
static int reserved_cpus(unsigned int *nr)
{
	struct vtjob_module_info module = { .nr_reserved = 0 };
	struct vtjob_nl_error err;
	struct vtjob_nl nl;
	int status;

	status = cmd_nl_open(&nl);
	if (status)
		return status == EXIT_MODULE_NOT_LOADED ? status : EXIT_OWN_FAILURE;
	if (vtjob_nl_get_module(&nl, &module, &err)) {
		cmd_nl_failed("asking the module about itself", &err);
		status = EXIT_OWN_FAILURE;
	} else if (!module.nr_reserved) {
		cli_error("no CPU is reserved for jobs; reserve some with 'vtjobctl reserve CPULIST'");
		status = EXIT_OWN_FAILURE;
	}
	*nr = module.nr_reserved;
	vtjob_nl_close(&nl);
	return status;
}

/* --rw @path for the policy, when it is a directory that exists. */
static int add_tree(char *words, const char *path)
{
	char *real = realpath(path, NULL);
	int err = 0;

	if (real) {
		err = make_append_shell_word(words, SHELL_WORDS_MAX, "--rw") ||
		      make_append_shell_word(words, SHELL_WORDS_MAX, real);
		free(real);
	}
	return err;
}

/*
 * An option's value for lines that run in other directories: --stats-jsonl's
 * file made absolute from @cwd, so that every line appends to the one file.
 */
static int append_value(char *words, const struct make_exec_option *option, const char *cwd)
{
	char path[2 * PATH_MAX];

	if (strcmp(option->name, "--stats-jsonl") || option->value[0] == '/')
		return make_append_shell_word(words, SHELL_WORDS_MAX, option->value);
	if ((size_t)snprintf(path, sizeof(path), "%s/%s", cwd, option->value) >= sizeof(path))
		return -1;
	return make_append_shell_word(words, SHELL_WORDS_MAX, path);
}

/* The words of @line's exec options, and --mem MAKE_MEM_DEFAULT unless one is --mem. */
static int add_exec_options(char *words, const struct make_command_line *line, const char *cwd)
{
	bool has_mem = false;
	size_t i;

	for (i = 0; i < line->nr_options; i++) {
		has_mem |= !strcmp(line->options[i].name, "--mem");
		if (make_append_shell_word(words, SHELL_WORDS_MAX, line->options[i].name) ||
		    (line->options[i].value && append_value(words, &line->options[i], cwd)))
			return -1;
	}
	if (has_mem)
		return 0;
	return make_append_shell_word(words, SHELL_WORDS_MAX, "--mem") ||
	       make_append_shell_word(words, SHELL_WORDS_MAX, MAKE_MEM_DEFAULT);
}

/*
 * SHELL=vtjobctl exec --make-shell [the exec options] --rw CWD --rw DIR
 * --rw TMPDIR -- SHELL: the recipe's shell as a job, with a build's path
 * policy, but a recursive line's natively (make_recursion.h); make reads
 * the words after "SHELL=" as sh would. NULL after saying why.
 */
static char *shell_argument(const struct make_command_line *line, const char *cwd,
			    const char *directory, const char *shell)
{
	const char *tmpdir = getenv("TMPDIR");
	char self[PATH_MAX], *arg, *words;
	ssize_t len;
	int err;

	len = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (len < 0) {
		cli_error("cannot tell vtjobctl's own path from /proc/self/exe: %s",
			  strerror(errno));
		return NULL;
	}
	self[len] = '\0';
	arg = malloc(SHELL_ARG_MAX);
	if (!arg) {
		cli_error("no memory for make's SHELL argument");
		return NULL;
	}
	strcpy(arg, SHELL_PREFIX);
	words = arg + strlen(SHELL_PREFIX);
	err = make_append_shell_word(words, SHELL_WORDS_MAX, self) ||
	      make_append_shell_word(words, SHELL_WORDS_MAX, "exec") ||
	      make_append_shell_word(words, SHELL_WORDS_MAX, "--make-shell") ||
	      add_exec_options(words, line, cwd) ||
	      add_tree(words, cwd) ||
	      (strcmp(directory, cwd) && add_tree(words, directory)) ||
	      add_tree(words, tmpdir && *tmpdir ? tmpdir : "/tmp") ||
	      make_append_shell_word(words, SHELL_WORDS_MAX, "--") ||
	      make_append_shell_word(words, SHELL_WORDS_MAX, shell);
	if (err) {
		cli_error("make's SHELL argument would be longer than %d bytes", SHELL_ARG_MAX);
		free(arg);
		return NULL;
	}
	return arg;
}

/*
 * With -j1 make makes no jobserver, and then hands no line its fds: a
 * recursive line could not be told from the others (make_recursion.h).
 * In -j1's place, a jobserver of one job, given to make as a parent make
 * gives its own to a sub-make: a pipe with no token in it, make's own
 * implicit token being the one job, named in MAKEFLAGS. Only where
 * MAKEFLAGS is empty: under another make, its flags stay as they are.
 * Returns 1 when make has it, 0 when -j1 it is, -1 having said why not.
 */
static int one_job_jobserver(void)
{
	const char *flags = getenv("MAKEFLAGS");
	char value[64];
	int fds[2];

	if (flags && *flags)
		return 0;
	/* Open in make, which marks them close-on-exec but for recursive lines. */
	if (pipe(fds)) {
		cli_error("cannot make a jobserver pipe for make: %s", strerror(errno));
		return -1;
	}
	snprintf(value, sizeof(value), " --jobserver-auth=%d,%d", fds[0], fds[1]);
	if (setenv("MAKEFLAGS", value, 1)) {
		cli_error("cannot set MAKEFLAGS for make: %s", strerror(errno));
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	return 1;
}

/* make's argv: make, @jobs unless NULL, make's arguments, SHELL=. */
static char **make_argv(const struct make_command_line *line, const struct make_args_seen *seen,
			char *jobs, char *shell_arg)
{
	char **argv = calloc((size_t)line->nr_make_args + 4, sizeof(*argv));
	int i, n = 0;

	if (!argv)
		return NULL;
	argv[n++] = (char *)"make";
	if (jobs)
		argv[n++] = jobs;
	for (i = 0; i < line->nr_make_args; i++)
		argv[n++] = i == seen->shell_index ? shell_arg : line->make_args[i];
	if (seen->shell_index < 0)
		argv[n++] = shell_arg;
	argv[n] = NULL;
	return argv;
}

static int run_make(int argc, char **argv)
{
	struct make_args_seen seen = { .directory = NULL };
	struct make_command_line line;
	char problem[256], jobs[32], cwd[PATH_MAX], *shell_arg = NULL, **args = NULL;
	char *jobs_arg;
	const char *shell = MAKE_SHELL_DEFAULT;
	unsigned int nr_cpus;
	size_t i;
	int status = EXIT_USAGE, err;

	if (make_split_command_line(argc, argv, &line, problem, sizeof(problem))) {
		cli_error("%s; see 'vtjobctl make --help'", problem);
		return EXIT_USAGE;
	}
	if (line.help) {
		fputs(make_command.help, stdout);
		status = EXIT_SUCCESS;
		goto out;
	}
	for (i = 0; i < line.nr_options; i++)
		if (check_option(&line.options[i]))
			goto out;
	if (!getcwd(cwd, sizeof(cwd))) {
		cli_error("cannot tell the current directory: %s", strerror(errno));
		status = EXIT_OWN_FAILURE;
		goto out;
	}
	status = EXIT_OWN_FAILURE;
	if (make_args_scan(line.make_args, line.nr_make_args, cwd, &seen)) {
		cli_error("no memory for make's arguments");
		goto out;
	}
	if (seen.shell_index >= 0)
		shell = line.make_args[seen.shell_index] + strlen("SHELL=");
	status = reserved_cpus(&nr_cpus);
	if (status)
		goto out;
	snprintf(jobs, sizeof(jobs), "-j%u", nr_cpus);
	status = EXIT_OWN_FAILURE;
	jobs_arg = seen.jobs ? NULL : jobs;
	if (jobs_arg && nr_cpus == 1) {
		err = one_job_jobserver();
		if (err < 0)
			goto out;
		if (err)
			jobs_arg = NULL;
	}
	shell_arg = shell_argument(&line, cwd, seen.directory, shell);
	if (!shell_arg)
		goto out;
	args = make_argv(&line, &seen, jobs_arg, shell_arg);
	if (!args) {
		cli_error("no memory for make's arguments");
		goto out;
	}
	/* make's exit status is vtjobctl's: make takes vtjobctl's place. */
	execvp(args[0], args);
	cli_error("cannot run make: %s", strerror(errno));
	status = errno == ENOENT ? 127 : 126;
out:
	free(args);
	free(shell_arg);
	free(seen.directory);
	make_command_line_free(&line);
	return status;
}

const struct command make_command = {
	.name = "make",
	.summary = "run GNU make with every recipe line a job",
	.help =
		"Usage: vtjobctl make [--cpu N] [--mem SIZE] [--timeout SECONDS] [--rw PATH]...\n"
		"                     [--ro PATH]... [--strace] [--stats-jsonl FILE] [--]\n"
		"                     [MAKE ARGS...]\n"
		"\n"
		"Run GNU make natively, with every recipe line a job tree: make runs each\n"
		"line as 'vtjobctl exec ... /bin/sh -c LINE', so the shell and everything\n"
		"it starts (gcc, cc1, as, ld, ar) run as jobs on the reserved CPUs, while\n"
		"make's own work (its jobserver, waiting, signals) stays the host's.\n"
		"\n"
		"The options before MAKE ARGS are vtjobctl exec's, for every recipe line;\n"
		"MAKE ARGS start after '--' or at the first argument that is none of them,\n"
		"and go to make untouched, but for these:\n"
		"  - without a -j (or --jobs), make gets -jN, N the number of reserved CPUs\n"
		"    (for one, a one-job jobserver in MAKEFLAGS, which -j1 would not give);\n"
		"  - a SHELL=PATH among them is the shell each line runs in as a job\n"
		"    (default /bin/sh); a Makefile's own SHELL is not.\n"
		"A line make marks recursive (one naming $(MAKE), or starting with '+')\n"
		"runs natively, as make itself does, so that its sub-make shares make's\n"
		"jobserver; the sub-make's own lines are jobs again.\n"
		"\n"
		"Recipe lines see the host read-only, and may write in the current\n"
		"directory, make's -C directory and $TMPDIR (else /tmp), and in each --rw\n"
		"PATH. --mem defaults to " MAKE_MEM_DEFAULT ", enough for cc1 on a large file; it is\n"
		"a limit, not an allocation. --timeout is for each process of a line.\n"
		"'vtjobctl make -- --help' shows make's own help.\n"
		"\n"
		"Options:\n"
		"  --cpu N            run every job on reserved CPU N\n"
		"  --mem SIZE         each job's memory limit (default " MAKE_MEM_DEFAULT ")\n"
		"  --timeout SECONDS  end a job after this much run time\n"
		"  --rw PATH          let recipe lines write in directory PATH too\n"
		"  --ro PATH          let recipe lines see only PATH and the writable trees\n"
		"  --strace           print each job's system calls to stderr\n"
		"  --stats-jsonl FILE append each line's vtjobctl exec --stats, as a JSON\n"
		"                     object on a line of its own, to FILE\n"
		"\n"
		"Exit status: make's own; 2 for a bad option; 125 when vtjobctl failed\n"
		"itself (no module, no reserved CPU); 127 when there is no make.\n",
	.run = run_make,
};
