/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Where vtjobctl mapped files into a job's memory (MAP_PRIVATE). The job
 * shares those pages with the page cache until it writes to them. A write
 * of vtjobctl's there would give vtjobctl a private copy that the job
 * does not see, so before vtjobctl writes into such a range, the module
 * gives the job its private copy (VTJOB_UNSHARE), which is then the page
 * vtjobctl writes to.
 *
 * The ranges only grow while a job lives: one the job unmapped costs an
 * unneeded VTJOB_UNSHARE, never a wrong write.
 */
#ifndef VTJOBCTL_GUESTMEM_FILE_MAPS_H
#define VTJOBCTL_GUESTMEM_FILE_MAPS_H

#include <stdint.h>

/* A job's libraries and program; more are merged with their neighbours. */
#define GUESTMEM_FILE_MAPS_MAX	32

struct guestmem_file_maps {
	unsigned int count;
	struct {
		uint64_t start, end;
	} ranges[GUESTMEM_FILE_MAPS_MAX];	/* sorted, apart */
	/* Gives the job its own copy of [@addr, + @len): 0 or -errno. */
	int (*unshare)(int job_fd, uint64_t addr, uint64_t len);
	int job_fd;
};

/* [@start, @end) now holds a file mapping. */
void guestmem_file_maps_add(struct guestmem_file_maps *maps, uint64_t start, uint64_t end);

/*
 * Before vtjobctl writes to [@addr, @addr + @len): 0, or -errno if the
 * job could not be given its own copy of a page there.
 */
int guestmem_file_maps_before_write(const struct guestmem_file_maps *maps, uint64_t addr,
				    uint64_t len);

#endif /* VTJOBCTL_GUESTMEM_FILE_MAPS_H */
