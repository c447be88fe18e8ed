// SPDX-License-Identifier: GPL-2.0
/*
 * What job_create() says when there is no module to create the job: the
 * lines `vtjobctl exec` prints. The module's own answers are checked in
 * the VM, by selftests/vtjob.
 */
#include "runtime/job_create.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "harness.h"

static const struct job_layout layout = {
	.cr3 = JOB_TABLES_START,
	.rflags = JOB_INITIAL_RFLAGS,
};

static const struct job_create_params params = {
	.cpu = VTJOB_CPU_ANY,
	.mem_size = JOB_MEM_DEFAULT,
	.layout = &layout,
};

TEST(a_device_that_knows_no_job_ioctls)
{
	char err[256];
	int fd = open("/dev/null", O_RDWR | O_CLOEXEC);

	ASSERT_LE(0, fd);
	EXPECT_EQ(-ENOTTY, job_create(fd, &params, err, sizeof(err)));
	EXPECT_STREQ("this vtjob module cannot run jobs (it does not know VTJOB_CREATE_JOB); load a newer one",
		     err);
	close(fd);
}

TEST(any_other_failure_is_given_as_is)
{
	char err[256];

	EXPECT_EQ(-EBADF, job_create(-1, &params, err, sizeof(err)));
	EXPECT_STREQ("cannot create the job: Bad file descriptor", err);
}

TEST_HARNESS_MAIN
