// SPDX-License-Identifier: GPL-2.0
/*
 * The "vtjob" generic netlink family, spoken directly: what each operation
 * returns, how every malformed request is refused and with which extended
 * ACK message, who may do what, and the events. vtjobctl's own netlink
 * client (userspace/vtjob_nl.c) does the ordinary requests; the malformed
 * ones are built here by hand.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <asm/vmx.h>

#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>
#include <linux/vtjob.h>

#include "kselftest_harness.h"
#include "lib/cpus.h"
#include "lib/files.h"
#include "lib/jobs.h"
#include "lib/module.h"
#include "lib/run.h"
#include "../../userspace/client/nl_extack.h"
#include "../../userspace/client/vtjob_nl.h"

struct raw_reply {
	int errnum;
	char message[256];
	const struct nlmsghdr *sent;
	/* The u32 attribute the kernel blamed, or type 0. */
	int blamed_type;
	unsigned int blamed_value;
};

static int raw_on_error(struct sockaddr_nl *who, struct nlmsgerr *error,
			void *arg)
{
	struct raw_reply *reply = arg;

	const struct nlattr *blamed;

	reply->errnum = -error->error;
	nl_extack_message(error, reply->message, sizeof(reply->message));
	blamed = nl_extack_bad_attr(error, reply->sent);
	if (blamed && nla_len(blamed) == sizeof(__u32)) {
		reply->blamed_type = nla_type(blamed);
		reply->blamed_value = nla_get_u32(blamed);
	}
	return NL_STOP;
}

static int raw_on_ack(struct nl_msg *msg, void *arg)
{
	return NL_STOP;
}

/* Sends @msg as it is and returns the kernel's errno (0 for an ACK). */
static int raw_request(struct vtjob_nl *nl, struct nl_msg *msg,
		       struct raw_reply *reply)
{
	struct nl_cb *cb = nl_cb_alloc(NL_CB_DEFAULT);
	int ret;

	memset(reply, 0, sizeof(*reply));
	reply->sent = nlmsg_hdr(msg);
	nl_cb_err(cb, NL_CB_CUSTOM, raw_on_error, reply);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, raw_on_ack, NULL);
	ret = nl_send_auto(nl->sock, msg);
	if (ret >= 0)
		ret = nl_recvmsgs(nl->sock, cb);
	nl_cb_put(cb);
	nlmsg_free(msg);
	return ret < 0 && !reply->errnum ? -EIO : -reply->errnum;
}

static struct nl_msg *raw_msg(struct vtjob_nl *nl, unsigned char cmd)
{
	struct nl_msg *msg = nlmsg_alloc();

	genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, nl->family, 0,
		    NLM_F_ACK, cmd, VTJOB_GENL_VERSION);
	return msg;
}

static void cpus_of(struct cpus *cpus, unsigned int cpu)
{
	cpus_clear(cpus);
	cpus_add(cpus, cpu);
}

struct cpu_table {
	unsigned int count;
	struct vtjob_cpu_info cpu[64];
};

static int collect_cpu(const struct vtjob_cpu_info *cpu, void *arg)
{
	struct cpu_table *table = arg;

	if (table->count < 64)
		table->cpu[table->count] = *cpu;
	table->count++;
	return 0;
}

struct event_queue {
	unsigned int count;
	struct vtjob_event event[16];
};

static void queue_event(const struct vtjob_event *event, void *arg)
{
	struct event_queue *queue = arg;

	if (queue->count < 16)
		queue->event[queue->count++] = *event;
}

static struct event_queue pending;

/* Waits up to @timeout_ms for the next event; 0 when one came. */
static int next_event(struct vtjob_nl *nl, struct vtjob_event *event,
		      int timeout_ms)
{
	struct vtjob_nl_error err;

	while (!pending.count) {
		struct pollfd pfd = { .fd = vtjob_nl_fd(nl), .events = POLLIN };
		int ret = poll(&pfd, 1, timeout_ms);

		if (ret <= 0)
			return -ETIMEDOUT;
		ret = vtjob_nl_read_events(nl, queue_event, &pending, &err);
		if (ret && ret != -ENODEV)
			return ret;
		if (ret == -ENODEV && !pending.count)
			return ret;
	}
	*event = pending.event[0];
	memmove(&pending.event[0], &pending.event[1],
		--pending.count * sizeof(pending.event[0]));
	return 0;
}

FIXTURE(nl) {
	struct vtjob_nl nl;
	struct vtjob_nl events;
	struct vtjob_nl_error err;
};

FIXTURE_SETUP(nl)
{
	ASSERT_LE(2, sysconf(_SC_NPROCESSORS_ONLN));
	ASSERT_EQ(0, vtj_ensure_loaded());
	ASSERT_EQ(0, vtjob_nl_open(&self->nl, &self->err))
		TH_LOG("%s", self->err.message);
	/* Events on a socket of their own, as vtjobctl monitor has. */
	ASSERT_EQ(0, vtjob_nl_open(&self->events, &self->err));
	memset(&pending, 0, sizeof(pending));
}

FIXTURE_TEARDOWN(nl)
{
	vtj_write_file(VTJ_CPU1_ONLINE, "1");
	vtjob_nl_release(&self->nl, NULL, true, &self->err);
	vtjob_nl_close(&self->nl);
	vtjob_nl_close(&self->events);
}

TEST_F(nl, module_get)
{
	struct vtjob_module_info module;

	ASSERT_EQ(0, vtjob_nl_get_module(&self->nl, &module, &self->err));
	EXPECT_EQ(VTJOB_API_VERSION, module.api_version);
	EXPECT_EQ(VTJOB_FEAT_REQUIRED, module.features & VTJOB_FEAT_REQUIRED);
	EXPECT_NE(0, module.vmcs_revision);
	EXPECT_EQ(sysconf(_SC_NPROCESSORS_CONF), module.nr_cpu_ids);
	EXPECT_EQ(0, module.nr_reserved);
}

TEST_F(nl, cpu_dump_reports_every_cpu)
{
	struct cpu_table table = { };
	unsigned int i;

	ASSERT_EQ(0, vtjob_nl_dump_cpus(&self->nl, collect_cpu, &table,
					&self->err));
	ASSERT_EQ(sysconf(_SC_NPROCESSORS_CONF), table.count);
	for (i = 0; i < table.count; i++) {
		EXPECT_EQ(i, table.cpu[i].id);
		EXPECT_EQ(VTJOB_CPU_STATE_FREE, table.cpu[i].state);
		EXPECT_FALSE(table.cpu[i].vmx);
	}
}

TEST_F(nl, reserve_shows_in_dump_and_module)
{
	struct vtjob_module_info module;
	struct cpu_table table = { };
	struct cpus cpus;

	cpus_of(&cpus, 1);
	ASSERT_EQ(0, vtjob_nl_reserve(&self->nl, &cpus, false, &self->err))
		TH_LOG("%s", self->err.message);
	ASSERT_EQ(0, vtjob_nl_dump_cpus(&self->nl, collect_cpu, &table,
					&self->err));
	EXPECT_EQ(VTJOB_CPU_STATE_FREE, table.cpu[0].state);
	EXPECT_EQ(VTJOB_CPU_STATE_IDLE, table.cpu[1].state);
	EXPECT_TRUE(table.cpu[1].vmx);
	ASSERT_EQ(0, vtjob_nl_get_module(&self->nl, &module, &self->err));
	EXPECT_EQ(1, module.nr_reserved);
	ASSERT_EQ(0, vtjob_nl_release(&self->nl, &cpus, false, &self->err));
}

TEST_F(nl, cpu_get_one)
{
	struct nl_msg *msg = raw_msg(&self->nl, VTJOB_CMD_CPU_GET);
	struct raw_reply reply;

	nla_put_u32(msg, VTJOB_A_CPU_ID, 0);
	EXPECT_EQ(0, raw_request(&self->nl, msg, &reply)) TH_LOG("%s", reply.message);
}

TEST_F(nl, cpu_get_refusals_explain_themselves)
{
	struct raw_reply reply;
	struct nl_msg *msg;

	msg = raw_msg(&self->nl, VTJOB_CMD_CPU_GET);
	EXPECT_EQ(-EINVAL, raw_request(&self->nl, msg, &reply));

	msg = raw_msg(&self->nl, VTJOB_CMD_CPU_GET);
	nla_put_u32(msg, VTJOB_A_CPU_ID, 4000);
	EXPECT_EQ(-EINVAL, raw_request(&self->nl, msg, &reply));
	/* The message says why; the offset, which CPU. */
	EXPECT_STREQ("no such CPU", reply.message);
	EXPECT_EQ(VTJOB_A_CPU_ID, reply.blamed_type);
	EXPECT_EQ(4000, reply.blamed_value);

	/* Beyond the spec's maximum: the policy refuses it. */
	msg = raw_msg(&self->nl, VTJOB_CMD_CPU_GET);
	nla_put_u32(msg, VTJOB_A_CPU_ID, VTJOB_MAX_CPU + 1);
	EXPECT_EQ(-ERANGE, raw_request(&self->nl, msg, &reply));
	EXPECT_NE(0, reply.message[0]);

	/* A u16 where a u32 belongs. */
	msg = raw_msg(&self->nl, VTJOB_CMD_CPU_GET);
	nla_put_u16(msg, VTJOB_A_CPU_ID, 1);
	EXPECT_EQ(-EINVAL, raw_request(&self->nl, msg, &reply));
}

/*
 * Refuses "reserve @cpu" @rounds times on a socket of its own and counts
 * the refusals whose message does not name @cpu, or names @other.
 */
static int count_mixed_messages(unsigned int cpu, unsigned int other, int rounds)
{
	char mine[32], theirs[32];
	struct vtjob_nl_error err;
	struct vtjob_nl nl;
	struct cpus cpus;
	int mixed = 0, i;

	if (vtjob_nl_open(&nl, &err))
		return -1;
	cpus_of(&cpus, cpu);
	snprintf(mine, sizeof(mine), "CPU %u", cpu);
	snprintf(theirs, sizeof(theirs), "CPU %u", other);
	for (i = 0; i < rounds; i++) {
		if (vtjob_nl_reserve(&nl, &cpus, false, &err) != -EINVAL ||
		    !strstr(err.message, mine) || strstr(err.message, theirs))
			mixed++;
	}
	vtjob_nl_close(&nl);
	return mixed;
}

/*
 * Two requesters refused at once each get their own message. netlink_ack()
 * reads the message after genl_mutex is dropped: a message formatted into
 * one shared buffer could name the other requester's CPU.
 */
TEST_F_TIMEOUT(nl, concurrent_refusals_keep_their_own_messages, 600)
{
	const int rounds = 3000;
	int status, mixed;
	pid_t pid;

	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		mixed = count_mixed_messages(4001, 4000, rounds);
		_exit(mixed < 0 ? 255 : mixed > 0);
	}
	mixed = count_mixed_messages(4000, 4001, rounds);
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_EQ(0, mixed);
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
}

TEST_F(nl, reserve_refusals_explain_themselves)
{
	struct vtjob_module_info module;
	struct raw_reply reply;
	struct nl_msg *msg;

	msg = raw_msg(&self->nl, VTJOB_CMD_RESERVE);
	EXPECT_EQ(-EINVAL, raw_request(&self->nl, msg, &reply));
	EXPECT_STREQ("no CPU given", reply.message);

	msg = raw_msg(&self->nl, VTJOB_CMD_RESERVE);
	nla_put_u32(msg, VTJOB_A_RESERVATION_CPU, 4000);
	EXPECT_EQ(-EINVAL, raw_request(&self->nl, msg, &reply));
	EXPECT_STREQ("no such CPU", reply.message);
	EXPECT_EQ(VTJOB_A_RESERVATION_CPU, reply.blamed_type);
	EXPECT_EQ(4000, reply.blamed_value);

	msg = raw_msg(&self->nl, VTJOB_CMD_RESERVE);
	nla_put_u32(msg, VTJOB_A_RESERVATION_CPU, VTJOB_MAX_CPU + 1);
	EXPECT_EQ(-ERANGE, raw_request(&self->nl, msg, &reply));

	/* 'all' and 'force' belong to release only. */
	msg = raw_msg(&self->nl, VTJOB_CMD_RESERVE);
	nla_put_u32(msg, VTJOB_A_RESERVATION_CPU, 1);
	nla_put_flag(msg, VTJOB_A_RESERVATION_ALL);
	EXPECT_EQ(-EINVAL, raw_request(&self->nl, msg, &reply));

	/* An attribute type the family does not know. */
	msg = raw_msg(&self->nl, VTJOB_CMD_RESERVE);
	nla_put_u32(msg, 42, 1);
	EXPECT_EQ(-EINVAL, raw_request(&self->nl, msg, &reply));

	/* The host keeps an online CPU; nothing is reserved. */
	msg = raw_msg(&self->nl, VTJOB_CMD_RESERVE);
	nla_put_u32(msg, VTJOB_A_RESERVATION_CPU, 0);
	nla_put_u32(msg, VTJOB_A_RESERVATION_CPU, 1);
	EXPECT_EQ(-EBUSY, raw_request(&self->nl, msg, &reply));
	EXPECT_EQ(VTJOB_A_RESERVATION_CPU, reply.blamed_type);
	EXPECT_NE(NULL, strstr(reply.message, "would leave the host no online CPU"))
		TH_LOG("%s", reply.message);

	/* None of that reserved anything. */
	ASSERT_EQ(0, vtjob_nl_get_module(&self->nl, &module, &self->err));
	EXPECT_EQ(0, module.nr_reserved);
}

TEST_F(nl, release_refusals_explain_themselves)
{
	struct raw_reply reply;
	struct nl_msg *msg;

	msg = raw_msg(&self->nl, VTJOB_CMD_RELEASE);
	nla_put_u32(msg, VTJOB_A_RESERVATION_CPU, 1);
	nla_put_flag(msg, VTJOB_A_RESERVATION_ALL);
	EXPECT_EQ(-EINVAL, raw_request(&self->nl, msg, &reply));
	EXPECT_STREQ("give CPUs or 'all', not both", reply.message);

	msg = raw_msg(&self->nl, VTJOB_CMD_RELEASE);
	EXPECT_EQ(-EINVAL, raw_request(&self->nl, msg, &reply));
	EXPECT_STREQ("no CPU given", reply.message);

	/* Releasing a CPU nobody reserved changes nothing. */
	msg = raw_msg(&self->nl, VTJOB_CMD_RELEASE);
	nla_put_u32(msg, VTJOB_A_RESERVATION_CPU, 1);
	EXPECT_EQ(0, raw_request(&self->nl, msg, &reply));
}

TEST_F(nl, unprivileged_may_read_not_change)
{
	pid_t pid = fork();
	int status;

	ASSERT_LE(0, pid);
	if (pid == 0) {
		struct vtjob_module_info module;
		struct vtjob_nl_error err;
		struct vtjob_nl nl;
		struct cpus cpus;

		if (setgid(65534) || setuid(65534))
			_exit(10);
		if (vtjob_nl_open(&nl, &err))
			_exit(11);
		if (vtjob_nl_get_module(&nl, &module, &err))
			_exit(12);
		cpus_of(&cpus, 1);
		if (vtjob_nl_reserve(&nl, &cpus, false, &err) != -EPERM)
			_exit(13);
		if (vtjob_nl_release(&nl, NULL, false, &err) != -EPERM)
			_exit(14);
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
}

TEST_F(nl, events_for_reserve_release_and_offline)
{
	struct cpu_table table = { };
	struct vtjob_event event;
	struct cpus cpus;

	ASSERT_EQ(0, vtjob_nl_subscribe(&self->events, &self->err));
	cpus_of(&cpus, 1);

	ASSERT_EQ(0, vtjob_nl_reserve(&self->nl, &cpus, false, &self->err));
	ASSERT_EQ(0, next_event(&self->events, &event, 10000));
	EXPECT_EQ(VTJOB_CMD_CPU_RESERVED_NTF, event.cmd);
	EXPECT_EQ(1, event.cpu.id);
	EXPECT_EQ(VTJOB_CPU_STATE_IDLE, event.cpu.state);
	EXPECT_TRUE(event.cpu.vmx);

	ASSERT_EQ(0, vtjob_nl_release(&self->nl, &cpus, false, &self->err));
	ASSERT_EQ(0, next_event(&self->events, &event, 10000));
	EXPECT_EQ(VTJOB_CMD_CPU_RELEASED_NTF, event.cmd);
	EXPECT_EQ(1, event.cpu.id);
	ASSERT_TRUE(event.cpu.has_release_reason);
	EXPECT_EQ(VTJOB_RELEASE_ASKED, event.cpu.release_reason);

	/* A reserved CPU going offline is released first. */
	ASSERT_EQ(0, vtjob_nl_reserve(&self->nl, &cpus, false, &self->err));
	ASSERT_EQ(0, next_event(&self->events, &event, 10000));
	ASSERT_EQ(0, vtj_write_file(VTJ_CPU1_ONLINE, "0"));
	ASSERT_EQ(0, next_event(&self->events, &event, 10000));
	EXPECT_EQ(VTJOB_CMD_CPU_RELEASED_NTF, event.cmd);
	EXPECT_EQ(VTJOB_RELEASE_OFFLINE, event.cpu.release_reason);
	ASSERT_EQ(0, vtj_write_file(VTJ_CPU1_ONLINE, "1"));
	/* It comes back unreserved. */
	ASSERT_EQ(0, vtjob_nl_dump_cpus(&self->nl, collect_cpu, &table,
					&self->err));
	EXPECT_EQ(VTJOB_CPU_STATE_FREE, table.cpu[1].state);
	EXPECT_FALSE(table.cpu[1].vmx);
	EXPECT_EQ(-ETIMEDOUT, next_event(&self->events, &event, 500));
}

TEST_F(nl, unload_releases_with_reason)
{
	struct vtjob_event event;
	struct cpus cpus;

	ASSERT_EQ(0, vtjob_nl_subscribe(&self->events, &self->err));
	cpus_of(&cpus, 1);
	ASSERT_EQ(0, vtjob_nl_reserve(&self->nl, &cpus, false, &self->err));
	ASSERT_EQ(0, next_event(&self->events, &event, 10000));

	ASSERT_EQ(0, vtj_rmmod("vtjob"));
	ASSERT_EQ(0, next_event(&self->events, &event, 10000));
	EXPECT_EQ(VTJOB_CMD_CPU_RELEASED_NTF, event.cmd);
	EXPECT_EQ(1, event.cpu.id);
	EXPECT_EQ(VTJOB_RELEASE_UNLOAD, event.cpu.release_reason);
	ASSERT_EQ(0, vtj_insmod(vtj_module_path()));
	vtjob_nl_close(&self->nl);
	ASSERT_EQ(0, vtjob_nl_open(&self->nl, &self->err));
}

static __u64 total_exits(const struct vtjob_cpu_info *cpu)
{
	__u64 total = 0;
	unsigned int reason;

	for (reason = 0; reason < VTJOB_INFO_EXIT_REASONS; reason++)
		total += cpu->exits[reason];
	return total;
}

/*
 * A job's start and exit on the events group: its CPU, id and runner;
 * on exit the time it ran and its VM exits by reason, which cpu-get then
 * adds to the CPU's.
 */
TEST_F(nl, job_events_carry_run_time_and_exits)
{
	struct vtjob_event event, start, end;
	struct cpu_table table = { };
	char command[512], *out = NULL;
	struct cpus cpus;

	ASSERT_EQ(0, vtjob_nl_subscribe(&self->events, &self->err));
	cpus_of(&cpus, 1);
	ASSERT_EQ(0, vtjob_nl_reserve(&self->nl, &cpus, false, &self->err));
	ASSERT_EQ(0, next_event(&self->events, &event, 10000));
	ASSERT_EQ(VTJOB_CMD_CPU_RESERVED_NTF, event.cmd);

	/*
	 * exit_with makes one system call, exit_group: SYSCALL enters the
	 * job's gate, which hands it to the module with VMCALL.
	 */
	snprintf(command, sizeof(command), "vtjobctl exec --cpu 1 %s/exit_with 3", vtj_jobs_dir());
	EXPECT_EQ(3, vtj_run(command, &out)) TH_LOG("%s", out);
	free(out);

	ASSERT_EQ(0, next_event(&self->events, &start, 60000));
	EXPECT_EQ(VTJOB_CMD_JOB_START_NTF, start.cmd);
	EXPECT_EQ(1, start.cpu.id);
	ASSERT_TRUE(start.cpu.has_job);
	EXPECT_NE(0, start.cpu.job_id);
	EXPECT_NE(0, start.cpu.job_pid);

	ASSERT_EQ(0, next_event(&self->events, &end, 60000));
	EXPECT_EQ(VTJOB_CMD_JOB_EXIT_NTF, end.cmd);
	EXPECT_EQ(1, end.cpu.id);
	ASSERT_TRUE(end.cpu.has_job);
	EXPECT_EQ(start.cpu.job_id, end.cpu.job_id);
	EXPECT_EQ(start.cpu.job_pid, end.cpu.job_pid);
	EXPECT_LT(0, end.cpu.job_time_ns);
	/* It ended by exit_group(3). */
	ASSERT_TRUE(end.cpu.has_job_end);
	EXPECT_EQ(VTJOB_JOB_END_EXITED, end.cpu.job_end);
	EXPECT_EQ(3, end.cpu.job_status);
	/* The exit_group: a VMCALL exit, basic reason 18. */
	EXPECT_EQ(1, end.cpu.exits[EXIT_REASON_VMCALL]);
	TH_LOG("job %llu ran %llu ns with %llu VM exits (%llu VMCALL, %llu for interrupts)",
	       (unsigned long long)end.cpu.job_id, (unsigned long long)end.cpu.job_time_ns,
	       (unsigned long long)total_exits(&end.cpu),
	       (unsigned long long)end.cpu.exits[EXIT_REASON_VMCALL],
	       (unsigned long long)end.cpu.exits[1]);

	/* The CPU's figures now hold the job's. */
	ASSERT_EQ(0, vtjob_nl_dump_cpus(&self->nl, collect_cpu, &table, &self->err));
	EXPECT_EQ(VTJOB_CPU_STATE_IDLE, table.cpu[1].state);
	EXPECT_FALSE(table.cpu[1].has_job);
	EXPECT_EQ(1, table.cpu[1].jobs_run);
	EXPECT_EQ(end.cpu.job_time_ns, table.cpu[1].job_time_ns);
	EXPECT_EQ(total_exits(&end.cpu), total_exits(&table.cpu[1]));
	EXPECT_EQ(-ETIMEDOUT, next_event(&self->events, &event, 500));
}

TEST_HARNESS_MAIN
