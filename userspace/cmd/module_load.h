/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The command a message tells the user to load the module with. vtjobctl
 * run from a source tree (its own directory is the tree's userspace/,
 * beside kmod/) names that tree's module, which is what was just built;
 * run from anywhere else, as installed, it names modprobe, which finds the
 * installed module (make modules_install, DKMS or the vtjob-dkms package).
 */
#ifndef VTJOBCTL_MODULE_LOAD_H
#define VTJOBCTL_MODULE_LOAD_H

/* "modprobe vtjob", or "insmod /path/to/tree/kmod/vtjob.ko". */
const char *cmd_module_load_command(void);

#endif /* VTJOBCTL_MODULE_LOAD_H */
