/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The generic netlink client of the vtjob module (family "vtjob", see
 * Documentation/netlink/specs/vtjob.yaml): one function per operation,
 * built on libnl-genl. Nothing here prints; failures come back as an
 * errno and, when the kernel gave one, its own message.
 */
#ifndef VTJOBCTL_VTJOB_NL_H
#define VTJOBCTL_VTJOB_NL_H

#include <stdbool.h>

#include "lib/cpu_set.h"
#include "client/vtjob_info.h"

struct nl_sock;

struct vtjob_nl {
	struct nl_sock *sock;
	int family;
};

struct vtjob_nl_error {
	int errnum;		/* positive errno */
	/*
	 * Why, in a sentence: the kernel's extended ACK message when it
	 * refused, what went wrong in libnl otherwise; "" when the errno
	 * is all there is (the generic netlink core refuses EPERM bare).
	 */
	char message[256];
	/* The CPU the kernel blamed, or -1. */
	int cpu;
};

/*
 * Connect and look up the family. -ENOENT (with no message) means the
 * family does not exist: the module is not loaded.
 * All functions here return 0 or -errno, and fill @err on failure.
 */
int vtjob_nl_open(struct vtjob_nl *nl, struct vtjob_nl_error *err);
void vtjob_nl_close(struct vtjob_nl *nl);

/*
 * RESERVE: all of @cpus, or none; with @allow_smt_sibling, even CPUs
 * whose SMT siblings stay with the host.
 */
int vtjob_nl_reserve(struct vtjob_nl *nl, const struct cpus *cpus, bool allow_smt_sibling,
		     struct vtjob_nl_error *err);
/* RELEASE: @cpus, or every reserved CPU if @cpus is NULL. */
int vtjob_nl_release(struct vtjob_nl *nl, const struct cpus *cpus, bool force,
		     struct vtjob_nl_error *err);
/* MODULE_GET */
int vtjob_nl_get_module(struct vtjob_nl *nl, struct vtjob_module_info *module,
			struct vtjob_nl_error *err);
/*
 * CPU_GET dump: @fn is called once per possible CPU, in order; a non-zero
 * return (-errno) stops the dump and is returned.
 */
int vtjob_nl_dump_cpus(struct vtjob_nl *nl,
		       int (*fn)(const struct vtjob_cpu_info *cpu, void *arg),
		       void *arg, struct vtjob_nl_error *err);

/*
 * Join the "events" group, and the generic netlink controller's, which
 * says when the family goes away (the module is unloaded).
 */
int vtjob_nl_subscribe(struct vtjob_nl *nl, struct vtjob_nl_error *err);
/* The socket to poll() for events. */
int vtjob_nl_fd(const struct vtjob_nl *nl);
/*
 * Read what is waiting and call @fn for each event, in order. Returns
 * -ENOBUFS when the kernel dropped events because they were not read in
 * time (reading can go on), -ENODEV once the family is gone.
 */
int vtjob_nl_read_events(struct vtjob_nl *nl,
			 void (*fn)(const struct vtjob_event *event, void *arg),
			 void *arg, struct vtjob_nl_error *err);

#endif /* VTJOBCTL_VTJOB_NL_H */
