// SPDX-License-Identifier: GPL-2.0
/* Reading and writing the job's open files, advice on it, and mmap() of one. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/uio.h>
#include <unistd.h>

#include "guestmem/file_maps.h"
#include "guestmem/x86_paging.h"
#include "runtime/sys/job_sys.h"

/* Linux's UIO_MAXIOV: readv() and writev() take no more. */
#define JOB_IOV_MAX	1024

/* A host call that a signal cut short goes on, unless the signal is the job's. */
static bool retry(const struct job_syscall_env *env, ssize_t n)
{
	return n < 0 && errno == EINTR && !env->signals->any;
}

/*
 * A buffer the job cannot use, given to @fd: Linux checks that the fd is
 * open for the transfer before it looks at the buffer, so a read of a
 * write-only fd is EBADF whatever the buffer. Asked only on this path.
 */
static int64_t bad_buffer(int fd, bool into_job)
{
	int flags = fcntl(fd, F_GETFL);

	if (flags >= 0 && ((flags & O_PATH) ||
			   (flags & O_ACCMODE) == (into_job ? O_WRONLY : O_RDONLY)))
		return -EBADF;
	return -EFAULT;
}

static uint64_t capped(uint64_t count)
{
	return count > JOB_MAX_RW_COUNT ? JOB_MAX_RW_COUNT : count;
}

/*
 * How much of the job's buffer at @addr a call may use, as Linux decides
 * it: access_ok() on @len, the length as the call takes it, then of the
 * first @count bytes the part before the first page the job could not
 * read (or, @into_job, write). Returns 0 and *@can, or -EFAULT if none.
 */
static int usable(const struct job_syscall_env *env, uint64_t addr, uint64_t len,
		  uint64_t count, bool into_job, uint64_t *can)
{
	if (!guestmem_access_ok(addr, len))
		return -EFAULT;
	*can = into_job ? guestmem_writable_prefix(&env->view, addr, count) :
			  guestmem_readable_prefix(&env->view, addr, count);
	return *can == 0 && count ? -EFAULT : 0;
}

/*
 * All of [@buf, @buf + @count) out through @fd, as a write to a pipe or
 * terminal eventually gets out: the count written, or -errno if nothing
 * was.
 */
static int64_t write_all(const struct job_syscall_env *env, int fd, const uint8_t *buf,
			 uint64_t count)
{
	uint64_t done = 0;
	ssize_t n;

	while (done < count) {
		n = env->write(fd, buf + done, count - done);
		if (retry(env, n))
			continue;
		if (n < 0)
			return done ? (int64_t)done : job_sys_errno();
		if (n == 0)
			break;
		done += (uint64_t)n;
	}
	return (int64_t)done;
}

int64_t job_sys_write(const struct job_syscall_env *env, const uint64_t *args)
{
	int fd = job_fd_host(env->fds, args[0]);
	uint64_t count = capped(args[2]), can;

	if (fd < 0)
		return fd;
	/* As Linux: the bytes before the first unreadable page go out. */
	if (usable(env, args[1], args[2], count, false, &can))
		return bad_buffer(fd, false);
	return write_all(env, fd, guestmem_bytes(&env->view, args[1]), can);
}

int64_t job_sys_read(const struct job_syscall_env *env, const uint64_t *args)
{
	int fd = job_fd_host(env->fds, args[0]);
	uint64_t count = capped(args[2]), can;
	ssize_t n;

	if (fd < 0)
		return fd;
	if (usable(env, args[1], args[2], count, true, &can))
		return bad_buffer(fd, true);
	do
		n = read(fd, guestmem_bytes(&env->view, args[1]), can);
	while (retry(env, n));
	return n < 0 ? job_sys_errno() : n;
}

static int64_t positioned(const struct job_syscall_env *env, const uint64_t *args, bool out)
{
	int fd = job_fd_host(env->fds, args[0]);
	uint64_t count = capped(args[2]), can;
	int64_t offset = (int64_t)args[3];
	ssize_t n;

	if (fd < 0)
		return fd;
	if (offset < 0)
		return -EINVAL;
	if (usable(env, args[1], args[2], count, !out, &can))
		return bad_buffer(fd, !out);
	do
		n = out ? pwrite(fd, guestmem_bytes(&env->view, args[1]), can, offset) :
			  pread(fd, guestmem_bytes(&env->view, args[1]), can, offset);
	while (retry(env, n));
	return n < 0 ? job_sys_errno() : n;
}

int64_t job_sys_pread64(const struct job_syscall_env *env, const uint64_t *args)
{
	return positioned(env, args, false);
}

int64_t job_sys_pwrite64(const struct job_syscall_env *env, const uint64_t *args)
{
	return positioned(env, args, true);
}

/*
 * The job's iovec array at @addr as host iovecs into its memory, cut at
 * the first byte the job could not reach and at MAX_RW_COUNT in all, as
 * Linux cuts them. Returns how many, or -errno.
 */
static int host_iovecs(const struct job_syscall_env *env, uint64_t addr, uint64_t nr,
		       bool into_job, struct iovec *iov)
{
	struct { uint64_t base, len; } job_iov[JOB_IOV_MAX];
	uint64_t total = 0, can;
	unsigned int i, used = 0;

	if (nr > JOB_IOV_MAX)
		return -EINVAL;
	if (guestmem_copy_from(&env->view, job_iov, addr, nr * sizeof(job_iov[0])))
		return -EFAULT;
	for (i = 0; i < nr; i++) {
		if ((int64_t)job_iov[i].len < 0)
			return -EINVAL;
		if (!guestmem_access_ok(job_iov[i].base, job_iov[i].len))
			return -EFAULT;
	}
	for (i = 0; i < nr && total < JOB_MAX_RW_COUNT; i++) {
		uint64_t len = job_iov[i].len;

		if (len > JOB_MAX_RW_COUNT - total)
			len = JOB_MAX_RW_COUNT - total;
		can = into_job ? guestmem_writable_prefix(&env->view, job_iov[i].base, len) :
				 guestmem_readable_prefix(&env->view, job_iov[i].base, len);
		if (can == 0 && len) {
			if (total == 0)
				return -EFAULT;
			break;
		}
		iov[used].iov_base = guestmem_bytes(&env->view, job_iov[i].base);
		iov[used++].iov_len = can;
		total += can;
		if (can < len)
			break;
	}
	return (int)used;
}

int64_t job_sys_readv(const struct job_syscall_env *env, const uint64_t *args)
{
	int fd = job_fd_host(env->fds, args[0]), nr;
	struct iovec iov[JOB_IOV_MAX];
	ssize_t n;

	if (fd < 0)
		return fd;
	nr = host_iovecs(env, args[1], args[2], true, iov);
	if (nr == -EFAULT)
		return bad_buffer(fd, true);
	if (nr < 0)
		return nr;
	do
		n = readv(fd, iov, nr);
	while (retry(env, n));
	return n < 0 ? job_sys_errno() : n;
}

/* Like write_all(), for writev(): on to the end of the last buffer. */
int64_t job_sys_writev(const struct job_syscall_env *env, const uint64_t *args)
{
	int fd = job_fd_host(env->fds, args[0]), nr, first = 0;
	struct iovec iov[JOB_IOV_MAX];
	int64_t done = 0;
	ssize_t n;

	if (fd < 0)
		return fd;
	nr = host_iovecs(env, args[1], args[2], false, iov);
	if (nr == -EFAULT)
		return bad_buffer(fd, false);
	if (nr < 0)
		return nr;
	while (first < nr) {
		if (iov[first].iov_len == 0) {
			first++;
			continue;
		}
		n = writev(fd, iov + first, nr - first);
		if (retry(env, n))
			continue;
		if (n < 0)
			return done ? done : job_sys_errno();
		if (n == 0)
			break;
		done += n;
		while (first < nr && (size_t)n >= iov[first].iov_len)
			n -= (ssize_t)iov[first++].iov_len;
		if (first < nr) {
			iov[first].iov_base = (uint8_t *)iov[first].iov_base + n;
			iov[first].iov_len -= (size_t)n;
		}
	}
	return done;
}

int64_t job_sys_lseek(const struct job_syscall_env *env, const uint64_t *args)
{
	int fd = job_fd_host(env->fds, args[0]);
	off_t at;

	if (fd < 0)
		return fd;
	at = lseek(fd, (off_t)args[1], job_sys_int(args[2]));
	return at < 0 ? -errno : at;
}

int64_t job_sys_ftruncate(const struct job_syscall_env *env, const uint64_t *args)
{
	int fd = job_fd_host(env->fds, args[0]);

	if (fd < 0)
		return fd;
	if ((int64_t)args[1] < 0)
		return -EINVAL;
	return ftruncate(fd, (off_t)args[1]) < 0 ? -errno : 0;
}

int64_t job_sys_fsync(const struct job_syscall_env *env, const uint64_t *args)
{
	int fd = job_fd_host(env->fds, args[0]);

	if (fd < 0)
		return fd;
	return fsync(fd) < 0 ? -errno : 0;
}

int64_t job_sys_fdatasync(const struct job_syscall_env *env, const uint64_t *args)
{
	int fd = job_fd_host(env->fds, args[0]);

	if (fd < 0)
		return fd;
	return fdatasync(fd) < 0 ? -errno : 0;
}

int64_t job_sys_getdents64(const struct job_syscall_env *env, const uint64_t *args)
{
	int fd = job_fd_host(env->fds, args[0]);
	/* Linux takes an unsigned int count. */
	uint64_t count = (uint32_t)args[2], can;
	ssize_t n;

	if (fd < 0)
		return fd;
	if (usable(env, args[1], count, count, true, &can))
		return -EFAULT;
	/* struct linux_dirent64 is the same for the job as for vtjobctl. */
	n = getdents64(fd, guestmem_bytes(&env->view, args[1]), can);
	return n < 0 ? -errno : n;
}

/* Advice for the host's page cache, which serves the job's reads too. */
int64_t job_sys_fadvise64(const struct job_syscall_env *env, const uint64_t *args)
{
	int fd = job_fd_host(env->fds, args[0]);

	if (fd < 0)
		return fd;
	return -posix_fadvise(fd, (off_t)args[1], (off_t)args[2], job_sys_int(args[3]));
}

/* The file's bytes from @offset copied into [@at, @at + @len), zeroed memory. */
static int64_t copy_file(const struct job_syscall_env *env, int fd, uint8_t *at, uint64_t len,
			 int64_t offset)
{
	uint64_t done = 0;
	ssize_t n;

	while (done < len) {
		n = pread(fd, at + done, len - done, offset + (off_t)done);
		if (retry(env, n))
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			break;
		done += (uint64_t)n;
	}
	return 0;
}

/*
 * mmap() of a file: the module has mapped [args[0], + length) with the
 * job's protection, and wants new memory over all of that range: the file
 * from offset args[5] of job fd args[4], up to its last page, and zeroed
 * memory past it. The file is mapped MAP_PRIVATE into the job's memory,
 * so the job shares its pages with every process that maps it, and sees
 * the file change, until it writes to a page, which gives it a copy. A
 * file that cannot be mapped on the host (a block device, a /proc file)
 * is copied in instead.
 *
 * A shared mapping is taken as a private one only where the two cannot be
 * told apart: read-only (PROT_READ, PROT_EXEC), of a file open read-only,
 * so that Linux would never let it be made writable either. A shared
 * mapping that could write the file is -ENODEV, as for a file that
 * cannot be mapped.
 */
int64_t job_sys_mmap(const struct job_syscall_env *env, const uint64_t *args)
{
	uint64_t addr = args[0], len = (args[1] + X86_PAGE_SIZE - 1) & ~(X86_PAGE_SIZE - 1);
	int prot = job_sys_int(args[2]), flags = job_sys_int(args[3]);
	int fd = job_fd_host(env->fds, args[4]), mode;
	int64_t offset = (int64_t)args[5];
	uint64_t file_len = 0;
	struct statvfs fs;
	struct stat st;
	int64_t err;
	uint8_t *at;

	if (fd < 0)
		return fd;
	mode = fcntl(fd, F_GETFL);
	if (mode < 0 || (mode & O_PATH))
		return -EBADF;
	if (offset < 0 || offset % X86_PAGE_SIZE)
		return -EINVAL;
	if ((mode & O_ACCMODE) == O_WRONLY)
		return -EACCES;
	if (fstat(fd, &st) < 0)
		return -errno;
	if (!S_ISREG(st.st_mode) && !S_ISBLK(st.st_mode))
		return -ENODEV;
	if ((flags & MAP_TYPE) != MAP_PRIVATE && (prot & PROT_WRITE))
		return (mode & O_ACCMODE) == O_RDWR ? -ENODEV : -EACCES;
	if ((flags & MAP_TYPE) != MAP_PRIVATE && (mode & O_ACCMODE) == O_RDWR)
		return -ENODEV;
	/* As Linux refuses code from a filesystem mounted noexec. */
	if ((prot & PROT_EXEC) && fstatvfs(fd, &fs) == 0 && (fs.f_flag & ST_NOEXEC))
		return -EPERM;
	/* Where the module mapped it: PROT_NONE pages are not present. */
	if (addr % X86_PAGE_SIZE || len < args[1] || len > env->view.mem_size ||
	    addr > env->view.mem_size - len ||
	    (prot != PROT_NONE && !guestmem_is_mapped(&env->view, addr, len)))
		return -EFAULT;

	at = guestmem_bytes(&env->view, addr);
	/*
	 * Without a record of file maps, vtjobctl's own writes could not
	 * keep the job's copy (a test's memory): copied into it, as it is.
	 */
	if (!env->view.file_maps) {
		err = copy_file(env, fd, at, len, offset);
		return err ? err : (int64_t)addr;
	}
	if (S_ISREG(st.st_mode) && st.st_size > offset) {
		file_len = (uint64_t)(st.st_size - offset);
		file_len = (file_len + X86_PAGE_SIZE - 1) & ~(X86_PAGE_SIZE - 1);
		if (file_len > len)
			file_len = len;
		if (mmap(at, file_len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_FIXED, fd,
			 offset) == MAP_FAILED)
			file_len = 0;
	}
	if (len > file_len &&
	    mmap(at + file_len, len - file_len, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == MAP_FAILED)
		return -errno;
	if (file_len) {
		guestmem_file_maps_add(env->view.file_maps, addr, addr + file_len);
		return (int64_t)addr;
	}
	err = copy_file(env, fd, at, len, offset);
	return err ? err : (int64_t)addr;
}
