// SPDX-License-Identifier: GPL-2.0
#include "runtime/sys/job_process_call.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

/* Not <sched.h>: its CLONE_* would be defined twice. */
#include <linux/sched.h>

/* Where user space ends (TASK_SIZE_MAX): no segment base may be beyond. */
#define USER_SPACE_END		((UINT64_C(1) << 47) - 4096)

void job_exec_strings_free(char **strings)
{
	size_t i;

	if (!strings)
		return;
	for (i = 0; strings[i]; i++)
		free(strings[i]);
	free(strings);
}

void job_process_call_free(struct job_process_call *call)
{
	if (call->kind == JOB_PROCESS_EXEC) {
		free(call->exec.path);
		job_exec_strings_free(call->exec.argv);
		job_exec_strings_free(call->exec.envp);
	}
	memset(call, 0, sizeof(*call));
}

/* The pointers of a NULL-terminated array in the job: how many, at most @max. */
static int count_pointers(const struct guestmem_view *view, uint64_t addr, size_t max,
			  size_t *count)
{
	uint64_t pointer;

	*count = 0;
	if (!addr)
		return 0;
	for (;;) {
		if (guestmem_copy_from(view, &pointer, addr + *count * sizeof(pointer),
				       sizeof(pointer)))
			return -EFAULT;
		if (!pointer)
			return 0;
		if (++*count > max)
			return -E2BIG;
	}
}

/*
 * The @count strings the array at @addr points to, into @strings (room
 * for @count + 1), taking their bytes from *@room. Returns 0 or -errno;
 * the strings copied so far stay in @strings for the caller to free.
 */
static int copy_strings(const struct guestmem_view *view, uint64_t addr, size_t count,
			char **strings, char *scratch, size_t *room)
{
	uint64_t pointer;
	size_t i, len;
	int err;

	for (i = 0; i < count; i++) {
		if (guestmem_copy_from(view, &pointer, addr + i * sizeof(pointer), sizeof(pointer)))
			return -EFAULT;
		err = guestmem_read_string(view, pointer, scratch, JOB_EXEC_STRING_MAX);
		if (err)
			return err == -ENAMETOOLONG ? -E2BIG : err;
		len = strlen(scratch) + 1;
		if (len > *room)
			return -E2BIG;
		*room -= len;
		strings[i] = strdup(scratch);
		if (!strings[i])
			return -ENOMEM;
	}
	return 0;
}

int job_exec_args_read(const struct guestmem_view *view, uint64_t argv_addr,
		       uint64_t envp_addr, char ***argv, char ***envp)
{
	const size_t max_pointers = JOB_EXEC_ARGS_MAX / sizeof(uint64_t);
	size_t argc, envc, room;
	char *scratch = NULL;
	int err;

	*argv = NULL;
	*envp = NULL;
	err = count_pointers(view, argv_addr, max_pointers, &argc);
	if (!err)
		err = count_pointers(view, envp_addr, max_pointers, &envc);
	if (err)
		return err;
	/* The pointers take their room first; an empty argv gets one string. */
	room = (argc ? argc : 1) + envc;
	if (room >= max_pointers)
		return -E2BIG;
	room = JOB_EXEC_ARGS_MAX - room * sizeof(uint64_t);

	*argv = calloc(argc ? argc + 1 : 2, sizeof(char *));
	*envp = calloc(envc + 1, sizeof(char *));
	scratch = malloc(JOB_EXEC_STRING_MAX);
	if (!*argv || !*envp || !scratch) {
		err = -ENOMEM;
		goto out;
	}
	err = copy_strings(view, envp_addr, envc, *envp, scratch, &room);
	if (!err)
		err = copy_strings(view, argv_addr, argc, *argv, scratch, &room);
	if (!err && !argc) {
		/* Linux 6.1 gives a program run with no argv an empty argv[0]. */
		(*argv)[0] = strdup("");
		if (!(*argv)[0])
			err = -ENOMEM;
	}
out:
	free(scratch);
	if (err) {
		job_exec_strings_free(*argv);
		job_exec_strings_free(*envp);
		*argv = NULL;
		*envp = NULL;
	}
	return err;
}

/* What clone() may ask of a job's fork and be given, or that changes nothing here. */
#define CLONE_DONE	(CLONE_VM | CLONE_VFORK | CLONE_SETTLS | CLONE_PARENT_SETTID | \
			 CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID | CLONE_DETACHED | \
			 CLONE_UNTRACED | CLONE_PTRACE | CLONE_IO | CLONE_SYSVSEM)

int job_clone_decode(uint64_t flags, uint64_t exit_signal, uint64_t stack, uint64_t parent_tid,
		     uint64_t child_tid, uint64_t tls, struct job_fork_call *call)
{
	/* Linux's own refusals first (copy_process()), in its order. */
	if ((flags & (CLONE_NEWNS | CLONE_FS)) == (CLONE_NEWNS | CLONE_FS) ||
	    (flags & (CLONE_NEWUSER | CLONE_FS)) == (CLONE_NEWUSER | CLONE_FS))
		return -EINVAL;
	if ((flags & CLONE_THREAD) && !(flags & CLONE_SIGHAND))
		return -EINVAL;
	if ((flags & CLONE_SIGHAND) && !(flags & CLONE_VM))
		return -EINVAL;
	if ((flags & CLONE_PIDFD) && (flags & (CLONE_DETACHED | CLONE_THREAD)))
		return -EINVAL;

	/*
	 * Then what a job cannot have: threads and whatever a child shares
	 * with its parent but memory borrowed until exec (vfork).
	 */
	if (flags & ~(uint64_t)CLONE_DONE)
		return -ENOSYS;
	if ((flags & CLONE_VM) && !(flags & CLONE_VFORK))
		return -ENOSYS;
	if (exit_signal != SIGCHLD)
		return -ENOSYS;
	if ((flags & CLONE_SETTLS) && tls >= USER_SPACE_END)
		return -EPERM;

	memset(call, 0, sizeof(*call));
	call->vfork = flags & CLONE_VFORK;
	call->stack = stack;
	call->set_tls = flags & CLONE_SETTLS;
	call->tls = tls;
	call->parent_tid = flags & CLONE_PARENT_SETTID ? parent_tid : 0;
	call->child_tid = flags & CLONE_CHILD_SETTID ? child_tid : 0;
	return 0;
}

bool job_signal_stops(int signal)
{
	return signal == SIGSTOP || signal == SIGTSTP || signal == SIGTTIN || signal == SIGTTOU;
}
