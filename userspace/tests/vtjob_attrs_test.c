// SPDX-License-Identifier: GPL-2.0
/*
 * Reading vtjob messages into structs: messages are built with libnl the
 * way the module builds them (u64s padded with the pad attribute).
 */
#include "client/vtjob_attrs.h"

#include <errno.h>

#include <netlink/genl/genl.h>

#include "harness.h"

/* Any family id will do: the parser does not look at it. */
#define FAKE_FAMILY	0x1c

static struct nl_msg *new_message(__u8 cmd)
{
	struct nl_msg *msg = nlmsg_alloc();

	if (!msg || !genlmsg_put(msg, 0, 0, FAKE_FAMILY, 0, 0, cmd, VTJOB_GENL_VERSION))
		abort();
	return msg;
}

static void put_u64(struct nl_msg *msg, int type, __u64 value)
{
	if (nla_put_u64(msg, type, value) < 0)
		abort();
}

/* A CPU as the module reports it. */
static struct nl_msg *cpu_message(__u8 cmd, __u32 id)
{
	struct nl_msg *msg = new_message(cmd);

	nla_put_u32(msg, VTJOB_A_CPU_ID, id);
	nla_put_u32(msg, VTJOB_A_CPU_STATE, VTJOB_CPU_STATE_IDLE);
	nla_put_u8(msg, VTJOB_A_CPU_VMX, 1);
	put_u64(msg, VTJOB_A_CPU_JOBS_RUN, 5);
	put_u64(msg, VTJOB_A_CPU_JOB_TIME_NS, 1ULL << 40);
	return msg;
}

TEST(module)
{
	struct nl_msg *msg = new_message(VTJOB_CMD_MODULE_GET);
	struct vtjob_module_info module;

	nla_put_u32(msg, VTJOB_A_MODULE_API_VERSION, 1);
	put_u64(msg, VTJOB_A_MODULE_FEATURES, 0x70003fff7ULL);
	nla_put_u32(msg, VTJOB_A_MODULE_VMCS_REVISION, 0x12);
	nla_put_u32(msg, VTJOB_A_MODULE_NR_CPU_IDS, 3);
	nla_put_u32(msg, VTJOB_A_MODULE_NR_RESERVED, 1);

	ASSERT_EQ(0, vtjob_attrs_module(nlmsg_hdr(msg), &module));
	EXPECT_EQ(1, module.api_version);
	EXPECT_EQ(0x70003fff7ULL, module.features);
	EXPECT_EQ(0x12, module.vmcs_revision);
	EXPECT_EQ(3, module.nr_cpu_ids);
	EXPECT_EQ(1, module.nr_reserved);
	nlmsg_free(msg);
}

TEST(module_needs_its_api_version)
{
	struct nl_msg *msg = new_message(VTJOB_CMD_MODULE_GET);
	struct vtjob_module_info module;

	nla_put_u32(msg, VTJOB_A_MODULE_NR_CPU_IDS, 3);
	EXPECT_EQ(-EPROTO, vtjob_attrs_module(nlmsg_hdr(msg), &module));
	nlmsg_free(msg);
}

TEST(cpu)
{
	struct nl_msg *msg = cpu_message(VTJOB_CMD_CPU_GET, 2);
	struct vtjob_cpu_info cpu;

	ASSERT_EQ(0, vtjob_attrs_cpu(nlmsg_hdr(msg), &cpu));
	EXPECT_EQ(2, cpu.id);
	EXPECT_EQ(VTJOB_CPU_STATE_IDLE, cpu.state);
	EXPECT_TRUE(cpu.vmx);
	EXPECT_FALSE(cpu.has_job);
	EXPECT_EQ(5, cpu.jobs_run);
	EXPECT_EQ(1ULL << 40, cpu.job_time_ns);
	EXPECT_FALSE(cpu.has_release_reason);
	nlmsg_free(msg);
}

TEST(cpu_with_a_job)
{
	struct nl_msg *msg = cpu_message(VTJOB_CMD_CPU_GET, 1);
	struct vtjob_cpu_info cpu;

	put_u64(msg, VTJOB_A_CPU_JOB_ID, 77);
	nla_put_u32(msg, VTJOB_A_CPU_JOB_PID, 1234);
	ASSERT_EQ(0, vtjob_attrs_cpu(nlmsg_hdr(msg), &cpu));
	EXPECT_TRUE(cpu.has_job);
	EXPECT_EQ(77, cpu.job_id);
	EXPECT_EQ(1234, cpu.job_pid);
	nlmsg_free(msg);
}

static void put_exit_stat(struct nl_msg *msg, __u32 reason, __u64 count)
{
	struct nlattr *nest = nla_nest_start(msg, VTJOB_A_CPU_EXITS);

	if (!nest || nla_put_u32(msg, VTJOB_A_EXIT_STAT_REASON, reason) < 0)
		abort();
	put_u64(msg, VTJOB_A_EXIT_STAT_COUNT, count);
	nla_nest_end(msg, nest);
}

TEST(exits_come_one_attribute_a_reason)
{
	struct nl_msg *msg = cpu_message(VTJOB_CMD_JOB_EXIT_NTF, 1);
	struct vtjob_event event;
	unsigned int reason;
	__u64 total = 0;

	put_exit_stat(msg, 0, 3);
	put_exit_stat(msg, 1, 1ULL << 33);
	put_exit_stat(msg, 52, 40);
	/* Beyond what vtjobctl keeps: dropped, not an error. */
	put_exit_stat(msg, VTJOB_INFO_EXIT_REASONS, 9);
	ASSERT_EQ(0, vtjob_attrs_event(nlmsg_hdr(msg), &event));
	EXPECT_EQ(3, event.cpu.exits[0]);
	EXPECT_EQ(1ULL << 33, event.cpu.exits[1]);
	EXPECT_EQ(40, event.cpu.exits[52]);
	for (reason = 0; reason < VTJOB_INFO_EXIT_REASONS; reason++)
		total += event.cpu.exits[reason];
	EXPECT_EQ(3 + (1ULL << 33) + 40, total);
	nlmsg_free(msg);
}

TEST(an_exit_stat_without_its_count_is_refused)
{
	struct nl_msg *msg = cpu_message(VTJOB_CMD_JOB_EXIT_NTF, 1);
	struct vtjob_event event;
	struct nlattr *nest = nla_nest_start(msg, VTJOB_A_CPU_EXITS);

	ASSERT_NE(NULL, nest);
	nla_put_u32(msg, VTJOB_A_EXIT_STAT_REASON, 1);
	nla_nest_end(msg, nest);
	EXPECT_EQ(-EPROTO, vtjob_attrs_event(nlmsg_hdr(msg), &event));
	nlmsg_free(msg);
}

TEST(cpu_needs_its_id)
{
	struct nl_msg *msg = new_message(VTJOB_CMD_CPU_GET);
	struct vtjob_cpu_info cpu;

	nla_put_u32(msg, VTJOB_A_CPU_STATE, VTJOB_CPU_STATE_FREE);
	EXPECT_EQ(-EPROTO, vtjob_attrs_cpu(nlmsg_hdr(msg), &cpu));
	nlmsg_free(msg);
}

TEST(cpu_attributes_of_the_wrong_size_are_refused)
{
	struct nl_msg *msg = new_message(VTJOB_CMD_CPU_GET);
	struct vtjob_cpu_info cpu;

	nla_put_u32(msg, VTJOB_A_CPU_ID, 1);
	/* A u64 where the spec says u64, but cut to 16 bits. */
	nla_put_u16(msg, VTJOB_A_CPU_JOBS_RUN, 5);
	EXPECT_EQ(-EPROTO, vtjob_attrs_cpu(nlmsg_hdr(msg), &cpu));
	nlmsg_free(msg);
}

TEST(attributes_from_a_newer_module_are_skipped)
{
	struct nl_msg *msg = cpu_message(VTJOB_CMD_CPU_GET, 0);
	struct vtjob_cpu_info cpu;

	nla_put_u32(msg, VTJOB_A_CPU_MAX + 1, 0xdead);
	nla_put_string(msg, VTJOB_A_CPU_MAX + 7, "future");
	ASSERT_EQ(0, vtjob_attrs_cpu(nlmsg_hdr(msg), &cpu));
	EXPECT_EQ(0, cpu.id);
	EXPECT_EQ(5, cpu.jobs_run);
	nlmsg_free(msg);
}

TEST(released_event)
{
	struct nl_msg *msg = cpu_message(VTJOB_CMD_CPU_RELEASED_NTF, 1);
	struct vtjob_event event;

	nla_put_u32(msg, VTJOB_A_CPU_RELEASE_REASON, VTJOB_RELEASE_OFFLINE);
	ASSERT_EQ(0, vtjob_attrs_event(nlmsg_hdr(msg), &event));
	EXPECT_EQ(VTJOB_CMD_CPU_RELEASED_NTF, event.cmd);
	EXPECT_EQ(1, event.cpu.id);
	EXPECT_TRUE(event.cpu.has_release_reason);
	EXPECT_EQ(VTJOB_RELEASE_OFFLINE, event.cpu.release_reason);
	nlmsg_free(msg);
}

TEST(reserved_event)
{
	struct nl_msg *msg = cpu_message(VTJOB_CMD_CPU_RESERVED_NTF, 2);
	struct vtjob_event event;

	ASSERT_EQ(0, vtjob_attrs_event(nlmsg_hdr(msg), &event));
	EXPECT_EQ(VTJOB_CMD_CPU_RESERVED_NTF, event.cmd);
	EXPECT_EQ(2, event.cpu.id);
	nlmsg_free(msg);
}

TEST(event_without_a_genl_header)
{
	struct nl_msg *msg = nlmsg_alloc();
	struct vtjob_event event;

	ASSERT_NE(NULL, nlmsg_put(msg, 0, 0, FAKE_FAMILY, 0, 0));
	EXPECT_EQ(-EPROTO, vtjob_attrs_event(nlmsg_hdr(msg), &event));
	nlmsg_free(msg);
}

TEST_HARNESS_MAIN
