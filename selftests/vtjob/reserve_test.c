// SPDX-License-Identifier: GPL-2.0
/*
 * CPU reservation through vtjobctl, as a user runs it: what each command
 * prints and exits with, what the module reports, and what host isolation
 * does to the host and undoes again (IRQ affinities, the unbound workqueue
 * mask, the lockup detector's mask, the vmstat interval, the cgroup v2
 * cpuset partition), and where the module puts the jobs of two reserved
 * CPUs. Runs as root with the module loadable; tests that reserve two
 * CPUs need three online and skip otherwise.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "lib/clock.h"
#include "lib/cpus.h"
#include "lib/files.h"
#include "lib/guest.h"
#include "lib/jobs.h"
#include "lib/kmsg.h"
#include "lib/mem.h"
#include "lib/module.h"
#include "lib/run.h"

#define ONLINE_CPUS		"/sys/devices/system/cpu/online"
#define WORKQUEUE_CPUMASK	"/sys/devices/virtual/workqueue/cpumask"
#define WATCHDOG_CPUMASK	"/proc/sys/kernel/watchdog_cpumask"
#define VMSTAT_INTERVAL		"/proc/sys/vm/stat_interval"
#define VTJOB_CGROUP		"/sys/fs/cgroup/vtjob"
#define STATE_FILE		"/run/vtjob/isolation"
#define ALLOW_UNMITIGATED	"/sys/module/vtjob/parameters/allow_unmitigated"
#define NOBODY			65534

/* Bochs runs a few hundred million instructions a second: be patient. */
#define EVENT_TIMEOUT_MS	60000

/* vtjobctl runs from /usr/bin here, as installed: it names modprobe. */
#define NOT_LOADED \
	"vtjobctl: vtjob module is not loaded (the generic netlink family 'vtjob' " \
	"is missing); load it with 'modprobe vtjob'; see 'vtjobctl doctor'\n"

/* A refusal: exit 1, nothing on stdout, one "vtjobctl: " line with @what. */
#define EXPECT_REFUSED(run, what) do {					\
		EXPECT_EQ(1, (run)->status);				\
		EXPECT_STREQ("", (run)->out);				\
		EXPECT_EQ(1, vtj_lines((run)->err));			\
		EXPECT_EQ(0, strncmp((run)->err, "vtjobctl: ", 10));	\
		EXPECT_NE(NULL, strstr((run)->err, what));		\
	} while (0)

/* Runs `vtjobctl <args>` and expects it to succeed. */
#define VTJOBCTL_OK(run, ...) do {					\
		vtj_vtjobctl(run, __VA_ARGS__);				\
		ASSERT_EQ(0, (run)->status);				\
		ASSERT_STREQ("", (run)->err);				\
	} while (0)

/* The row of `vtjobctl status` for @cpu (CPU, STATE, VMX, ...), or NULL. */
static const char *status_line(const char *status, unsigned int cpu)
{
	char state[16], vmx[8];
	const char *line;
	unsigned int id;

	for (line = status; line; line = strchr(line, '\n')) {
		if (*line == '\n')
			line++;
		if (sscanf(line, "%u %15s %7s", &id, state, vmx) == 3 && id == cpu)
			return line;
	}
	return NULL;
}

/*
 * The row of `vtjobctl status` for @cpu: its state and VMX columns.
 * False if there is none.
 */
static bool status_row(const char *status, unsigned int cpu, char *state, char *vmx)
{
	const char *line = status_line(status, cpu);

	return line && sscanf(line, "%*u %15s %7s", state, vmx) == 2;
}

#define EXPECT_CPU_ROW(cpu, expected_state, expected_vmx) do {		\
		struct vtj_output _status = { 0 };			\
		char _state[16], _vmx[8];				\
		VTJOBCTL_OK(&_status, "status");			\
		ASSERT_TRUE(status_row(_status.out, cpu, _state, _vmx));	\
		EXPECT_STREQ(expected_state, _state);			\
		EXPECT_STREQ(expected_vmx, _vmx);			\
		vtj_output_free(&_status);				\
	} while (0)

/*
 * Everything host isolation may touch, as text: every IRQ's affinity,
 * the workqueue and watchdog masks, the vmstat interval, the root
 * cgroup's controllers and CPUs, and whether
 * the vtjob cgroup is there.
 */
static char *host_snapshot(void)
{
	char *text = NULL;

	vtj_run("for f in /proc/irq/*/smp_affinity_list; do echo \"$f $(cat $f)\"; done; "
		"echo \"workqueues $(cat " WORKQUEUE_CPUMASK ")\"; "
		"echo \"watchdog $(cat " WATCHDOG_CPUMASK ")\"; "
		"echo \"vmstat $(cat " VMSTAT_INTERVAL ")\"; "
		"echo \"subtree_control $(cat /sys/fs/cgroup/cgroup.subtree_control)\"; "
		"echo \"root cpus $(cat /sys/fs/cgroup/cpuset.cpus.effective 2>/dev/null)\"; "
		"ls -d " VTJOB_CGROUP " 2>/dev/null; true", &text);
	return text;
}

static char *read_trimmed(const char *path)
{
	char *text = vtj_read_file(path);

	if (text)
		text[strcspn(text, "\n")] = '\0';
	return text;
}

/* The online CPUs but CPU 1, as the kernel lists them: "0", "0,2", "0,2-3". */
static const char *host_cpus_without_1(void)
{
	static char list[32];
	long last = sysconf(_SC_NPROCESSORS_ONLN) - 1;

	if (last == 1)
		return "0";
	if (last == 2)
		return "0,2";
	snprintf(list, sizeof(list), "0,2-%ld", last);
	return list;
}

/* The host's online CPUs, as the kernel lists them ("0-2"). */
static char *online_cpus(void)
{
	return read_trimmed(ONLINE_CPUS);
}

/* `vtjobctl monitor --json` in the background, read through a pipe. */
struct monitor {
	pid_t pid;
	int fd;
	char buf[4096];
	size_t len;
};

static bool monitor_start(struct monitor *monitor)
{
	int fds[2];

	monitor->len = 0;
	if (pipe2(fds, O_CLOEXEC))
		return false;
	monitor->pid = fork();
	if (monitor->pid < 0)
		return false;
	if (monitor->pid == 0) {
		dup2(fds[1], STDOUT_FILENO);
		execlp("vtjobctl", "vtjobctl", "monitor", "--json", (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	monitor->fd = fds[0];
	return true;
}

/* The next line, without its newline, malloc'd; NULL on timeout or EOF. */
static char *monitor_line(struct monitor *monitor)
{
	struct pollfd pfd = { .fd = monitor->fd, .events = POLLIN };
	char *newline, *line;
	ssize_t n;

	for (;;) {
		newline = memchr(monitor->buf, '\n', monitor->len);
		if (newline) {
			line = strndup(monitor->buf, newline - monitor->buf);
			monitor->len -= newline + 1 - monitor->buf;
			memmove(monitor->buf, newline + 1, monitor->len);
			fprintf(stderr, "# monitor: %s\n", line);
			return line;
		}
		if (monitor->len == sizeof(monitor->buf) ||
		    poll(&pfd, 1, EVENT_TIMEOUT_MS) != 1) {
			fprintf(stderr, "# monitor: no whole line within %d s\n",
				EVENT_TIMEOUT_MS / 1000);
			return NULL;
		}
		n = read(monitor->fd, monitor->buf + monitor->len,
			 sizeof(monitor->buf) - monitor->len);
		if (n <= 0)
			return NULL;
		monitor->len += n;
	}
}

/* Its exit status once it has ended by itself or been sent SIGTERM; -1 if killed. */
static int monitor_stop(struct monitor *monitor, bool terminate)
{
	int status;

	if (terminate)
		kill(monitor->pid, SIGTERM);
	close(monitor->fd);
	if (waitpid(monitor->pid, &status, 0) != monitor->pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

#define EXPECT_MONITOR_LINE(monitor, expected) do {		\
		char *_line = monitor_line(monitor);		\
		ASSERT_NE(NULL, _line);				\
		EXPECT_STREQ(expected, _line);			\
		free(_line);					\
	} while (0)

/*
 * `vtjobctl <args>` as nobody (uid and gid 65534, no groups): forked, so
 * that the test keeps root. Its results come back through a pipe.
 */
static int run_as_nobody(struct vtj_output *run, const char *args)
{
	size_t out_len, err_len;
	int fds[2], status;
	pid_t pid;

	memset(run, 0, sizeof(*run));
	if (pipe(fds))
		return -errno;
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		struct vtj_output child = { 0 };

		close(fds[0]);
		if (setgroups(0, NULL) || setgid(NOBODY) || setuid(NOBODY))
			_exit(1);
		vtj_vtjobctl(&child, "%s", args);
		out_len = child.out ? strlen(child.out) : 0;
		err_len = strlen(child.err);
		if (write(fds[1], &child.status, sizeof(child.status)) < 0 ||
		    write(fds[1], &out_len, sizeof(out_len)) < 0 ||
		    write(fds[1], child.out, out_len) < 0 ||
		    write(fds[1], &err_len, sizeof(err_len)) < 0 ||
		    write(fds[1], child.err, err_len) < 0)
			_exit(1);
		_exit(0);
	}
	close(fds[1]);
	/* A pipe holds 64 KiB: more than vtjobctl says to anyone. */
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0 ||
	    read(fds[0], &run->status, sizeof(run->status)) != sizeof(run->status) ||
	    read(fds[0], &out_len, sizeof(out_len)) != sizeof(out_len) ||
	    !(run->out = calloc(1, out_len + 1)) ||
	    read(fds[0], run->out, out_len) != (ssize_t)out_len ||
	    read(fds[0], &err_len, sizeof(err_len)) != sizeof(err_len) ||
	    !(run->err = calloc(1, err_len + 1)) ||
	    read(fds[0], run->err, err_len) != (ssize_t)err_len) {
		close(fds[0]);
		return -EIO;
	}
	close(fds[0]);
	return 0;
}

/* A hex mask file as a number (masks here fit in 64 bits). */
static unsigned long long read_mask(const char *path)
{
	char *text = vtj_read_file(path);
	unsigned long long mask;

	if (!text)
		return ~0ULL;
	mask = strtoull(text, NULL, 16);
	free(text);
	return mask;
}

FIXTURE(reserve) {
	struct vtj_output run;
	char *before;		/* the host before anything was reserved */
};

FIXTURE_SETUP(reserve)
{
	memset(&self->run, 0, sizeof(self->run));
	ASSERT_TRUE(vtj_cpu_has_vmx());
	ASSERT_EQ(0, vtj_ensure_loaded());
	vtj_write_file(VTJ_CPU1_ONLINE, "1");
	/* A test that failed half-way must not leave CPUs to the next. */
	VTJOBCTL_OK(&self->run, "release all");
	vtj_output_free(&self->run);
	ASSERT_NE(0, access(STATE_FILE, F_OK));
	self->before = host_snapshot();
	ASSERT_NE(NULL, self->before);
}

FIXTURE_TEARDOWN(reserve)
{
	struct vtj_output run = { 0 };

	vtj_write_file(VTJ_CPU1_ONLINE, "1");
	vtj_ensure_loaded();
	/* As the harness loads it: a test may have narrowed what is allowed. */
	vtj_write_file(ALLOW_UNMITIGATED, "mds,vmscape");
	vtj_vtjobctl(&run, "release all");
	vtj_output_free(&run);
	vtj_output_free(&self->run);
	free(self->before);
}

/* The host is as it was before the test reserved anything. */
#define EXPECT_HOST_RESTORED() do {					\
		char *_now = host_snapshot();				\
		ASSERT_NE(NULL, _now);					\
		EXPECT_STREQ(self->before, _now);			\
		EXPECT_NE(0, access(STATE_FILE, F_OK));			\
		free(_now);						\
	} while (0)

TEST_F_TIMEOUT(reserve, reserve_one_cpu, 300)
{
	unsigned long long workqueues = read_mask(WORKQUEUE_CPUMASK);
	char *vmx, *text;

	VTJOBCTL_OK(&self->run, "reserve 1");
	EXPECT_EQ(0, strncmp(self->run.out, "reserved CPU 1\n", 15));
	/* One line per isolation step, each saying what it did. */
	EXPECT_NE(NULL, strstr(self->run.out, "\ncpuset: /sys/fs/cgroup/vtjob is an "));
	EXPECT_NE(NULL, strstr(self->run.out, "\nirqs: moved "));
	EXPECT_NE(NULL, strstr(self->run.out, "\nworkqueues: unbound workqueues limited to "));
	EXPECT_NE(NULL, strstr(self->run.out, "\nwatchdog: lockup detector limited to "));
	EXPECT_NE(NULL, strstr(self->run.out, "\nvmstat: statistics folded every 10 s instead of "));
	/* No irqbalance in this VM: nothing to keep off the CPU. */
	EXPECT_NE(NULL, strstr(self->run.out, "\nirqbalance: not running; nothing to do\n"));
	EXPECT_EQ(7, vtj_lines(self->run.out));
	vtj_output_free(&self->run);

	EXPECT_CPU_ROW(1, "idle", "yes");
	EXPECT_CPU_ROW(0, "free", "no");
	VTJOBCTL_OK(&self->run, "status");
	EXPECT_EQ(0, strncmp(self->run.out, "vtjob API 1: 1 of ", 18));
	vtj_output_free(&self->run);
	VTJOBCTL_OK(&self->run, "status --json");
	EXPECT_EQ(0, strncmp(self->run.out, "{\"schema\":1,\"api_version\":1,", 28));
	EXPECT_NE(NULL, strstr(self->run.out, "\"nr_reserved\":1,"));
	EXPECT_NE(NULL, strstr(self->run.out, "{\"id\":1,\"state\":\"idle\",\"vmx\":true,"));
	EXPECT_NE(NULL, strstr(self->run.out, "{\"id\":0,\"state\":\"free\",\"vmx\":false,"));
	EXPECT_EQ(1, vtj_lines(self->run.out));

	vmx = vtj_read_file(VTJ_DEBUGFS "/vmx");
	ASSERT_NE(NULL, vmx);
	EXPECT_NE(NULL, strstr(vmx, "cpu1: vmx on, cr4.vmxe 1\n"));
	EXPECT_NE(NULL, strstr(vmx, "cpu0: vmx off, cr4.vmxe 0\n"));
	free(vmx);

	/* Unbound kernel work left CPU 1, and so did every other cgroup's tasks. */
	EXPECT_EQ(workqueues & ~2ULL, read_mask(WORKQUEUE_CPUMASK));
	/* The lockup detector's timer left it (it was on every CPU at boot). */
	text = read_trimmed(WATCHDOG_CPUMASK);
	ASSERT_NE(NULL, text);
	EXPECT_STREQ(host_cpus_without_1(), text);
	free(text);
	text = read_trimmed(VMSTAT_INTERVAL);
	ASSERT_NE(NULL, text);
	EXPECT_STREQ("10", text);
	free(text);
	text = read_trimmed(VTJOB_CGROUP "/cpuset.cpus.partition");
	ASSERT_NE(NULL, text);
	EXPECT_TRUE(!strcmp(text, "isolated") || !strcmp(text, "root"))
		TH_LOG("partition: %s", text);
	free(text);
	text = read_trimmed(VTJOB_CGROUP "/cpuset.cpus.effective");
	ASSERT_NE(NULL, text);
	EXPECT_STREQ("1", text);
	free(text);
	/* The root cgroup, where every task of this VM is, has the others. */
	text = read_trimmed("/sys/fs/cgroup/cpuset.cpus.effective");
	ASSERT_NE(NULL, text);
	EXPECT_STREQ(host_cpus_without_1(), text);
	free(text);
	EXPECT_EQ(0, access(STATE_FILE, F_OK));
}

TEST_F_TIMEOUT(reserve, release_restores_the_host_exactly, 300)
{
	char *during;

	VTJOBCTL_OK(&self->run, "reserve 1");
	vtj_output_free(&self->run);
	during = host_snapshot();
	ASSERT_NE(NULL, during);
	/* Something changed, or comparing afterwards would prove nothing. */
	EXPECT_STRNE(self->before, during);
	free(during);

	VTJOBCTL_OK(&self->run, "release 1");
	EXPECT_EQ(0, strncmp(self->run.out,
			     "released CPU 1\ncpuset: removed /sys/fs/cgroup/vtjob", 51));
	EXPECT_NE(NULL, strstr(self->run.out, "\nirqs: restored "));
	EXPECT_NE(NULL, strstr(self->run.out, "\nworkqueues: restored cpumask "));
	EXPECT_NE(NULL, strstr(self->run.out, "\nwatchdog: restored watchdog_cpumask "));
	EXPECT_NE(NULL, strstr(self->run.out, "\nvmstat: restored stat_interval "));
	EXPECT_HOST_RESTORED();
	EXPECT_CPU_ROW(1, "free", "no");
}

/* @text starts with @prefix; the test log shows @text if not. */
#define EXPECT_PREFIX(text, prefix)					\
	EXPECT_EQ(0, strncmp(text, prefix, strlen(prefix))) TH_LOG("%s", text)

/* --json: one object a command, each step with its result, then the same host back. */
TEST_F_TIMEOUT(reserve, json_reports_each_step_and_its_result, 300)
{
	char *online = online_cpus(), expected[256];

	VTJOBCTL_OK(&self->run, "reserve --json 1");
	EXPECT_EQ(1, vtj_lines(self->run.out));
	EXPECT_PREFIX(self->run.out, "{\"schema\":1,\"command\":\"reserve\","
		      "\"cpus\":\"1\",\"done\":true,\"isolation\":[{\"step\":\"cpuset\","
		      "\"result\":\"done\",\"message\":\"/sys/fs/cgroup/vtjob is an ");
	EXPECT_NE(NULL, strstr(self->run.out, "{\"step\":\"workqueues\",\"result\":\"done\","
			       "\"message\":\"unbound workqueues limited to "));
	EXPECT_NE(NULL, strstr(self->run.out, "{\"step\":\"vmstat\",\"result\":\"done\","
			       "\"message\":\"statistics folded every 10 s instead of "));
	EXPECT_EQ(NULL, strstr(self->run.out, "reserved CPU 1"));
	vtj_output_free(&self->run);

	/* Again: the module changes nothing, and neither does any step that can say so. */
	VTJOBCTL_OK(&self->run, "reserve --json 1");
	EXPECT_NE(NULL, strstr(self->run.out, "{\"step\":\"workqueues\",\"result\":\"unchanged\","));
	EXPECT_NE(NULL, strstr(self->run.out, "{\"step\":\"vmstat\",\"result\":\"unchanged\","));
	vtj_output_free(&self->run);

	/* Refused by the module: done is false, with the error that stderr has too. */
	ASSERT_NE(NULL, online);
	vtj_vtjobctl(&self->run, "reserve --json %s", online);
	EXPECT_EQ(1, self->run.status);
	EXPECT_NE(NULL, strstr(self->run.err, "would leave the host no online CPU"));
	snprintf(expected, sizeof(expected), "{\"schema\":1,\"command\":\"reserve\","
		 "\"cpus\":\"%s\",\"done\":false,\"error\":\"", online);
	EXPECT_PREFIX(self->run.out, expected);
	EXPECT_NE(NULL, strstr(self->run.out, "would leave the host no online CPU"));
	EXPECT_EQ(NULL, strstr(self->run.out, "\"isolation\""));
	free(online);
	vtj_output_free(&self->run);

	VTJOBCTL_OK(&self->run, "release --json 1");
	EXPECT_EQ(1, vtj_lines(self->run.out));
	EXPECT_PREFIX(self->run.out, "{\"schema\":1,\"command\":\"release\","
		      "\"cpus\":\"1\",\"done\":true,\"isolation\":[{\"step\":\"cpuset\","
		      "\"result\":\"done\",\"message\":\"removed /sys/fs/cgroup/vtjob");
	EXPECT_NE(NULL, strstr(self->run.out, "{\"step\":\"vmstat\",\"result\":\"done\","
			       "\"message\":\"restored stat_interval "));
	EXPECT_HOST_RESTORED();
}

/* A process named irqbalance, as the kernel names it: a script of that name. */
#define FAKE_IRQBALANCE	"/tmp/vtjob_fake/irqbalance"

static pid_t start_fake_irqbalance(void)
{
	char comm[64] = "", path[64];
	FILE *script;
	pid_t pid;
	int i;

	mkdir("/tmp/vtjob_fake", 0755);
	script = fopen(FAKE_IRQBALANCE, "w");
	if (!script)
		return -1;
	fputs("#!/bin/sh\nsleep 600\n", script);
	if (fclose(script) || chmod(FAKE_IRQBALANCE, 0755))
		return -1;
	pid = fork();
	if (pid == 0) {
		execl(FAKE_IRQBALANCE, FAKE_IRQBALANCE, (char *)NULL);
		_exit(127);
	}
	snprintf(path, sizeof(path), "/proc/%d/comm", pid);
	for (i = 0; pid > 0 && i < 100 && strcmp(comm, "irqbalance\n"); i++) {
		FILE *file = fopen(path, "r");

		if (file) {
			if (!fgets(comm, sizeof(comm), file))
				comm[0] = '\0';
			fclose(file);
		}
		usleep(50000);
	}
	return pid;
}

/*
 * An irqbalance that systemd does not run cannot be told to keep off the
 * CPUs: reserve says so, naming it and the variable, and goes on.
 */
TEST_F_TIMEOUT(reserve, an_irqbalance_outside_systemd_is_named, 300)
{
	char expected[256];
	pid_t irqbalance = start_fake_irqbalance();

	ASSERT_LT(0, irqbalance);
	VTJOBCTL_OK(&self->run, "reserve 1");
	snprintf(expected, sizeof(expected), "\nirqbalance: runs (pid %d), but not under systemd: "
		 "it may move IRQs back onto CPU 1; start it with IRQBALANCE_BANNED_CPULIST=1\n",
		 irqbalance);
	EXPECT_NE(NULL, strstr(self->run.out, expected)) TH_LOG("%s", self->run.out);
	EXPECT_NE(NULL, strstr(self->run.out, "\nvmstat: statistics folded every 10 s"));
	vtj_output_free(&self->run);
	VTJOBCTL_OK(&self->run, "reserve --json 1");
	EXPECT_NE(NULL, strstr(self->run.out, "{\"step\":\"irqbalance\",\"result\":\"failed\","));
	kill(irqbalance, SIGKILL);
	waitpid(irqbalance, NULL, 0);
	vtj_output_free(&self->run);
	VTJOBCTL_OK(&self->run, "release 1");
	EXPECT_NE(NULL, strstr(self->run.out, "\nirqbalance: nothing to restore\n"));
	EXPECT_HOST_RESTORED();
	unlink(FAKE_IRQBALANCE);
	rmdir("/tmp/vtjob_fake");
}

TEST_F_TIMEOUT(reserve, reserving_every_online_cpu_is_refused, 300)
{
	char *online = online_cpus();

	ASSERT_NE(NULL, online);
	vtj_vtjobctl(&self->run, "reserve %s", online);
	EXPECT_REFUSED(&self->run, "would leave the host no online CPU");
	free(online);
	vtj_output_free(&self->run);

	/* All or nothing: no CPU was reserved, and the host was not touched. */
	VTJOBCTL_OK(&self->run, "status");
	EXPECT_EQ(0, strncmp(self->run.out, "vtjob API 1: 0 of ", 18));
	EXPECT_HOST_RESTORED();
}

/*
 * Bochs's CPU really has what vtjob cannot mitigate (MDS without the
 * microcode for VERW, VMSCAPE without IBPB; see the kernel's view at the
 * top of the console log): without allow_unmitigated, nothing is
 * reserved, and each refusal names the next vulnerability and the way out.
 */
TEST_F_TIMEOUT(reserve, unmitigated_vulnerabilities_refuse_reservation, 300)
{
	char *allowed;

	ASSERT_EQ(0, vtj_write_file(ALLOW_UNMITIGATED, "none"));
	allowed = read_trimmed(ALLOW_UNMITIGATED);
	EXPECT_STREQ("none", allowed);
	free(allowed);
	vtj_vtjobctl(&self->run, "reserve 1");
	EXPECT_REFUSED(&self->run, "vtjobctl: cannot reserve CPU 1: mds: the CPU lacks the "
		       "microcode that makes VERW clear its buffers; "
		       "allow_unmitigated=mds reserves CPUs anyway\n");
	EXPECT_CPU_ROW(1, "free", "no");
	EXPECT_HOST_RESTORED();

	vtj_vtjobctl(&self->run, "doctor");
	EXPECT_EQ(1, self->run.status);
	EXPECT_NE(NULL, strstr(self->run.out, "mds is not mitigated"));

	ASSERT_EQ(0, vtj_write_file(ALLOW_UNMITIGATED, "mds"));
	vtj_vtjobctl(&self->run, "reserve 1");
	EXPECT_REFUSED(&self->run, "cannot reserve CPU 1: vmscape: ");
	EXPECT_CPU_ROW(1, "free", "no");

	ASSERT_EQ(0, vtj_write_file(ALLOW_UNMITIGATED, "vmscape,mds\n"));
	allowed = read_trimmed(ALLOW_UNMITIGATED);
	EXPECT_STREQ("mds,vmscape", allowed);
	free(allowed);
	VTJOBCTL_OK(&self->run, "reserve 1 --no-isolate");
	EXPECT_CPU_ROW(1, "idle", "yes");

	/* Allowed, the two are warnings, and the host can run jobs. */
	vtj_vtjobctl(&self->run, "doctor");
	EXPECT_EQ(0, self->run.status);
	EXPECT_NE(NULL, strstr(self->run.out, "vulnerability vmscape"));
	/* The kernel marks the CPU L1TF-affected; it has no flush command. */
	EXPECT_NE(NULL, strstr(self->run.out, "L1D flushed before entry after host code, "
			       "by reading 64 KiB (no flush command)"));
	EXPECT_NE(NULL, strstr(self->run.out, "return stack refilled on exit"));
}

TEST_F_TIMEOUT(reserve, allow_unmitigated_takes_only_known_names, 300)
{
	char *allowed, *log;
	int kmsg = vtj_kmsg_open();

	ASSERT_LE(0, kmsg);
	EXPECT_EQ(-EINVAL, vtj_write_file(ALLOW_UNMITIGATED, "mds,md"));
	allowed = read_trimmed(ALLOW_UNMITIGATED);
	EXPECT_STREQ("mds,vmscape", allowed);
	free(allowed);
	log = vtj_kmsg_read(kmsg);
	ASSERT_NE(NULL, log);
	EXPECT_NE(NULL, strstr(log, "vtjob: allow_unmitigated: unknown vulnerability in 'mds,md'"));
	free(log);
	close(kmsg);
}

/*
 * The VM's CPUs are cores of their own (thread_siblings_list is the CPU
 * alone): the SMT rule lets them be reserved, and the flag that lifts it
 * is accepted. The refusal itself needs a host with SMT siblings.
 */
TEST_F_TIMEOUT(reserve, cpus_without_smt_siblings_are_reserved, 300)
{
	char *siblings = read_trimmed("/sys/devices/system/cpu/cpu1/topology/thread_siblings_list");

	ASSERT_NE(NULL, siblings);
	ASSERT_STREQ("1", siblings);
	free(siblings);
	VTJOBCTL_OK(&self->run, "reserve 1 --no-isolate");
	EXPECT_CPU_ROW(1, "idle", "yes");
	VTJOBCTL_OK(&self->run, "release 1");
	VTJOBCTL_OK(&self->run, "reserve 1 --no-isolate --allow-smt-sibling");
	EXPECT_CPU_ROW(1, "idle", "yes");
}

TEST_F_TIMEOUT(reserve, a_cpu_that_does_not_exist_is_named, 300)
{
	vtj_vtjobctl(&self->run, "reserve 4000");
	EXPECT_REFUSED(&self->run, "cannot reserve CPU 4000: no such CPU");
	vtj_output_free(&self->run);

	/* With a CPU that does exist: neither is reserved. */
	vtj_vtjobctl(&self->run, "reserve 1,4000");
	EXPECT_REFUSED(&self->run, "cannot reserve CPU 4000: no such CPU");
	EXPECT_CPU_ROW(1, "free", "no");
	EXPECT_HOST_RESTORED();
}

TEST_F_TIMEOUT(reserve, unprivileged_users_may_look_but_not_change, 300)
{
	ASSERT_EQ(0, run_as_nobody(&self->run, "reserve 1"));
	EXPECT_REFUSED(&self->run, "reserving CPUs needs CAP_SYS_ADMIN (run as root)");
	EXPECT_STREQ("vtjobctl: reserving CPUs needs CAP_SYS_ADMIN (run as root)\n",
		     self->run.err);
	vtj_output_free(&self->run);

	VTJOBCTL_OK(&self->run, "reserve 1 --no-isolate");
	vtj_output_free(&self->run);
	ASSERT_EQ(0, run_as_nobody(&self->run, "release all"));
	EXPECT_REFUSED(&self->run, "releasing CPUs needs CAP_SYS_ADMIN (run as root)");
	vtj_output_free(&self->run);

	ASSERT_EQ(0, run_as_nobody(&self->run, "status"));
	EXPECT_EQ(0, self->run.status);
	EXPECT_STREQ("", self->run.err);
	EXPECT_EQ(0, strncmp(self->run.out, "vtjob API 1: 1 of ", 18));
	EXPECT_CPU_ROW(1, "idle", "yes");
}

TEST_F_TIMEOUT(reserve, monitor_sees_reserve_and_release, 300)
{
	struct monitor monitor;

	ASSERT_TRUE(monitor_start(&monitor));
	/* Subscribed from here on: nothing after this line is missed. */
	EXPECT_MONITOR_LINE(&monitor, "{\"schema\":1,\"event\":\"listening\"}");

	VTJOBCTL_OK(&self->run, "reserve 1");
	EXPECT_MONITOR_LINE(&monitor, "{\"schema\":1,\"event\":\"cpu-reserved\",\"cpu\":1}");
	vtj_output_free(&self->run);
	VTJOBCTL_OK(&self->run, "release 1");
	EXPECT_MONITOR_LINE(&monitor, "{\"schema\":1,\"event\":\"cpu-released\",\"cpu\":1,"
			    "\"reason\":\"asked\",\"jobs_run\":0,\"job_time_ns\":0}");
	EXPECT_EQ(0, monitor_stop(&monitor, true));
}

TEST_F_TIMEOUT(reserve, reserving_twice_changes_nothing, 300)
{
	char *state, *again;

	VTJOBCTL_OK(&self->run, "reserve 1");
	vtj_output_free(&self->run);
	state = vtj_read_file(STATE_FILE);
	ASSERT_NE(NULL, state);

	VTJOBCTL_OK(&self->run, "reserve 1");
	EXPECT_EQ(0, strncmp(self->run.out, "reserved CPU 1\n", 15));
	/* Everything was moved the first time. */
	EXPECT_EQ(NULL, strstr(self->run.out, "irqs: moved"));
	EXPECT_NE(NULL, strstr(self->run.out, "\nworkqueues: unbound workqueues limited to "));
	again = vtj_read_file(STATE_FILE);
	ASSERT_NE(NULL, again);
	/* The originals are those from before the first reserve. */
	EXPECT_STREQ(state, again);
	free(state);
	free(again);
	EXPECT_CPU_ROW(1, "idle", "yes");

	vtj_output_free(&self->run);
	VTJOBCTL_OK(&self->run, "release 1");
	EXPECT_HOST_RESTORED();
}

TEST_F_TIMEOUT(reserve, releasing_a_free_cpu_changes_nothing, 300)
{
	VTJOBCTL_OK(&self->run, "release 1");
	EXPECT_STREQ("released CPU 1\n", self->run.out);
	EXPECT_CPU_ROW(1, "free", "no");
	EXPECT_HOST_RESTORED();
}

TEST_F_TIMEOUT(reserve, release_all, 300)
{
	bool two = sysconf(_SC_NPROCESSORS_ONLN) >= 3;

	VTJOBCTL_OK(&self->run, "reserve %s", two ? "1-2" : "1");
	vtj_output_free(&self->run);
	VTJOBCTL_OK(&self->run, "release all");
	EXPECT_EQ(0, strncmp(self->run.out, "released every reserved CPU\ncpuset: removed ", 44));
	vtj_output_free(&self->run);
	VTJOBCTL_OK(&self->run, "status");
	EXPECT_EQ(0, strncmp(self->run.out, "vtjob API 1: 0 of ", 18));
	EXPECT_HOST_RESTORED();
}

TEST_F_TIMEOUT(reserve, offlining_a_reserved_cpu_frees_it, 600)
{
	struct monitor monitor;

	ASSERT_TRUE(monitor_start(&monitor));
	EXPECT_MONITOR_LINE(&monitor, "{\"schema\":1,\"event\":\"listening\"}");
	VTJOBCTL_OK(&self->run, "reserve 1");
	EXPECT_MONITOR_LINE(&monitor, "{\"schema\":1,\"event\":\"cpu-reserved\",\"cpu\":1}");

	/* CPU 1 is alone in an isolated partition: the partition empties. */
	ASSERT_EQ(0, vtj_set_cpu_online(1, false));
	EXPECT_MONITOR_LINE(&monitor, "{\"schema\":1,\"event\":\"cpu-released\",\"cpu\":1,"
			    "\"reason\":\"offline\",\"jobs_run\":0,\"job_time_ns\":0}");
	EXPECT_EQ(0, monitor_stop(&monitor, true));
	EXPECT_CPU_ROW(1, "free", "no");

	/* The isolation stays until a release, which puts it all back. */
	ASSERT_EQ(0, vtj_set_cpu_online(1, true));
	vtj_output_free(&self->run);
	VTJOBCTL_OK(&self->run, "release all");
	EXPECT_HOST_RESTORED();
}

TEST_F_TIMEOUT(reserve, unload_with_cpus_reserved, 600)
{
	struct monitor monitor;
	char *log;
	int kmsg = vtj_kmsg_open();

	ASSERT_LE(0, kmsg);
	ASSERT_TRUE(monitor_start(&monitor));
	EXPECT_MONITOR_LINE(&monitor, "{\"schema\":1,\"event\":\"listening\"}");
	VTJOBCTL_OK(&self->run, "reserve 1");
	vtj_output_free(&self->run);
	EXPECT_MONITOR_LINE(&monitor, "{\"schema\":1,\"event\":\"cpu-reserved\",\"cpu\":1}");

	ASSERT_EQ(0, vtj_rmmod("vtjob"));
	EXPECT_MONITOR_LINE(&monitor, "{\"schema\":1,\"event\":\"cpu-released\",\"cpu\":1,"
			    "\"reason\":\"unload\",\"jobs_run\":0,\"job_time_ns\":0}");
	/* The module's going ends the stream, and the monitor with it. */
	EXPECT_MONITOR_LINE(&monitor, "{\"schema\":1,\"event\":\"module-unloaded\"}");
	EXPECT_EQ(0, monitor_stop(&monitor, false));

	vtj_vtjobctl(&self->run, "status");
	EXPECT_EQ(125, self->run.status);
	EXPECT_STREQ("", self->run.out);
	EXPECT_STREQ(NOT_LOADED, self->run.err);
	vtj_output_free(&self->run);

	/* Release says the module is gone, and still gives the host back. */
	vtj_vtjobctl(&self->run, "release all");
	EXPECT_EQ(125, self->run.status);
	EXPECT_STREQ(NOT_LOADED, self->run.err);
	EXPECT_EQ(0, strncmp(self->run.out, "cpuset: removed ", 16));
	EXPECT_HOST_RESTORED();

	log = vtj_kmsg_read(kmsg);
	ASSERT_NE(NULL, log);
	EXPECT_EQ(NULL, strstr(log, "WARNING"));
	EXPECT_EQ(NULL, strstr(log, "BUG"));
	free(log);
	close(kmsg);
}

TEST_F_TIMEOUT(reserve, reserving_more_later_keeps_the_first_originals, 600)
{
	unsigned long long workqueues = read_mask(WORKQUEUE_CPUMASK);
	char *state;

	if (sysconf(_SC_NPROCESSORS_ONLN) < 3)
		SKIP(return, "needs 3 online CPUs to reserve 2, has %ld",
		     sysconf(_SC_NPROCESSORS_ONLN));

	VTJOBCTL_OK(&self->run, "reserve 1");
	vtj_output_free(&self->run);
	VTJOBCTL_OK(&self->run, "reserve 2");
	EXPECT_EQ(workqueues & ~6ULL, read_mask(WORKQUEUE_CPUMASK));
	state = vtj_read_file(STATE_FILE);
	ASSERT_NE(NULL, state);
	EXPECT_NE(NULL, strstr(state, "\ncpus 1-2\n"));
	free(state);
	EXPECT_CPU_ROW(1, "idle", "yes");
	EXPECT_CPU_ROW(2, "idle", "yes");

	vtj_output_free(&self->run);
	VTJOBCTL_OK(&self->run, "release all");
	EXPECT_HOST_RESTORED();
}

TEST_F_TIMEOUT(reserve, a_partial_release_keeps_the_rest_isolated, 600)
{
	unsigned long long workqueues = read_mask(WORKQUEUE_CPUMASK);
	char *text;

	if (sysconf(_SC_NPROCESSORS_ONLN) < 3)
		SKIP(return, "needs 3 online CPUs to reserve 2, has %ld",
		     sysconf(_SC_NPROCESSORS_ONLN));

	VTJOBCTL_OK(&self->run, "reserve 1-2");
	EXPECT_EQ(workqueues & ~6ULL, read_mask(WORKQUEUE_CPUMASK));
	vtj_output_free(&self->run);

	VTJOBCTL_OK(&self->run, "release 2");
	/* Back to the original, less the CPU still reserved. */
	EXPECT_EQ(workqueues & ~2ULL, read_mask(WORKQUEUE_CPUMASK));
	text = read_trimmed(VTJOB_CGROUP "/cpuset.cpus.effective");
	ASSERT_NE(NULL, text);
	EXPECT_STREQ("1", text);
	free(text);
	EXPECT_CPU_ROW(1, "idle", "yes");
	EXPECT_CPU_ROW(2, "free", "no");

	vtj_output_free(&self->run);
	VTJOBCTL_OK(&self->run, "release 1");
	EXPECT_HOST_RESTORED();
}

/* One reserve and release, quietly: a log line per cycle would be noise. */
static int cycle(void)
{
	char *out = NULL;
	int status;

	status = vtj_run("vtjobctl reserve --no-isolate 1 && vtjobctl release 1", &out);
	if (status)
		fprintf(stderr, "# cycle: exit %d: %s", status, out);
	free(out);
	return status;
}

TEST_F_TIMEOUT(reserve, cycles_leak_nothing, 1200)
{
	long before, halfway, after;
	int i;

	/* Warm up: the first cycles fill slab caches that stay. */
	for (i = 0; i < 10; i++)
		ASSERT_EQ(0, cycle());
	before = vtj_settled_free_kb();
	ASSERT_LT(0, before);

	for (i = 0; i < 50; i++)
		ASSERT_EQ(0, cycle());
	halfway = vtj_settled_free_kb();
	for (i = 0; i < 50; i++)
		ASSERT_EQ(0, cycle());
	after = vtj_settled_free_kb();
	/* A leak grows with the cycles; settling caches do not. */
	TH_LOG("free %ld kB before, %ld kB after 50 cycles, %ld kB after 100",
	       before, halfway, after);
	/* A VMXON page lost per cycle would be 400 kB. */
	EXPECT_GT(200, before - after);
}

/* Stops at a write of "hello\n", then exits with 7. */
VTJ_GUEST(write_then_exit,
	"mov $1, %eax\n mov $1, %edi\n lea 1f(%rip), %rsi\n mov $6, %edx\n"
	"syscall\n mov $60, %eax\n mov $7, %edi\n syscall\n"
	"1: .ascii \"hello\\n\"");
VTJ_GUEST(spin_until_stopped, "1: jmp 1b");

static void on_sigusr1(int sig)
{
	(void)sig;
}

/* The one CPU the calling thread may run on, or -1. */
static int bound_cpu(void)
{
	cpu_set_t set;
	int cpu;

	if (sched_getaffinity(0, sizeof(set), &set) || CPU_COUNT(&set) != 1)
		return -1;
	for (cpu = 0; cpu < CPU_SETSIZE; cpu++)
		if (CPU_ISSET(cpu, &set))
			return cpu;
	return -1;
}

/* The JOB column of `vtjobctl status` for @cpu (its oldest job), or 0. */
static unsigned long long status_job(unsigned int cpu)
{
	struct vtj_output status = { 0 };
	unsigned long long job = 0;
	const char *line;
	char state[16];

	vtj_vtjobctl(&status, "status");
	line = status_line(status.out, cpu);
	/* Only a busy CPU fills the JOB column: an idle one's is blank. */
	if (!line || sscanf(line, "%*u %15s %*s %llu", state, &job) != 2 ||
	    strcmp(state, "busy"))
		job = 0;
	vtj_output_free(&status);
	return job;
}

/* A runner thread started on a spinning job, and running on @cpu. */
static bool spin_on(struct vtj_runner *runner, int dev, uint8_t *mem, unsigned int cpu)
{
	struct vtjob_create_job args;
	int tries;

	runner->job = vtj_create_job(dev, mem, VTJ_GUEST_MEM_SIZE, cpu, 0, &args);
	if (runner->job < 0 || vtj_guest_set_start_regs(runner->job) ||
	    vtj_runner_start(runner))
		return false;
	for (tries = 0; tries < 600; tries++) {
		if (runner->tid && vtj_thread_running_on(runner->tid, cpu))
			return true;
		usleep(100 * 1000);
	}
	return false;
}

/* Ends the run of a spinning job with a signal to its runner thread. */
static void stop_spinning(struct __test_metadata *_metadata, struct vtj_runner *runner)
{
	EXPECT_EQ(0, pthread_kill(runner->thread, SIGUSR1));
	EXPECT_EQ(0, pthread_join(runner->thread, NULL));
	EXPECT_EQ(0, runner->ret) TH_LOG("VTJOB_RUN: %s", strerror(runner->err));
	EXPECT_EQ(VTJOB_EXIT_SIGNAL, runner->run.exit.reason);
	close(runner->job);
}

/*
 * A job the module placed moves when it is about to run on a CPU that
 * runs another job while the other reserved CPU runs none; it goes on
 * there from where it stopped (its VMCS cleared on the first CPU, loaded
 * on the second). A job given its CPU stays on it. Each job's runner is
 * bound where its job runs: the calling thread, here.
 */
TEST_F_TIMEOUT(reserve, a_waiting_job_moves_to_an_idle_cpu, 600)
{
	uint8_t *spin_mem[2], *mem[2];
	struct vtj_runner spin[2] = { { .job = -1 }, { .job = -1 } };
	struct vtjob_create_job args[2];
	struct sigaction sa = { .sa_handler = on_sigusr1 };
	struct vtjob_run r;
	int dev, job[2], i;
	int kmsg;

	if (sysconf(_SC_NPROCESSORS_ONLN) < 3)
		SKIP(return, "needs 3 online CPUs to reserve 2, has %ld",
		     sysconf(_SC_NPROCESSORS_ONLN));
	ASSERT_EQ(0, sigaction(SIGUSR1, &sa, NULL));
	kmsg = vtj_kmsg_open();
	ASSERT_LE(0, kmsg);
	ASSERT_EQ(0, vtj_reserve_no_isolate("1-2"));
	dev = vtj_open_dev();
	ASSERT_LE(0, dev);
	for (i = 0; i < 2; i++) {
		spin_mem[i] = vtj_guest_memory(spin_until_stopped_start, spin_until_stopped_end);
		mem[i] = vtj_guest_memory(write_then_exit_start, write_then_exit_end);
		ASSERT_NE(NULL, spin_mem[i]);
		ASSERT_NE(NULL, mem[i]);
	}

	/* Both CPUs run a job: a tie, which the lower CPU takes. */
	ASSERT_TRUE(spin_on(&spin[0], dev, spin_mem[0], 1));
	ASSERT_TRUE(spin_on(&spin[1], dev, spin_mem[1], 2));
	job[0] = vtj_create_job(dev, mem[0], VTJ_GUEST_MEM_SIZE, VTJOB_CPU_ANY, 0, &args[0]);
	ASSERT_LE(0, job[0]) TH_LOG("VTJOB_CREATE_JOB: %s", strerror(errno));
	EXPECT_EQ(1, args[0].cpu);
	job[1] = vtj_create_job(dev, mem[1], VTJ_GUEST_MEM_SIZE, 1, 0, &args[1]);
	ASSERT_LE(0, job[1]) TH_LOG("VTJOB_CREATE_JOB: %s", strerror(errno));

	/* Each runs up to its write on CPU 1, beside the spinning job. */
	for (i = 0; i < 2; i++) {
		memset(&r, 0, sizeof(r));
		r.size = sizeof(r);
		ASSERT_EQ(0, vtj_guest_set_start_regs(job[i]));
		ASSERT_EQ(0, ioctl(job[i], VTJOB_RUN, &r)) TH_LOG("%s", strerror(errno));
		ASSERT_EQ(VTJOB_EXIT_SYSCALL, r.exit.reason);
		EXPECT_EQ(1, r.exit.syscall.nr);
		EXPECT_EQ(1, bound_cpu());
	}

	/* CPU 2 falls idle. */
	stop_spinning(_metadata, &spin[1]);

	/* The job given CPU 1 stays there, and exits with its status. */
	memset(&r, 0, sizeof(r));
	r.size = sizeof(r);
	r.flags = VTJOB_RUN_SYSCALL_RESULT;
	r.syscall_result = 6;
	ASSERT_EQ(0, ioctl(job[1], VTJOB_RUN, &r)) TH_LOG("%s", strerror(errno));
	EXPECT_EQ(VTJOB_EXIT_SYSCALL, r.exit.reason);
	EXPECT_EQ(60, r.exit.syscall.nr);
	EXPECT_EQ(7, r.exit.syscall.args[0]);
	EXPECT_EQ(1, bound_cpu());

	/* The placed one moves to CPU 2, and goes on from its write. */
	ASSERT_EQ(0, ioctl(job[0], VTJOB_RUN, &r)) TH_LOG("%s", strerror(errno));
	EXPECT_EQ(VTJOB_EXIT_SYSCALL, r.exit.reason);
	EXPECT_EQ(60, r.exit.syscall.nr);
	EXPECT_EQ(7, r.exit.syscall.args[0]);
	EXPECT_EQ(2, bound_cpu());
	EXPECT_EQ(args[0].job_id, status_job(2));

	stop_spinning(_metadata, &spin[0]);
	close(job[0]);
	close(job[1]);
	close(dev);
	for (i = 0; i < 2; i++) {
		munmap(spin_mem[i], VTJ_GUEST_MEM_SIZE);
		munmap(mem[i], VTJ_GUEST_MEM_SIZE);
	}
	EXPECT_KMSG_CLEAN(kmsg);
	close(kmsg);
	VTJOBCTL_OK(&self->run, "release all");
}

TEST_HARNESS_MAIN
