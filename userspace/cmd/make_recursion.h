/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Telling, in a `vtjobctl exec --make-shell` that GNU make runs as its
 * SHELL, a recursive recipe line from the others. make marks a line
 * recursive when it names $(MAKE) or starts with '+', and hands the two
 * fds of its jobserver pipe (MAKEFLAGS' --jobserver-auth=R,W) to those
 * lines only: it keeps them close-on-exec for every other line. So the
 * fds open in vtjobctl are make's own word that the line runs a sub-make.
 */
#ifndef VTJOBCTL_MAKE_RECURSION_H
#define VTJOBCTL_MAKE_RECURSION_H

#include <stdbool.h>

/*
 * The fds in @makeflags' --jobserver-auth=R,W (--jobserver-fds=R,W, make
 * 4.0 and 4.1), among make's flags, before a "--" word that starts the
 * command-line variables. 0 with them in @fds; -1 without a jobserver
 * (no -j, -j1), or with one that is no pipe (make 4.4's fifo:PATH).
 */
int make_jobserver_fds(const char *makeflags, int fds[2]);

/*
 * Whether the line this process runs is one make marked recursive: a
 * pipe jobserver in @makeflags (NULL: none) whose two fds are open here,
 * the two ends of one pipe.
 */
bool make_line_is_recursive(const char *makeflags);

#endif /* VTJOBCTL_MAKE_RECURSION_H */
