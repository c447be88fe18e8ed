// SPDX-License-Identifier: GPL-2.0
#include "client/nl_extack.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/socket.h>

#include <netlink/msg.h>

int nl_extack_enable(int fd)
{
	int on = 1;

	if (setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &on, sizeof(on)) < 0 ||
	    setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &on, sizeof(on)) < 0)
		return -errno;
	return 0;
}

/* The extended ACK attributes of the reply with payload @error; false if none. */
static bool parse_acks(const struct nlmsgerr *error, struct nlattr *attrs[NLMSGERR_ATTR_MAX + 1])
{
	static struct nla_policy policy[NLMSGERR_ATTR_MAX + 1] = {
		[NLMSGERR_ATTR_MSG] = { .type = NLA_NUL_STRING },
		[NLMSGERR_ATTR_OFFS] = { .type = NLA_U32 },
	};
	/* libnl hands over the payload; the header sits right before it. */
	struct nlmsghdr *nlh = (struct nlmsghdr *)((const char *)error - NLMSG_HDRLEN);
	size_t payload = sizeof(*error);

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return false;
	/* Unless capped, the request comes whole before the attributes. */
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED)) {
		if (error->msg.nlmsg_len < NLMSG_HDRLEN)
			return false;
		payload += error->msg.nlmsg_len - NLMSG_HDRLEN;
	}
	if (payload > nlh->nlmsg_len)
		return false;
	return nlmsg_parse(nlh, (int)payload, attrs, NLMSGERR_ATTR_MAX, policy) == 0;
}

void nl_extack_message(const struct nlmsgerr *error, char *buf, size_t buflen)
{
	struct nlattr *attrs[NLMSGERR_ATTR_MAX + 1];

	if (buflen > 0)
		buf[0] = '\0';
	if (parse_acks(error, attrs) && attrs[NLMSGERR_ATTR_MSG])
		snprintf(buf, buflen, "%s", nla_get_string(attrs[NLMSGERR_ATTR_MSG]));
}

const struct nlattr *nl_extack_bad_attr(const struct nlmsgerr *error,
					const struct nlmsghdr *request)
{
	struct nlattr *attrs[NLMSGERR_ATTR_MAX + 1];
	const struct nlattr *attr;
	uint32_t offset;

	if (!parse_acks(error, attrs) || !attrs[NLMSGERR_ATTR_OFFS])
		return NULL;
	offset = nla_get_u32(attrs[NLMSGERR_ATTR_OFFS]);
	/* The offset is the kernel's word: check it against what was sent. */
	if (offset < NLMSG_HDRLEN || offset > request->nlmsg_len ||
	    request->nlmsg_len - offset < NLA_HDRLEN)
		return NULL;
	attr = (const struct nlattr *)((const char *)request + offset);
	if (attr->nla_len < NLA_HDRLEN || attr->nla_len > request->nlmsg_len - offset)
		return NULL;
	return attr;
}
