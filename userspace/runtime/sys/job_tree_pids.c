// SPDX-License-Identifier: GPL-2.0
/*
 * Which host processes are a job tree's, from /proc: see job_tree_pids.h.
 * Nothing here is cached: runners fork, exec and end all the time, and a
 * stale answer would be a wrong one.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/pidfd.h>
#include <unistd.h>

#include "runtime/sys/job_tree_pids.h"

/*
 * More parents than any tree has: the walk up ends at init or at a
 * process without a parent in this pid namespace long before.
 */
#define MAX_DEPTH	65536

/* @pid's parent and group, from "pid (comm) state ppid pgrp ...". */
static int read_stat(pid_t pid, pid_t *ppid, pid_t *pgrp)
{
	char path[32], line[256], *comm_end;
	ssize_t len;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -ESRCH;
	len = read(fd, line, sizeof(line) - 1);
	close(fd);
	if (len <= 0)
		return -ESRCH;
	line[len] = '\0';
	/* comm may hold spaces and ')': it ends at the last ')'. */
	comm_end = strrchr(line, ')');
	if (!comm_end || sscanf(comm_end + 1, " %*c %d %d", ppid, pgrp) != 2)
		return -ESRCH;
	return 0;
}

bool job_tree_has(pid_t root, pid_t pid)
{
	pid_t parent, group;
	int depth;

	if (root <= 0)
		return false;
	for (depth = 0; depth < MAX_DEPTH && pid > 0; depth++) {
		if (pid == root)
			return true;
		if (read_stat(pid, &parent, &group))
			return false;
		pid = parent;
	}
	return false;
}

int job_tree_signal(pid_t root, pid_t pid, int signal)
{
	int pidfd, err = 0;

	if (pid <= 0)
		return -ESRCH;
	pidfd = pidfd_open(pid, 0);
	/* EINVAL: @pid is a thread's, and no runner has threads. */
	if (pidfd < 0)
		return errno == EINVAL ? -ESRCH : -errno;
	if (!job_tree_has(root, pid))
		err = -ESRCH;
	else if (pidfd_send_signal(pidfd, signal, NULL, 0) < 0)
		err = -errno;
	close(pidfd);
	return err;
}

/* Calls @visit on each pid of @root's tree in group @pgrp (any: 0) but @self. */
static int for_each_in_tree(pid_t root, pid_t self, pid_t pgrp,
			    int (*visit)(pid_t root, pid_t pid, void *arg), void *arg)
{
	struct dirent *entry;
	pid_t pid, parent, group;
	DIR *proc;
	int ret = 0;
	char *end;

	proc = opendir("/proc");
	if (!proc)
		return -errno;
	while (!ret && (entry = readdir(proc))) {
		pid = (pid_t)strtol(entry->d_name, &end, 10);
		if (*end || pid <= 0 || pid == self)
			continue;
		if (read_stat(pid, &parent, &group) || (pgrp && group != pgrp))
			continue;
		if (job_tree_has(root, pid))
			ret = visit(root, pid, arg);
	}
	closedir(proc);
	return ret;
}

static int found(pid_t root, pid_t pid, void *arg)
{
	(void)root;
	(void)pid;
	(void)arg;
	return 1;
}

bool job_tree_has_group(pid_t root, pid_t pgrp)
{
	return pgrp > 0 && for_each_in_tree(root, 0, pgrp, found, NULL) == 1;
}

struct group_signal {
	int signal;
	int signalled;
	int first_error;
};

static int signal_one(pid_t root, pid_t pid, void *arg)
{
	struct group_signal *group = arg;
	int err = job_tree_signal(root, pid, group->signal);

	if (!err)
		group->signalled++;
	/* One that ended since the scan was never there to signal. */
	else if (err != -ESRCH && !group->first_error)
		group->first_error = err;
	return 0;
}

int job_tree_signal_group(pid_t root, pid_t self, pid_t pgrp, int signal, bool *self_too)
{
	struct group_signal group = { .signal = signal };
	int err;

	*self_too = pgrp > 0 && getpgid(self) == pgrp;
	err = for_each_in_tree(root, self, pgrp, signal_one, &group);
	if (err)
		return err;
	if (group.signalled || *self_too)
		return 0;
	return group.first_error ? group.first_error : -ESRCH;
}
