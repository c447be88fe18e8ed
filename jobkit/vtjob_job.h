/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vtjob_job.h - write vtjob jobs in C without a C library.
 *
 * A job is a static x86-64 Linux program. It may call write (to fds 1 and
 * 2), exit and exit_group; every other system call returns -ENOSYS. This
 * header is all such a program needs: system calls, a few string helpers,
 * and its entry point. Build with
 *
 *	gcc -static -nostdlib -fno-pie -no-pie -O2 -ffreestanding \
 *	    -fno-stack-protector -I jobkit -o job job.c
 *
 * and start the program with one line at file scope, naming its main:
 *
 *	#include "vtjob_job.h"
 *
 *	int main(int argc, char **argv, char **envp)
 *	{
 *		vtjob_puts(1, "hello\n");
 *		return 0;
 *	}
 *	VTJOB_DEFINE_START(main);
 *
 * The program runs on Linux as it is, too, which is a quick way to try it.
 * System calls return what the kernel does: a result, or -errno.
 *
 * -static-pie -fpie instead of -fno-pie -no-pie builds a job vtjob loads
 * at 0x400000; with no C library to apply relocations, it must have none
 * (`readelf -r` says so): no pointers in initialized data.
 */
#ifndef VTJOB_JOB_H
#define VTJOB_JOB_H

#include <stddef.h>
#include <stdint.h>

/* The x86-64 system call numbers a job has use for. */
#define VTJOB_SYS_WRITE		1
#define VTJOB_SYS_EXIT		60
#define VTJOB_SYS_EXIT_GROUP	231

#define VTJOB_ENOSYS		38
#define VTJOB_EFAULT		14
#define VTJOB_EBADF		9

/* The auxiliary vector types Linux gives a program (elf.h). */
#define VTJOB_AT_NULL		0
#define VTJOB_AT_PHDR		3
#define VTJOB_AT_PHENT		4
#define VTJOB_AT_PHNUM		5
#define VTJOB_AT_PAGESZ		6
#define VTJOB_AT_BASE		7
#define VTJOB_AT_FLAGS		8
#define VTJOB_AT_ENTRY		9
#define VTJOB_AT_UID		11
#define VTJOB_AT_EUID		12
#define VTJOB_AT_GID		13
#define VTJOB_AT_EGID		14
#define VTJOB_AT_PLATFORM	15
#define VTJOB_AT_HWCAP		16
#define VTJOB_AT_CLKTCK		17
#define VTJOB_AT_SECURE		23
#define VTJOB_AT_RANDOM		25
#define VTJOB_AT_HWCAP2		26
#define VTJOB_AT_EXECFN		31
#define VTJOB_AT_MINSIGSTKSZ	51

/*
 * System calls, in the Linux x86-64 convention: the number in RAX, the
 * arguments in RDI, RSI, RDX, R10, R8, R9, the result in RAX. SYSCALL
 * itself overwrites RCX (the return address) and R11 (RFLAGS).
 */
static inline long vtjob_syscall0(long nr)
{
	long ret;

	__asm__ volatile("syscall" : "=a"(ret) : "a"(nr) : "rcx", "r11", "memory");
	return ret;
}

static inline long vtjob_syscall1(long nr, long a1)
{
	long ret;

	__asm__ volatile("syscall" : "=a"(ret) : "a"(nr), "D"(a1)
			 : "rcx", "r11", "memory");
	return ret;
}

static inline long vtjob_syscall2(long nr, long a1, long a2)
{
	long ret;

	__asm__ volatile("syscall" : "=a"(ret) : "a"(nr), "D"(a1), "S"(a2)
			 : "rcx", "r11", "memory");
	return ret;
}

static inline long vtjob_syscall3(long nr, long a1, long a2, long a3)
{
	long ret;

	__asm__ volatile("syscall" : "=a"(ret) : "a"(nr), "D"(a1), "S"(a2), "d"(a3)
			 : "rcx", "r11", "memory");
	return ret;
}

static inline long vtjob_syscall4(long nr, long a1, long a2, long a3, long a4)
{
	/* No constraint letter names R10, R8 or R9: bind variables to them. */
	register long r10 __asm__("r10") = a4;
	long ret;

	__asm__ volatile("syscall" : "=a"(ret)
			 : "a"(nr), "D"(a1), "S"(a2), "d"(a3), "r"(r10)
			 : "rcx", "r11", "memory");
	return ret;
}

static inline long vtjob_syscall5(long nr, long a1, long a2, long a3, long a4, long a5)
{
	register long r10 __asm__("r10") = a4;
	register long r8 __asm__("r8") = a5;
	long ret;

	__asm__ volatile("syscall" : "=a"(ret)
			 : "a"(nr), "D"(a1), "S"(a2), "d"(a3), "r"(r10), "r"(r8)
			 : "rcx", "r11", "memory");
	return ret;
}

static inline long vtjob_syscall6(long nr, long a1, long a2, long a3, long a4, long a5,
				  long a6)
{
	register long r10 __asm__("r10") = a4;
	register long r8 __asm__("r8") = a5;
	register long r9 __asm__("r9") = a6;
	long ret;

	__asm__ volatile("syscall" : "=a"(ret)
			 : "a"(nr), "D"(a1), "S"(a2), "d"(a3), "r"(r10), "r"(r8), "r"(r9)
			 : "rcx", "r11", "memory");
	return ret;
}

static inline long vtjob_write(int fd, const void *buf, size_t count)
{
	return vtjob_syscall3(VTJOB_SYS_WRITE, fd, (long)buf, (long)count);
}

/* Ends the calling thread; a job has only the one. */
static inline __attribute__((noreturn)) void vtjob_exit(int status)
{
	vtjob_syscall1(VTJOB_SYS_EXIT, status);
	__builtin_unreachable();
}

static inline __attribute__((noreturn)) void vtjob_exit_group(int status)
{
	vtjob_syscall1(VTJOB_SYS_EXIT_GROUP, status);
	__builtin_unreachable();
}

static inline size_t vtjob_strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

static inline int vtjob_streq(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

/* Writes all of @len bytes unless the kernel refuses; returns 0 or -errno. */
static inline long vtjob_write_all(int fd, const void *buf, size_t len)
{
	const char *p = (const char *)buf;
	long n;

	while (len > 0) {
		n = vtjob_write(fd, p, len);
		if (n < 0)
			return n;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static inline long vtjob_puts(int fd, const char *s)
{
	return vtjob_write_all(fd, s, vtjob_strlen(s));
}

/* Room for any 64-bit number in the forms below, with its NUL: size @buf so. */
#define VTJOB_NUMBER_MAX	24

/* @value in decimal in @buf; returns @buf. */
static inline char *vtjob_utoa(unsigned long value, char *buf)
{
	char digits[VTJOB_NUMBER_MAX];
	size_t n = 0, i;

	do {
		digits[n++] = (char)('0' + value % 10);
		value /= 10;
	} while (value);
	for (i = 0; i < n; i++)
		buf[i] = digits[n - 1 - i];
	buf[n] = '\0';
	return buf;
}

static inline char *vtjob_itoa(long value, char *buf)
{
	/* Negate as unsigned: -LONG_MIN does not fit in a long. */
	if (value < 0) {
		buf[0] = '-';
		vtjob_utoa(-(unsigned long)value, buf + 1);
		return buf;
	}
	return vtjob_utoa((unsigned long)value, buf);
}

/* @value as "0x" and lowercase hex digits; returns @buf. */
static inline char *vtjob_xtoa(unsigned long value, char *buf)
{
	static const char hex[] = "0123456789abcdef";
	char digits[VTJOB_NUMBER_MAX];
	size_t n = 0, i;

	do {
		digits[n++] = hex[value & 0xf];
		value >>= 4;
	} while (value);
	buf[0] = '0';
	buf[1] = 'x';
	for (i = 0; i < n; i++)
		buf[2 + i] = digits[n - 1 - i];
	buf[2 + n] = '\0';
	return buf;
}

/* A decimal number, with an optional '-'; @fallback if @s is not one. */
static inline long vtjob_atol(const char *s, long fallback)
{
	unsigned long value = 0;
	int negative = *s == '-';

	s += negative;
	if (!*s)
		return fallback;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return fallback;
		value = value * 10 + (unsigned long)(*s - '0');
	}
	return negative ? -(long)value : (long)value;
}

/* The auxiliary vector: (type, value) pairs after envp's NULL. */
static inline unsigned long *vtjob_auxv(char **envp)
{
	while (*envp)
		envp++;
	return (unsigned long *)(envp + 1);
}

/* The value of auxiliary vector entry @type, or 0 if there is none. */
static inline unsigned long vtjob_getauxval(char **envp, unsigned long type)
{
	unsigned long *aux;

	for (aux = vtjob_auxv(envp); aux[0] != VTJOB_AT_NULL; aux += 2)
		if (aux[0] == type)
			return aux[1];
	return 0;
}

/*
 * GCC may call these four even in freestanding code, for struct copies
 * and loops it recognizes. Weak, so that a program may bring its own;
 * string instructions, so that GCC cannot turn them into calls to
 * themselves.
 */
__attribute__((weak)) void *memcpy(void *dest, const void *src, size_t n)
{
	void *ret = dest;

	__asm__ volatile("rep movsb" : "+D"(dest), "+S"(src), "+c"(n) : : "memory");
	return ret;
}

__attribute__((weak)) void *memset(void *dest, int c, size_t n)
{
	void *ret = dest;

	__asm__ volatile("rep stosb" : "+D"(dest), "+c"(n) : "a"(c) : "memory");
	return ret;
}

__attribute__((weak)) void *memmove(void *dest, const void *src, size_t n)
{
	unsigned char *d = (unsigned char *)dest;
	const unsigned char *s = (const unsigned char *)src;

	if (d <= s || d >= s + n)
		return memcpy(dest, src, n);
	/* Overlapping with dest above: copy from the end down. */
	d += n - 1;
	s += n - 1;
	__asm__ volatile("std; rep movsb; cld" : "+D"(d), "+S"(s), "+c"(n) : : "memory");
	return dest;
}

__attribute__((weak)) int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = (const unsigned char *)a, *y = (const unsigned char *)b;
	size_t i;

	for (i = 0; i < n; i++)
		if (x[i] != y[i])
			return x[i] - y[i];
	return 0;
}

/*
 * The entry point. Linux (and vtjob) start a program at _start with RSP
 * at argc, 16-byte aligned, and argv, envp and the auxiliary vector
 * above it (System V x86-64 ABI, 3.4.1). _start clears RBP to end frame
 * chains, passes that RSP to vtjob_start_c() with the stack aligned as a
 * call wants it, and vtjob_start_c() calls @main_function(argc, argv,
 * envp) and exits the job with what it returns.
 *
 * vtjob_initial_sp keeps that RSP for programs that want to look at it.
 */
#define VTJOB_DEFINE_START(main_function) \
	VTJOB_DEFINE_START_WITH(main_function, "")

/*
 * The same, with assembly that runs first, before any compiled code can
 * touch a register: to see the registers as the job got them. It must
 * leave RSP as it found it.
 */
#define VTJOB_DEFINE_START_WITH(main_function, first_instructions)		\
	unsigned long *vtjob_initial_sp;					\
	__attribute__((used, noreturn)) void vtjob_start_c(unsigned long *sp);	\
	__attribute__((used, noreturn)) void vtjob_start_c(unsigned long *sp)	\
	{									\
		int argc = (int)sp[0];						\
		char **argv = (char **)(sp + 1);				\
		char **envp = argv + argc + 1;					\
										\
		vtjob_initial_sp = sp;						\
		vtjob_exit_group(main_function(argc, argv, envp));		\
	}									\
	__asm__(".pushsection .text\n"						\
		".globl _start\n"						\
		".type _start, @function\n"					\
		"_start:\n"							\
		first_instructions "\n"					\
		"	xor %ebp, %ebp\n"					\
		"	mov %rsp, %rdi\n"					\
		"	and $-16, %rsp\n"					\
		"	call vtjob_start_c\n"					\
		"	ud2\n"							\
		".size _start, . - _start\n"					\
		".popsection\n")

#endif /* VTJOB_JOB_H */
