// SPDX-License-Identifier: GPL-2.0
/*
 * doctor's verdicts on made-up hosts: a temporary directory stands in for
 * /proc, /sys and /dev, and fake ops stand in for CPUID and the ioctls.
 */
#include "cmd/doctor.h"

#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"

#define CPUID_1_ECX_VMX		(1u << 5)
#define CPUID_1_ECX_HYPERVISOR	(1u << 31)

#define INTEL_CPUINFO_FLAGS	"fpu vme de pse tsc msr pae vmx smx est"
#define INTEL_VMX_FLAGS		"vnmi preemption_timer invvpid ept_x_only ept_ad ept vpid unrestricted_guest"
#define ALL_FEATURES \
	(VTJOB_FEAT_REQUIRED | VTJOB_FEAT_TRUE_CTLS | VTJOB_FEAT_VPID | \
	 VTJOB_FEAT_EPT_2M | VTJOB_FEAT_UNRESTRICTED_GUEST)

/* What the fake ops report; each test runs in its own child process. */
static struct {
	char vendor[13];
	unsigned int cpuid_1_ecx;
	int open_error;		/* -errno, or 0 to succeed */
	__u32 api_version;
	__u64 features;
	__u32 nr_cpus_vmx;
	__u32 guards, exposed, allowed;
} fake;

static bool fake_cpuid(unsigned int leaf, struct cpuid_regs *regs)
{
	memset(regs, 0, sizeof(*regs));
	switch (leaf) {
	case 0:
		regs->eax = 0x16;
		memcpy(&regs->ebx, fake.vendor, 4);
		memcpy(&regs->edx, fake.vendor + 4, 4);
		memcpy(&regs->ecx, fake.vendor + 8, 4);
		return true;
	case 1:
		regs->ecx = fake.cpuid_1_ecx;
		return true;
	default:
		return false;
	}
}

static int fake_open_device(const char *path)
{
	(void)path;
	if (fake.open_error)
		return fake.open_error;
	/* A real descriptor, since doctor closes it. */
	return open("/dev/null", O_RDONLY | O_CLOEXEC);
}

static int fake_get_api_version(int fd, __u32 *api_version)
{
	(void)fd;
	*api_version = fake.api_version;
	return 0;
}

static int fake_get_caps(int fd, struct vtjob_caps *caps)
{
	(void)fd;
	memset(caps, 0, sizeof(*caps));
	caps->size = sizeof(*caps);
	caps->features = fake.features;
	caps->nr_cpus_vmx = fake.nr_cpus_vmx;
	caps->guards = fake.guards;
	caps->exposed = fake.exposed;
	caps->allowed = fake.allowed;
	return 0;
}

static const struct doctor_ops fake_ops = {
	.cpuid = fake_cpuid,
	.open_device = fake_open_device,
	.get_api_version = fake_get_api_version,
	.get_caps = fake_get_caps,
};

static void make_path(const char *root, const char *path, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s", root, path);
}

static void make_dirs(const char *root, const char *path)
{
	char buf[PATH_MAX], *slash;

	make_path(root, path, buf, sizeof(buf));
	for (slash = buf + strlen(root) + 1; (slash = strchr(slash, '/')); slash++) {
		*slash = '\0';
		mkdir(buf, 0755);
		*slash = '/';
	}
	mkdir(buf, 0755);
}

static void write_file(const char *root, const char *path, const char *text)
{
	char buf[PATH_MAX];
	FILE *file;

	make_path(root, path, buf, sizeof(buf));
	file = fopen(buf, "w");
	fputs(text, file);
	fclose(file);
}

static int remove_entry(const char *path, const struct stat *st, int type,
			struct FTW *ftw)
{
	(void)st;
	(void)type;
	(void)ftw;
	return remove(path);
}

/* A file, or a directory with all it holds. */
static void remove_path(const char *root, const char *path)
{
	char buf[PATH_MAX];

	make_path(root, path, buf, sizeof(buf));
	nftw(buf, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static void write_cpuinfo(const char *root, const char *vendor,
			  const char *flags, const char *vmx_flags)
{
	char text[1024];

	snprintf(text, sizeof(text),
		 "processor\t: 0\nvendor_id\t: %s\nflags\t\t: %s\n%s%s%s\n",
		 vendor, flags, vmx_flags ? "vmx flags\t: " : "",
		 vmx_flags ? vmx_flags : "", vmx_flags ? "\n" : "");
	write_file(root, "/proc/cpuinfo", text);
}

/* The msr driver's file: IA32_FEATURE_CONTROL lives at offset 0x3a. */
static void write_feature_control(const char *root, __u64 value)
{
	char buf[PATH_MAX];
	int fd;

	make_path(root, "/dev/cpu/0/msr", buf, sizeof(buf));
	fd = open(buf, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (pwrite(fd, &value, sizeof(value), 0x3a) != sizeof(value))
		abort();
	close(fd);
}


FIXTURE(host) {
	char root[64];
	struct doctor_env env;
	struct doctor_report report;
};

/* Every test starts from an Intel host where everything is in order. */
FIXTURE_SETUP(host)
{
	snprintf(self->root, sizeof(self->root), "/tmp/vtjobctl-doctor.XXXXXX");
	ASSERT_NE(NULL, mkdtemp(self->root));
	self->env.sysroot = self->root;
	self->env.ops = &fake_ops;
	self->env.load_command = "modprobe vtjob";

	memcpy(fake.vendor, "GenuineIntel", sizeof(fake.vendor));
	fake.cpuid_1_ecx = CPUID_1_ECX_VMX;
	fake.open_error = 0;
	fake.api_version = VTJOB_API_VERSION;
	fake.features = ALL_FEATURES;
	fake.nr_cpus_vmx = 2;
	fake.guards = fake.exposed = fake.allowed = 0;

	make_dirs(self->root, "/proc");
	make_dirs(self->root, "/dev/cpu/0");
	make_dirs(self->root, "/sys/module/vtjob");
	write_cpuinfo(self->root, "GenuineIntel", INTEL_CPUINFO_FLAGS, INTEL_VMX_FLAGS);
	write_feature_control(self->root, 0x5);	/* locked, VMX outside SMX */
	write_file(self->root, "/dev/vtjob", "");
	make_dirs(self->root, "/sys/kernel/security");
	write_file(self->root, "/sys/kernel/security/lockdown", "[none] integrity confidentiality\n");
	make_dirs(self->root, "/sys/module/module/parameters");
	write_file(self->root, "/sys/module/module/parameters/sig_enforce", "N\n");
	/* Out of tree, signed with a key the kernel trusts: no E. */
	write_file(self->root, "/sys/module/vtjob/taint", "O\n");
}

FIXTURE_TEARDOWN(host)
{
	nftw(self->root, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* What find() gives for a label no check has: empty texts that no test expects. */
static const struct doctor_check no_such_check = { .label = "(no such check)" };

static const struct doctor_check *find(const struct doctor_report *report,
				       const char *label)
{
	size_t i;

	for (i = 0; i < report->nr_checks; i++)
		if (strcmp(report->checks[i].label, label) == 0)
			return &report->checks[i];
	return &no_such_check;
}

static size_t count(const struct doctor_report *report, enum doctor_status status)
{
	size_t i, n = 0;

	for (i = 0; i < report->nr_checks; i++)
		n += report->checks[i].status == status;
	return n;
}

/* The status of the check labelled @label, or -1 if there is none. */
static int status_of(const struct doctor_report *report, const char *label)
{
	const struct doctor_check *check = find(report, label);

	return check != &no_such_check ? (int)check->status : -1;
}

static const char *first_failure_label(const struct doctor_report *report)
{
	const struct doctor_check *failure = doctor_first_failure(report);

	return failure ? failure->label : "(none)";
}

TEST_F(host, intel_with_everything_can_run_jobs)
{
	doctor_examine(&self->env, &self->report);

	EXPECT_STREQ("(none)", first_failure_label(&self->report));
	EXPECT_EQ(0, count(&self->report, DOCTOR_WARN));
	EXPECT_EQ(0, count(&self->report, DOCTOR_SKIPPED));
	EXPECT_EQ(DOCTOR_OK, status_of(&self->report, "CPU vendor"));
	EXPECT_EQ(DOCTOR_OK, status_of(&self->report, "VMX"));
	EXPECT_EQ(DOCTOR_OK, status_of(&self->report, "Firmware setting"));
	EXPECT_EQ(DOCTOR_OK, status_of(&self->report, "KVM"));
	EXPECT_EQ(DOCTOR_OK, status_of(&self->report, "Kernel lockdown"));
	EXPECT_EQ(DOCTOR_OK, status_of(&self->report, "vtjob module"));
	EXPECT_EQ(DOCTOR_OK, status_of(&self->report, "Module signature"));
	EXPECT_EQ(DOCTOR_OK, status_of(&self->report, "/dev/vtjob"));
	EXPECT_EQ(DOCTOR_OK, status_of(&self->report, "API version"));
	EXPECT_EQ(DOCTOR_OK, status_of(&self->report, "EPT with 4-level page walks"));
	EXPECT_EQ(DOCTOR_OK, status_of(&self->report, "VPID (tagged TLB entries)"));
	/* Covered by the VMX and firmware lines rather than listed twice. */
	EXPECT_EQ(-1, status_of(&self->report, "VMX instructions"));
	EXPECT_STREQ("2", find(&self->report, "VMX CPUs in use by vtjob")->detail);
}

TEST_F(host, amd_cannot_run_jobs)
{
	memcpy(fake.vendor, "AuthenticAMD", sizeof(fake.vendor));
	fake.cpuid_1_ecx = 0;
	write_cpuinfo(self->root, "AuthenticAMD", "fpu svm", NULL);
	remove_path(self->root, "/sys/module/vtjob");

	doctor_examine(&self->env, &self->report);

	EXPECT_STREQ("CPU vendor", first_failure_label(&self->report));
	EXPECT_STREQ("this is an AMD CPU, and vtjob needs Intel VT-x",
		     doctor_first_failure(&self->report)->reason);
	EXPECT_EQ(DOCTOR_FAIL, status_of(&self->report, "VMX"));
	EXPECT_EQ(DOCTOR_SKIPPED, status_of(&self->report, "Firmware setting"));
	EXPECT_EQ(DOCTOR_SKIPPED, status_of(&self->report, "VMX features"));
}

TEST_F(host, intel_vm_without_nested_vmx_says_so)
{
	fake.cpuid_1_ecx = CPUID_1_ECX_HYPERVISOR;
	write_cpuinfo(self->root, "GenuineIntel", "fpu hypervisor", NULL);
	remove_path(self->root, "/sys/module/vtjob");

	doctor_examine(&self->env, &self->report);

	EXPECT_STREQ("VMX", first_failure_label(&self->report));
	EXPECT_NE(NULL, strstr(find(&self->report, "VMX")->hint, "nested virtualization"));
}

TEST_F(host, firmware_locked_with_vmx_off)
{
	write_feature_control(self->root, 0x1);
	doctor_examine(&self->env, &self->report);

	EXPECT_STREQ("Firmware setting", first_failure_label(&self->report));
	EXPECT_STREQ("VMX is turned off in the firmware",
		     doctor_first_failure(&self->report)->reason);
	EXPECT_NE(NULL, strstr(find(&self->report, "Firmware setting")->hint, "BIOS"));
}

TEST_F(host, firmware_left_unlocked)
{
	write_feature_control(self->root, 0x4);
	doctor_examine(&self->env, &self->report);

	EXPECT_STREQ("Firmware setting", first_failure_label(&self->report));
}

TEST_F(host, firmware_off_inferred_from_cpuinfo)
{
	/* No msr driver; the kernel dropped vmx from its flags. */
	remove_path(self->root, "/dev/cpu/0/msr");
	write_cpuinfo(self->root, "GenuineIntel", "fpu vme de smx est", NULL);
	remove_path(self->root, "/sys/module/vtjob");

	doctor_examine(&self->env, &self->report);

	EXPECT_STREQ("Firmware setting", first_failure_label(&self->report));
}

TEST_F(host, firmware_unknown_is_a_warning)
{
	remove_path(self->root, "/dev/cpu/0/msr");
	remove_path(self->root, "/sys/module/vtjob");

	doctor_examine(&self->env, &self->report);

	EXPECT_EQ(DOCTOR_WARN, status_of(&self->report, "Firmware setting"));
	EXPECT_NE(NULL, strstr(find(&self->report, "Firmware setting")->hint, "msr"));
	EXPECT_STREQ("vtjob module", first_failure_label(&self->report));
}

TEST_F(host, firmware_on_inferred_from_loaded_module)
{
	remove_path(self->root, "/dev/cpu/0/msr");
	doctor_examine(&self->env, &self->report);

	EXPECT_EQ(DOCTOR_OK, status_of(&self->report, "Firmware setting"));
	EXPECT_STREQ("(none)", first_failure_label(&self->report));
}

TEST_F(host, kvm_intel_is_a_warning)
{
	make_dirs(self->root, "/sys/module/kvm_intel");
	doctor_examine(&self->env, &self->report);

	EXPECT_EQ(DOCTOR_WARN, status_of(&self->report, "KVM"));
	EXPECT_NE(NULL, strstr(find(&self->report, "KVM")->hint, "modprobe -r kvm_intel"));
	EXPECT_STREQ("(none)", first_failure_label(&self->report));
}

TEST_F(host, module_not_loaded_falls_back_to_cpuinfo)
{
	remove_path(self->root, "/sys/module/vtjob");
	remove_path(self->root, "/dev/vtjob");

	doctor_examine(&self->env, &self->report);

	EXPECT_STREQ("vtjob module", first_failure_label(&self->report));
	EXPECT_STREQ("the vtjob module is not loaded",
		     doctor_first_failure(&self->report)->reason);
	EXPECT_STREQ("sudo modprobe vtjob; if that fails, see 'dmesg | grep vtjob'",
		     find(&self->report, "vtjob module")->hint);
	EXPECT_EQ(DOCTOR_SKIPPED, status_of(&self->report, "/dev/vtjob"));
	EXPECT_EQ(DOCTOR_SKIPPED, status_of(&self->report, "API version"));
	EXPECT_EQ(DOCTOR_OK, status_of(&self->report, "VMX-preemption timer"));
	EXPECT_EQ(DOCTOR_OK, status_of(&self->report, "EPT (extended page tables)"));
	EXPECT_EQ(DOCTOR_INFO, status_of(&self->report, "Other VMX features"));
	/* Not in "vmx flags", so only the module can tell. */
	EXPECT_EQ(-1, status_of(&self->report, "EPT with 4-level page walks"));
	EXPECT_EQ(-1, status_of(&self->report, "VMX CPUs in use by vtjob"));
}

TEST_F(host, cpuinfo_shows_a_missing_required_feature)
{
	remove_path(self->root, "/sys/module/vtjob");
	write_cpuinfo(self->root, "GenuineIntel", INTEL_CPUINFO_FLAGS, "vnmi ept vpid");

	doctor_examine(&self->env, &self->report);

	EXPECT_EQ(DOCTOR_FAIL, status_of(&self->report, "VMX-preemption timer"));
	EXPECT_EQ(DOCTOR_ABSENT, status_of(&self->report, "Unrestricted guest"));
}

TEST_F(host, device_missing_though_module_loaded)
{
	remove_path(self->root, "/dev/vtjob");
	doctor_examine(&self->env, &self->report);

	EXPECT_STREQ("/dev/vtjob", first_failure_label(&self->report));
	EXPECT_STREQ("/dev/vtjob is missing", doctor_first_failure(&self->report)->reason);
}

TEST_F(host, permission_denied_names_the_group)
{
	fake.open_error = -EACCES;
	doctor_examine(&self->env, &self->report);

	EXPECT_STREQ("/dev/vtjob", first_failure_label(&self->report));
	EXPECT_STREQ("no permission to open /dev/vtjob",
		     doctor_first_failure(&self->report)->reason);
	/* The stand-in device file belongs to the group running the test. */
	EXPECT_NE(NULL, strstr(find(&self->report, "/dev/vtjob")->detail, "mode 0"));
	EXPECT_EQ(DOCTOR_SKIPPED, status_of(&self->report, "API version"));
}

TEST_F(host, permission_denied_on_a_root_device_names_the_vtjob_group)
{
	char path[PATH_MAX];

	make_path(self->root, "/dev/vtjob", path, sizeof(path));
	if (chown(path, -1, 0) < 0)
		SKIP(return, "cannot give the stand-in device group root");
	fake.open_error = -EACCES;

	doctor_examine(&self->env, &self->report);

	EXPECT_STREQ("give /dev/vtjob to group vtjob with vtjob's udev rule (make install), "
		     "then join it: sudo usermod -aG vtjob $USER",
		     find(&self->report, "/dev/vtjob")->hint);
}

TEST_F(host, permission_denied_suggests_joining_the_group)
{
	char path[PATH_MAX];

	make_path(self->root, "/dev/vtjob", path, sizeof(path));
	if (chown(path, -1, 54321) < 0)
		SKIP(return, "cannot give the stand-in device another group");
	fake.open_error = -EACCES;

	doctor_examine(&self->env, &self->report);

	EXPECT_STREQ("join group 54321: sudo usermod -aG 54321 $USER, then log in again",
		     find(&self->report, "/dev/vtjob")->hint);
}

TEST_F(host, lockdown_without_the_module_says_to_sign_it)
{
	write_file(self->root, "/sys/kernel/security/lockdown", "none [integrity] confidentiality\n");
	remove_path(self->root, "/sys/module/vtjob");
	doctor_examine(&self->env, &self->report);

	EXPECT_EQ(DOCTOR_WARN, status_of(&self->report, "Kernel lockdown"));
	EXPECT_STREQ("integrity: the kernel loads only modules signed with a key it trusts",
		     find(&self->report, "Kernel lockdown")->detail);
	EXPECT_NE(NULL, strstr(find(&self->report, "Kernel lockdown")->hint,
			       "mokutil --import /var/lib/dkms/mok.pub"));
	EXPECT_EQ(DOCTOR_SKIPPED, status_of(&self->report, "Module signature"));
}

TEST_F(host, lockdown_with_the_module_loaded_is_fine)
{
	write_file(self->root, "/sys/kernel/security/lockdown", "none integrity [confidentiality]\n");
	doctor_examine(&self->env, &self->report);

	EXPECT_EQ(DOCTOR_OK, status_of(&self->report, "Kernel lockdown"));
	EXPECT_STREQ("confidentiality; the vtjob module is loaded, so it is signed with a trusted key",
		     find(&self->report, "Kernel lockdown")->detail);
}

TEST_F(host, lockdown_unknown_without_securityfs)
{
	remove_path(self->root, "/sys/kernel/security/lockdown");
	doctor_examine(&self->env, &self->report);

	EXPECT_EQ(DOCTOR_INFO, status_of(&self->report, "Kernel lockdown"));
	EXPECT_STREQ("(none)", first_failure_label(&self->report));
}

TEST_F(host, an_unsigned_module_is_said_with_its_taint)
{
	write_file(self->root, "/sys/module/vtjob/taint", "OE\n");
	doctor_examine(&self->env, &self->report);

	EXPECT_EQ(DOCTOR_INFO, status_of(&self->report, "Module signature"));
	EXPECT_STREQ("not signed with a key the kernel trusts (taint OE); this kernel loads such modules",
		     find(&self->report, "Module signature")->detail);
	EXPECT_NE(NULL, strstr(find(&self->report, "Module signature")->hint, "Secure Boot"));
	EXPECT_STREQ("(none)", first_failure_label(&self->report));
}

TEST_F(host, a_kernel_that_checks_no_signatures_says_so)
{
	remove_path(self->root, "/sys/module/module/parameters/sig_enforce");
	doctor_examine(&self->env, &self->report);

	EXPECT_EQ(DOCTOR_INFO, status_of(&self->report, "Module signature"));
	EXPECT_STREQ("not checked by this kernel (no module.sig_enforce)",
		     find(&self->report, "Module signature")->detail);
}

TEST_F(host, api_version_mismatch)
{
	fake.api_version = VTJOB_API_VERSION + 1;
	doctor_examine(&self->env, &self->report);

	EXPECT_STREQ("API version", first_failure_label(&self->report));
	EXPECT_STREQ("vtjobctl and the module have different API versions",
		     doctor_first_failure(&self->report)->reason);
	/* The module's answers cannot be trusted; the kernel's list can. */
	EXPECT_EQ(DOCTOR_INFO, status_of(&self->report, "Other VMX features"));
}

TEST_F(host, missing_required_feature)
{
	fake.features = ALL_FEATURES & ~VTJOB_FEAT_EPT_4LEVEL;
	doctor_examine(&self->env, &self->report);

	EXPECT_STREQ("EPT with 4-level page walks", first_failure_label(&self->report));
	EXPECT_STREQ("the CPU lacks EPT with 4-level page walks",
		     doctor_first_failure(&self->report)->reason);
}

TEST_F(host, missing_optional_feature_is_fine)
{
	fake.features = ALL_FEATURES & ~(VTJOB_FEAT_VPID | VTJOB_FEAT_TRUE_CTLS);
	doctor_examine(&self->env, &self->report);

	EXPECT_EQ(DOCTOR_ABSENT, status_of(&self->report, "VPID (tagged TLB entries)"));
	EXPECT_EQ(DOCTOR_ABSENT, status_of(&self->report, "True VMX control MSRs"));
	EXPECT_STREQ("(none)", first_failure_label(&self->report));
}

#define VULNS "/sys/devices/system/cpu/vulnerabilities"

TEST_F(host, vulnerabilities_show_the_kernels_view_and_vtjobs_guards)
{
	make_dirs(self->root, VULNS);
	write_file(self->root, VULNS "/l1tf", "Mitigation: PTE Inversion\n");
	write_file(self->root, VULNS "/spectre_v2",
		   "Mitigation: Retpolines; RSB filling; BHI: SW loop, KVM: SW loop\n");
	fake.guards = VTJOB_GUARD_L1D_FLUSH | VTJOB_GUARD_L1D_SOFTWARE | VTJOB_GUARD_RSB_FILL |
		      VTJOB_GUARD_BHB_CLEAR;
	doctor_examine(&self->env, &self->report);

	EXPECT_STREQ("(none)", first_failure_label(&self->report));
	EXPECT_STREQ("Mitigation: PTE Inversion; vtjob: L1D flushed before entry after host code, "
		     "by reading 64 KiB (no flush command)",
		     find(&self->report, "vulnerability l1tf")->detail);
	EXPECT_STREQ("SW loop, KVM: SW loop; vtjob: branch history cleared on exit",
		     find(&self->report, "vulnerability bhi")->detail);
	EXPECT_STREQ("not reported by this kernel; vtjob: nothing needed",
		     find(&self->report, "vulnerability vmscape")->detail);
}

TEST_F(host, an_exposed_vulnerability_stops_reservation)
{
	make_dirs(self->root, VULNS);
	write_file(self->root, VULNS "/mds",
		   "Vulnerable: Clear CPU buffers attempted, no microcode; SMT disabled\n");
	fake.guards = VTJOB_GUARD_VERW;
	fake.exposed = VTJOB_VULN_MDS;
	doctor_examine(&self->env, &self->report);

	EXPECT_STREQ("vulnerability mds", first_failure_label(&self->report));
	EXPECT_STREQ("mds is not mitigated", doctor_first_failure(&self->report)->reason);
	EXPECT_NE(NULL, strstr(find(&self->report, "vulnerability mds")->hint,
			       "allow_unmitigated=mds"));
}

TEST_F(host, an_allowed_vulnerability_is_a_warning)
{
	fake.exposed = VTJOB_VULN_MDS | VTJOB_VULN_VMSCAPE;
	fake.allowed = VTJOB_VULN_MDS | VTJOB_VULN_VMSCAPE;
	doctor_examine(&self->env, &self->report);

	EXPECT_STREQ("(none)", first_failure_label(&self->report));
	EXPECT_EQ(DOCTOR_WARN, status_of(&self->report, "vulnerability mds"));
	EXPECT_EQ(DOCTOR_WARN, status_of(&self->report, "vulnerability vmscape"));
	EXPECT_EQ(DOCTOR_OK, status_of(&self->report, "vulnerability l1tf"));
}

/* The whole text, to check the layout people see. */
static char *printed(const struct doctor_report *report)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	doctor_print(report, out);
	fclose(out);
	return text;
}

TEST_F(host, prints_aligned_lines_and_a_verdict)
{
	char *text;

	make_dirs(self->root, "/sys/module/kvm_intel");
	doctor_examine(&self->env, &self->report);
	text = printed(&self->report);

	EXPECT_NE(NULL, strstr(text, "\n  ok    VMX: offered by this CPU\n"));
	EXPECT_NE(NULL, strstr(text, "\n  warn  KVM: kvm_intel is loaded"));
	EXPECT_NE(NULL, strstr(text, "\n        hint: when no virtual machines"));
	EXPECT_NE(NULL, strstr(text, "\n  ok    EPT with 4-level page walks\n"));
	EXPECT_EQ(0, strncmp(text, "  ok    CPU vendor: GenuineIntel\n", 33));
	EXPECT_STREQ("vtjob: this host can run jobs\n",
		     text + strlen(text) - strlen("vtjob: this host can run jobs\n"));
	free(text);
}

TEST_F(host, prints_the_first_reason_it_cannot)
{
	const char *verdict = "vtjob: this host cannot run jobs: the vtjob module is not loaded\n";
	char *text;

	remove_path(self->root, "/sys/module/vtjob");
	doctor_examine(&self->env, &self->report);
	text = printed(&self->report);

	EXPECT_NE(NULL, strstr(text, "\n  FAIL  vtjob module: not loaded\n        hint: "));
	EXPECT_NE(NULL, strstr(text, "\n  skip  /dev/vtjob: "));
	EXPECT_STREQ(verdict, text + strlen(text) - strlen(verdict));
	free(text);
}

static char *printed_json(const struct doctor_report *report)
{
	char *text = NULL;
	size_t len;
	FILE *out = open_memstream(&text, &len);

	doctor_print_json(report, out);
	fclose(out);
	return text;
}

TEST_F(host, json_has_the_schema_the_verdict_and_every_check)
{
	const char *start = "{\"schema\":1,\"can_run_jobs\":true,\"checks\":["
		"{\"status\":\"ok\",\"label\":\"CPU vendor\",\"detail\":\"GenuineIntel\"},";
	char *text;

	doctor_examine(&self->env, &self->report);
	text = printed_json(&self->report);
	EXPECT_EQ(0, strncmp(text, start, strlen(start))) TH_LOG("%s", text);
	EXPECT_TRUE(strstr(text, "\"reason\"") == NULL) TH_LOG("%s", text);
	EXPECT_STREQ("}]}\n", text + strlen(text) - 4);
	free(text);
}

TEST_F(host, json_names_the_reason_and_hints)
{
	const char *start = "{\"schema\":1,\"can_run_jobs\":false,"
		"\"reason\":\"the vtjob module is not loaded\",\"checks\":[";
	char *text;

	remove_path(self->root, "/sys/module/vtjob");
	doctor_examine(&self->env, &self->report);
	text = printed_json(&self->report);

	EXPECT_EQ(0, strncmp(text, start, strlen(start))) TH_LOG("%s", text);
	EXPECT_NE(NULL, strstr(text, "{\"status\":\"fail\",\"label\":\"vtjob module\","
			       "\"detail\":\"not loaded\",\"hint\":\"sudo modprobe vtjob; "
			       "if that fails, see 'dmesg | grep vtjob'\"}"));
	EXPECT_NE(NULL, strstr(text, "{\"status\":\"skipped\",\"label\":\"/dev/vtjob\","));
	free(text);
}

TEST_HARNESS_MAIN
