/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's extended ACK: the message a netlink handler gives with
 * NL_SET_ERR_MSG() to say why it refused a request. It rides in the
 * NLMSG_ERROR reply, after the error code and the echoed request, when
 * the socket has NETLINK_EXT_ACK on. libnl 3.7 neither turns that option
 * on nor reads the message, so vtjobctl does both.
 */
#ifndef VTJOBCTL_NL_EXTACK_H
#define VTJOBCTL_NL_EXTACK_H

#include <stddef.h>
#include <linux/netlink.h>

/*
 * Ask the kernel for extended ACKs on netlink socket @fd, and to leave
 * the request out of error replies, which need only the message. Returns
 * 0 or -errno.
 */
int nl_extack_enable(int fd);

/*
 * Copy the message from the NLMSG_ERROR reply whose payload is @error (as
 * libnl's error callback gets it) into @buf; "" if it has none.
 */
void nl_extack_message(const struct nlmsgerr *error, char *buf, size_t buflen);

/*
 * The attribute the kernel blamed (NL_SET_BAD_ATTR(), as the offset
 * NLMSGERR_ATTR_OFFS) in @request, the message the reply with payload
 * @error answers; NULL if it blamed none, or if no whole attribute of
 * @request starts at that offset.
 */
const struct nlattr *nl_extack_bad_attr(const struct nlmsgerr *error,
					const struct nlmsghdr *request);

#endif /* VTJOBCTL_NL_EXTACK_H */
