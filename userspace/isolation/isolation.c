// SPDX-License-Identifier: GPL-2.0
#include "isolation/isolation.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "isolation/cpuset_partition.h"
#include "lib/host_file.h"
#include "isolation/irq_affinity.h"
#include "isolation/isolation_state.h"
#include "isolation/vmstat_interval.h"
#include "isolation/watchdog_mask.h"
#include "isolation/workqueue_mask.h"

int isolation_lock(const char *root, char *err, size_t errlen)
{
	char dir[PATH_MAX], path[PATH_MAX];
	int lock;

	if (!host_path(root, ISOLATION_STATE_DIR, dir, sizeof(dir)) ||
	    !host_path(root, ISOLATION_LOCK_PATH, path, sizeof(path))) {
		snprintf(err, errlen, "%s: %s", dir, strerror(ENAMETOOLONG));
		return -1;
	}
	/* Made here, not when the state is stored: fail before changing anything. */
	if (mkdir(dir, 0755) < 0 && errno != EEXIST) {
		snprintf(err, errlen, "cannot create %s: %s", dir, strerror(errno));
		return -1;
	}
	lock = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (lock < 0) {
		snprintf(err, errlen, "cannot open %s: %s", path, strerror(errno));
		return -1;
	}
	if (flock(lock, LOCK_EX) < 0) {
		snprintf(err, errlen, "cannot lock %s: %s", path, strerror(errno));
		close(lock);
		return -1;
	}
	return lock;
}

void isolation_unlock(int lock)
{
	close(lock);
}

static int read_online_cpus(const char *root, struct cpus *online, char *err,
			    size_t errlen)
{
	char text[CPUS_LIST_MAX], problem[128];
	int ret;

	ret = host_file_read(root, ONLINE_CPUS_PATH, text, sizeof(text));
	if (ret) {
		snprintf(err, errlen, "cannot read %s: %s", ONLINE_CPUS_PATH,
			 strerror(-ret));
		return -1;
	}
	if (cpus_parse(text, online, problem, sizeof(problem))) {
		snprintf(err, errlen, "%s: %s", ONLINE_CPUS_PATH, problem);
		return -1;
	}
	return 0;
}

int isolation_update(const char *root, const struct cpus *added,
		     const struct cpus *reserved, FILE *out, char *err, size_t errlen)
{
	struct isolation_state state;
	struct cpus isolated, online;
	int ret;

	if (isolation_state_load(&state, root, err, errlen))
		return -1;

	isolated = state.cpus;
	if (added)
		cpus_add_all(&isolated, added);
	cpus_keep_only(&isolated, reserved);
	if (isolation_state_is_empty(&state) && cpus_is_empty(&isolated))
		return 0;

	ret = read_online_cpus(root, &online, err, errlen);
	if (ret)
		goto out;

	cpuset_partition_isolate(root, &state, &isolated, out);
	ret = irq_affinity_isolate(root, &state, &isolated, &online, out);
	if (ret) {
		snprintf(err, errlen, "IRQs: %s", strerror(-ret));
		/* Keep what was saved: the IRQs changed so far must come back. */
	}
	workqueue_mask_isolate(root, &state, &isolated, &online, out);
	watchdog_mask_isolate(root, &state, &isolated, out);
	vmstat_interval_isolate(root, &state, &isolated, out);

	state.cpus = isolated;
	if (isolation_state_store(&state, root, err, errlen))
		ret = -1;
out:
	isolation_state_free(&state);
	return ret ? -1 : 0;
}
