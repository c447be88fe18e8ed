// SPDX-License-Identifier: GPL-2.0
/*
 * VMX operation on reserved CPUs, checked against CR4.VMXE as the hardware
 * has it (the debugfs vmx file reads CR4 on each CPU): reservation and
 * release, CPU hotplug, unload, and sharing VT-x with kvm_intel. Needs 2
 * CPUs with VMX. CPUs are reserved without host isolation: this file is
 * about VMX.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <linux/kvm.h>
#include <linux/vtjob.h>

#include "kselftest_harness.h"
#include "lib/cpus.h"
#include "lib/files.h"
#include "lib/kmsg.h"
#include "lib/module.h"

#define VMX_STATE	VTJ_DEBUGFS "/vmx"

/* The line for @cpu in the debugfs vmx file, e.g. "vmx on, cr4.vmxe 1". */
static char *cpu_state(int cpu)
{
	char *text = vtj_read_file(VMX_STATE), *line, *end, *state = NULL;
	char prefix[16];

	snprintf(prefix, sizeof(prefix), "cpu%d: ", cpu);
	for (line = text; line && *line; line = end + 1) {
		end = strchrnul(line, '\n');
		if (!strncmp(line, prefix, strlen(prefix))) {
			state = strndup(line + strlen(prefix),
					end - line - strlen(prefix));
			break;
		}
		if (!*end)
			break;
	}
	free(text);
	return state;
}

static unsigned int nr_cpus_vmx(void)
{
	struct vtjob_caps caps = { .size = sizeof(caps) };
	int fd = vtj_open_dev();

	if (fd < 0)
		return ~0U;
	if (ioctl(fd, VTJOB_GET_CAPS, &caps))
		caps.nr_cpus_vmx = ~0U;
	close(fd);
	return caps.nr_cpus_vmx;
}

#define ASSERT_CPU_STATE(cpu, expected) do {				\
	char *_state = cpu_state(cpu);					\
	ASSERT_NE(NULL, _state);					\
	EXPECT_STREQ(expected, _state);					\
	free(_state);							\
} while (0)

FIXTURE(vmx) {
	int kmsg;
};

FIXTURE_SETUP(vmx)
{
	ASSERT_LE(2, sysconf(_SC_NPROCESSORS_ONLN));
	ASSERT_TRUE(vtj_cpu_has_vmx());
	ASSERT_EQ(0, vtj_ensure_loaded());
	self->kmsg = vtj_kmsg_open();
	ASSERT_LE(0, self->kmsg);
	ASSERT_CPU_STATE(1, "vmx off, cr4.vmxe 0");
}

FIXTURE_TEARDOWN(vmx)
{
	vtj_write_file(VTJ_CPU1_ONLINE, "1");
	vtj_release("all");
	close(self->kmsg);
}

TEST_F(vmx, not_entered_at_load)
{
	ASSERT_CPU_STATE(0, "vmx off, cr4.vmxe 0");
	EXPECT_EQ(0, nr_cpus_vmx());
}

TEST_F(vmx, reserve_and_release_cpu1)
{
	char *log;

	ASSERT_EQ(0, vtj_reserve_no_isolate("1"));
	ASSERT_CPU_STATE(1, "vmx on, cr4.vmxe 1");
	/* The host keeps CPU 0. */
	ASSERT_CPU_STATE(0, "vmx off, cr4.vmxe 0");
	EXPECT_EQ(1, nr_cpus_vmx());

	/* Reserving twice changes nothing. */
	ASSERT_EQ(0, vtj_reserve_no_isolate("1"));
	EXPECT_EQ(1, nr_cpus_vmx());

	ASSERT_EQ(0, vtj_release("1"));
	ASSERT_CPU_STATE(1, "vmx off, cr4.vmxe 0");
	EXPECT_EQ(0, nr_cpus_vmx());
	/* So does releasing twice. */
	ASSERT_EQ(0, vtj_release("1"));

	log = vtj_kmsg_read(self->kmsg);
	ASSERT_NE(NULL, log);
	EXPECT_NE(NULL, strstr(log, "vtjob: CPU1 entered VMX operation"));
	EXPECT_NE(NULL, strstr(log, "vtjob: CPU1 left VMX operation"));
	free(log);
}

TEST_F(vmx, cpu0_can_be_reserved_but_not_both)
{
	ASSERT_EQ(0, vtj_reserve_no_isolate("0"));
	ASSERT_CPU_STATE(0, "vmx on, cr4.vmxe 1");
	ASSERT_CPU_STATE(1, "vmx off, cr4.vmxe 0");
	/* The host must keep one online CPU; the refusal changes nothing. */
	EXPECT_EQ(1, vtj_reserve_no_isolate("1"));
	ASSERT_CPU_STATE(1, "vmx off, cr4.vmxe 0");
	EXPECT_EQ(1, nr_cpus_vmx());
	ASSERT_EQ(0, vtj_release("0"));
	ASSERT_CPU_STATE(0, "vmx off, cr4.vmxe 0");
	EXPECT_EQ(0, nr_cpus_vmx());
}

TEST_F(vmx, refused_request_enters_no_cpu)
{
	/* All or nothing: CPU 1 is fine, CPU 4000 does not exist. */
	EXPECT_EQ(1, vtj_reserve_no_isolate("1,4000"));
	ASSERT_CPU_STATE(1, "vmx off, cr4.vmxe 0");
	EXPECT_EQ(0, nr_cpus_vmx());
}

TEST_F_TIMEOUT(vmx, offlining_a_cpu_leaves_vmx, 300)
{
	char *log;

	ASSERT_EQ(0, vtj_reserve_no_isolate("1"));
	ASSERT_EQ(0, vtj_write_file(VTJ_CPU1_ONLINE, "0"));
	EXPECT_EQ(0, nr_cpus_vmx());
	/* An offline CPU cannot be reserved. */
	EXPECT_EQ(1, vtj_reserve_no_isolate("1"));

	/* A CPU left in VMX operation would block the INIT that wakes it. */
	ASSERT_EQ(0, vtj_write_file(VTJ_CPU1_ONLINE, "1"));
	ASSERT_CPU_STATE(1, "vmx off, cr4.vmxe 0");
	ASSERT_EQ(0, vtj_reserve_no_isolate("1"));
	ASSERT_CPU_STATE(1, "vmx on, cr4.vmxe 1");
	ASSERT_EQ(0, vtj_release("1"));

	log = vtj_kmsg_read(self->kmsg);
	ASSERT_NE(NULL, log);
	EXPECT_NE(NULL, strstr(log, "vtjob: CPU1 left VMX operation"));
	EXPECT_NE(NULL, strstr(log, "vtjob: CPU1 going offline: released"));
	free(log);
}

TEST_F_TIMEOUT(vmx, unload_leaves_vmx_everywhere, 300)
{
	ASSERT_EQ(0, vtj_reserve_no_isolate("1"));
	ASSERT_EQ(0, vtj_rmmod("vtjob"));
	ASSERT_EQ(0, vtj_insmod(vtj_module_path()));
	ASSERT_CPU_STATE(1, "vmx off, cr4.vmxe 0");
	EXPECT_EQ(0, nr_cpus_vmx());
}

static int load_kvm_intel(void)
{
	static const char *const mods[] = {
		"/vtjob/extra/irqbypass.ko",
		"/vtjob/extra/kvm.ko",
		"/vtjob/extra/kvm-intel.ko",
	};
	unsigned int i;
	int err;

	for (i = 0; i < sizeof(mods) / sizeof(mods[0]); i++) {
		err = vtj_insmod(mods[i]);
		if (err && err != -EEXIST)
			return err;
	}
	return 0;
}

static void unload_kvm(void)
{
	vtj_rmmod("kvm_intel");
	vtj_rmmod("kvm");
	vtj_rmmod("irqbypass");
}

TEST_F_TIMEOUT(vmx, kvm_intel_holding_vmx_makes_enter_ebusy, 600)
{
	int kvm, vm;
	char *log;

	ASSERT_EQ(0, load_kvm_intel());
	kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, kvm);
	/* Creating a VM makes KVM enter VMX operation on every CPU. */
	vm = ioctl(kvm, KVM_CREATE_VM, 0);
	ASSERT_LE(0, vm) TH_LOG("KVM_CREATE_VM: %s", strerror(errno));
	ASSERT_CPU_STATE(1, "vmx off, cr4.vmxe 1");

	EXPECT_EQ(1, vtj_reserve_no_isolate("1"));
	EXPECT_EQ(0, nr_cpus_vmx());
	log = vtj_kmsg_read(self->kmsg);
	ASSERT_NE(NULL, log);
	EXPECT_NE(NULL, strstr(log, "kvm_intel is loaded and has VT-x enabled there"))
		TH_LOG("kernel log: %s", log);
	free(log);

	/* Without a VM, KVM leaves VMX operation and vtjob may enter. */
	close(vm);
	ASSERT_CPU_STATE(1, "vmx off, cr4.vmxe 0");
	ASSERT_EQ(0, vtj_reserve_no_isolate("1"));
	/* And then KVM is the one refused. */
	EXPECT_GT(0, ioctl(kvm, KVM_CREATE_VM, 0));
	ASSERT_EQ(0, vtj_release("1"));
	close(kvm);
	unload_kvm();
}

TEST_F_TIMEOUT(vmx, kvm_intel_cannot_load_while_vtjob_holds_vmx, 600)
{
	char *log;

	unload_kvm();
	ASSERT_EQ(0, vtj_insmod("/vtjob/extra/irqbypass.ko"));
	ASSERT_EQ(0, vtj_insmod("/vtjob/extra/kvm.ko"));
	ASSERT_EQ(0, vtj_reserve_no_isolate("1"));
	EXPECT_EQ(-EBUSY, vtj_insmod("/vtjob/extra/kvm-intel.ko"));
	log = vtj_kmsg_read(self->kmsg);
	ASSERT_NE(NULL, log);
	EXPECT_NE(NULL, strstr(log, "refusing to let kvm_intel load"));
	free(log);

	ASSERT_EQ(0, vtj_release("1"));
	EXPECT_EQ(0, vtj_insmod("/vtjob/extra/kvm-intel.ko"));
	unload_kvm();
}

TEST_HARNESS_MAIN
