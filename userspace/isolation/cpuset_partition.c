// SPDX-License-Identifier: GPL-2.0
#include "isolation/cpuset_partition.h"

#include <errno.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/host_file.h"

#define CONTROLLERS		CGROUP_ROOT "/cgroup.controllers"
#define SUBTREE_CONTROL		CGROUP_ROOT "/cgroup.subtree_control"
#define VTJOB_CPUS		VTJOB_CGROUP "/cpuset.cpus"
#define VTJOB_PARTITION		VTJOB_CGROUP "/cpuset.cpus.partition"

/* Room for "root invalid (<the kernel's reason>)". */
#define PARTITION_MAX		256

/* Whether the space-separated @list has @word in it. */
static bool has_word(const char *list, const char *word)
{
	size_t len = strlen(word);
	const char *pos;

	for (pos = list; (pos = strstr(pos, word)); pos += len)
		if ((pos == list || pos[-1] == ' ') &&
		    (pos[len] == ' ' || pos[len] == '\0'))
			return true;
	return false;
}

/*
 * Whether the cgroup v2 hierarchy is at CGROUP_ROOT: only its root has
 * cgroup.controllers (v1 hierarchies name their files by controller).
 */
static bool have_cgroup2(const char *root, char *controllers, size_t len)
{
	return host_file_read(root, CONTROLLERS, controllers, len) == 0;
}

/*
 * Ask for partition type @type and read back what the kernel made of it:
 * it answers "root invalid (reason)" rather than failing the write when
 * the CPUs do not allow a partition. True if it took.
 */
static bool try_partition(const char *root, const char *type, char *result,
			  size_t len)
{
	int err = host_file_write(root, VTJOB_PARTITION, type);

	if (err) {
		snprintf(result, len, "%s", strerror(-err));
		return false;
	}
	err = host_file_read(root, VTJOB_PARTITION, result, len);
	if (err) {
		snprintf(result, len, "cannot read it back: %s", strerror(-err));
		return false;
	}
	return strcmp(result, type) == 0;
}

static int enable_cpuset_controller(const char *root, struct isolation_state *state,
				    FILE *out)
{
	char subtree[PARTITION_MAX];
	int err;

	err = host_file_read(root, SUBTREE_CONTROL, subtree, sizeof(subtree));
	if (!err && has_word(subtree, "cpuset"))
		return 0;
	if (!err)
		err = host_file_write(root, SUBTREE_CONTROL, "+cpuset");
	if (err) {
		fprintf(out, "cpuset: cannot enable the cpuset controller in %s (%s); skipped\n",
			SUBTREE_CONTROL, strerror(-err));
		return err;
	}
	state->enabled_cpuset_controller = true;
	return 0;
}

static int create_cgroup(const char *root, struct isolation_state *state, FILE *out)
{
	char path[PATH_MAX];

	if (!host_path(root, VTJOB_CGROUP, path, sizeof(path)))
		return -ENAMETOOLONG;
	if (mkdir(path, 0755) == 0) {
		state->created_cgroup = true;
		return 0;
	}
	if (errno == EEXIST)
		return 0;
	fprintf(out, "cpuset: cannot create %s (%s); skipped\n", VTJOB_CGROUP,
		strerror(errno));
	return -errno;
}

static enum isolation_result make_partition(const char *root, struct isolation_state *state,
					    const struct cpus *isolated, FILE *out)
{
	char list[CPUS_LIST_MAX], description[CPUS_DESCRIPTION_MAX];
	char isolated_refusal[PARTITION_MAX], root_refusal[PARTITION_MAX];
	char controllers[PARTITION_MAX];
	int err;

	if (!have_cgroup2(root, controllers, sizeof(controllers))) {
		fprintf(out, "cpuset: cgroup v2 is not mounted on %s; skipped\n",
			CGROUP_ROOT);
		return ISOLATION_SKIPPED;
	}
	if (!has_word(controllers, "cpuset")) {
		fprintf(out, "cpuset: the cpuset controller is not available in %s; skipped\n",
			CGROUP_ROOT);
		return ISOLATION_SKIPPED;
	}
	if (enable_cpuset_controller(root, state, out) ||
	    create_cgroup(root, state, out))
		return ISOLATION_FAILED;

	cpus_format(isolated, list, sizeof(list));
	cpus_describe(isolated, description, sizeof(description));
	err = host_file_write(root, VTJOB_CPUS, list);
	if (err) {
		fprintf(out, "cpuset: the kernel refused %s for %s (%s); skipped\n",
			list, VTJOB_CPUS, strerror(-err));
		return ISOLATION_FAILED;
	}

	if (try_partition(root, "isolated", isolated_refusal, sizeof(isolated_refusal))) {
		fprintf(out, "cpuset: %s is an isolated partition of %s\n",
			VTJOB_CGROUP, description);
		return ISOLATION_DONE;
	}
	/* Older kernels have no "isolated"; "root" still takes the CPUs. */
	if (try_partition(root, "root", root_refusal, sizeof(root_refusal))) {
		fprintf(out, "cpuset: %s is a root partition of %s (\"isolated\": %s)\n",
			VTJOB_CGROUP, description, isolated_refusal);
		return ISOLATION_DONE;
	}
	/* A member with the CPUs still takes them from no one: say so. */
	host_file_write(root, VTJOB_PARTITION, "member");
	fprintf(out, "cpuset: %s cannot be a partition of %s (\"root\": %s); the host keeps them\n",
		VTJOB_CGROUP, description, root_refusal);
	return ISOLATION_FAILED;
}

static enum isolation_result remove_partition(const char *root, struct isolation_state *state,
					      FILE *out)
{
	enum isolation_result result = ISOLATION_UNCHANGED;
	char path[PATH_MAX];
	const char *separator = "";
	int err;

	fputs("cpuset: ", out);
	if (!host_path(root, VTJOB_CGROUP, path, sizeof(path)) || access(path, F_OK) < 0) {
		state->created_cgroup = false;
	} else {
		/* A partition gives its CPUs back to the parent as it ends. */
		err = host_file_write(root, VTJOB_PARTITION, "member");
		if (err && err != -ENOENT) {
			fprintf(out, "cannot end the partition %s (%s)", VTJOB_CGROUP,
				strerror(-err));
			result = ISOLATION_FAILED;
		} else if (!state->created_cgroup) {
			fprintf(out, "left %s, which vtjobctl did not create, as a member",
				VTJOB_CGROUP);
			result = ISOLATION_DONE;
		} else if (rmdir(path) < 0) {
			fprintf(out, "cannot remove %s (%s%s)", VTJOB_CGROUP, strerror(errno),
				errno == EBUSY ? ": tasks are still in it" : "");
			result = ISOLATION_FAILED;
		} else {
			fprintf(out, "removed %s", VTJOB_CGROUP);
			state->created_cgroup = false;
			result = ISOLATION_DONE;
		}
		separator = "; ";
	}

	if (state->enabled_cpuset_controller) {
		err = host_file_write(root, SUBTREE_CONTROL, "-cpuset");
		if (err) {
			fprintf(out, "%scannot disable the cpuset controller again (%s)",
				separator, strerror(-err));
			result = ISOLATION_FAILED;
		} else {
			fprintf(out, "%sdisabled the cpuset controller again", separator);
			state->enabled_cpuset_controller = false;
			if (result == ISOLATION_UNCHANGED)
				result = ISOLATION_DONE;
		}
		separator = "; ";
	}
	if (!*separator)
		fputs("nothing to restore", out);
	fputc('\n', out);
	return result;
}

enum isolation_result
cpuset_partition_isolate(const char *root, struct isolation_state *state,
			 const struct cpus *isolated, FILE *out)
{
	if (cpus_is_empty(isolated))
		return remove_partition(root, state, out);
	return make_partition(root, state, isolated, out);
}
