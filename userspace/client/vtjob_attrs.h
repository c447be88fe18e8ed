/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reading vtjob's generic netlink messages into the structs of
 * vtjob_info.h, with libnl's policy checks. Attributes vtjobctl does not
 * know (from a newer module) are skipped.
 */
#ifndef VTJOBCTL_VTJOB_ATTRS_H
#define VTJOBCTL_VTJOB_ATTRS_H

#include <netlink/netlink.h>

#include "client/vtjob_info.h"

/* Each returns 0, or -EPROTO for a message that breaks the spec. */

/* A MODULE_GET reply. */
int vtjob_attrs_module(struct nlmsghdr *nlh, struct vtjob_module_info *module);
/* A CPU_GET reply, or a CPU event: the id is required, the rest optional. */
int vtjob_attrs_cpu(struct nlmsghdr *nlh, struct vtjob_cpu_info *cpu);
/* A message on the events group; its command says which event. */
int vtjob_attrs_event(struct nlmsghdr *nlh, struct vtjob_event *event);

#endif /* VTJOBCTL_VTJOB_ATTRS_H */
