// SPDX-License-Identifier: GPL-2.0
#include "isolation/irqbalance_ban.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lib/host_file.h"

/* The drop-in: its comment and [Service] line, and the variable with a CPU list. */
#define DROPIN_MAX	(CPUS_LIST_MAX + 128)

extern char **environ;

/* The pid of a process named irqbalance, or 0 if none runs. */
static long irqbalance_pid(const char *root)
{
	char dir[PATH_MAX], comm_path[64], comm[32];
	struct dirent *entry;
	long pid = 0;
	DIR *proc;

	if (!host_path(root, "/proc", dir, sizeof(dir)))
		return 0;
	proc = opendir(dir);
	if (!proc)
		return 0;
	while (!pid && (entry = readdir(proc))) {
		if (!isdigit((unsigned char)entry->d_name[0]))
			continue;
		snprintf(comm_path, sizeof(comm_path), "/proc/%.20s/comm", entry->d_name);
		if (host_file_read(root, comm_path, comm, sizeof(comm)) == 0 &&
		    strcmp(comm, "irqbalance") == 0)
			pid = strtol(entry->d_name, NULL, 10);
	}
	closedir(proc);
	return pid;
}

static bool systemd_runs(const char *root)
{
	char path[PATH_MAX];
	struct stat st;

	return host_path(root, SYSTEMD_RUNTIME_UNITS, path, sizeof(path)) &&
	       stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/*
 * `systemctl @verb [@unit]`, its output dropped: systemctl's words are
 * not the step's line. Returns its exit status, or -errno if it cannot run.
 */
static int systemctl(const char *root, const char *verb, const char *unit)
{
	char path[PATH_MAX];
	char *argv[] = { path, (char *)verb, (char *)unit, NULL };
	posix_spawn_file_actions_t actions;
	int err, status;
	pid_t pid;

	if (!host_path(root, SYSTEMCTL_PATH, path, sizeof(path)))
		return -ENAMETOOLONG;
	err = posix_spawn_file_actions_init(&actions);
	if (err)
		return -err;
	err = posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
	if (!err)
		err = posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
	if (!err)
		err = posix_spawn(&pid, path, &actions, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&actions);
	if (err)
		return -err;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -errno;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* daemon-reload, then try-restart: a stopped irqbalance stays stopped. */
static int restart_irqbalance(const char *root, char *failure, size_t size)
{
	static const char *const verbs[] = { "daemon-reload", "try-restart" };
	size_t i;
	int ret;

	for (i = 0; i < 2; i++) {
		ret = systemctl(root, verbs[i], i ? IRQBALANCE_UNIT : NULL);
		if (ret) {
			if (ret < 0)
				snprintf(failure, size, "systemctl %s: %s", verbs[i], strerror(-ret));
			else
				snprintf(failure, size, "systemctl %s exited %d", verbs[i], ret);
			return -1;
		}
	}
	return 0;
}

static int write_dropin(const char *root, const char *text)
{
	char dir[PATH_MAX], path[PATH_MAX];
	FILE *file;

	if (!host_path(root, IRQBALANCE_DROPIN_DIR, dir, sizeof(dir)) ||
	    !host_path(root, IRQBALANCE_DROPIN_PATH, path, sizeof(path)))
		return -ENAMETOOLONG;
	if (mkdir(dir, 0755) < 0 && errno != EEXIST)
		return -errno;
	file = fopen(path, "we");
	if (!file)
		return -errno;
	fputs(text, file);
	return fclose(file) ? -errno : 0;
}

static enum isolation_result remove_ban(const char *root, struct isolation_state *state,
					FILE *out)
{
	char path[PATH_MAX], failure[128];

	if (!state->wrote_irqbalance_dropin) {
		fputs("irqbalance: nothing to restore\n", out);
		return ISOLATION_UNCHANGED;
	}
	if (!host_path(root, IRQBALANCE_DROPIN_PATH, path, sizeof(path)) ||
	    (unlink(path) < 0 && errno != ENOENT)) {
		fprintf(out, "irqbalance: cannot remove %s (%s)\n", IRQBALANCE_DROPIN_PATH,
			strerror(errno));
		return ISOLATION_FAILED;
	}
	state->wrote_irqbalance_dropin = false;
	if (restart_irqbalance(root, failure, sizeof(failure))) {
		fprintf(out, "irqbalance: removed %s, but %s; it keeps off the CPUs until restarted\n",
			IRQBALANCE_DROPIN_PATH, failure);
		return ISOLATION_FAILED;
	}
	fprintf(out, "irqbalance: removed %s%s\n", IRQBALANCE_DROPIN_PATH,
		irqbalance_pid(root) ? "; restarted it" : "");
	return ISOLATION_DONE;
}

enum isolation_result
irqbalance_ban_isolate(const char *root, struct isolation_state *state,
		       const struct cpus *isolated, FILE *out)
{
	char list[CPUS_LIST_MAX], description[CPUS_DESCRIPTION_MAX];
	char wanted[DROPIN_MAX], current[DROPIN_MAX], failure[128];
	long pid;
	int err;

	if (cpus_is_empty(isolated))
		return remove_ban(root, state, out);
	pid = irqbalance_pid(root);
	if (!pid && !state->wrote_irqbalance_dropin) {
		fputs("irqbalance: not running; nothing to do\n", out);
		return ISOLATION_UNCHANGED;
	}
	cpus_format(isolated, list, sizeof(list));
	cpus_describe(isolated, description, sizeof(description));
	if (!systemd_runs(root)) {
		fprintf(out, "irqbalance: runs (pid %ld), but not under systemd: it may move IRQs "
			"back onto %s; start it with IRQBALANCE_BANNED_CPULIST=%s\n",
			pid, description, list);
		return ISOLATION_FAILED;
	}

	snprintf(wanted, sizeof(wanted),
		 "# vtjobctl reserve wrote this; vtjobctl release removes it.\n"
		 "[Service]\nEnvironment=IRQBALANCE_BANNED_CPULIST=%s\n", list);
	/* host_file_read() leaves the last newline out. */
	if (state->wrote_irqbalance_dropin &&
	    host_file_read(root, IRQBALANCE_DROPIN_PATH, current, sizeof(current)) == 0 &&
	    strlen(current) + 1 == strlen(wanted) && !strncmp(current, wanted, strlen(current))) {
		fprintf(out, "irqbalance: already kept off %s\n", description);
		return ISOLATION_UNCHANGED;
	}
	err = write_dropin(root, wanted);
	if (err) {
		fprintf(out, "irqbalance: cannot write %s (%s); it may move IRQs back onto %s\n",
			IRQBALANCE_DROPIN_PATH, strerror(-err), description);
		return ISOLATION_FAILED;
	}
	state->wrote_irqbalance_dropin = true;
	if (restart_irqbalance(root, failure, sizeof(failure))) {
		fprintf(out, "irqbalance: wrote %s, but %s; it may move IRQs back onto %s until "
			"restarted\n", IRQBALANCE_DROPIN_PATH, failure, description);
		return ISOLATION_FAILED;
	}
	fprintf(out, "irqbalance: kept off %s (IRQBALANCE_BANNED_CPULIST in %s)%s\n",
		description, IRQBALANCE_DROPIN_PATH, pid ? "; restarted it" : "");
	return ISOLATION_DONE;
}
