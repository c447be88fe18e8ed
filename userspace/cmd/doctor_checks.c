// SPDX-License-Identifier: GPL-2.0
/* The checks behind `vtjobctl doctor`, in the order a user fixes them. */
#include "cmd/doctor.h"
#include "cmd/doctor_speculation.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/cpuinfo.h"
#include "lib/host_file.h"
#include "client/vtjob_device.h"
#include "client/vtjob_features.h"

#define CPUID_1_ECX_VMX			(1u << 5)
#define CPUID_1_ECX_HYPERVISOR		(1u << 31)

#define MSR_IA32_FEATURE_CONTROL	0x3a
#define FEATURE_CONTROL_LOCKED		(1ull << 0)
#define FEATURE_CONTROL_VMX_OUTSIDE_SMX	(1ull << 2)

/* Shown by their own checks above the feature list. */
#define FEATURES_CHECKED_EARLIER	(VTJOB_FEAT_VMX | VTJOB_FEAT_FIRMWARE_ENABLED)

#define NESTED_VIRT_HINT \
	"this is a virtual machine: turn on nested virtualization in the hypervisor"

/* The group vtjob's udev rule gives /dev/vtjob to (packaging/60-vtjob.rules). */
#define VTJOB_GROUP			"vtjob"

#define LOCKDOWN_PATH			"/sys/kernel/security/lockdown"
/* Present only when the kernel checks module signatures (CONFIG_MODULE_SIG). */
#define SIG_ENFORCE_PATH		"/sys/module/module/parameters/sig_enforce"
#define MODULE_TAINT_PATH		"/sys/module/" VTJOB_DEVICE_NAME "/taint"
/* The taint flag of a module not signed with a key the kernel trusts. */
#define TAINT_UNSIGNED_MODULE		'E'

/* What earlier checks found out, for the later ones. */
struct doctor_state {
	const struct doctor_env *env;
	struct doctor_report *report;
	struct cpuinfo cpuinfo;		/* all NULL when unreadable */
	bool is_intel;
	bool has_vmx;			/* per CPUID, whatever the firmware says */
	bool in_virtual_machine;
	bool module_loaded;
	int device_fd;			/* -1 until /dev/vtjob is open */
	bool api_matches;
};

static const char *sysroot_path(const struct doctor_state *state, const char *path,
			     char *buf, size_t buflen)
{
	snprintf(buf, buflen, "%s%s", state->env->sysroot, path);
	return buf;
}

static bool sysroot_path_exists(const struct doctor_state *state, const char *path)
{
	char buf[PATH_MAX];

	return access(sysroot_path(state, path, buf, sizeof(buf)), F_OK) == 0;
}

static void read_vendor(const struct doctor_state *state, char *vendor, size_t len)
{
	struct cpuid_regs regs;
	char cpuid_vendor[13];

	if (state->env->ops->cpuid(0, &regs)) {
		/* The vendor string is spread over EBX, EDX, ECX, in that order. */
		memcpy(cpuid_vendor, &regs.ebx, 4);
		memcpy(cpuid_vendor + 4, &regs.edx, 4);
		memcpy(cpuid_vendor + 8, &regs.ecx, 4);
		cpuid_vendor[12] = '\0';
		snprintf(vendor, len, "%s", cpuid_vendor);
	} else if (state->cpuinfo.vendor_id) {
		snprintf(vendor, len, "%s", state->cpuinfo.vendor_id);
	} else {
		snprintf(vendor, len, "unknown");
	}
}

static void check_vendor(struct doctor_state *state)
{
	struct doctor_check *check;
	char vendor[32];

	read_vendor(state, vendor, sizeof(vendor));
	state->is_intel = strcmp(vendor, "GenuineIntel") == 0;
	if (state->is_intel) {
		doctor_add(state->report, DOCTOR_OK, "CPU vendor", "%s", vendor);
		return;
	}

	if (strcmp(vendor, "AuthenticAMD") == 0 || strcmp(vendor, "HygonGenuine") == 0) {
		check = doctor_add(state->report, DOCTOR_FAIL, "CPU vendor",
				   "%s, but vtjob needs Intel VT-x (AMD's SVM is not supported)",
				   vendor);
		doctor_reason(check, "this is an AMD CPU, and vtjob needs Intel VT-x");
	} else {
		check = doctor_add(state->report, DOCTOR_FAIL, "CPU vendor",
				   "%s, but vtjob needs an Intel CPU with VT-x", vendor);
		doctor_reason(check, "the CPU is not an Intel one (%s)", vendor);
	}
	doctor_hint(check, "run vtjob on a host with an Intel CPU that has VT-x");
}

static void check_vmx(struct doctor_state *state)
{
	struct doctor_check *check;
	struct cpuid_regs regs;

	if (state->env->ops->cpuid(1, &regs)) {
		state->has_vmx = regs.ecx & CPUID_1_ECX_VMX;
		state->in_virtual_machine = regs.ecx & CPUID_1_ECX_HYPERVISOR;
	} else {
		state->has_vmx = cpuinfo_has_flag(state->cpuinfo.flags, "vmx");
		state->in_virtual_machine = cpuinfo_has_flag(state->cpuinfo.flags, "hypervisor");
	}

	if (state->has_vmx) {
		doctor_add(state->report, DOCTOR_OK, "VMX", "offered by this CPU");
		return;
	}

	check = doctor_add(state->report, DOCTOR_FAIL, "VMX",
			   "not offered by this CPU (CPUID.1:ECX.VMX is clear)");
	doctor_reason(check, "the CPU does not offer VMX");
	/* On other vendors, the vendor line has said what to do. */
	if (!state->is_intel)
		return;
	if (state->in_virtual_machine)
		doctor_hint(check, NESTED_VIRT_HINT);
	else
		doctor_hint(check, "this CPU model has no VT-x; vtjob needs one that does");
}

static int read_feature_control(const struct doctor_state *state, uint64_t *value)
{
	char path[PATH_MAX];
	ssize_t n;
	int fd, err;

	fd = open(sysroot_path(state, "/dev/cpu/0/msr", path, sizeof(path)),
		  O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	/* The msr driver maps the file offset to the MSR number. */
	n = pread(fd, value, sizeof(*value), MSR_IA32_FEATURE_CONTROL);
	err = errno;
	close(fd);
	if (n < 0)
		return -err;
	return n == sizeof(*value) ? 0 : -EIO;
}

static void firmware_has_vmx_off(struct doctor_state *state, const char *detail)
{
	struct doctor_check *check;

	check = doctor_add(state->report, DOCTOR_FAIL, "Firmware setting", "%s", detail);
	doctor_reason(check, "VMX is turned off in the firmware");
	if (state->in_virtual_machine)
		doctor_hint(check, NESTED_VIRT_HINT);
	else
		doctor_hint(check, "turn on Intel Virtualization Technology (VT-x) in the BIOS/UEFI setup, then power off and on");
}

static void check_firmware(struct doctor_state *state)
{
	struct doctor_check *check;
	uint64_t feature_control;
	int err;

	if (!state->has_vmx) {
		doctor_add(state->report, DOCTOR_SKIPPED, "Firmware setting",
			   "not checked without VMX");
		return;
	}

	err = read_feature_control(state, &feature_control);
	if (err == 0) {
		if (!(feature_control & FEATURE_CONTROL_LOCKED))
			firmware_has_vmx_off(state, "IA32_FEATURE_CONTROL is not locked, so VMX cannot be turned on");
		else if (!(feature_control & FEATURE_CONTROL_VMX_OUTSIDE_SMX))
			firmware_has_vmx_off(state, "VMX is turned off (IA32_FEATURE_CONTROL is locked without it)");
		else
			doctor_add(state->report, DOCTOR_OK, "Firmware setting",
				   "VMX turned on");
		return;
	}

	/* Without the MSR, go by what the kernel and the module concluded. */
	if (state->cpuinfo.flags && !cpuinfo_has_flag(state->cpuinfo.flags, "vmx")) {
		/* Linux clears its vmx flag when IA32_FEATURE_CONTROL forbids VMX. */
		firmware_has_vmx_off(state, "VMX is turned off (the kernel does not list vmx in /proc/cpuinfo)");
	} else if (state->module_loaded) {
		doctor_add(state->report, DOCTOR_OK, "Firmware setting",
			   "VMX turned on (the vtjob module loaded, which needs it)");
	} else {
		check = doctor_add(state->report, DOCTOR_WARN, "Firmware setting",
				   "unknown (cannot read IA32_FEATURE_CONTROL: %s)",
				   strerror(-err));
		doctor_hint(check, "load the msr module (sudo modprobe msr) and run as root to check");
	}
}

static void check_kvm(struct doctor_state *state)
{
	struct doctor_check *check;

	if (!sysroot_path_exists(state, "/sys/module/kvm_intel")) {
		doctor_add(state->report, DOCTOR_OK, "KVM", "kvm_intel is not loaded");
		return;
	}
	check = doctor_add(state->report, DOCTOR_WARN, "KVM",
			   "kvm_intel is loaded; vtjob will refuse CPUs where KVM has VMX turned on");
	doctor_hint(check, "when no virtual machines are running: sudo modprobe -r kvm_intel");
}

/*
 * Kernel lockdown (Secure Boot turns it on): the kernel then loads only
 * modules signed with a key it trusts. /sys/kernel/security/lockdown
 * reads "[none] integrity confidentiality", the mode in brackets.
 */
static void check_lockdown(struct doctor_state *state)
{
	struct doctor_check *check;
	char modes[128], *open_bracket, *close_bracket;

	if (host_file_read(state->env->sysroot, LOCKDOWN_PATH, modes, sizeof(modes))) {
		doctor_add(state->report, DOCTOR_INFO, "Kernel lockdown",
			   "unknown (" LOCKDOWN_PATH " cannot be read)");
		return;
	}
	open_bracket = strchr(modes, '[');
	close_bracket = open_bracket ? strchr(open_bracket, ']') : NULL;
	if (!close_bracket) {
		doctor_add(state->report, DOCTOR_INFO, "Kernel lockdown", "unknown (%s)", modes);
		return;
	}
	*close_bracket = '\0';
	if (strcmp(open_bracket + 1, "none") == 0) {
		doctor_add(state->report, DOCTOR_OK, "Kernel lockdown", "none");
	} else if (state->module_loaded) {
		doctor_add(state->report, DOCTOR_OK, "Kernel lockdown",
			   "%s; the vtjob module is loaded, so it is signed with a trusted key",
			   open_bracket + 1);
	} else {
		check = doctor_add(state->report, DOCTOR_WARN, "Kernel lockdown",
				   "%s: the kernel loads only modules signed with a key it trusts",
				   open_bracket + 1);
		doctor_hint(check, "sign vtjob.ko (README.md, Secure Boot); for DKMS's key: "
			    "sudo mokutil --import /var/lib/dkms/mok.pub, then reboot");
	}
}

static void check_module(struct doctor_state *state)
{
	struct doctor_check *check;

	if (state->module_loaded) {
		doctor_add(state->report, DOCTOR_OK, "vtjob module", "loaded");
		return;
	}
	check = doctor_add(state->report, DOCTOR_FAIL, "vtjob module", "not loaded");
	doctor_reason(check, "the vtjob module is not loaded");
	if (!state->has_vmx)
		doctor_hint(check, "it does not load without VMX; fix that first");
	else
		doctor_hint(check, "sudo %s; if that fails, see 'dmesg | grep vtjob'",
			    state->env->load_command);
}

/*
 * Whether the loaded module is signed with a key the kernel trusts: the
 * kernel taints it 'E' when not, if it checks signatures at all. 6.1 shows
 * no signer of a loaded module; modinfo shows the file's.
 */
static void check_module_signature(struct doctor_state *state)
{
	struct doctor_check *check;
	char taint[32];

	if (!state->module_loaded) {
		doctor_add(state->report, DOCTOR_SKIPPED, "Module signature",
			   "not checked without the module");
		return;
	}
	if (!sysroot_path_exists(state, SIG_ENFORCE_PATH)) {
		doctor_add(state->report, DOCTOR_INFO, "Module signature",
			   "not checked by this kernel (no module.sig_enforce)");
		return;
	}
	if (host_file_read(state->env->sysroot, MODULE_TAINT_PATH, taint, sizeof(taint))) {
		doctor_add(state->report, DOCTOR_INFO, "Module signature",
			   "unknown (" MODULE_TAINT_PATH " cannot be read)");
		return;
	}
	if (!strchr(taint, TAINT_UNSIGNED_MODULE)) {
		doctor_add(state->report, DOCTOR_OK, "Module signature",
			   "signed with a key the kernel trusts");
		return;
	}
	check = doctor_add(state->report, DOCTOR_INFO, "Module signature",
			   "not signed with a key the kernel trusts (taint %s); "
			   "this kernel loads such modules", taint);
	doctor_hint(check, "under Secure Boot it would not: sign it (README.md, Secure Boot)");
}

static void device_permission_denied(struct doctor_state *state, const char *path)
{
	struct doctor_check *check;
	char group_name[64];
	struct group *group;
	struct stat st;

	if (stat(path, &st) < 0) {
		check = doctor_add(state->report, DOCTOR_FAIL, VTJOB_DEVICE_PATH,
				   "permission denied");
		doctor_hint(check, "join group " VTJOB_GROUP ", which vtjob's udev rule gives "
			    VTJOB_DEVICE_PATH " to: sudo usermod -aG " VTJOB_GROUP " $USER");
	} else {
		group = getgrgid(st.st_gid);
		if (group)
			snprintf(group_name, sizeof(group_name), "%s", group->gr_name);
		else
			snprintf(group_name, sizeof(group_name), "%u", (unsigned int)st.st_gid);

		check = doctor_add(state->report, DOCTOR_FAIL, VTJOB_DEVICE_PATH,
				   "permission denied (mode %04o, group %s)",
				   (unsigned int)(st.st_mode & 07777), group_name);
		if (st.st_gid == 0)
			doctor_hint(check, "give " VTJOB_DEVICE_PATH " to group " VTJOB_GROUP
				    " with vtjob's udev rule (make install), then join it: "
				    "sudo usermod -aG " VTJOB_GROUP " $USER");
		else
			doctor_hint(check, "join group %s: sudo usermod -aG %s $USER, then log in again",
				    group_name, group_name);
	}
	doctor_reason(check, "no permission to open " VTJOB_DEVICE_PATH);
}

static void check_device(struct doctor_state *state)
{
	struct doctor_check *check;
	char path[PATH_MAX];
	int fd;

	if (!state->module_loaded) {
		doctor_add(state->report, DOCTOR_SKIPPED, VTJOB_DEVICE_PATH,
			   "not checked without the module");
		return;
	}

	sysroot_path(state, VTJOB_DEVICE_PATH, path, sizeof(path));
	if (access(path, F_OK) < 0 && errno == ENOENT) {
		check = doctor_add(state->report, DOCTOR_FAIL, VTJOB_DEVICE_PATH,
				   "missing, though the module is loaded");
		doctor_reason(check, VTJOB_DEVICE_PATH " is missing");
		doctor_hint(check, "check that udev is running, then reload the module");
		return;
	}

	fd = state->env->ops->open_device(path);
	if (fd == -EACCES || fd == -EPERM) {
		device_permission_denied(state, path);
	} else if (fd < 0) {
		check = doctor_add(state->report, DOCTOR_FAIL, VTJOB_DEVICE_PATH,
				   "cannot open it: %s", strerror(-fd));
		doctor_reason(check, "cannot open " VTJOB_DEVICE_PATH);
		doctor_hint(check, "see 'dmesg | grep vtjob'");
	} else {
		state->device_fd = fd;
		doctor_add(state->report, DOCTOR_OK, VTJOB_DEVICE_PATH, "opened");
	}
}

static void check_api_version(struct doctor_state *state)
{
	struct doctor_check *check;
	__u32 api_version;
	int err;

	if (state->device_fd < 0) {
		doctor_add(state->report, DOCTOR_SKIPPED, "API version",
			   "not checked without " VTJOB_DEVICE_PATH);
		return;
	}

	err = state->env->ops->get_api_version(state->device_fd, &api_version);
	if (err) {
		check = doctor_add(state->report, DOCTOR_FAIL, "API version",
				   "the module did not say (%s)", strerror(-err));
		doctor_reason(check, "the module did not report its API version");
		doctor_hint(check, "use vtjobctl and vtjob.ko built from the same source");
		return;
	}
	if (api_version != VTJOB_API_VERSION) {
		check = doctor_add(state->report, DOCTOR_FAIL, "API version",
				   "the module has %u, vtjobctl was built for %u",
				   api_version, VTJOB_API_VERSION);
		doctor_reason(check, "vtjobctl and the module have different API versions");
		doctor_hint(check, "use vtjobctl and vtjob.ko built from the same source");
		return;
	}
	state->api_matches = true;
	doctor_add(state->report, DOCTOR_OK, "API version", "%u", api_version);
}

static void feature_missing(struct doctor_state *state,
			    const struct vtjob_feature *feature)
{
	struct doctor_check *check;

	if (!(feature->bit & VTJOB_FEAT_REQUIRED)) {
		doctor_add(state->report, DOCTOR_ABSENT, feature->name,
			   "not offered (optional)");
		return;
	}
	check = doctor_add(state->report, DOCTOR_FAIL, feature->name,
			   "not offered, and vtjob needs it");
	doctor_reason(check, "the CPU lacks %s", feature->name);
	if (state->in_virtual_machine)
		doctor_hint(check, "the hypervisor hides it; give the virtual machine the host's CPU model");
	else
		doctor_hint(check, "vtjob needs a newer Intel CPU");
}

static void list_module_features(struct doctor_state *state,
				 const struct vtjob_caps *caps)
{
	const struct vtjob_feature *feature;
	size_t i;

	for (i = 0; i < vtjob_nr_features; i++) {
		feature = &vtjob_features[i];
		if (feature->bit & FEATURES_CHECKED_EARLIER)
			continue;
		if (caps->features & feature->bit)
			doctor_add(state->report, DOCTOR_OK, feature->name, NULL);
		else
			feature_missing(state, feature);
	}
	doctor_add(state->report, DOCTOR_INFO, "VMX CPUs in use by vtjob", "%u",
		   caps->nr_cpus_vmx);
}

/* The kernel's own probe, for when the module cannot tell us. */
static void list_cpuinfo_features(struct doctor_state *state)
{
	const struct vtjob_feature *feature;
	size_t i;

	if (!state->has_vmx) {
		doctor_add(state->report, DOCTOR_SKIPPED, "VMX features",
			   "not checked without VMX");
		return;
	}
	if (!state->cpuinfo.vmx_flags) {
		doctor_add(state->report, DOCTOR_SKIPPED, "VMX features",
			   "checked once vtjobctl can use the module");
		return;
	}

	doctor_add(state->report, DOCTOR_INFO, "VMX features",
		   "as /proc/cpuinfo lists them");
	for (i = 0; i < vtjob_nr_features; i++) {
		feature = &vtjob_features[i];
		if (!feature->cpuinfo_flag)
			continue;
		if (cpuinfo_has_flag(state->cpuinfo.vmx_flags, feature->cpuinfo_flag))
			doctor_add(state->report, DOCTOR_OK, feature->name, NULL);
		else
			feature_missing(state, feature);
	}
	doctor_add(state->report, DOCTOR_INFO, "Other VMX features",
		   "checked once vtjobctl can use the module");
}

static void check_features(struct doctor_state *state)
{
	struct doctor_check *check;
	struct vtjob_caps caps;
	int err;

	if (!state->api_matches) {
		list_cpuinfo_features(state);
		return;
	}

	err = state->env->ops->get_caps(state->device_fd, &caps);
	if (err) {
		check = doctor_add(state->report, DOCTOR_FAIL, "VMX features",
				   "the module did not say (%s)", strerror(-err));
		doctor_reason(check, "the module did not report the VMX features");
		doctor_hint(check, "see 'dmesg | grep vtjob'");
		return;
	}
	list_module_features(state, &caps);
	doctor_list_speculation(state->env, state->report, &caps);
}

void doctor_examine(const struct doctor_env *env, struct doctor_report *report)
{
	struct doctor_state state = {
		.env = env,
		.report = report,
		.device_fd = -1,
	};
	char path[PATH_MAX];

	report->nr_checks = 0;
	/* Unreadable is fine: every use of it has another source or a fallback. */
	cpuinfo_read(sysroot_path(&state, "/proc/cpuinfo", path, sizeof(path)),
		     &state.cpuinfo);
	state.module_loaded = sysroot_path_exists(&state, "/sys/module/" VTJOB_DEVICE_NAME);

	check_vendor(&state);
	check_vmx(&state);
	check_firmware(&state);
	check_kvm(&state);
	check_lockdown(&state);
	check_module(&state);
	check_module_signature(&state);
	check_device(&state);
	check_api_version(&state);
	check_features(&state);

	if (state.device_fd >= 0)
		close(state.device_fd);
	cpuinfo_free(&state.cpuinfo);
}
