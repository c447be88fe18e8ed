// SPDX-License-Identifier: GPL-2.0
/*
 * Reading the kernel's extended ACK message out of NLMSG_ERROR replies,
 * built here the way netlink_ack() lays them out.
 */
#include "client/nl_extack.h"

#include <errno.h>
#include <stdint.h>
#include <string.h>

#include <netlink/genl/genl.h>

#include "harness.h"

/* The request being answered: a genl header and one u32 attribute. */
static struct nl_msg *request(void)
{
	struct nl_msg *msg = nlmsg_alloc();

	if (!msg || !genlmsg_put(msg, 1234, 7, 0x1c, 0, 0, 1, 1) ||
	    nla_put_u32(msg, 1, 4000) < 0)
		abort();
	return msg;
}

/*
 * An error reply to @req: capped (the request's header only) or with the
 * whole request, then @message as NLMSGERR_ATTR_MSG if not NULL.
 */
static uint32_t blamed_offset = NLMSG_HDRLEN + GENL_HDRLEN;

static struct nl_msg *error_reply(struct nl_msg *req, bool capped, const char *message)
{
	struct nlmsghdr *req_hdr = nlmsg_hdr(req);
	size_t payload = sizeof(struct nlmsgerr);
	struct nl_msg *msg = nlmsg_alloc();
	struct nlmsgerr *error;
	struct nlmsghdr *hdr;
	int flags = 0;

	if (!capped)
		payload += req_hdr->nlmsg_len - NLMSG_HDRLEN;
	else
		flags |= NLM_F_CAPPED;
	if (message)
		flags |= NLM_F_ACK_TLVS;
	hdr = nlmsg_put(msg, 0, 7, NLMSG_ERROR, (int)payload, flags);
	if (!hdr)
		abort();
	error = nlmsg_data(hdr);
	error->error = -EINVAL;
	memcpy(&error->msg, req_hdr, capped ? sizeof(*req_hdr) : req_hdr->nlmsg_len);
	if (message && nla_put_string(msg, NLMSGERR_ATTR_MSG, message) < 0)
		abort();
	/* The request's attribute, as the module blames a CPU. */
	if (message && nla_put_u32(msg, NLMSGERR_ATTR_OFFS, blamed_offset) < 0)
		abort();
	return msg;
}

static char message[256];

static const char *message_of(struct nl_msg *reply)
{
	strcpy(message, "junk");
	nl_extack_message(nlmsg_data(nlmsg_hdr(reply)), message, sizeof(message));
	return message;
}

TEST(capped_reply)
{
	struct nl_msg *req = request();
	struct nl_msg *reply = error_reply(req, true, "CPU 4000 does not exist");

	EXPECT_STREQ("CPU 4000 does not exist", message_of(reply));
	nlmsg_free(reply);
	nlmsg_free(req);
}

TEST(reply_with_the_whole_request)
{
	struct nl_msg *req = request();
	struct nl_msg *reply = error_reply(req, false, "reserving CPU 1 would leave the host no online CPU");

	EXPECT_STREQ("reserving CPU 1 would leave the host no online CPU", message_of(reply));
	nlmsg_free(reply);
	nlmsg_free(req);
}

TEST(reply_without_a_message)
{
	struct nl_msg *req = request();
	struct nl_msg *capped = error_reply(req, true, NULL);
	struct nl_msg *whole = error_reply(req, false, NULL);

	EXPECT_STREQ("", message_of(capped));
	EXPECT_STREQ("", message_of(whole));
	nlmsg_free(capped);
	nlmsg_free(whole);
	nlmsg_free(req);
}

TEST(message_is_cut_to_the_buffer)
{
	struct nl_msg *req = request();
	struct nl_msg *reply = error_reply(req, true, "CPU 4000 does not exist");
	char small[8];

	nl_extack_message(nlmsg_data(nlmsg_hdr(reply)), small, sizeof(small));
	EXPECT_STREQ("CPU 400", small);
	nlmsg_free(reply);
	nlmsg_free(req);
}

TEST(echoed_request_longer_than_the_reply)
{
	struct nl_msg *req = request();
	struct nl_msg *reply = error_reply(req, false, "x");
	struct nlmsgerr *error = nlmsg_data(nlmsg_hdr(reply));

	/* A lying length must not send the reader past the message. */
	error->msg.nlmsg_len = 65536;
	EXPECT_STREQ("", message_of(reply));
	error->msg.nlmsg_len = 3;
	EXPECT_STREQ("", message_of(reply));
	nlmsg_free(reply);
	nlmsg_free(req);
}

static const struct nlattr *blamed(struct nl_msg *req, bool capped, uint32_t offset)
{
	const struct nlattr *attr;
	struct nl_msg *reply;

	blamed_offset = offset;
	reply = error_reply(req, capped, "no such CPU");
	attr = nl_extack_bad_attr(nlmsg_data(nlmsg_hdr(reply)), nlmsg_hdr(req));
	nlmsg_free(reply);
	blamed_offset = NLMSG_HDRLEN + GENL_HDRLEN;
	return attr;
}

TEST(the_blamed_attribute_is_found_in_the_request)
{
	struct nl_msg *req = request();
	const struct nlattr *attr;

	attr = blamed(req, true, NLMSG_HDRLEN + GENL_HDRLEN);
	ASSERT_NE(NULL, attr);
	EXPECT_EQ(1, nla_type(attr));
	EXPECT_EQ(4000, nla_get_u32(attr));
	/* Whether the reply echoes the request or not. */
	attr = blamed(req, false, NLMSG_HDRLEN + GENL_HDRLEN);
	ASSERT_NE(NULL, attr);
	EXPECT_EQ(4000, nla_get_u32(attr));
	nlmsg_free(req);
}

TEST(an_offset_outside_the_request_blames_nothing)
{
	struct nl_msg *req = request();
	uint32_t end = nlmsg_hdr(req)->nlmsg_len;

	EXPECT_EQ(NULL, blamed(req, true, 0));
	EXPECT_EQ(NULL, blamed(req, true, NLMSG_HDRLEN - 1));
	EXPECT_EQ(NULL, blamed(req, true, end));
	/* An attribute header would run past the end. */
	EXPECT_EQ(NULL, blamed(req, true, end - 2));
	EXPECT_EQ(NULL, blamed(req, true, UINT32_MAX));
	nlmsg_free(req);
}

TEST(a_reply_without_an_offset_blames_nothing)
{
	struct nl_msg *req = request();
	struct nl_msg *reply = error_reply(req, true, NULL);

	EXPECT_EQ(NULL, nl_extack_bad_attr(nlmsg_data(nlmsg_hdr(reply)), nlmsg_hdr(req)));
	nlmsg_free(reply);
	nlmsg_free(req);
}

TEST_HARNESS_MAIN
