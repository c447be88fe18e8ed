// SPDX-License-Identifier: GPL-2.0
#include "runtime/job_stats.h"

#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <time.h>

#include "client/vtjob_job_ioctl.h"

/* _Atomic, and address-free when lock-free: shared by forked runners. */
struct job_stats {
	atomic_uint_least64_t processes;
	atomic_uint_least64_t jobs;
	atomic_uint_least64_t run_ns;
	atomic_uint_least64_t guest_ns;
	atomic_uint_least64_t syscalls_served;
	atomic_uint_least64_t syscalls_forwarded;
	atomic_uint_least64_t max_rss_kib;
	atomic_uint_least64_t process_ns;
	atomic_uint_least64_t in_run_ns;
	atomic_uint_least64_t serving_ns;
	atomic_uint_least64_t exec_ns;
	atomic_uint_least64_t waiting_ns;
	atomic_uint_least64_t exits[JOB_STATS_EXIT_REASONS];
	atomic_int error;
};

_Static_assert(ATOMIC_LLONG_LOCK_FREE == 2 && ATOMIC_INT_LOCK_FREE == 2,
	       "the sum is shared by processes: its atomics must be lock-free");

struct job_stats *job_stats_create(void)
{
	struct job_stats *stats;

	/* Anonymous memory is zero: every counter starts at 0. */
	stats = mmap(NULL, sizeof(*stats), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
		     -1, 0);
	return stats == MAP_FAILED ? NULL : stats;
}

void job_stats_destroy(struct job_stats *stats)
{
	if (stats)
		munmap(stats, sizeof(*stats));
}

void job_stats_snapshot(int job_fd, struct job_stats_snapshot *snapshot)
{
	struct vtjob_stats module;
	int err;

	memset(snapshot, 0, sizeof(*snapshot));
	memset(&module, 0, sizeof(module));
	module.nr_exit_reasons = JOB_STATS_EXIT_REASONS;
	module.exits = (uintptr_t)snapshot->exits;
	err = vtjob_get_stats(job_fd, &module);
	if (err) {
		memset(snapshot->exits, 0, sizeof(snapshot->exits));
		snapshot->error = err;
		return;
	}
	snapshot->run_ns = module.run_ns;
	snapshot->guest_ns = module.guest_ns;
	snapshot->syscalls_served = module.syscalls_served;
	snapshot->syscalls_forwarded = module.syscalls_forwarded;
}

static void note_error(struct job_stats *stats, int err)
{
	int none = 0;

	atomic_compare_exchange_strong(&stats->error, &none, err);
}

void job_stats_add_snapshot(struct job_stats *stats, const struct job_stats_snapshot *snapshot)
{
	size_t i;

	if (snapshot->error) {
		note_error(stats, snapshot->error);
		return;
	}
	atomic_fetch_add(&stats->jobs, 1);
	atomic_fetch_add(&stats->run_ns, snapshot->run_ns);
	atomic_fetch_add(&stats->guest_ns, snapshot->guest_ns);
	atomic_fetch_add(&stats->syscalls_served, snapshot->syscalls_served);
	atomic_fetch_add(&stats->syscalls_forwarded, snapshot->syscalls_forwarded);
	for (i = 0; i < JOB_STATS_EXIT_REASONS; i++)
		if (snapshot->exits[i])
			atomic_fetch_add(&stats->exits[i], snapshot->exits[i]);
}

int job_stats_add_job(struct job_stats *stats, int job_fd)
{
	struct job_stats_snapshot snapshot;

	job_stats_snapshot(job_fd, &snapshot);
	job_stats_add_snapshot(stats, &snapshot);
	return snapshot.error;
}

uint64_t job_stats_now_ns(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec;
}

void job_stats_runner_start(struct job_stats_runner *runner)
{
	memset(runner, 0, sizeof(*runner));
	runner->start_ns = job_stats_now_ns();
}

enum job_stats_call job_stats_call_kind(uint64_t nr)
{
	switch (nr) {
	case SYS_execve:
	case SYS_execveat:
		return JOB_STATS_CALL_EXEC;
	case SYS_wait4:
	case SYS_waitid:
	case SYS_rt_sigsuspend:
	case SYS_pause:
	case SYS_poll:
	case SYS_ppoll:
	case SYS_select:
	case SYS_pselect6:
	case SYS_vfork:
		return JOB_STATS_CALL_WAITING;
	default:
		return JOB_STATS_CALL_SERVED;
	}
}

void job_stats_runner_served(struct job_stats_runner *runner, enum job_stats_call kind,
			     uint64_t ns)
{
	runner->serving_ns += ns;
	if (kind == JOB_STATS_CALL_EXEC)
		runner->exec_ns += ns;
	else if (kind == JOB_STATS_CALL_WAITING)
		runner->waiting_ns += ns;
}

void job_stats_add_process(struct job_stats *stats, const struct job_stats_runner *runner)
{
	uint64_t now = job_stats_now_ns();
	struct rusage usage;
	uint_least64_t seen, rss;

	atomic_fetch_add(&stats->processes, 1);
	atomic_fetch_add(&stats->process_ns, now - runner->start_ns);
	atomic_fetch_add(&stats->in_run_ns, runner->in_run_ns);
	atomic_fetch_add(&stats->serving_ns, runner->serving_ns);
	atomic_fetch_add(&stats->exec_ns, runner->exec_ns);
	atomic_fetch_add(&stats->waiting_ns, runner->waiting_ns);
	if (getrusage(RUSAGE_SELF, &usage))
		return;
	rss = (uint_least64_t)usage.ru_maxrss;
	seen = atomic_load(&stats->max_rss_kib);
	while (rss > seen && !atomic_compare_exchange_weak(&stats->max_rss_kib, &seen, rss))
		;
}

void job_stats_read(struct job_stats *stats, struct job_stats_totals *totals)
{
	struct job_stats *shared = stats;
	size_t i;

	totals->processes = atomic_load(&shared->processes);
	totals->jobs = atomic_load(&shared->jobs);
	totals->run_ns = atomic_load(&shared->run_ns);
	totals->guest_ns = atomic_load(&shared->guest_ns);
	totals->process_ns = atomic_load(&shared->process_ns);
	totals->in_run_ns = atomic_load(&shared->in_run_ns);
	totals->serving_ns = atomic_load(&shared->serving_ns);
	totals->exec_ns = atomic_load(&shared->exec_ns);
	totals->waiting_ns = atomic_load(&shared->waiting_ns);
	totals->syscalls_served = atomic_load(&shared->syscalls_served);
	totals->syscalls_forwarded = atomic_load(&shared->syscalls_forwarded);
	totals->max_rss_kib = atomic_load(&shared->max_rss_kib);
	for (i = 0; i < JOB_STATS_EXIT_REASONS; i++)
		totals->exits[i] = atomic_load(&shared->exits[i]);
	totals->error = atomic_load(&shared->error);
}
