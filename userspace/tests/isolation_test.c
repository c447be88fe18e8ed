// SPDX-License-Identifier: GPL-2.0
/*
 * Host isolation from reserve to release, on a made-up host: a temporary
 * directory stands in for /proc/irq, the workqueue mask, the watchdog
 * mask, the cgroup v2 root and /run. Checks what the files hold after each step, what is
 * printed, and that releasing everything puts back every original.
 */
#include "isolation/isolation.h"

#include "isolation/cpuset_partition.h"
#include "isolation/irqbalance_ban.h"
#include "isolation/isolation_state.h"
#include "isolation/vmstat_interval.h"
#include "isolation/watchdog_mask.h"
#include "isolation/workqueue_mask.h"

#include "harness.h"
#include "fake_root.h"

#define IRQ(n)		"/proc/irq/" #n "/smp_affinity_list"

static struct cpus set_of(const char *list)
{
	struct cpus cpus;
	char err[128];

	cpus_clear(&cpus);
	if (*list && cpus_parse(list, &cpus, err, sizeof(err)))
		abort();
	return cpus;
}

FIXTURE(host) {
	char root[PATH_MAX];
	char *output;
	char err[512];
};

/* Four online CPUs, a few IRQs, the workqueue and watchdog masks, vmstat and /run. */
FIXTURE_SETUP(host)
{
	ASSERT_TRUE(fake_root_create(self->root, "isolation"));
	/* The state in /run/vtjob, whatever runs the tests. */
	unsetenv("RUNTIME_DIRECTORY");
	self->output = NULL;
	fake_write(self->root, ONLINE_CPUS_PATH, "0-3\n");
	fake_write(self->root, IRQ(0), "0\n");		/* on a host CPU only */
	fake_write(self->root, IRQ(1), "0-3\n");
	fake_write(self->root, IRQ(9), "2\n");		/* on a reserved CPU only */
	fake_write(self->root, IRQ(24), "1-3\n");
	/* One the kernel will not let anyone read or write (a directory here). */
	fake_mkdirs(self->root, IRQ(30));
	fake_write(self->root, "/proc/irq/default_smp_affinity", "f\n");
	fake_write(self->root, WORKQUEUE_CPUMASK_PATH, "f\n");
	fake_write(self->root, WATCHDOG_CPUMASK_PATH, "0-3\n");
	fake_write(self->root, VMSTAT_INTERVAL_PATH, "1\n");
	fake_mkdirs(self->root, "/run");
	fake_mkdirs(self->root, CGROUP_ROOT);
}

FIXTURE_TEARDOWN(host)
{
	free(self->output);
	fake_root_remove(self->root);
}

/*
 * isolation_update() with the CPUs @added and @reserved; what it printed
 * goes to self->output.
 */
static int update(struct __test_metadata *_metadata, FIXTURE_DATA(host) *self,
		  const char *added, const char *reserved)
{
	struct cpus added_cpus = set_of(added), reserved_cpus = set_of(reserved);
	size_t len;
	FILE *out;
	int ret;

	free(self->output);
	self->output = NULL;
	out = open_memstream(&self->output, &len);
	ret = isolation_update(self->root, *added ? &added_cpus : NULL, &reserved_cpus,
			       out, NULL, self->err, sizeof(self->err));
	fclose(out);
	TH_LOG("%s%s", self->output, ret ? self->err : "");
	return ret;
}

#define UPDATE(added, reserved)	update(_metadata, self, added, reserved)
#define FILE_TEXT(path)		fake_read(self->root, path)

TEST_F(host, reserve_moves_irqs_and_workqueues_off)
{
	ASSERT_EQ(0, UPDATE("1-2", "1-2"));
	EXPECT_STREQ("cpuset: cgroup v2 is not mounted on /sys/fs/cgroup; skipped\n"
		     "irqs: moved 3 IRQs off CPUs 1-2; 1 cannot move: 30\n"
		     "irqbalance: not running; nothing to do\n"
		     "workqueues: unbound workqueues limited to CPUs 0,3 (cpumask 9)\n"
		     "watchdog: lockup detector limited to CPUs 0,3 (watchdog_cpumask 0,3)\n"
		     "vmstat: statistics folded every 10 s instead of 1 s\n",
		     self->output);
	EXPECT_STREQ("0", FILE_TEXT(IRQ(0)));
	EXPECT_STREQ("0,3", FILE_TEXT(IRQ(1)));
	/* Bound to a reserved CPU only: the host's online CPUs take it. */
	EXPECT_STREQ("0,3", FILE_TEXT(IRQ(9)));
	EXPECT_STREQ("3", FILE_TEXT(IRQ(24)));
	EXPECT_STREQ("9", FILE_TEXT(WORKQUEUE_CPUMASK_PATH));
	EXPECT_STREQ("0,3", FILE_TEXT(WATCHDOG_CPUMASK_PATH));
	EXPECT_STREQ("10", FILE_TEXT(VMSTAT_INTERVAL_PATH));

	/* Only what changed is saved, as it was. */
	EXPECT_STREQ("# What vtjobctl reserve changed; vtjobctl release undoes it.\n"
		     "version 1\n"
		     "cpus 1-2\n"
		     "workqueue-cpumask f\n"
		     "watchdog-cpumask 0-3\n"
		     "vmstat-interval 1\n"
		     "irq 1 0-3\n"
		     "irq 9 2\n"
		     "irq 24 1-3",
		     FILE_TEXT(ISOLATION_STATE_PATH));
}

TEST_F(host, release_of_everything_restores_every_original)
{
	ASSERT_EQ(0, UPDATE("1-2", "1-2"));
	ASSERT_EQ(0, UPDATE("", ""));
	EXPECT_STREQ("cpuset: nothing to restore\n"
		     "irqs: restored 3 IRQs\n"
		     "irqbalance: nothing to restore\n"
		     "workqueues: restored cpumask f\n"
		     "watchdog: restored watchdog_cpumask 0-3\n"
		     "vmstat: restored stat_interval 1\n", self->output);
	EXPECT_STREQ("0", FILE_TEXT(IRQ(0)));
	EXPECT_STREQ("0-3", FILE_TEXT(IRQ(1)));
	EXPECT_STREQ("2", FILE_TEXT(IRQ(9)));
	EXPECT_STREQ("1-3", FILE_TEXT(IRQ(24)));
	EXPECT_STREQ("f", FILE_TEXT(WORKQUEUE_CPUMASK_PATH));
	EXPECT_STREQ("0-3", FILE_TEXT(WATCHDOG_CPUMASK_PATH));
	EXPECT_STREQ("1", FILE_TEXT(VMSTAT_INTERVAL_PATH));
	EXPECT_FALSE(fake_exists(self->root, ISOLATION_STATE_PATH));

	/* Nothing left to do: nothing said. */
	ASSERT_EQ(0, UPDATE("", ""));
	EXPECT_STREQ("", self->output);
}

TEST_F(host, a_later_reserve_keeps_the_first_originals)
{
	ASSERT_EQ(0, UPDATE("1-2", "1-2"));
	ASSERT_EQ(0, UPDATE("3", "1-3"));
	EXPECT_STREQ("cpuset: cgroup v2 is not mounted on /sys/fs/cgroup; skipped\n"
		     "irqs: moved 3 IRQs off CPUs 1-3; 1 cannot move: 30\n"
		     "irqbalance: not running; nothing to do\n"
		     "workqueues: unbound workqueues limited to CPU 0 (cpumask 1)\n"
		     "watchdog: lockup detector limited to CPU 0 (watchdog_cpumask 0)\n"
		     "vmstat: statistics folded every 10 s instead of 1 s\n",
		     self->output);
	EXPECT_STREQ("0", FILE_TEXT(IRQ(1)));
	EXPECT_STREQ("0", FILE_TEXT(IRQ(9)));
	EXPECT_STREQ("0", FILE_TEXT(IRQ(24)));
	EXPECT_STREQ("1", FILE_TEXT(WORKQUEUE_CPUMASK_PATH));
	EXPECT_STREQ("0", FILE_TEXT(WATCHDOG_CPUMASK_PATH));
	EXPECT_NE(NULL, strstr(FILE_TEXT(ISOLATION_STATE_PATH),
			       "cpus 1-3\nworkqueue-cpumask f\nwatchdog-cpumask 0-3\n"
			       "vmstat-interval 1\nirq 1 0-3\nirq 9 2\nirq 24 1-3"));

	ASSERT_EQ(0, UPDATE("", ""));
	EXPECT_STREQ("0-3", FILE_TEXT(IRQ(1)));
	EXPECT_STREQ("2", FILE_TEXT(IRQ(9)));
	EXPECT_STREQ("1-3", FILE_TEXT(IRQ(24)));
	EXPECT_STREQ("f", FILE_TEXT(WORKQUEUE_CPUMASK_PATH));
	EXPECT_STREQ("0-3", FILE_TEXT(WATCHDOG_CPUMASK_PATH));
	EXPECT_FALSE(fake_exists(self->root, ISOLATION_STATE_PATH));
}

TEST_F(host, a_partial_release_derives_from_the_originals)
{
	ASSERT_EQ(0, UPDATE("1-3", "1-3"));
	/* CPUs 1 and 3 released: only 2 is still reserved. */
	ASSERT_EQ(0, UPDATE("", "2"));
	EXPECT_STREQ("0-1,3", FILE_TEXT(IRQ(1)));
	EXPECT_STREQ("0-1,3", FILE_TEXT(IRQ(9)));
	EXPECT_STREQ("1,3", FILE_TEXT(IRQ(24)));
	EXPECT_STREQ("b", FILE_TEXT(WORKQUEUE_CPUMASK_PATH));
	EXPECT_STREQ("0-1,3", FILE_TEXT(WATCHDOG_CPUMASK_PATH));
	EXPECT_NE(NULL, strstr(FILE_TEXT(ISOLATION_STATE_PATH), "cpus 2\n"));

	ASSERT_EQ(0, UPDATE("", ""));
	EXPECT_STREQ("0-3", FILE_TEXT(IRQ(1)));
	EXPECT_STREQ("2", FILE_TEXT(IRQ(9)));
	EXPECT_STREQ("1-3", FILE_TEXT(IRQ(24)));
	EXPECT_STREQ("f", FILE_TEXT(WORKQUEUE_CPUMASK_PATH));
	EXPECT_STREQ("0-3", FILE_TEXT(WATCHDOG_CPUMASK_PATH));
}

TEST_F(host, an_irq_back_to_its_original_is_forgotten)
{
	ASSERT_EQ(0, UPDATE("1-2", "1-2"));
	/* Only 1 is left: IRQ 9 ("2") needs no change any more. */
	ASSERT_EQ(0, UPDATE("", "1"));
	EXPECT_STREQ("2", FILE_TEXT(IRQ(9)));
	EXPECT_NE(NULL, strstr(self->output, "restored 1 IRQ;"));
	EXPECT_EQ(NULL, strstr(FILE_TEXT(ISOLATION_STATE_PATH), "irq 9 "));
	EXPECT_NE(NULL, strstr(FILE_TEXT(ISOLATION_STATE_PATH), "irq 24 1-3"));
}

TEST_F(host, cpus_the_module_let_go_drop_out)
{
	ASSERT_EQ(0, UPDATE("1-2", "1-2"));
	/* CPU 2 went offline, and the module released it; 3 is reserved now. */
	ASSERT_EQ(0, UPDATE("3", "1,3"));
	EXPECT_NE(NULL, strstr(FILE_TEXT(ISOLATION_STATE_PATH), "cpus 1,3\n"));
	EXPECT_STREQ("0,2", FILE_TEXT(IRQ(1)));
	EXPECT_STREQ("5", FILE_TEXT(WORKQUEUE_CPUMASK_PATH));
}

TEST_F(host, irqs_that_appear_later_are_moved_too)
{
	ASSERT_EQ(0, UPDATE("1", "1"));
	fake_write(self->root, IRQ(40), "0-3\n");
	ASSERT_EQ(0, UPDATE("2", "1-2"));
	EXPECT_STREQ("0,3", FILE_TEXT(IRQ(40)));
	ASSERT_EQ(0, UPDATE("", ""));
	EXPECT_STREQ("0-3", FILE_TEXT(IRQ(40)));
}

TEST_F(host, irqs_that_vanish_are_forgotten)
{
	char path[PATH_MAX];

	ASSERT_EQ(0, UPDATE("1", "1"));
	fake_path(path, self->root, "/proc/irq/24");
	fake_root_remove(path);
	ASSERT_EQ(0, UPDATE("", "1"));
	EXPECT_EQ(NULL, strstr(FILE_TEXT(ISOLATION_STATE_PATH), "irq 24"));
}

TEST_F(host, without_a_workqueue_mask)
{
	char path[PATH_MAX];

	fake_path(path, self->root, WORKQUEUE_CPUMASK_PATH);
	unlink(path);
	ASSERT_EQ(0, UPDATE("1", "1"));
	EXPECT_NE(NULL, strstr(self->output,
			       "workqueues: cannot read /sys/devices/virtual/workqueue/cpumask "
			       "(No such file or directory); skipped\n"));
}

TEST_F(host, without_a_watchdog_mask)
{
	char path[PATH_MAX];

	/* A kernel without CONFIG_LOCKUP_DETECTOR. */
	fake_path(path, self->root, WATCHDOG_CPUMASK_PATH);
	unlink(path);
	ASSERT_EQ(0, UPDATE("1", "1"));
	EXPECT_NE(NULL, strstr(self->output,
			       "watchdog: cannot read /proc/sys/kernel/watchdog_cpumask "
			       "(No such file or directory); skipped\n"));
	EXPECT_EQ(NULL, strstr(FILE_TEXT(ISOLATION_STATE_PATH), "watchdog"));
}

TEST_F(host, a_watchdog_kept_off_at_boot_is_left_alone)
{
	/* As nohz_full=1-2 leaves it. */
	fake_write(self->root, WATCHDOG_CPUMASK_PATH, "0,3\n");
	ASSERT_EQ(0, UPDATE("1-2", "1-2"));
	EXPECT_NE(NULL, strstr(self->output,
			       "watchdog: already kept off CPUs 1-2 (watchdog_cpumask 0,3)\n"));
	EXPECT_EQ(NULL, strstr(FILE_TEXT(ISOLATION_STATE_PATH), "watchdog"));
	ASSERT_EQ(0, UPDATE("", ""));
	EXPECT_NE(NULL, strstr(self->output, "watchdog: nothing to restore\n"));
	EXPECT_STREQ("0,3", FILE_TEXT(WATCHDOG_CPUMASK_PATH));
}

TEST_F(host, a_watchdog_on_reserved_cpus_only_is_not_moved)
{
	char path[PATH_MAX];
	struct stat st;

	fake_write(self->root, WATCHDOG_CPUMASK_PATH, "2\n");
	ASSERT_EQ(0, UPDATE("1-2", "1-2"));
	EXPECT_NE(NULL, strstr(self->output,
			       "watchdog: lockup detector limited to no CPUs "
			       "(watchdog_cpumask empty)\n"));
	/* The empty list, not CPU 0 or 3: a newline, as a write of nothing is no write. */
	EXPECT_STREQ("", FILE_TEXT(WATCHDOG_CPUMASK_PATH));
	fake_path(path, self->root, WATCHDOG_CPUMASK_PATH);
	ASSERT_EQ(0, stat(path, &st));
	EXPECT_EQ(1, st.st_size);
	ASSERT_EQ(0, UPDATE("", ""));
	EXPECT_STREQ("2", FILE_TEXT(WATCHDOG_CPUMASK_PATH));
}

TEST_F(host, a_longer_vmstat_interval_is_left_alone)
{
	fake_write(self->root, VMSTAT_INTERVAL_PATH, "30\n");
	ASSERT_EQ(0, UPDATE("1", "1"));
	EXPECT_NE(NULL, strstr(self->output, "vmstat: statistics already folded every 30 s\n"));
	EXPECT_STREQ("30", FILE_TEXT(VMSTAT_INTERVAL_PATH));
	EXPECT_EQ(NULL, strstr(FILE_TEXT(ISOLATION_STATE_PATH), "vmstat"));
	ASSERT_EQ(0, UPDATE("", ""));
	EXPECT_NE(NULL, strstr(self->output, "vmstat: nothing to restore\n"));
	EXPECT_STREQ("30", FILE_TEXT(VMSTAT_INTERVAL_PATH));
}

TEST_F(host, the_vmstat_interval_stays_until_the_last_cpu_goes)
{
	ASSERT_EQ(0, UPDATE("1-2", "1-2"));
	ASSERT_EQ(0, UPDATE("", "2"));
	EXPECT_STREQ("10", FILE_TEXT(VMSTAT_INTERVAL_PATH));
	/* Saved once: the 10 it reads now is not the original. */
	EXPECT_NE(NULL, strstr(FILE_TEXT(ISOLATION_STATE_PATH), "\nvmstat-interval 1\n"));
	ASSERT_EQ(0, UPDATE("", ""));
	EXPECT_STREQ("1", FILE_TEXT(VMSTAT_INTERVAL_PATH));
}

TEST_F(host, a_cpuset_partition)
{
	fake_write(self->root, CGROUP_ROOT "/cgroup.controllers", "cpuset cpu io memory pids\n");
	fake_write(self->root, CGROUP_ROOT "/cgroup.subtree_control", "\n");
	/* There already, so that its files exist: a directory here has none. */
	fake_write(self->root, VTJOB_CGROUP "/cpuset.cpus", "\n");
	fake_write(self->root, VTJOB_CGROUP "/cpuset.cpus.partition", "member\n");

	ASSERT_EQ(0, UPDATE("1-2", "1-2"));
	EXPECT_NE(NULL, strstr(self->output,
			       "cpuset: /sys/fs/cgroup/vtjob is an isolated partition of CPUs 1-2\n"));
	EXPECT_STREQ("+cpuset", FILE_TEXT(CGROUP_ROOT "/cgroup.subtree_control"));
	EXPECT_STREQ("1-2", FILE_TEXT(VTJOB_CGROUP "/cpuset.cpus"));
	EXPECT_STREQ("isolated", FILE_TEXT(VTJOB_CGROUP "/cpuset.cpus.partition"));
	EXPECT_NE(NULL, strstr(FILE_TEXT(ISOLATION_STATE_PATH), "\nenabled-cpuset-controller\n"));
	EXPECT_EQ(NULL, strstr(FILE_TEXT(ISOLATION_STATE_PATH), "created-cgroup"));

	/* Shrinks with the reservation. */
	ASSERT_EQ(0, UPDATE("", "2"));
	EXPECT_STREQ("2", FILE_TEXT(VTJOB_CGROUP "/cpuset.cpus"));

	ASSERT_EQ(0, UPDATE("", ""));
	EXPECT_NE(NULL, strstr(self->output,
			       "cpuset: left /sys/fs/cgroup/vtjob, which vtjobctl did not create, "
			       "as a member; disabled the cpuset controller again\n"));
	EXPECT_STREQ("member", FILE_TEXT(VTJOB_CGROUP "/cpuset.cpus.partition"));
	EXPECT_STREQ("-cpuset", FILE_TEXT(CGROUP_ROOT "/cgroup.subtree_control"));
}

TEST_F(host, a_cgroup_vtjobctl_created_is_removed)
{
	fake_write(self->root, CGROUP_ROOT "/cgroup.controllers", "cpuset cpu\n");
	fake_write(self->root, CGROUP_ROOT "/cgroup.subtree_control", "cpuset\n");

	/* The new directory has no cpuset files here, unlike in cgroupfs. */
	ASSERT_EQ(0, UPDATE("1", "1"));
	EXPECT_NE(NULL, strstr(self->output,
			       "cpuset: the kernel refused 1 for /sys/fs/cgroup/vtjob/cpuset.cpus "
			       "(No such file or directory); skipped\n"));
	EXPECT_TRUE(fake_exists(self->root, VTJOB_CGROUP));
	/* Enabled already: not vtjobctl's to disable. */
	EXPECT_STREQ("cpuset", FILE_TEXT(CGROUP_ROOT "/cgroup.subtree_control"));
	EXPECT_NE(NULL, strstr(FILE_TEXT(ISOLATION_STATE_PATH), "\ncreated-cgroup\n"));

	ASSERT_EQ(0, UPDATE("", ""));
	EXPECT_NE(NULL, strstr(self->output, "cpuset: removed /sys/fs/cgroup/vtjob\n"));
	EXPECT_FALSE(fake_exists(self->root, VTJOB_CGROUP));
	EXPECT_STREQ("cpuset", FILE_TEXT(CGROUP_ROOT "/cgroup.subtree_control"));
	EXPECT_FALSE(fake_exists(self->root, ISOLATION_STATE_PATH));
}

TEST_F(host, without_the_cpuset_controller)
{
	fake_write(self->root, CGROUP_ROOT "/cgroup.controllers", "cpu io memory\n");
	ASSERT_EQ(0, UPDATE("1", "1"));
	EXPECT_NE(NULL, strstr(self->output,
			       "cpuset: the cpuset controller is not available in /sys/fs/cgroup; skipped\n"));
}

TEST_F(host, a_broken_state_file_stops_everything)
{
	fake_write(self->root, ISOLATION_STATE_PATH, "version 9\n");
	EXPECT_EQ(-1, UPDATE("1", "1"));
	EXPECT_NE(NULL, strstr(self->err, "line 1: version 9, but this vtjobctl knows only 1"));
	EXPECT_STREQ("", self->output);
	EXPECT_STREQ("0-3", FILE_TEXT(IRQ(1)));
}

/* The report has every step, in order, with the line it printed less its name. */
TEST_F(host, the_report_has_each_step_and_its_result)
{
	struct cpus one = set_of("1"), none = set_of("");
	struct isolation_report report;

	ASSERT_EQ(0, isolation_update(self->root, &one, &one, NULL, &report,
				      self->err, sizeof(self->err)));
	ASSERT_EQ(6, report.nr_steps);
	EXPECT_STREQ("cpuset", report.steps[0].name);
	EXPECT_EQ(ISOLATION_SKIPPED, report.steps[0].result);
	EXPECT_STREQ("cgroup v2 is not mounted on /sys/fs/cgroup; skipped",
		     report.steps[0].message);
	/* IRQ 30 cannot move: the step did not get the host where it wants it. */
	EXPECT_STREQ("irqs", report.steps[1].name);
	EXPECT_EQ(ISOLATION_FAILED, report.steps[1].result);
	EXPECT_STREQ("moved 2 IRQs off CPU 1; 1 cannot move: 30", report.steps[1].message);
	EXPECT_STREQ("irqbalance", report.steps[2].name);
	EXPECT_EQ(ISOLATION_UNCHANGED, report.steps[2].result);
	EXPECT_STREQ("workqueues", report.steps[3].name);
	EXPECT_EQ(ISOLATION_DONE, report.steps[3].result);
	EXPECT_STREQ("watchdog", report.steps[4].name);
	EXPECT_EQ(ISOLATION_DONE, report.steps[4].result);
	EXPECT_STREQ("vmstat", report.steps[5].name);
	EXPECT_EQ(ISOLATION_DONE, report.steps[5].result);
	EXPECT_STREQ("statistics folded every 10 s instead of 1 s", report.steps[5].message);
	isolation_report_free(&report);
	EXPECT_EQ(0, report.nr_steps);

	/* Reserving it again changes nothing, and says so step by step. */
	ASSERT_EQ(0, isolation_update(self->root, &one, &one, NULL, &report,
				      self->err, sizeof(self->err)));
	ASSERT_EQ(6, report.nr_steps);
	EXPECT_EQ(ISOLATION_UNCHANGED, report.steps[3].result);
	EXPECT_EQ(ISOLATION_UNCHANGED, report.steps[4].result);
	EXPECT_EQ(ISOLATION_UNCHANGED, report.steps[5].result);
	isolation_report_free(&report);

	/* The release puts each back. */
	ASSERT_EQ(0, isolation_update(self->root, NULL, &none, NULL, &report,
				      self->err, sizeof(self->err)));
	ASSERT_EQ(6, report.nr_steps);
	EXPECT_EQ(ISOLATION_DONE, report.steps[3].result);
	EXPECT_STREQ("restored cpumask f", report.steps[3].message);
	EXPECT_EQ(ISOLATION_DONE, report.steps[5].result);
	isolation_report_free(&report);

	/* Then there is nothing to do: no steps at all. */
	ASSERT_EQ(0, isolation_update(self->root, NULL, &none, NULL, &report,
				      self->err, sizeof(self->err)));
	EXPECT_EQ(0, report.nr_steps);
}

/*
 * A host where systemd runs irqbalance: the fake systemctl logs what it
 * was asked to do, and fails with the status in @fail_file if that holds one.
 */
static void irqbalance_runs(FIXTURE_DATA(host) *self, bool under_systemd)
{
	char script[PATH_MAX + 256];

	fake_write(self->root, "/proc/4242/comm", "irqbalance\n");
	fake_write(self->root, "/proc/4243/comm", "bash\n");
	if (!under_systemd)
		return;
	fake_mkdirs(self->root, SYSTEMD_RUNTIME_UNITS);
	snprintf(script, sizeof(script),
		 "#!/bin/sh\necho \"$*\" >>%s/systemctl.log\n"
		 "[ -s %s/systemctl.fails ] && exit \"$(cat %s/systemctl.fails)\"\nexit 0\n",
		 self->root, self->root, self->root);
	fake_write(self->root, SYSTEMCTL_PATH, script);
	fake_chmod(self->root, SYSTEMCTL_PATH, 0755);
}

TEST_F(host, irqbalance_is_banned_from_the_cpus_and_restarted)
{
	irqbalance_runs(self, true);
	ASSERT_EQ(0, UPDATE("1-2", "1-2"));
	EXPECT_NE(NULL, strstr(self->output, "\nirqbalance: kept off CPUs 1-2 "
			       "(IRQBALANCE_BANNED_CPULIST in " IRQBALANCE_DROPIN_PATH
			       "); restarted it\n"));
	EXPECT_STREQ("# vtjobctl reserve wrote this; vtjobctl release removes it.\n"
		     "[Service]\nEnvironment=IRQBALANCE_BANNED_CPULIST=1-2",
		     FILE_TEXT(IRQBALANCE_DROPIN_PATH));
	EXPECT_STREQ("daemon-reload\ntry-restart irqbalance.service", FILE_TEXT("/systemctl.log"));
	EXPECT_NE(NULL, strstr(FILE_TEXT(ISOLATION_STATE_PATH), "\nwrote-irqbalance-dropin\n"));

	/* The same CPUs again: nothing to write, no restart. */
	ASSERT_EQ(0, UPDATE("1-2", "1-2"));
	EXPECT_NE(NULL, strstr(self->output, "\nirqbalance: already kept off CPUs 1-2\n"));
	EXPECT_STREQ("daemon-reload\ntry-restart irqbalance.service", FILE_TEXT("/systemctl.log"));

	/* CPU 1 released: the list follows. */
	ASSERT_EQ(0, UPDATE("", "2"));
	EXPECT_NE(NULL, strstr(FILE_TEXT(IRQBALANCE_DROPIN_PATH),
			       "IRQBALANCE_BANNED_CPULIST=2"));

	/* All released: the drop-in goes, and irqbalance learns it. */
	ASSERT_EQ(0, UPDATE("", ""));
	EXPECT_NE(NULL, strstr(self->output, "\nirqbalance: removed " IRQBALANCE_DROPIN_PATH
			       "; restarted it\n"));
	EXPECT_FALSE(fake_exists(self->root, IRQBALANCE_DROPIN_PATH));
	EXPECT_STREQ("daemon-reload\ntry-restart irqbalance.service\n"
		     "daemon-reload\ntry-restart irqbalance.service\n"
		     "daemon-reload\ntry-restart irqbalance.service",
		     FILE_TEXT("/systemctl.log"));
	EXPECT_FALSE(fake_exists(self->root, ISOLATION_STATE_PATH));
}

TEST_F(host, irqbalance_outside_systemd_gets_a_warning)
{
	struct cpus one = set_of("1");
	struct isolation_report report;

	irqbalance_runs(self, false);
	ASSERT_EQ(0, isolation_update(self->root, &one, &one, NULL, &report,
				      self->err, sizeof(self->err)));
	ASSERT_EQ(6, report.nr_steps);
	EXPECT_STREQ("irqbalance", report.steps[2].name);
	EXPECT_EQ(ISOLATION_FAILED, report.steps[2].result);
	EXPECT_STREQ("runs (pid 4242), but not under systemd: it may move IRQs back onto CPU 1; "
		     "start it with IRQBALANCE_BANNED_CPULIST=1", report.steps[2].message);
	isolation_report_free(&report);
	EXPECT_FALSE(fake_exists(self->root, IRQBALANCE_DROPIN_PATH));
	EXPECT_EQ(NULL, strstr(FILE_TEXT(ISOLATION_STATE_PATH), "irqbalance"));
}

TEST_F(host, a_failed_restart_fails_the_step_but_keeps_the_drop_in_to_undo)
{
	irqbalance_runs(self, true);
	fake_write(self->root, "/systemctl.fails", "5\n");
	ASSERT_EQ(0, UPDATE("1", "1"));
	EXPECT_NE(NULL, strstr(self->output, "\nirqbalance: wrote " IRQBALANCE_DROPIN_PATH
			       ", but systemctl daemon-reload exited 5; it may move IRQs back "
			       "onto CPU 1 until restarted\n"));
	EXPECT_NE(NULL, strstr(FILE_TEXT(ISOLATION_STATE_PATH), "\nwrote-irqbalance-dropin\n"));
	fake_write(self->root, "/systemctl.fails", "");
	ASSERT_EQ(0, UPDATE("", ""));
	EXPECT_FALSE(fake_exists(self->root, IRQBALANCE_DROPIN_PATH));
}

TEST_F(host, lock_makes_the_state_directory)
{
	int lock = isolation_lock(self->root, self->err, sizeof(self->err));

	ASSERT_LE(0, lock) TH_LOG("%s", self->err);
	EXPECT_TRUE(fake_exists(self->root, ISOLATION_STATE_DIR));
	isolation_unlock(lock);
}

/* A minimal host, an initramfs, may have no /run at all. */
TEST_F(host, lock_and_state_make_their_parents_too)
{
	char run[PATH_MAX + 8];
	int lock;

	snprintf(run, sizeof(run), "%s/run", self->root);
	ASSERT_EQ(0, rmdir(run));
	lock = isolation_lock(self->root, self->err, sizeof(self->err));
	ASSERT_LE(0, lock) TH_LOG("%s", self->err);
	EXPECT_TRUE(fake_exists(self->root, ISOLATION_STATE_DIR "/" ISOLATION_LOCK_NAME));
	isolation_unlock(lock);

	fake_root_remove(run);
	ASSERT_EQ(0, UPDATE("1", "1"));
	EXPECT_NE(NULL, strstr(FILE_TEXT(ISOLATION_STATE_PATH), "cpus 1\n"));
}

/* systemd's RuntimeDirectory=: the first of its directories holds the state and the lock. */
TEST_F(host, runtime_directory_holds_the_state_when_set)
{
	int lock;

	setenv("RUNTIME_DIRECTORY", "/run/vtjob-unit/state:/run/other", 1);
	lock = isolation_lock(self->root, self->err, sizeof(self->err));
	ASSERT_LE(0, lock) TH_LOG("%s", self->err);
	EXPECT_TRUE(fake_exists(self->root, "/run/vtjob-unit/state/lock"));
	isolation_unlock(lock);
	ASSERT_EQ(0, UPDATE("1", "1"));
	EXPECT_NE(NULL, strstr(FILE_TEXT("/run/vtjob-unit/state/isolation"), "cpus 1\n"));
	EXPECT_FALSE(fake_exists(self->root, ISOLATION_STATE_PATH));
	EXPECT_FALSE(fake_exists(self->root, "/run/other"));
	EXPECT_TRUE(isolation_state_exists(self->root));

	/* The release finds it there. */
	ASSERT_EQ(0, UPDATE("", ""));
	EXPECT_FALSE(fake_exists(self->root, "/run/vtjob-unit/state/isolation"));
	unsetenv("RUNTIME_DIRECTORY");
}

TEST_F(host, a_relative_runtime_directory_is_refused)
{
	setenv("RUNTIME_DIRECTORY", "vtjob", 1);
	EXPECT_GT(0, isolation_lock(self->root, self->err, sizeof(self->err)));
	EXPECT_STREQ("RUNTIME_DIRECTORY 'vtjob' is not an absolute path", self->err);
	EXPECT_EQ(-1, UPDATE("1", "1"));
	EXPECT_STREQ("RUNTIME_DIRECTORY 'vtjob' is not an absolute path", self->err);
	EXPECT_STREQ("0-3", FILE_TEXT(IRQ(1)));
	unsetenv("RUNTIME_DIRECTORY");
}

TEST_HARNESS_MAIN
