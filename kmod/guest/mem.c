// SPDX-License-Identifier: GPL-2.0
/*
 * Reading and writing a job's memory the way the job sees it: through its
 * own 4-level page tables (SDM 4.5) and then its EPT, with the permissions
 * a user-mode access would need. System calls served in the module use
 * this for every pointer the job passes, so a bad one is -EFAULT for the
 * job, as on Linux, and never a fault in the host.
 */
#include "../vtjob.h"

#include <linux/fs.h>
#include <linux/minmax.h>
#include <linux/string.h>

#include "../job.h"
#include "mem.h"

/* Guest-physical address of @gva for a user @access, or ~0. */
static u64 vtj_job_translate(struct vtj_job *job, u64 gva,
			     enum vtj_guest_access access, u64 **leaf,
			     u64 *page_left)
{
	u64 table = job->cr3 & VTJ_PTE_ADDR;
	int level;

	for (level = 3; level >= 0; level--) {
		unsigned int shift = 12 + 9 * level;
		u64 gpa = table + ((gva >> shift) & 511) * sizeof(u64);
		size_t avail;
		/* A write sets the leaf's accessed and dirty bits. */
		u64 *entry = vtj_ept_gpa_to_kva(&job->ept, gpa, &avail,
						access == VTJ_ACCESS_WRITE);
		u64 pte;

		if (!entry)
			return ~0ULL;
		pte = READ_ONCE(*entry);
		if (!(pte & _PAGE_PRESENT) || !(pte & _PAGE_USER))
			return ~0ULL;
		if (access == VTJ_ACCESS_FETCH && (pte & _PAGE_NX))
			return ~0ULL;
		if (access == VTJ_ACCESS_WRITE && !(pte & _PAGE_RW))
			return ~0ULL;
		if (level == 0 || (level <= 2 && (pte & _PAGE_PSE))) {
			u64 page_mask = (1ULL << shift) - 1;

			*leaf = entry;
			*page_left = page_mask + 1 - (gva & page_mask);
			return ((pte & VTJ_PTE_ADDR) & ~page_mask) |
			       (gva & page_mask);
		}
		table = pte & VTJ_PTE_ADDR;
	}
	return ~0ULL;
}

/*
 * Where the job's @gva is in the kernel for a user @access, and in *@n how
 * many bytes from there are contiguous; NULL if the job could not make
 * the access. A write marks the page accessed and dirty, as the CPU
 * would. A call's pointers keep to a page or two (a timespec, a sigset,
 * a buffer on the stack), and a job makes the same call again and again:
 * the last page read or written is kept, and found again without a walk
 * of the job's page tables and EPT, as long as neither changed
 * (@job->mm.generation, which every VTJOB_RUN and every memory call
 * moves on, and @job->ept.generation). A page kept from a read is not
 * used for a write: the write may need the job's own copy of a page it
 * shares with a file.
 */
static void *vtj_job_page(struct vtj_job *job, u64 gva,
			  enum vtj_guest_access access, size_t *n)
{
	struct vtj_page_cache *last = &job->last_page;
	u64 off = gva & ~PAGE_MASK;
	u64 page_left, *leaf, gpa;
	size_t avail;
	void *kva;

	if (access != VTJ_ACCESS_FETCH && last->kva &&
	    last->gva == (gva & PAGE_MASK) &&
	    last->generation == job->mm.generation &&
	    last->ept_generation == job->ept.generation &&
	    (access == VTJ_ACCESS_READ || last->writable)) {
		*n = PAGE_SIZE - off;
		return last->kva + off;
	}

	gpa = vtj_job_translate(job, gva, access, &leaf, &page_left);
	if (gpa == ~0ULL)
		return NULL;
	kva = vtj_ept_gpa_to_kva(&job->ept, gpa, &avail,
				 access == VTJ_ACCESS_WRITE);
	if (!kva)
		return NULL;
	if (access == VTJ_ACCESS_WRITE)
		*leaf |= _PAGE_ACCESSED | _PAGE_DIRTY;
	*n = min_t(u64, page_left, avail);
	if (access != VTJ_ACCESS_FETCH) {
		/* Both the job's page and the kernel's hold the whole 4 KiB. */
		last->gva = gva & PAGE_MASK;
		last->kva = (u8 *)kva - off;
		last->generation = job->mm.generation;
		last->ept_generation = job->ept.generation;
		last->writable = access == VTJ_ACCESS_WRITE;
	}
	return kva;
}

/*
 * Walks [@gva, @gva + @len) in pieces that are contiguous in the kernel,
 * calling @step on each.
 */
static int vtj_job_access(struct vtj_job *job, u64 gva, size_t len,
			  enum vtj_guest_access access,
			  void (*step)(void *kva, size_t n, void *ctx), void *ctx)
{
	if (gva + len < gva)
		return -EFAULT;
	while (len) {
		size_t n;
		void *kva = vtj_job_page(job, gva, access, &n);

		if (!kva)
			return -EFAULT;
		n = min(len, n);
		if (step)
			step(kva, n, ctx);
		gva += n;
		len -= n;
	}
	return 0;
}

struct vtj_copy {
	u8 *buf;
	bool to_guest;
};

static void vtj_copy_step(void *kva, size_t n, void *ctx)
{
	struct vtj_copy *copy = ctx;

	if (copy->to_guest)
		memcpy(kva, copy->buf, n);
	else
		memcpy(copy->buf, kva, n);
	copy->buf += n;
}

/**
 * vtj_job_fetch() - read bytes the job could execute
 * @job: the job
 * @gva: guest-virtual address
 * @buf: out: the bytes
 * @len: how many
 *
 * Return: 0, or -EFAULT if any byte is not mapped user-executable.
 */
int vtj_job_fetch(struct vtj_job *job, u64 gva, void *buf, size_t len)
{
	struct vtj_copy copy = { .buf = buf };

	return vtj_job_access(job, gva, len, VTJ_ACCESS_FETCH, vtj_copy_step,
			      &copy);
}

struct vtj_locate {
	const u8 *kva;
	size_t n;
};

static void vtj_locate_step(void *kva, size_t n, void *ctx)
{
	struct vtj_locate *where = ctx;

	if (!where->kva) {
		where->kva = kva;
		where->n = n;
	}
}

/**
 * vtj_job_at_syscall() - whether the job's next instruction is SYSCALL
 * @job: the job, stopped by #UD at @rip
 * @rip: its instruction pointer
 *
 * A job makes its calls from a few places, so where the bytes of the last
 * one are in the kernel is kept: the next #UD at the same address reads
 * them there, without walking the job's page tables again, as long as no
 * memory call or new CR3 changed the tables (@job->mm.generation) and
 * the EPT still maps the same page (@job->ept.generation).
 *
 * Return: true if the bytes at @rip, fetched as the job would, are 0f 05.
 */
bool vtj_job_at_syscall(struct vtj_job *job, u64 rip)
{
	struct vtj_insn_cache *cache = &job->syscall_insn;
	struct vtj_locate where = { };
	u8 insn[2];

	if (cache->kva && cache->rip == rip &&
	    cache->generation == job->mm.generation &&
	    cache->ept_generation == job->ept.generation)
		return cache->kva[0] == 0x0f && cache->kva[1] == 0x05;

	cache->kva = NULL;
	if (vtj_job_fetch(job, rip, insn, sizeof(insn)) ||
	    insn[0] != 0x0f || insn[1] != 0x05)
		return false;
	/* Both bytes in one piece, or it is not worth keeping. */
	if (!vtj_job_access(job, rip, sizeof(insn), VTJ_ACCESS_FETCH,
			    vtj_locate_step, &where) && where.n >= sizeof(insn)) {
		cache->rip = rip;
		cache->generation = job->mm.generation;
		cache->ept_generation = job->ept.generation;
		cache->kva = where.kva;
	}
	return true;
}

/**
 * vtj_job_read() - read the job's memory as the job could
 * @job: the job
 * @gva: guest-virtual address
 * @buf: out: the bytes
 * @len: how many
 *
 * Return: 0, or -EFAULT if any byte is not mapped user-readable.
 */
int vtj_job_read(struct vtj_job *job, u64 gva, void *buf, size_t len)
{
	struct vtj_copy copy = { .buf = buf };

	return vtj_job_access(job, gva, len, VTJ_ACCESS_READ, vtj_copy_step,
			      &copy);
}

/**
 * vtj_job_write() - write the job's memory as the job could
 * @job: the job
 * @gva: guest-virtual address
 * @buf: the bytes
 * @len: how many
 *
 * Nothing is written unless all of the range is user-writable.
 *
 * Return: 0, or -EFAULT if any byte is not mapped user-writable.
 */
int vtj_job_write(struct vtj_job *job, u64 gva, const void *buf, size_t len)
{
	struct vtj_copy copy = { .buf = (u8 *)buf, .to_guest = true };
	int err;

	/* Checked whole first: a failed call leaves the job's memory alone. */
	err = vtj_job_access(job, gva, len, VTJ_ACCESS_WRITE, NULL, NULL);
	if (err)
		return err;
	return vtj_job_access(job, gva, len, VTJ_ACCESS_WRITE, vtj_copy_step,
			      &copy);
}

/**
 * vtj_job_read_file() - read a file into the job's memory, as the job's
 *	read() would
 * @job: the job
 * @file: a file open for reading
 * @gva: guest-virtual address of the job's buffer
 * @len: bytes to read at most
 * @pos: the file position to read at, advanced by what was read
 *
 * The file goes straight into the job's pages, one page (or the part of
 * it in the buffer) at a time, each made the job's own first if it
 * shared it with a file's page cache. As Linux's read(), it stops short
 * at the first page the job could not write, and at the end of the file.
 *
 * Context: the runner, whose memory the job's is; may sleep.
 * Return: bytes read, 0 at the end of the file, or -errno if nothing was
 * read: -EFAULT if the buffer's first page is not user-writable.
 */
ssize_t vtj_job_read_file(struct vtj_job *job, struct file *file, u64 gva,
			  size_t len, loff_t *pos)
{
	size_t done = 0;

	while (done < len) {
		size_t n;
		void *kva = vtj_job_page(job, gva + done, VTJ_ACCESS_WRITE, &n);
		ssize_t got;

		if (!kva)
			break;
		n = min(len - done, n);
		got = kernel_read(file, kva, n, pos);
		if (got < 0)
			return done ? done : got;
		done += got;
		if (got < n)
			return done;
	}
	return done || !len ? done : -EFAULT;
}
