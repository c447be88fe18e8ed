// SPDX-License-Identifier: GPL-2.0
/*
 * spawn_loop N PROGRAM [ARG...]: starts PROGRAM N times with posix_spawn
 * (a vfork and an exec: glibc's clone(CLONE_VM | CLONE_VFORK)) and N times
 * with fork and execv, waiting for each, and prints the median time of
 * each way in microseconds:
 *   spawn_us M
 *   fork_exec_us M
 * What a shell or a compiler driver pays for each process it starts, as
 * a job and natively. Exits 1 if a start failed or PROGRAM did not exit 0.
 */
#define _GNU_SOURCE
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static int exited_0(pid_t pid)
{
	int status;

	return pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	       WEXITSTATUS(status) == 0;
}

static int start(char **argv, int use_spawn)
{
	pid_t pid;

	if (use_spawn)
		return !posix_spawn(&pid, argv[0], NULL, NULL, argv, environ) && exited_0(pid);
	pid = fork();
	if (pid == 0) {
		execv(argv[0], argv);
		_exit(127);
	}
	return exited_0(pid);
}

int main(int argc, char **argv)
{
	static const char *const names[] = { "fork_exec_us", "spawn_us" };
	int n = argc > 2 ? atoi(argv[1]) : 0, way, i;
	double *times;

	if (n < 1) {
		fprintf(stderr, "usage: spawn_loop N PROGRAM [ARG...]\n");
		return 2;
	}
	times = calloc((size_t)n, sizeof(*times));
	if (!times)
		return 1;
	for (way = 1; way >= 0; way--) {
		for (i = 0; i < n; i++) {
			double begin = now_us();

			if (!start(argv + 2, way)) {
				fprintf(stderr, "spawn_loop: %s did not exit 0\n", argv[2]);
				return 1;
			}
			times[i] = now_us() - begin;
		}
		qsort(times, (size_t)n, sizeof(*times), by_value);
		printf("%s %.0f\n", names[way], times[n / 2]);
	}
	free(times);
	return 0;
}
