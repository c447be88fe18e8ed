// SPDX-License-Identifier: GPL-2.0
#include "runtime/job_exec.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "guestmem/alloc.h"
#include "loader/job_elf.h"
#include "loader/job_layout.h"
#include "loader/job_script.h"
#include "loader/program_file.h"
#include "runtime/job_create.h"
#include "runtime/job_program.h"

/* The name Linux gives a file execveat() runs by its fd. */
#define FD_NAME_SIZE	32

static int reopen(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	return fd < 0 ? -errno : fd;
}

/* The program's file, open for reading, found as the job named it. */
static int open_program(const struct job_process *proc, const struct job_paths *paths,
			const struct job_exec_call *call)
{
	char fd_path[FD_NAME_SIZE];

	if (call->empty_path) {
		if (call->base == JOB_PATH_CWD)
			return job_path_open(paths, JOB_PATH_CWD, ".", O_RDONLY | O_CLOEXEC, 0);
		/* fexecve(): the job's fd may be O_PATH; the file it is on, again. */
		snprintf(fd_path, sizeof(fd_path), "/proc/self/fd/%d", call->base);
		return reopen(fd_path);
	}
	/* The job's /proc is the runner's: its own program, by name. */
	if (!strcmp(call->path, "/proc/self/exe"))
		return reopen(proc->exe_path);
	return job_path_open(paths, call->base, call->path,
			     O_RDONLY | O_CLOEXEC | (call->nofollow ? O_NOFOLLOW : 0), 0);
}

/* execve()'s checks of the file itself: a regular file the caller may execute. */
static int check_executable(int fd)
{
	struct stat st;

	if (fstat(fd, &st) < 0)
		return -errno;
	if (!S_ISREG(st.st_mode))
		return -EACCES;
	if (faccessat(fd, "", X_OK, AT_EACCESS | AT_EMPTY_PATH) < 0)
		return -errno;
	return 0;
}

/* The program's ELF image, read from @fd. */
static int read_program(int fd, struct program_file *file)
{
	char fd_path[FD_NAME_SIZE], why[256];
	int err;

	/* By the name of the fd, so that it is the file the policy let through. */
	snprintf(fd_path, sizeof(fd_path), "/proc/self/fd/%d", fd);
	err = program_file_read(fd_path, file, why, sizeof(why));
	return err == -EISDIR ? -EACCES : err;
}

/* Where /proc/self/exe will lead: the program's path, or its name when it has none. */
static char *program_path(int fd, const char *name)
{
	char path[PATH_MAX];

	if (job_path_of_fd(fd, path, sizeof(path)) < 0)
		return strdup(name);
	return strdup(path);
}

/*
 * The interpreter @plan names, opened through the job's path policy as
 * any file the job opens, read into @file and planned into @interp:
 * 0, or the -errno Linux's execve() gives (ENOENT when it is missing or
 * hidden, ELIBBAD when it is no interpreter).
 */
static int load_interp(const struct job_paths *paths, const struct job_elf_plan *plan,
		       struct program_file *file, struct job_elf_plan *interp)
{
	char why[256];
	int fd, err;

	fd = job_path_open(paths, JOB_PATH_CWD, plan->interp, O_RDONLY | O_CLOEXEC, 0);
	if (fd < 0)
		return fd;
	err = program_file_read_fd(fd, file, why, sizeof(why));
	close(fd);
	if (err)
		return err == -EISDIR ? -EACCES : err;
	if (job_elf_plan_interp(file->bytes, file->size, JOB_MEM_MAX, interp, why, sizeof(why)))
		return -ELIBBAD;
	interp->image_fd = file->fd;
	return 0;
}

/* Loads the ELF program open at @fd, and its interpreter, into a new job at @proc's job fd. */
static int load_program(const struct job_process *proc, const struct job_paths *paths, int fd,
			char *const *argv, char *const *envp, const char *execfn,
			struct job_exec_done *done)
{
	struct job_create_params params = {
		.cpu = proc->maker->cpu,
		.mem_size = proc->view.mem_size,
		.timeout_ns = proc->maker->timeout_ns,
		.trace_syscalls = proc->maker->trace_syscalls,
		/* Its signal mask, ignored signals and limits go on. */
		.replaces = true,
		.replaced_fd = proc->job_fd,
	};
	struct program_file file = { 0 }, interp_file = { 0 };
	struct job_stats_snapshot old_job;
	struct job_elf_plan plan, interp;
	struct job_layout layout;
	struct job_start start;
	char *exe_path = NULL, why[512];
	uint8_t *mem = NULL;
	int job_fd, err;

	err = read_program(fd, &file);
	if (err)
		return err;
	err = -ENOEXEC;
	if (job_elf_plan(file.bytes, file.size, JOB_TABLES_END, JOB_MEM_MAX, &plan, why,
			 sizeof(why)))
		goto out;
	plan.image_fd = file.fd;
	if (plan.interp) {
		err = load_interp(paths, &plan, &interp_file, &interp);
		if (err)
			goto out;
	}
	err = job_start_from_host(argv, envp, execfn, &start);
	if (err)
		goto out;
	start.interp = plan.interp ? &interp : NULL;
	err = job_program_place(&plan, &start, proc->view.mem_size, &mem, &layout);
	/* A program that does not fit the job's memory: Linux's answer when memory runs out. */
	if (err == -E2BIG || err == -ENOSPC)
		err = -ENOMEM;
	if (err)
		goto out;
	exe_path = program_path(fd, execfn);
	if (!exe_path) {
		err = -ENOMEM;
		goto out_mem;
	}
	params.mem = mem;
	params.layout = &layout;
	job_fd = job_create(proc->maker->dev_fd, &params, why, sizeof(why));
	if (job_fd < 0) {
		err = job_fd;
		goto out_mem;
	}
	/*
	 * No way back from here: the old job ends. Its figures are read
	 * before it goes with its fd, and counted once it has.
	 */
	if (proc->stats)
		job_stats_snapshot(proc->job_fd, &old_job);
	err = job_process_take_job(proc, job_fd);
	if (err)
		goto out_mem;
	if (proc->stats)
		job_stats_add_snapshot(proc->stats, &old_job);
	done->mem = mem;
	done->cr3 = layout.cr3;
	done->file_maps = layout.file_maps;
	done->exe_path = exe_path;
	program_file_free(&interp_file);
	program_file_free(&file);
	return 0;

out_mem:
	free(exe_path);
	guestmem_free(mem, proc->view.mem_size);
out:
	program_file_free(&interp_file);
	program_file_free(&file);
	return err;
}

/*
 * Linux runs a script by the name "/dev/fd/N" when execveat() gave it by
 * fd; an fd that closes at exec leaves the interpreter nothing to open.
 */
static bool fd_closes_at_exec(const struct job_fd_table *fds, uint64_t fd)
{
	const struct job_fd *entry = job_fd_entry(fds, fd);

	return entry && entry->cloexec;
}

int job_exec(const struct job_process *proc, const struct job_paths *paths,
	     const struct job_fd_table *fds, const struct job_exec_call *call,
	     struct job_exec_done *done)
{
	char fd_name[FD_NAME_SIZE], **script_argv = NULL, **next;
	uint8_t head[JOB_SCRIPT_HEAD_SIZE];
	char *const *argv = call->argv;
	const char *name = call->path;
	struct job_script script;
	int fd, depth, err;
	ssize_t n;

	if (call->empty_path) {
		snprintf(fd_name, sizeof(fd_name), "/dev/fd/%u", (unsigned int)call->dirfd);
		name = fd_name;
	}
	fd = open_program(proc, paths, call);
	if (fd < 0)
		return fd;
	for (depth = 0;; depth++) {
		err = -ELOOP;
		if (depth > JOB_SCRIPT_MAX_DEPTH)
			break;
		err = check_executable(fd);
		if (err)
			break;
		n = pread(fd, head, sizeof(head), 0);
		err = n < 0 ? -errno : job_script_parse(head, (size_t)n, &script);
		if (err <= 0) {
			if (!err)
				err = load_program(proc, paths, fd, argv, call->envp, name, done);
			break;
		}
		err = -ENOENT;
		if (depth == 0 && call->empty_path && fd_closes_at_exec(fds, call->dirfd))
			break;
		/* The interpreter runs with the script's path; a nested one with its name. */
		next = job_script_argv(&script, depth ? argv[0] : name, argv);
		err = -ENOMEM;
		if (!next)
			break;
		job_exec_strings_free(script_argv);
		script_argv = next;
		argv = script_argv;
		close(fd);
		/* "#!" and nothing: Linux looks for a file of no name. */
		fd = script.interp[0] ? job_path_open(paths, JOB_PATH_CWD, script.interp,
						      O_RDONLY | O_CLOEXEC, 0) : -ENOENT;
		if (fd < 0) {
			err = fd;
			break;
		}
	}
	if (fd >= 0)
		close(fd);
	job_exec_strings_free(script_argv);
	return err;
}
