/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A job's initial stack, as Linux's execve() builds it for a static
 * program (fs/binfmt_elf.c, System V x86-64 ABI 3.4.1). From RSP up:
 * argc, argv[0..argc-1], NULL, envp[...], NULL, auxv pairs ending with
 * AT_NULL; above them AT_RANDOM's 16 bytes and the platform string; then
 * the argv strings, the envp strings, the executable's name, and one
 * zero word at the very top. RSP is 16-byte aligned.
 */
#ifndef VTJOBCTL_JOB_STACK_H
#define VTJOBCTL_JOB_STACK_H

#include <stdint.h>

#define JOB_RANDOM_BYTES	16

struct job_stack_args {
	char *const *argv;	/* NULL-terminated */
	char *const *envp;	/* NULL-terminated */
	const char *execfn;	/* AT_EXECFN */
	const char *platform;	/* AT_PLATFORM */
	uint8_t random[JOB_RANDOM_BYTES];	/* AT_RANDOM */
	/*
	 * (type, value) pairs up to and with AT_NULL, in the order the job
	 * gets them. The values of AT_RANDOM, AT_EXECFN and AT_PLATFORM
	 * are ignored: they become the addresses of what the stack holds.
	 */
	const uint64_t *auxv;
};

/* The bytes the initial stack takes below its top. */
uint64_t job_stack_size(const struct job_stack_args *args);

/*
 * Write the initial stack into @mem (guest-physical 0, identity mapped)
 * so that it ends at @top, which must be 16-byte aligned and have
 * job_stack_size() bytes of memory below it. Returns the initial RSP.
 */
uint64_t job_stack_build(uint8_t *mem, uint64_t top, const struct job_stack_args *args);

#endif /* VTJOBCTL_JOB_STACK_H */
