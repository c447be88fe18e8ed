/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Declarations shared across the vtjob module. Include this first in every
 * source file: it sets the message prefix before <linux/printk.h> is seen.
 */
#ifndef VTJOB_VTJOB_H
#define VTJOB_VTJOB_H

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/init.h>

int vtj_dev_init(void);
void vtj_dev_exit(void);

void vtj_debugfs_init(void);
void vtj_debugfs_exit(void);

#endif /* VTJOB_VTJOB_H */
