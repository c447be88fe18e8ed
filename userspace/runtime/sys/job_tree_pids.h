/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The host processes a job may name by pid: those of its own job tree,
 * the top runner and every runner it forked, however deep. Each process
 * of a tree is a runner of the user who started it, so the host would
 * let a job signal any process of that user (every one, as root): a job
 * sees the rest of the host as a process outside its pid namespace
 * would, as no process at all (ESRCH).
 *
 * Membership is read from /proc, parent by parent, up to @root. A pid
 * the check found in the tree is signalled through a pidfd opened before
 * the check, so a process that ends meanwhile and whose pid is reused
 * by a stranger is never signalled in its place.
 */
#ifndef VTJOBCTL_JOB_TREE_PIDS_H
#define VTJOBCTL_JOB_TREE_PIDS_H

#include <stdbool.h>
#include <sys/types.h>

/* @pid is @root or descends from it. */
bool job_tree_has(pid_t root, pid_t pid);

/* Some process of @root's tree is in process group @pgrp. */
bool job_tree_has_group(pid_t root, pid_t pgrp);

/*
 * kill(@pid, @signal) when @pid is in @root's tree: 0 or -errno, -ESRCH
 * for a pid outside it. @signal 0 checks that @pid is there.
 */
int job_tree_signal(pid_t root, pid_t pid, int signal);

/*
 * kill() of a group of the tree, as Linux serves kill(0, ...), kill(-pgrp,
 * ...) and kill(-1, ...): every process of @root's tree but @self in
 * group @pgrp, or in any group when @pgrp is 0. *@self_too is set when
 * @self is in @pgrp: the caller acts on itself as a signal to it says.
 * Returns 0 when one process was signalled or *@self_too, -ESRCH when no
 * process matched, else the first error.
 */
int job_tree_signal_group(pid_t root, pid_t self, pid_t pgrp, int signal, bool *self_too);

#endif /* VTJOBCTL_JOB_TREE_PIDS_H */
