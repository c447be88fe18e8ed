// SPDX-License-Identifier: GPL-2.0
#include "client/vtjob_nl.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <linux/genetlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>

#include "client/nl_extack.h"
#include "client/vtjob_attrs.h"

/*
 * The generic netlink controller, which announces families coming and
 * going on this group; the uapi headers do not name them.
 */
#define CTRL_FAMILY		"nlctrl"
#define CTRL_NOTIFY_GROUP	"notify"

_Static_assert(CPULIST_MAX_CPUS == VTJOB_MAX_CPU + 1,
	       "a CPU list must name exactly the CPUs the family takes");

/* One request and what came back for it. */
struct request {
	/* Called for each reply message; returns 0 or -errno. */
	int (*reply)(struct nlmsghdr *nlh, void *arg);
	void *arg;
	bool done;
	int error;		/* -errno */
	struct vtjob_nl_error *err;
	const struct nlmsghdr *sent;
	/* What the request does to the CPUs it names ("reserve"), or NULL. */
	const char *verb;
};

static int libnl_failure(struct vtjob_nl_error *err, const char *what, int nl_error)
{
	/* libnl's codes are its own, not errnos; its text says what they mean. */
	err->errnum = EIO;
	snprintf(err->message, sizeof(err->message), "%s: %s", what,
		 nl_geterror(nl_error));
	return -EIO;
}

static int out_of_memory(struct vtjob_nl_error *err)
{
	err->errnum = ENOMEM;
	err->message[0] = '\0';
	return -ENOMEM;
}

static int on_reply(struct nl_msg *msg, void *arg)
{
	struct request *request = arg;
	int ret;

	if (!request->reply)
		return NL_OK;
	ret = request->reply(nlmsg_hdr(msg), request->arg);
	if (ret) {
		if (ret == -EPROTO)
			snprintf(request->err->message, sizeof(request->err->message),
				 "the vtjob module's reply breaks its spec: an attribute is missing or malformed");
		request->error = ret;
		request->done = true;
		return NL_STOP;
	}
	return NL_OK;
}

/* The end of a dump: NLMSG_DONE, whose payload is the dump's status. */
static int on_done(struct nl_msg *msg, void *arg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct request *request = arg;
	int status;

	if (nlmsg_datalen(nlh) >= (int)sizeof(status)) {
		memcpy(&status, nlmsg_data(nlh), sizeof(status));
		if (status < 0)
			request->error = status;
	}
	request->done = true;
	return NL_STOP;
}

static int on_ack(struct nl_msg *msg, void *arg)
{
	struct request *request = arg;

	(void)msg;
	request->done = true;
	return NL_STOP;
}

/*
 * The module says why it refused a CPU and points at the attribute that
 * named it (its messages cannot be formatted): say which CPU here.
 */
static void name_the_cpu(const struct request *request, const struct nlmsgerr *error)
{
	struct vtjob_nl_error *err = request->err;
	const struct nlattr *attr;
	char why[sizeof(err->message)];

	attr = nl_extack_bad_attr(error, request->sent);
	if (!request->verb || !err->message[0] || !attr ||
	    nla_type(attr) != VTJOB_A_RESERVATION_CPU || nla_len(attr) != sizeof(__u32))
		return;
	err->cpu = (int)nla_get_u32(attr);
	memcpy(why, err->message, sizeof(why));
	/* The module's reasons are short: room for the prefix is kept. */
	snprintf(err->message, sizeof(err->message), "cannot %s CPU %u: %.*s", request->verb,
		 nla_get_u32(attr), (int)sizeof(why) - 64, why);
}

static int on_error(struct sockaddr_nl *who, struct nlmsgerr *error, void *arg)
{
	struct request *request = arg;

	(void)who;
	request->error = error->error;
	nl_extack_message(error, request->err->message, sizeof(request->err->message));
	name_the_cpu(request, error);
	request->done = true;
	return NL_STOP;
}

/*
 * Send @msg (consumed) and read replies until the ACK, the error or the
 * dump's end. @verb: see struct request.
 */
static int run_request(struct vtjob_nl *nl, struct nl_msg *msg, const char *verb,
		       int (*reply)(struct nlmsghdr *nlh, void *arg), void *arg,
		       struct vtjob_nl_error *err)
{
	struct request request = {
		.reply = reply,
		.arg = arg,
		.err = err,
		.sent = nlmsg_hdr(msg),
		.verb = verb,
	};
	struct nl_cb *cb;
	int ret;

	err->errnum = 0;
	err->cpu = -1;
	err->message[0] = '\0';
	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb) {
		nlmsg_free(msg);
		return out_of_memory(err);
	}
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_reply, &request);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, on_done, &request);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, on_ack, &request);
	nl_cb_err(cb, NL_CB_CUSTOM, on_error, &request);

	ret = nl_send_auto(nl->sock, msg);
	if (ret < 0) {
		ret = libnl_failure(err, "cannot send to the vtjob module", ret);
		goto out;
	}
	while (!request.done) {
		ret = nl_recvmsgs(nl->sock, cb);
		/* The callbacks stop libnl with an error of its own: theirs counts. */
		if (ret < 0 && !request.done) {
			ret = libnl_failure(err, "cannot read the vtjob module's reply", ret);
			goto out;
		}
	}
	ret = 0;
out:
	nlmsg_free(msg);
	nl_cb_put(cb);
	if (ret)
		return ret;

	if (request.error) {
		err->errnum = -request.error;
		return request.error;
	}
	err->message[0] = '\0';
	return 0;
}

/* A request for @cmd, with room for @payload bytes of attributes. */
static struct nl_msg *new_request(struct vtjob_nl *nl, __u8 cmd, int flags,
				  size_t payload)
{
	struct nl_msg *msg = nlmsg_alloc_size(NLMSG_HDRLEN + GENL_HDRLEN + payload);

	if (msg && !genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, nl->family, 0,
				flags, cmd, VTJOB_GENL_VERSION)) {
		nlmsg_free(msg);
		msg = NULL;
	}
	return msg;
}

int vtjob_nl_open(struct vtjob_nl *nl, struct vtjob_nl_error *err)
{
	int ret;

	err->errnum = 0;
	err->cpu = -1;
	err->message[0] = '\0';
	nl->family = -1;
	nl->sock = nl_socket_alloc();
	if (!nl->sock)
		return out_of_memory(err);

	ret = genl_connect(nl->sock);
	if (ret < 0) {
		ret = libnl_failure(err, "cannot open a generic netlink socket", ret);
		goto fail;
	}
	ret = nl_extack_enable(nl_socket_get_fd(nl->sock));
	if (ret < 0) {
		err->errnum = -ret;
		snprintf(err->message, sizeof(err->message),
			 "cannot turn on extended ACKs: %s", strerror(-ret));
		goto fail;
	}
	nl->family = genl_ctrl_resolve(nl->sock, VTJOB_GENL_NAME);
	if (nl->family == -NLE_OBJ_NOTFOUND) {
		err->errnum = ENOENT;
		ret = -ENOENT;
		goto fail;
	}
	if (nl->family < 0) {
		ret = libnl_failure(err, "cannot look up the vtjob generic netlink family",
				    nl->family);
		goto fail;
	}
	return 0;

fail:
	nl_socket_free(nl->sock);
	nl->sock = NULL;
	return ret;
}

void vtjob_nl_close(struct vtjob_nl *nl)
{
	nl_socket_free(nl->sock);
	nl->sock = NULL;
}

/* A RESERVE or RELEASE request naming @cpus. */
static struct nl_msg *new_reservation(struct vtjob_nl *nl, __u8 cmd,
				      const struct cpus *cpus, size_t extra)
{
	size_t nr_cpus = cpus ? cpus_count(cpus) : 0;
	struct nl_msg *msg;
	unsigned int cpu;

	msg = new_request(nl, cmd, 0, nr_cpus * nla_total_size(sizeof(__u32)) + extra);
	if (!msg || !cpus)
		return msg;
	for (cpu = cpus_next(cpus, 0); cpu < CPULIST_MAX_CPUS; cpu = cpus_next(cpus, cpu + 1)) {
		if (nla_put_u32(msg, VTJOB_A_RESERVATION_CPU, cpu) < 0) {
			nlmsg_free(msg);
			return NULL;
		}
	}
	return msg;
}

int vtjob_nl_reserve(struct vtjob_nl *nl, const struct cpus *cpus, bool allow_smt_sibling,
		     struct vtjob_nl_error *err)
{
	struct nl_msg *msg = new_reservation(nl, VTJOB_CMD_RESERVE, cpus, nla_total_size(0));

	if (!msg)
		return out_of_memory(err);
	if (allow_smt_sibling && nla_put_flag(msg, VTJOB_A_RESERVATION_ALLOW_SMT_SIBLING) < 0) {
		nlmsg_free(msg);
		return out_of_memory(err);
	}
	return run_request(nl, msg, "reserve", NULL, NULL, err);
}

int vtjob_nl_release(struct vtjob_nl *nl, const struct cpus *cpus, bool force,
		     struct vtjob_nl_error *err)
{
	struct nl_msg *msg;

	/* Room for the two flags. */
	msg = new_reservation(nl, VTJOB_CMD_RELEASE, cpus, 2 * nla_total_size(0));
	if (!msg)
		return out_of_memory(err);
	if ((!cpus && nla_put_flag(msg, VTJOB_A_RESERVATION_ALL) < 0) ||
	    (force && nla_put_flag(msg, VTJOB_A_RESERVATION_FORCE) < 0)) {
		nlmsg_free(msg);
		return out_of_memory(err);
	}
	return run_request(nl, msg, "release", NULL, NULL, err);
}

static int module_reply(struct nlmsghdr *nlh, void *arg)
{
	return vtjob_attrs_module(nlh, arg);
}

int vtjob_nl_get_module(struct vtjob_nl *nl, struct vtjob_module_info *module,
			struct vtjob_nl_error *err)
{
	struct nl_msg *msg = new_request(nl, VTJOB_CMD_MODULE_GET, 0, 0);
	int ret;

	if (!msg)
		return out_of_memory(err);
	/* A reply that never comes must not pass for an all-zero module. */
	module->api_version = 0;
	ret = run_request(nl, msg, NULL, module_reply, module, err);
	if (!ret && module->api_version == 0) {
		err->errnum = EPROTO;
		snprintf(err->message, sizeof(err->message),
			 "the vtjob module acknowledged MODULE_GET without a reply");
		return -EPROTO;
	}
	return ret;
}

struct cpu_dump {
	int (*fn)(const struct vtjob_cpu_info *cpu, void *arg);
	void *arg;
};

static int cpu_reply(struct nlmsghdr *nlh, void *arg)
{
	struct cpu_dump *dump = arg;
	struct vtjob_cpu_info cpu;
	int ret;

	ret = vtjob_attrs_cpu(nlh, &cpu);
	return ret ? ret : dump->fn(&cpu, dump->arg);
}

int vtjob_nl_dump_cpus(struct vtjob_nl *nl,
		       int (*fn)(const struct vtjob_cpu_info *cpu, void *arg),
		       void *arg, struct vtjob_nl_error *err)
{
	struct nl_msg *msg = new_request(nl, VTJOB_CMD_CPU_GET, NLM_F_DUMP, 0);
	struct cpu_dump dump = { .fn = fn, .arg = arg };

	if (!msg)
		return out_of_memory(err);
	return run_request(nl, msg, NULL, cpu_reply, &dump, err);
}

static int join_group(struct vtjob_nl *nl, const char *family, const char *group,
		      struct vtjob_nl_error *err)
{
	char what[96];
	int id, ret;

	snprintf(what, sizeof(what), "cannot join the %s group \"%s\"", family, group);
	id = genl_ctrl_resolve_grp(nl->sock, family, group);
	if (id < 0)
		return libnl_failure(err, what, id);
	ret = nl_socket_add_membership(nl->sock, id);
	if (ret < 0)
		return libnl_failure(err, what, ret);
	return 0;
}

int vtjob_nl_subscribe(struct vtjob_nl *nl, struct vtjob_nl_error *err)
{
	int ret;

	err->errnum = 0;
	err->cpu = -1;
	err->message[0] = '\0';
	ret = join_group(nl, VTJOB_GENL_NAME, VTJOB_MCGRP_EVENTS, err);
	if (!ret)
		ret = join_group(nl, CTRL_FAMILY, CTRL_NOTIFY_GROUP, err);
	return ret;
}

int vtjob_nl_fd(const struct vtjob_nl *nl)
{
	return nl_socket_get_fd(nl->sock);
}

struct event_reader {
	int family;
	void (*fn)(const struct vtjob_event *event, void *arg);
	void *arg;
	bool family_gone;
};

static bool is_family_removal(struct nlmsghdr *nlh, int family)
{
	static struct nla_policy policy[CTRL_ATTR_MAX + 1] = {
		[CTRL_ATTR_FAMILY_ID] = { .type = NLA_U16 },
	};
	struct nlattr *attrs[CTRL_ATTR_MAX + 1];
	struct genlmsghdr *genl = nlmsg_data(nlh);

	if (!genlmsg_valid_hdr(nlh, 0) || genl->cmd != CTRL_CMD_DELFAMILY)
		return false;
	return genlmsg_parse(nlh, 0, attrs, CTRL_ATTR_MAX, policy) == 0 &&
	       attrs[CTRL_ATTR_FAMILY_ID] &&
	       nla_get_u16(attrs[CTRL_ATTR_FAMILY_ID]) == family;
}

static int on_event(struct nl_msg *msg, void *arg)
{
	struct event_reader *reader = arg;
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct vtjob_event event;

	if (nlh->nlmsg_type == GENL_ID_CTRL) {
		if (is_family_removal(nlh, reader->family))
			reader->family_gone = true;
		return NL_OK;
	}
	/* Malformed events are skipped: the next one may be fine. */
	if (nlh->nlmsg_type == reader->family && vtjob_attrs_event(nlh, &event) == 0)
		reader->fn(&event, reader->arg);
	return NL_OK;
}

/* Events are not replies: they carry no sequence number to check. */
static int accept_any_sequence(struct nl_msg *msg, void *arg)
{
	(void)msg;
	(void)arg;
	return NL_OK;
}

int vtjob_nl_read_events(struct vtjob_nl *nl,
			 void (*fn)(const struct vtjob_event *event, void *arg),
			 void *arg, struct vtjob_nl_error *err)
{
	struct event_reader reader = {
		.family = nl->family,
		.fn = fn,
		.arg = arg,
	};
	struct nl_cb *cb;
	int ret;

	err->errnum = 0;
	err->cpu = -1;
	err->message[0] = '\0';
	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb)
		return out_of_memory(err);
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_event, &reader);
	nl_cb_set(cb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, accept_any_sequence, NULL);
	ret = nl_recvmsgs(nl->sock, cb);
	nl_cb_put(cb);

	if (reader.family_gone) {
		err->errnum = ENODEV;
		return -ENODEV;
	}
	/*
	 * libnl turns recvmsg()'s ENOBUFS, the kernel's word that the
	 * socket's queue overflowed, into NLE_NOMEM.
	 */
	if (ret == -NLE_NOMEM) {
		err->errnum = ENOBUFS;
		return -ENOBUFS;
	}
	if (ret < 0)
		return libnl_failure(err, "cannot read vtjob events", ret);
	return 0;
}
