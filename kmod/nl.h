/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The generic netlink family "vtjob" (Documentation/netlink/specs/vtjob.yaml).
 */
#ifndef VTJOB_NL_H
#define VTJOB_NL_H

int vtj_nl_init(void);
void vtj_nl_exit(void);

#endif /* VTJOB_NL_H */
