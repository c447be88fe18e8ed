// SPDX-License-Identifier: GPL-2.0
/*
 * The generic netlink family "vtjob": reserve and release CPUs, report CPUs
 * and the module, and announce changes on the "events" group. The spec,
 * Documentation/netlink/specs/vtjob.yaml, is the source of truth; the
 * policies below follow it.
 */
#include "vtjob.h"

#include <linux/capability.h>
#include <linux/cpumask.h>
#include <linux/kernel.h>
#include <linux/notifier.h>
#include <net/genetlink.h>
#include <uapi/linux/vtjob.h>

#include "cpus.h"
#include "nl.h"
#include "vmx/caps.h"

enum vtj_nl_mcgrp {
	VTJ_NL_MCGRP_EVENTS,
};

static struct genl_family vtj_nl_family;

/* Changing state takes more than the genetlink admin flag's CAP_NET_ADMIN. */
static bool vtj_nl_sys_admin(struct sk_buff *skb, struct genl_info *info)
{
	if (netlink_capable(skb, CAP_SYS_ADMIN))
		return true;
	NL_SET_ERR_MSG(info->extack, "changing CPU reservations needs CAP_SYS_ADMIN");
	return false;
}

/* The first VTJOB_A_RESERVATION_CPU attribute naming @cpu, for errors. */
static const struct nlattr *vtj_nl_cpu_attr(struct genl_info *info,
					    unsigned int cpu)
{
	const struct nlattr *attr;
	int rem;

	nlmsg_for_each_attr(attr, info->nlhdr, GENL_HDRLEN, rem)
		if (nla_type(attr) == VTJOB_A_RESERVATION_CPU &&
		    nla_get_u32(attr) == cpu)
			return attr;
	return NULL;
}

/* Collects the CPU attributes of a request into @cpus. */
static int vtj_nl_parse_cpus(struct genl_info *info, struct cpumask *cpus)
{
	const struct nlattr *attr;
	int rem;

	cpumask_clear(cpus);
	nlmsg_for_each_attr(attr, info->nlhdr, GENL_HDRLEN, rem) {
		unsigned int cpu;

		if (nla_type(attr) != VTJOB_A_RESERVATION_CPU)
			continue;
		cpu = nla_get_u32(attr);
		if (cpu >= nr_cpu_ids) {
			NL_SET_ERR_MSG_ATTR(info->extack, attr, "no such CPU");
			return -EINVAL;
		}
		cpumask_set_cpu(cpu, cpus);
	}
	if (cpumask_empty(cpus)) {
		NL_SET_ERR_MSG(info->extack, "no CPU given");
		return -EINVAL;
	}
	return 0;
}

/*
 * A refusal names its CPU by pointing at the attribute that holds it
 * (NLMSGERR_ATTR_OFFS); the message says only why, and is a string that
 * lives forever. It cannot be formatted: netlink_ack() reads it after
 * genl_mutex is dropped, when another request may already be running, and
 * this kernel has no per-request buffer (NL_SET_ERR_MSG_FMT came in 6.2).
 */
static void vtj_nl_set_cpus_err(struct genl_info *info,
				const struct vtj_cpus_error *err)
{
	info->extack->_msg = err->why;
	NL_SET_BAD_ATTR(info->extack, vtj_nl_cpu_attr(info, err->cpu));
}

static int vtj_nl_reserve_doit(struct sk_buff *skb, struct genl_info *info)
{
	bool allow_smt_sibling =
		nla_get_flag(info->attrs[VTJOB_A_RESERVATION_ALLOW_SMT_SIBLING]);
	struct vtj_cpus_error err = { };
	cpumask_var_t cpus;
	int ret;

	if (!vtj_nl_sys_admin(skb, info))
		return -EPERM;
	if (!alloc_cpumask_var(&cpus, GFP_KERNEL))
		return -ENOMEM;

	ret = vtj_nl_parse_cpus(info, cpus);
	if (ret)
		goto out;
	ret = vtj_cpus_reserve(cpus, allow_smt_sibling, &err);
	if (ret && err.why)
		vtj_nl_set_cpus_err(info, &err);
out:
	free_cpumask_var(cpus);
	return ret;
}

static int vtj_nl_release_doit(struct sk_buff *skb, struct genl_info *info)
{
	bool force = nla_get_flag(info->attrs[VTJOB_A_RESERVATION_FORCE]);
	bool all = nla_get_flag(info->attrs[VTJOB_A_RESERVATION_ALL]);
	struct vtj_cpus_error err = { };
	cpumask_var_t cpus;
	int ret;

	if (!vtj_nl_sys_admin(skb, info))
		return -EPERM;

	if (all) {
		if (info->attrs[VTJOB_A_RESERVATION_CPU]) {
			NL_SET_ERR_MSG_ATTR(info->extack,
					    info->attrs[VTJOB_A_RESERVATION_ALL],
					    "give CPUs or 'all', not both");
			return -EINVAL;
		}
		return vtj_cpus_release_all(force);
	}

	if (!alloc_cpumask_var(&cpus, GFP_KERNEL))
		return -ENOMEM;
	ret = vtj_nl_parse_cpus(info, cpus);
	if (ret)
		goto out;
	ret = vtj_cpus_release(cpus, force, &err);
	if (ret && err.why)
		vtj_nl_set_cpus_err(info, &err);
out:
	free_cpumask_var(cpus);
	return ret;
}

static int vtj_nl_put_exits(struct sk_buff *skb, const u64 *exits)
{
	unsigned int reason;

	for (reason = 0; reason < VTJ_NR_EXIT_REASONS; reason++) {
		struct nlattr *nest;

		if (!exits[reason])
			continue;
		nest = nla_nest_start(skb, VTJOB_A_CPU_EXITS);
		if (!nest ||
		    nla_put_u32(skb, VTJOB_A_EXIT_STAT_REASON, reason) ||
		    nla_put_u64_64bit(skb, VTJOB_A_EXIT_STAT_COUNT,
				      exits[reason], VTJOB_A_EXIT_STAT_PAD))
			return -EMSGSIZE;
		nla_nest_end(skb, nest);
	}
	return 0;
}

static int vtj_nl_put_job(struct sk_buff *skb, const struct vtj_cpu_info *info)
{
	if (nla_put_u64_64bit(skb, VTJOB_A_CPU_JOB_ID, info->job_id,
			      VTJOB_A_CPU_PAD) ||
	    nla_put_u32(skb, VTJOB_A_CPU_JOB_PID, info->job_pid))
		return -EMSGSIZE;
	return 0;
}

static int vtj_nl_put_cpu(struct sk_buff *skb, const struct vtj_cpu_info *info)
{
	if (nla_put_u32(skb, VTJOB_A_CPU_ID, info->cpu) ||
	    nla_put_u32(skb, VTJOB_A_CPU_STATE, info->state) ||
	    nla_put_u8(skb, VTJOB_A_CPU_VMX, info->vmx) ||
	    nla_put_u64_64bit(skb, VTJOB_A_CPU_JOBS_RUN, info->jobs_run,
			      VTJOB_A_CPU_PAD) ||
	    nla_put_u64_64bit(skb, VTJOB_A_CPU_JOB_TIME_NS, info->job_time_ns,
			      VTJOB_A_CPU_PAD) ||
	    (info->state != VTJOB_CPU_STATE_FREE &&
	     nla_put_u32(skb, VTJOB_A_CPU_JOBS, info->nr_jobs)) ||
	    (info->state == VTJOB_CPU_STATE_BUSY && vtj_nl_put_job(skb, info)) ||
	    vtj_nl_put_exits(skb, info->exits))
		return -EMSGSIZE;
	return 0;
}

static int vtj_nl_fill_cpu(struct sk_buff *skb, unsigned int cpu, u32 portid,
			   u32 seq, int flags, u8 cmd)
{
	struct vtj_cpu_info info;
	void *hdr;

	hdr = genlmsg_put(skb, portid, seq, &vtj_nl_family, flags, cmd);
	if (!hdr)
		return -EMSGSIZE;
	vtj_cpu_info(cpu, &info);
	if (vtj_nl_put_cpu(skb, &info)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

static int vtj_nl_cpu_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg;
	unsigned int cpu;
	int ret;

	if (GENL_REQ_ATTR_CHECK(info, VTJOB_A_CPU_ID))
		return -EINVAL;
	cpu = nla_get_u32(info->attrs[VTJOB_A_CPU_ID]);
	if (cpu >= nr_cpu_ids || !cpu_possible(cpu)) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[VTJOB_A_CPU_ID],
				    "no such CPU");
		return -EINVAL;
	}

	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	ret = vtj_nl_fill_cpu(msg, cpu, info->snd_portid, info->snd_seq, 0,
			      VTJOB_CMD_CPU_GET);
	if (ret) {
		nlmsg_free(msg);
		return ret;
	}
	return genlmsg_reply(msg, info);
}

static int vtj_nl_cpu_get_dumpit(struct sk_buff *skb,
				 struct netlink_callback *cb)
{
	unsigned int cpu = cb->args[0];

	/* cb->args[0] is the next CPU to report when a message fills up. */
	for (cpu = cpumask_next(cpu - 1, cpu_possible_mask); cpu < nr_cpu_ids;
	     cpu = cpumask_next(cpu, cpu_possible_mask)) {
		if (vtj_nl_fill_cpu(skb, cpu, NETLINK_CB(cb->skb).portid,
				    cb->nlh->nlmsg_seq, NLM_F_MULTI,
				    VTJOB_CMD_CPU_GET))
			break;
	}
	cb->args[0] = cpu;
	return skb->len;
}

static int vtj_nl_module_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg;
	void *hdr;

	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &vtj_nl_family, 0,
				VTJOB_CMD_MODULE_GET);
	if (!hdr)
		goto err_free;
	if (nla_put_u32(msg, VTJOB_A_MODULE_API_VERSION, VTJOB_API_VERSION) ||
	    nla_put_u64_64bit(msg, VTJOB_A_MODULE_FEATURES,
			      vtj_vmx_caps.features, VTJOB_A_MODULE_PAD) ||
	    nla_put_u32(msg, VTJOB_A_MODULE_VMCS_REVISION,
			vtj_vmx_caps.vmcs_revision) ||
	    nla_put_u32(msg, VTJOB_A_MODULE_NR_CPU_IDS, nr_cpu_ids) ||
	    nla_put_u32(msg, VTJOB_A_MODULE_NR_RESERVED,
			vtj_cpus_nr_reserved()))
		goto err_free;
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

err_free:
	nlmsg_free(msg);
	return -EMSGSIZE;
}

static void vtj_nl_notify(const struct vtj_cpu_info *info, u8 cmd,
			  const enum vtjob_release_reason *reason)
{
	struct sk_buff *msg;
	void *hdr;

	if (!genl_has_listeners(&vtj_nl_family, &init_net, VTJ_NL_MCGRP_EVENTS))
		return;
	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return;
	hdr = genlmsg_put(msg, 0, 0, &vtj_nl_family, 0, cmd);
	if (!hdr)
		goto err_free;
	if (vtj_nl_put_cpu(msg, info) ||
	    (reason && nla_put_u32(msg, VTJOB_A_CPU_RELEASE_REASON, *reason)))
		goto err_free;
	genlmsg_end(msg, hdr);
	genlmsg_multicast(&vtj_nl_family, msg, 0, VTJ_NL_MCGRP_EVENTS,
			  GFP_KERNEL);
	return;

err_free:
	nlmsg_free(msg);
}

/*
 * A job starting or ending.
 * @info: the job's CPU, with the job's id and runner; for an exit, @exits
 *	holds the job's own VM exits, and @job_end and @job_status how it
 *	ended
 * @cmd: VTJOB_CMD_JOB_START_NTF or VTJOB_CMD_JOB_EXIT_NTF
 * @run_ns: for an exit, how long the job ran
 */
static void vtj_nl_job_event(const struct vtj_cpu_info *info, u8 cmd,
			     u64 run_ns)
{
	struct sk_buff *msg;
	void *hdr;

	if (!genl_has_listeners(&vtj_nl_family, &init_net, VTJ_NL_MCGRP_EVENTS))
		return;
	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return;
	hdr = genlmsg_put(msg, 0, 0, &vtj_nl_family, 0, cmd);
	if (!hdr || nla_put_u32(msg, VTJOB_A_CPU_ID, info->cpu) ||
	    vtj_nl_put_job(msg, info))
		goto err_free;
	if (cmd == VTJOB_CMD_JOB_EXIT_NTF &&
	    (nla_put_u64_64bit(msg, VTJOB_A_CPU_JOB_TIME_NS, run_ns,
			       VTJOB_A_CPU_PAD) ||
	     vtj_nl_put_exits(msg, info->exits) ||
	     nla_put_u32(msg, VTJOB_A_CPU_JOB_END, info->job_end) ||
	     nla_put_u32(msg, VTJOB_A_CPU_JOB_STATUS, info->job_status)))
		goto err_free;
	genlmsg_end(msg, hdr);
	genlmsg_multicast(&vtj_nl_family, msg, 0, VTJ_NL_MCGRP_EVENTS,
			  GFP_KERNEL);
	return;

err_free:
	nlmsg_free(msg);
}

/* The reservation's changes, as events on the events group. */
static int vtj_nl_cpus_event(struct notifier_block *nb, unsigned long type,
			     void *data)
{
	const struct vtj_cpus_event *event = data;

	switch (type) {
	case VTJ_CPUS_RESERVED:
		vtj_nl_notify(event->info, VTJOB_CMD_CPU_RESERVED_NTF, NULL);
		break;
	case VTJ_CPUS_RELEASED:
		vtj_nl_notify(event->info, VTJOB_CMD_CPU_RELEASED_NTF,
			      &event->reason);
		break;
	case VTJ_CPUS_JOB_START:
		vtj_nl_job_event(event->info, VTJOB_CMD_JOB_START_NTF, 0);
		break;
	case VTJ_CPUS_JOB_EXIT:
		vtj_nl_job_event(event->info, VTJOB_CMD_JOB_EXIT_NTF,
				 event->run_ns);
		break;
	}
	return NOTIFY_OK;
}

static struct notifier_block vtj_nl_cpus_notifier = {
	.notifier_call = vtj_nl_cpus_event,
};

static const struct nla_policy vtj_nl_reserve_policy[VTJOB_A_RESERVATION_ALLOW_SMT_SIBLING + 1] = {
	[VTJOB_A_RESERVATION_CPU] = NLA_POLICY_MAX(NLA_U32, VTJOB_MAX_CPU),
	[VTJOB_A_RESERVATION_ALLOW_SMT_SIBLING] = { .type = NLA_FLAG },
};

static const struct nla_policy vtj_nl_release_policy[VTJOB_A_RESERVATION_FORCE + 1] = {
	[VTJOB_A_RESERVATION_CPU] = NLA_POLICY_MAX(NLA_U32, VTJOB_MAX_CPU),
	[VTJOB_A_RESERVATION_ALL] = { .type = NLA_FLAG },
	[VTJOB_A_RESERVATION_FORCE] = { .type = NLA_FLAG },
};

static const struct nla_policy vtj_nl_cpu_get_policy[VTJOB_A_CPU_ID + 1] = {
	[VTJOB_A_CPU_ID] = NLA_POLICY_MAX(NLA_U32, VTJOB_MAX_CPU),
};

static const struct genl_ops vtj_nl_ops[] = {
	{
		.cmd = VTJOB_CMD_RESERVE,
		.doit = vtj_nl_reserve_doit,
		.policy = vtj_nl_reserve_policy,
		.maxattr = ARRAY_SIZE(vtj_nl_reserve_policy) - 1,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = VTJOB_CMD_RELEASE,
		.doit = vtj_nl_release_doit,
		.policy = vtj_nl_release_policy,
		.maxattr = ARRAY_SIZE(vtj_nl_release_policy) - 1,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = VTJOB_CMD_CPU_GET,
		.doit = vtj_nl_cpu_get_doit,
		.dumpit = vtj_nl_cpu_get_dumpit,
		.policy = vtj_nl_cpu_get_policy,
		.maxattr = ARRAY_SIZE(vtj_nl_cpu_get_policy) - 1,
	},
	{
		.cmd = VTJOB_CMD_MODULE_GET,
		.doit = vtj_nl_module_get_doit,
	},
};

static const struct genl_multicast_group vtj_nl_mcgrps[] = {
	[VTJ_NL_MCGRP_EVENTS] = { .name = VTJOB_MCGRP_EVENTS, },
};

static struct genl_family vtj_nl_family __ro_after_init = {
	.name = VTJOB_GENL_NAME,
	.version = VTJOB_GENL_VERSION,
	.module = THIS_MODULE,
	.ops = vtj_nl_ops,
	.n_ops = ARRAY_SIZE(vtj_nl_ops),
	.mcgrps = vtj_nl_mcgrps,
	.n_mcgrps = ARRAY_SIZE(vtj_nl_mcgrps),
	/* The reservation serializes itself; genl_mutex does the rest. */
	.parallel_ops = false,
};

/**
 * vtj_nl_init() - register the generic netlink family and its events
 *
 * Return: 0 or -errno.
 */
int vtj_nl_init(void)
{
	int err;

	err = genl_register_family(&vtj_nl_family);
	if (err)
		return err;
	err = vtj_cpus_register_notifier(&vtj_nl_cpus_notifier);
	if (err)
		genl_unregister_family(&vtj_nl_family);
	return err;
}

/**
 * vtj_nl_exit() - unregister the generic netlink family
 */
void vtj_nl_exit(void)
{
	vtj_cpus_unregister_notifier(&vtj_nl_cpus_notifier);
	genl_unregister_family(&vtj_nl_family);
}
