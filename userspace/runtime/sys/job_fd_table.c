// SPDX-License-Identifier: GPL-2.0
#include "runtime/sys/job_fd_table.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#define INITIAL_SIZE	64

static void clear(struct job_fd *entry)
{
	entry->host_fd = -1;
	entry->cloexec = false;
	entry->borrowed = false;
}

static void release(struct job_fd *entry)
{
	if (entry->host_fd >= 0 && !entry->borrowed)
		close(entry->host_fd);
	clear(entry);
}

/* Room for job fd @fd; @fd is below the limit. */
static int make_room(struct job_fd_table *table, unsigned int fd)
{
	unsigned int size = table->size, i;
	struct job_fd *fds;

	if (fd < size)
		return 0;
	while (size <= fd)
		size = size > table->limit / 2 ? table->limit : size * 2;
	fds = realloc(table->fds, size * sizeof(*fds));
	if (!fds)
		return -ENOMEM;
	for (i = table->size; i < size; i++)
		clear(&fds[i]);
	table->fds = fds;
	table->size = size;
	return 0;
}

int job_fd_table_init(struct job_fd_table *table, unsigned int limit, const int stdio_fds[3])
{
	unsigned int i;

	table->fds = NULL;
	table->size = 0;
	table->limit = limit;
	if (limit == 0)
		return 0;
	table->size = limit < INITIAL_SIZE ? limit : INITIAL_SIZE;
	table->fds = calloc(table->size, sizeof(*table->fds));
	if (!table->fds)
		return -ENOMEM;
	for (i = 0; i < table->size; i++)
		clear(&table->fds[i]);
	for (i = 0; i < 3 && i < table->size; i++) {
		table->fds[i].host_fd = stdio_fds[i];
		table->fds[i].borrowed = true;
	}
	return 0;
}

int job_fd_table_inherit(struct job_fd_table *table)
{
	struct dirent *entry;
	DIR *dir = opendir("/proc/self/fd");
	int fd, flags;

	if (!dir)
		return -errno;
	while ((entry = readdir(dir))) {
		fd = atoi(entry->d_name);
		if (fd < 3 || fd == dirfd(dir) || (unsigned int)fd >= table->limit)
			continue;
		flags = fcntl(fd, F_GETFD);
		if (flags < 0 || (flags & FD_CLOEXEC))
			continue;
		if (fcntl(fd, F_SETFD, flags | FD_CLOEXEC) < 0 ||
		    job_fd_install_at(table, (unsigned int)fd, fd, false) < 0) {
			closedir(dir);
			return -ENOMEM;
		}
	}
	closedir(dir);
	return 0;
}

void job_fd_table_free(struct job_fd_table *table)
{
	unsigned int i;

	for (i = 0; i < table->size; i++)
		release(&table->fds[i]);
	free(table->fds);
	table->fds = NULL;
	table->size = 0;
}

struct job_fd *job_fd_entry(const struct job_fd_table *table, uint64_t fd)
{
	/* Linux takes an unsigned int: the upper half of the register is not the fd. */
	unsigned int number = (unsigned int)fd;

	if (number >= table->size || table->fds[number].host_fd < 0)
		return NULL;
	return &table->fds[number];
}

int job_fd_host(const struct job_fd_table *table, uint64_t fd)
{
	const struct job_fd *entry = job_fd_entry(table, fd);

	return entry ? entry->host_fd : -EBADF;
}

int job_fd_install(struct job_fd_table *table, int host_fd, bool cloexec, uint64_t min)
{
	unsigned int fd;

	if (min >= table->limit)
		return -EINVAL;
	for (fd = (unsigned int)min; fd < table->limit; fd++) {
		if (fd < table->size && table->fds[fd].host_fd >= 0)
			continue;
		return job_fd_install_at(table, fd, host_fd, cloexec);
	}
	return -EMFILE;
}

int job_fd_install_at(struct job_fd_table *table, uint64_t fd, int host_fd, bool cloexec)
{
	unsigned int number = (unsigned int)fd;

	if (number >= table->limit)
		return -EBADF;
	if (make_room(table, number))
		return -ENOMEM;
	release(&table->fds[number]);
	table->fds[number].host_fd = host_fd;
	table->fds[number].cloexec = cloexec;
	return (int)number;
}

void job_fd_table_close_on_exec(struct job_fd_table *table)
{
	unsigned int i;

	for (i = 0; i < table->size; i++)
		if (table->fds[i].host_fd >= 0 && table->fds[i].cloexec)
			release(&table->fds[i]);
}

int job_fd_close(struct job_fd_table *table, uint64_t fd)
{
	struct job_fd *entry = job_fd_entry(table, fd);

	if (!entry)
		return -EBADF;
	release(entry);
	return 0;
}
