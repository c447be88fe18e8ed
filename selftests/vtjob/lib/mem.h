/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The host's memory as the leak tests count it: free memory, slab and
 * pinned pages, before and after many jobs or reservations.
 */
#ifndef VTJOB_SELFTEST_LIB_MEM_H
#define VTJOB_SELFTEST_LIB_MEM_H

/* A /proc/meminfo field, in kB, or -1. */
long vtj_meminfo_kb(const char *field);

/*
 * Free memory in kB, counting the pages freed into per-CPU lists, which
 * MemFree leaves out: without them a few hundred kB come and go at random.
 */
long vtj_free_kb(void);

/*
 * vtj_free_kb() once memory has settled: the page cache dropped, and a
 * second for what exited processes free after an RCU grace period (task
 * structs, files, sockets), which Bochs takes its time over. The slab and
 * kernel figures go to the log.
 */
long vtj_settled_free_kb(void);

/*
 * Logs the @top slab caches whose active objects grew most, in kB, from
 * @before to @after, two readings of /proc/slabinfo: where the memory
 * went when free memory did not come back.
 */
void vtj_log_slab_growth(const char *before, const char *after, int top);

/* A /proc/vmstat counter, or -1. */
long vtj_vmstat(const char *name);

/*
 * Pages pinned with FOLL_PIN and not yet unpinned, as a job's memory is
 * while the job exists.
 */
long vtj_pins_held(void);

#endif /* VTJOB_SELFTEST_LIB_MEM_H */
