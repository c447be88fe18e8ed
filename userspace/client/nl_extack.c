// SPDX-License-Identifier: GPL-2.0
#include "client/nl_extack.h"

#include <errno.h>
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

void nl_extack_message(const struct nlmsgerr *error, char *buf, size_t buflen)
{
	static struct nla_policy policy[NLMSGERR_ATTR_MAX + 1] = {
		[NLMSGERR_ATTR_MSG] = { .type = NLA_NUL_STRING },
	};
	/* libnl hands over the payload; the header sits right before it. */
	struct nlmsghdr *nlh = (struct nlmsghdr *)((const char *)error - NLMSG_HDRLEN);
	struct nlattr *attrs[NLMSGERR_ATTR_MAX + 1];
	size_t payload = sizeof(*error);

	if (buflen > 0)
		buf[0] = '\0';
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	/* Unless capped, the request comes whole before the attributes. */
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED)) {
		if (error->msg.nlmsg_len < NLMSG_HDRLEN)
			return;
		payload += error->msg.nlmsg_len - NLMSG_HDRLEN;
	}
	if (payload > nlh->nlmsg_len)
		return;
	if (nlmsg_parse(nlh, (int)payload, attrs, NLMSGERR_ATTR_MAX, policy) < 0 ||
	    !attrs[NLMSGERR_ATTR_MSG])
		return;
	snprintf(buf, buflen, "%s", nla_get_string(attrs[NLMSGERR_ATTR_MSG]));
}
