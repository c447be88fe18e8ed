// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/vtjob and its ioctls: the device node, the API version, and how
 * every malformed argument is refused. Runs where the module loads.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/vtjob.h>

#include "kselftest_harness.h"
#include "lib/module.h"
#include "lib/run.h"

#define MISC_MAJOR 10

FIXTURE(dev) {
	int fd;
};

FIXTURE_SETUP(dev)
{
	ASSERT_EQ(0, vtj_ensure_loaded());
	self->fd = vtj_open_dev();
	ASSERT_LE(0, self->fd) TH_LOG("open %s: %s", VTJ_DEV, strerror(errno));
}

FIXTURE_TEARDOWN(dev)
{
	close(self->fd);
}

static int ioctl_errno(int fd, unsigned long cmd, void *arg)
{
	return ioctl(fd, cmd, arg) ? -errno : 0;
}

TEST_F(dev, node_is_misc_char_device_0660_root)
{
	struct stat st;

	ASSERT_EQ(0, stat(VTJ_DEV, &st));
	EXPECT_TRUE(S_ISCHR(st.st_mode));
	EXPECT_EQ(MISC_MAJOR, major(st.st_rdev));
	EXPECT_EQ(0660, st.st_mode & 07777);
	EXPECT_EQ(0, st.st_uid);
	EXPECT_EQ(0, st.st_gid);
}

TEST_F(dev, api_version)
{
	struct vtjob_api_version ver = { .size = sizeof(ver) };

	ASSERT_EQ(0, ioctl_errno(self->fd, VTJOB_GET_API_VERSION, &ver));
	EXPECT_EQ(VTJOB_API_VERSION, ver.api_version);
	EXPECT_EQ(sizeof(ver), ver.size);
	EXPECT_EQ(0, ver.flags);
	EXPECT_EQ(0, ver.__reserved);
}

TEST_F(dev, caps_report_required_features)
{
	struct vtjob_caps caps = { .size = sizeof(caps) };

	ASSERT_EQ(0, ioctl_errno(self->fd, VTJOB_GET_CAPS, &caps));
	EXPECT_EQ(VTJOB_FEAT_REQUIRED, caps.features & VTJOB_FEAT_REQUIRED);
	EXPECT_NE(0, caps.vmcs_revision);
	EXPECT_EQ(0, caps.nr_cpus_vmx);
	TH_LOG("features %#llx, VMCS revision %#x, timer shift %u",
	       (unsigned long long)caps.features, caps.vmcs_revision,
	       caps.preemption_timer_shift);
}

TEST_F(dev, unknown_ioctls_are_enotty)
{
	struct vtjob_api_version ver = { .size = sizeof(ver) };

	EXPECT_EQ(-ENOTTY, ioctl_errno(self->fd, _IO(VTJOB_IOC_MAGIC, 0x7f),
				       &ver));
	/* The first number past the device's ioctls. */
	EXPECT_EQ(-ENOTTY, ioctl_errno(self->fd, _IO(VTJOB_IOC_MAGIC, 0x03),
				       &ver));
	/* A job fd's ioctl, on the device. */
	EXPECT_EQ(-ENOTTY, ioctl_errno(self->fd, VTJOB_RUN, &ver));
	/* Our number, another magic. */
	EXPECT_EQ(-ENOTTY, ioctl_errno(self->fd, _IO('k', 0), &ver));
	/* Our number and magic with a direction and size encoded. */
	EXPECT_EQ(-ENOTTY,
		  ioctl_errno(self->fd,
			      _IOWR(VTJOB_IOC_MAGIC, VTJOB_NR_GET_API_VERSION,
				    struct vtjob_api_version), &ver));
	EXPECT_EQ(-ENOTTY, ioctl_errno(self->fd, TCGETS, &ver));
}

TEST_F(dev, nonzero_flags_or_reserved_are_einval)
{
	struct vtjob_api_version ver = { .size = sizeof(ver), .flags = 1 };
	struct vtjob_caps caps = { .size = sizeof(caps), .flags = 1U << 31 };

	EXPECT_EQ(-EINVAL, ioctl_errno(self->fd, VTJOB_GET_API_VERSION, &ver));
	ver.flags = 0;
	ver.__reserved = 1;
	EXPECT_EQ(-EINVAL, ioctl_errno(self->fd, VTJOB_GET_API_VERSION, &ver));
	EXPECT_EQ(0, ver.api_version) TH_LOG("refused call wrote its output");

	EXPECT_EQ(-EINVAL, ioctl_errno(self->fd, VTJOB_GET_CAPS, &caps));
	caps.flags = 0;
	caps.__reserved = 1;
	EXPECT_EQ(-EINVAL, ioctl_errno(self->fd, VTJOB_GET_CAPS, &caps));
}

TEST_F(dev, short_size_is_einval)
{
	struct vtjob_api_version ver = { .size = 0 };

	EXPECT_EQ(-EINVAL, ioctl_errno(self->fd, VTJOB_GET_API_VERSION, &ver));
	ver.size = sizeof(ver) - 1;
	EXPECT_EQ(-EINVAL, ioctl_errno(self->fd, VTJOB_GET_API_VERSION, &ver));
}

TEST_F(dev, long_size_with_zero_tail_is_accepted)
{
	struct {
		struct vtjob_api_version ver;
		uint8_t tail[64];
	} big;

	memset(&big, 0, sizeof(big));
	big.ver.size = sizeof(big);
	ASSERT_EQ(0, ioctl_errno(self->fd, VTJOB_GET_API_VERSION, &big));
	EXPECT_EQ(VTJOB_API_VERSION, big.ver.api_version);
	/* The kernel writes back only the struct it knows. */
	for (size_t i = 0; i < sizeof(big.tail); i++)
		ASSERT_EQ(0, big.tail[i]);
}

TEST_F(dev, long_size_with_nonzero_tail_is_e2big)
{
	struct {
		struct vtjob_api_version ver;
		uint8_t tail[64];
	} big;

	memset(&big, 0, sizeof(big));
	big.ver.size = sizeof(big);
	big.tail[63] = 1;
	EXPECT_EQ(-E2BIG, ioctl_errno(self->fd, VTJOB_GET_API_VERSION, &big));
}

TEST_F(dev, absurd_size_is_e2big)
{
	struct vtjob_api_version ver = { .size = 1U << 30 };

	EXPECT_EQ(-E2BIG, ioctl_errno(self->fd, VTJOB_GET_API_VERSION, &ver));
}

TEST_F(dev, bad_pointers_are_efault)
{
	long page = sysconf(_SC_PAGESIZE);
	struct vtjob_api_version *ver;
	uint8_t *map;

	EXPECT_EQ(-EFAULT, ioctl_errno(self->fd, VTJOB_GET_API_VERSION, NULL));
	EXPECT_EQ(-EFAULT, ioctl_errno(self->fd, VTJOB_GET_API_VERSION,
				       (void *)1));
	EXPECT_EQ(-EFAULT, ioctl_errno(self->fd, VTJOB_GET_CAPS,
				       (void *)-4096L));

	/* A struct whose size is readable but whose end is not mapped. */
	map = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, map);
	ASSERT_EQ(0, munmap(map + page, page));
	ver = (void *)(map + page - 4);
	ver->size = sizeof(*ver);
	EXPECT_EQ(-EFAULT, ioctl_errno(self->fd, VTJOB_GET_API_VERSION, ver));

	/* A valid struct in read-only memory: the copy back faults. */
	ver = (void *)map;
	memset(ver, 0, sizeof(*ver));
	ver->size = sizeof(*ver);
	ASSERT_EQ(0, mprotect(map, page, PROT_READ));
	EXPECT_EQ(-EFAULT, ioctl_errno(self->fd, VTJOB_GET_API_VERSION, ver));
	munmap(map, page);
}

TEST(unprivileged_open_is_refused)
{
	struct passwd *nobody;
	pid_t pid;
	int status;

	ASSERT_EQ(0, vtj_ensure_loaded());
	nobody = getpwnam("nobody");
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		uid_t uid = nobody ? nobody->pw_uid : 65534;
		int fd;

		if (setgroups(0, NULL) || setgid(uid) || setuid(uid))
			_exit(2);
		fd = open(VTJ_DEV, O_RDWR);
		_exit(fd < 0 && errno == EACCES ? 0 : 1);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
}

TEST(doctor_says_host_can_run_jobs)
{
	char *out = NULL;
	int status;

	ASSERT_EQ(0, vtj_ensure_loaded());
	status = vtj_run("vtjobctl doctor", &out);
	ASSERT_NE(NULL, out);
	TH_LOG("vtjobctl doctor:\n%s", out);
	EXPECT_EQ(0, status);
	EXPECT_NE(NULL, strstr(out, "GenuineIntel"));
	EXPECT_NE(NULL, strstr(out, "EPT with 4-level page walks"));
	EXPECT_NE(NULL, strstr(out, "vtjob: this host can run jobs"));
	EXPECT_EQ(NULL, strstr(out, "FAIL"));
	free(out);
}

TEST_HARNESS_MAIN
