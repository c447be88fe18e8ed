// SPDX-License-Identifier: GPL-2.0
#include "client/vtjob_attrs.h"

#include <errno.h>
#include <string.h>

#include <netlink/genl/genl.h>

static struct nla_policy module_policy[VTJOB_A_MODULE_MAX + 1] = {
	[VTJOB_A_MODULE_API_VERSION] = { .type = NLA_U32 },
	[VTJOB_A_MODULE_FEATURES] = { .type = NLA_U64 },
	[VTJOB_A_MODULE_VMCS_REVISION] = { .type = NLA_U32 },
	[VTJOB_A_MODULE_NR_CPU_IDS] = { .type = NLA_U32 },
	[VTJOB_A_MODULE_NR_RESERVED] = { .type = NLA_U32 },
};

static struct nla_policy cpu_policy[VTJOB_A_CPU_MAX + 1] = {
	[VTJOB_A_CPU_ID] = { .type = NLA_U32 },
	[VTJOB_A_CPU_STATE] = { .type = NLA_U32 },
	[VTJOB_A_CPU_VMX] = { .type = NLA_U8 },
	[VTJOB_A_CPU_JOB_ID] = { .type = NLA_U64 },
	[VTJOB_A_CPU_JOB_PID] = { .type = NLA_U32 },
	[VTJOB_A_CPU_JOBS_RUN] = { .type = NLA_U64 },
	[VTJOB_A_CPU_JOB_TIME_NS] = { .type = NLA_U64 },
	[VTJOB_A_CPU_EXITS] = { .type = NLA_NESTED },
	[VTJOB_A_CPU_RELEASE_REASON] = { .type = NLA_U32 },
	[VTJOB_A_CPU_JOB_END] = { .type = NLA_U32 },
	[VTJOB_A_CPU_JOB_STATUS] = { .type = NLA_U32 },
	[VTJOB_A_CPU_JOBS] = { .type = NLA_U32 },
};

static struct nla_policy exit_stat_policy[VTJOB_A_EXIT_STAT_MAX + 1] = {
	[VTJOB_A_EXIT_STAT_REASON] = { .type = NLA_U32 },
	[VTJOB_A_EXIT_STAT_COUNT] = { .type = NLA_U64 },
};

int vtjob_attrs_module(struct nlmsghdr *nlh, struct vtjob_module_info *module)
{
	struct nlattr *attrs[VTJOB_A_MODULE_MAX + 1];

	memset(module, 0, sizeof(*module));
	if (genlmsg_parse(nlh, 0, attrs, VTJOB_A_MODULE_MAX, module_policy) < 0 ||
	    !attrs[VTJOB_A_MODULE_API_VERSION])
		return -EPROTO;

	module->api_version = nla_get_u32(attrs[VTJOB_A_MODULE_API_VERSION]);
	if (attrs[VTJOB_A_MODULE_FEATURES])
		module->features = nla_get_u64(attrs[VTJOB_A_MODULE_FEATURES]);
	if (attrs[VTJOB_A_MODULE_VMCS_REVISION])
		module->vmcs_revision = nla_get_u32(attrs[VTJOB_A_MODULE_VMCS_REVISION]);
	if (attrs[VTJOB_A_MODULE_NR_CPU_IDS])
		module->nr_cpu_ids = nla_get_u32(attrs[VTJOB_A_MODULE_NR_CPU_IDS]);
	if (attrs[VTJOB_A_MODULE_NR_RESERVED])
		module->nr_reserved = nla_get_u32(attrs[VTJOB_A_MODULE_NR_RESERVED]);
	return 0;
}

/*
 * The exits attribute comes once per reason, which genlmsg_parse() would
 * reduce to the last one: each is read here.
 */
static int parse_exits(struct nlmsghdr *nlh, struct vtjob_cpu_info *cpu)
{
	struct nlattr *attr, *stat[VTJOB_A_EXIT_STAT_MAX + 1];
	int remaining;

	nla_for_each_attr(attr, genlmsg_attrdata(nlmsg_data(nlh), 0),
			  genlmsg_attrlen(nlmsg_data(nlh), 0), remaining) {
		__u32 reason;

		if (nla_type(attr) != VTJOB_A_CPU_EXITS)
			continue;
		if (nla_parse_nested(stat, VTJOB_A_EXIT_STAT_MAX, attr, exit_stat_policy) < 0 ||
		    !stat[VTJOB_A_EXIT_STAT_REASON] || !stat[VTJOB_A_EXIT_STAT_COUNT])
			return -EPROTO;
		reason = nla_get_u32(stat[VTJOB_A_EXIT_STAT_REASON]);
		if (reason < VTJOB_INFO_EXIT_REASONS)
			cpu->exits[reason] += nla_get_u64(stat[VTJOB_A_EXIT_STAT_COUNT]);
	}
	return 0;
}

int vtjob_attrs_cpu(struct nlmsghdr *nlh, struct vtjob_cpu_info *cpu)
{
	struct nlattr *attrs[VTJOB_A_CPU_MAX + 1];

	memset(cpu, 0, sizeof(*cpu));
	if (genlmsg_parse(nlh, 0, attrs, VTJOB_A_CPU_MAX, cpu_policy) < 0 ||
	    !attrs[VTJOB_A_CPU_ID])
		return -EPROTO;

	cpu->id = nla_get_u32(attrs[VTJOB_A_CPU_ID]);
	if (attrs[VTJOB_A_CPU_STATE])
		cpu->state = nla_get_u32(attrs[VTJOB_A_CPU_STATE]);
	if (attrs[VTJOB_A_CPU_VMX])
		cpu->vmx = nla_get_u8(attrs[VTJOB_A_CPU_VMX]) != 0;
	/* A job is there when the module names it, whatever else it says. */
	if (attrs[VTJOB_A_CPU_JOB_ID] && attrs[VTJOB_A_CPU_JOB_PID]) {
		cpu->has_job = true;
		cpu->job_id = nla_get_u64(attrs[VTJOB_A_CPU_JOB_ID]);
		cpu->job_pid = nla_get_u32(attrs[VTJOB_A_CPU_JOB_PID]);
	}
	if (attrs[VTJOB_A_CPU_JOBS])
		cpu->nr_jobs = nla_get_u32(attrs[VTJOB_A_CPU_JOBS]);
	if (attrs[VTJOB_A_CPU_JOBS_RUN])
		cpu->jobs_run = nla_get_u64(attrs[VTJOB_A_CPU_JOBS_RUN]);
	if (attrs[VTJOB_A_CPU_JOB_TIME_NS])
		cpu->job_time_ns = nla_get_u64(attrs[VTJOB_A_CPU_JOB_TIME_NS]);
	if (attrs[VTJOB_A_CPU_RELEASE_REASON]) {
		cpu->has_release_reason = true;
		cpu->release_reason = nla_get_u32(attrs[VTJOB_A_CPU_RELEASE_REASON]);
	}
	if (attrs[VTJOB_A_CPU_JOB_END] && attrs[VTJOB_A_CPU_JOB_STATUS]) {
		cpu->has_job_end = true;
		cpu->job_end = nla_get_u32(attrs[VTJOB_A_CPU_JOB_END]);
		cpu->job_status = nla_get_u32(attrs[VTJOB_A_CPU_JOB_STATUS]);
	}
	return parse_exits(nlh, cpu);
}

int vtjob_attrs_event(struct nlmsghdr *nlh, struct vtjob_event *event)
{
	struct genlmsghdr *genl;

	memset(event, 0, sizeof(*event));
	if (!genlmsg_valid_hdr(nlh, 0))
		return -EPROTO;
	genl = nlmsg_data(nlh);
	event->cmd = genl->cmd;
	/* Every event the spec defines so far carries cpu attributes. */
	return vtjob_attrs_cpu(nlh, &event->cpu);
}
