# SPDX-License-Identifier: GPL-2.0
#
# vtjob: make            build the module, vtjobctl, the example jobs and the
#                        selftests; installs nothing
#        make check      lint, host unit tests, the packaging check, then the
#                        selftests in a QEMU VM (no VMX) and Bochs VMs
#                        (emulated VT-x)
#        make demo       boot the Bochs VM and show vtjob at work
#        make bench      measure jobs against native processes in the 3-CPU
#                        VM: calls, start-up, noise, Lua's and zlib's builds
#        make bench-builds  only the noise and the builds of make bench
#        make stress     the stress suite at full size in the 3-CPU VM
#        make install    install vtjobctl, its man page and completions, the udev
#                        rule, vtjob.service and config (packaging/install.mk)
#        make modules_install   install the module for KDIR's kernel
#        make deb        the Debian packages vtjob-dkms and vtjobctl, lintian
#                        over them (packaging/deb.mk)
#        make deps       install the Debian packages all of this needs, saying
#                        which and why (scripts/deps.list); check, demo and
#                        bench run it themselves
#
# KDIR picks the kernel build tree; by default the running kernel's, else the
# newest Debian linux-headers-* whose image is in /boot (the one the VMs boot).

BUILD := $(CURDIR)/build
RESULTS := $(BUILD)/results

# Recursively expanded on purpose: evaluated after 'deps' has run.
KDIR ?= $(shell scripts/find-kdir.sh)
KVER = $(shell sed -n 's/^\#define UTS_RELEASE "\(.*\)"/\1/p' \
	$(KDIR)/include/generated/utsrelease.h)
VMLINUZ = /boot/vmlinuz-$(KVER)

# checkpatch for make lint, and the VM selftests' kselftest harness unless
# KSFT_INC names one (or a linux-headers package ships it in tools/), come
# from Debian's kernel source package, unpacked on first use. The unit
# tests need neither.
KSRC_TARBALL := /usr/src/linux-source-6.1.tar.xz
KSRC := $(BUILD)/ksrc
CHECKPATCH := $(KSRC)/scripts/checkpatch.pl
KSFT_FROM_KSRC := $(KSRC)/tools/testing/selftests
KSFT_INC ?= $(firstword $(patsubst %/kselftest_harness.h,%,$(wildcard \
	/usr/src/linux-headers-*/tools/testing/selftests/kselftest_harness.h)) \
	$(KSFT_FROM_KSRC))
KSFT_STAMP := $(if $(filter $(KSFT_FROM_KSRC),$(KSFT_INC)),$(KSRC)/.stamp)

SELFTESTS := $(CURDIR)/selftests/vtjob
SELFTEST_PROGS := dev_test vmx_test nl_test job_test reserve_test exec_test \
	load_test novmx_test files_test dynamic_test hardening_test process_test stress_test \
	build_test package_test make_recursion_test distcc_test
# Sources only: not what Kbuild generates (the gate's offsets).
LINT_FILES = $(filter-out %.mod.c kmod/guest/gate_offsets.h,$(wildcard kmod/*.[ch] kmod/*/*.[ch])) \
	uapi/linux/vtjob.h common/syscall_owners.h

BOCHS_TIMEOUT ?= 3600
QEMU_TIMEOUT ?= 300

JOBS := hello hello-pie hash
TEST_JOBS := exit_with fault spin spin_for enosys efault show_args fpu_write fpu_read \
	call_loop cpuid_check random_syscalls file_reads gate_probe
# examples/libc/, each built with glibc and with musl.
LIBC_JOBS := $(foreach p,libc_tour libc_calls list_dir escape mem_hog process_tree signals \
	bad_frames spawn_loop file_maps,\
	$(p)-glibc $(p)-musl)
# examples/dynamic/, each linked dynamically as a PIE and as an ET_EXEC.
DYNAMIC_JOBS := dyn_tour-pie dyn_tour-exec
# Debian's own dynamic programs, unchanged, for dynamic_test: in a directory
# of their own, so that busybox's applets stay what the other tests run.
# mkinitramfs.sh adds their libraries; the C.UTF-8 locale and the gconv
# cache are what glibc maps for them in that locale.
DEBIAN_PROGS := /usr/bin/sort /usr/bin/sha256sum /usr/bin/tr /usr/bin/wc /bin/gzip /bin/dash \
	/bin/true
DEBIAN_LOCALE_FILES = $(shell find /usr/lib/locale/C.utf8 -type f) \
	/usr/lib/x86_64-linux-gnu/gconv/gconv-modules.cache
# build_test's project, and the toolchain that builds it: make, gcc, cc1,
# as, ld, collect2, ar, the start files and the headers it includes.
BUILD_PROJECT := $(CURDIR)/examples/build
# The real projects, Lua 5.4 and zlib from Debian's source packages
# (scripts/fetch-projects.sh, once): zlib for build_test, both for make
# bench; each with the -D options its build gives, for the headers.
PROJECTS := $(BUILD)/projects
ZLIB_TREE = $(PROJECTS)/zlib /vtjob/projects/zlib "-D_LARGEFILE64_SOURCE=1 -DHAVE_HIDDEN"
LUA_TREE = $(PROJECTS)/lua /vtjob/projects/lua "-DLUA_USE_POSIX -DLUA_COMPAT_5_3"

all: module userspace examples selftests

deps:
	@scripts/deps.sh

# The targets that boot an emulator install what they need before anything
# else; a plain build never installs anything.
ifneq ($(filter check demo bench bench-builds vm-%,$(MAKECMDGOALS)),)
DEPS_FIRST := deps
endif

$(KSRC)/.stamp: | $(DEPS_FIRST)
	@test -f $(KSRC_TARBALL) || { \
		echo "$(KSRC_TARBALL) is missing: make lint's checkpatch and the" \
			"VM selftests' kselftest harness come from it; install linux-source-6.1" \
			"(make deps), or name a harness with KSFT_INC=DIR" >&2; exit 1; }
	@mkdir -p $(KSRC)
	tar -xJf $(KSRC_TARBALL) -C $(KSRC) --strip-components=1 \
		linux-source-6.1/tools/testing/selftests/kselftest_harness.h \
		linux-source-6.1/tools/testing/selftests/kselftest.h \
		linux-source-6.1/scripts/checkpatch.pl \
		linux-source-6.1/scripts/spelling.txt \
		linux-source-6.1/scripts/const_structs.checkpatch
	@touch $@

module: | $(DEPS_FIRST)
	$(MAKE) -C $(KDIR) M=$(CURDIR) W=1 modules

# vtjobctl needs no kernel source: its system call names come from
# <asm/unistd_64.h>.
userspace: | $(DEPS_FIRST)
	$(MAKE) -C userspace

examples: | $(DEPS_FIRST)
	$(MAKE) -C examples

selftests: userspace $(KSFT_STAMP) | $(DEPS_FIRST)
	$(MAKE) -C $(SELFTESTS) KSFT_INC=$(KSFT_INC)

include packaging/install.mk
include packaging/deb.mk

# --- checks ---------------------------------------------------------------

lint: $(KSRC)/.stamp
	@mkdir -p $(RESULTS)
	@{ scripts/lint.sh $(CHECKPATCH) $(LINT_FILES); echo $$? >$(RESULTS)/lint.status; } | \
		scripts/tap-result.sh lint $(RESULTS)/lint.result $(RESULTS)/lint.status

# The fuzzers of the ELF loader and the forwarded-call decoder, briefly.
fuzz-smoke: userspace
	$(MAKE) -C userspace fuzz-smoke

# The unit tests' harness is their own (userspace/tests/harness.h).
unit: userspace
	@mkdir -p $(RESULTS)
	@{ $(MAKE) -s -C userspace test 2>&1; echo $$? >$(RESULTS)/unit.status; } | \
		scripts/tap-result.sh unit $(RESULTS)/unit.result $(RESULTS)/unit.status

# On the host: make install into a DESTDIR, make deb and lintian, and a
# DKMS build of the packaged module source for KVER (packaging/check.sh).
packaging-check: userspace
	@mkdir -p $(RESULTS)
	@{ packaging/check.sh $(KVER) 2>&1; echo $$? >$(RESULTS)/packaging.status; } | \
		scripts/tap-result.sh packaging $(RESULTS)/packaging.result \
			$(RESULTS)/packaging.status

$(BUILD)/vm/manifest: all FORCE
	@mkdir -p $(BUILD)/vm
	@{ \
	  echo "$(CURDIR)/kmod/vtjob.ko /vtjob/vtjob.ko"; \
	  echo "$(CURDIR)/userspace/vtjobctl /usr/bin/vtjobctl"; \
	  for p in $(SELFTEST_PROGS) settings; do \
	    echo "$(SELFTESTS)/$$p /vtjob/selftests/$$p"; done; \
	  echo "$(SELFTESTS)/tests.bochs /vtjob/tests.bochs"; \
	  echo "$(SELFTESTS)/tests.qemu /vtjob/tests.qemu"; \
	  echo "$(CURDIR)/scripts/demo-guest.sh /vtjob/demo.sh"; \
	  for j in $(JOBS); do echo "$(CURDIR)/examples/$$j /vtjob/jobs/$$j"; done; \
	  for j in $(TEST_JOBS); do \
	    echo "$(CURDIR)/examples/tests/$$j /vtjob/jobs/$$j"; done; \
	  for j in $(LIBC_JOBS); do \
	    echo "$(CURDIR)/examples/libc/$$j /vtjob/jobs/$$j"; done; \
	  for j in $(DYNAMIC_JOBS); do \
	    echo "$(CURDIR)/examples/dynamic/$$j /vtjob/jobs/$$j"; done; \
	  for p in $(DEBIAN_PROGS); do echo "$$p /vtjob/debian/$${p##*/}"; done; \
	  for f in $(DEBIAN_LOCALE_FILES); do echo "$$f $$f"; done; \
	  m=/lib/modules/$(KVER)/kernel; \
	  echo "$$m/virt/lib/irqbypass.ko /vtjob/extra/irqbypass.ko"; \
	  echo "$$m/arch/x86/kvm/kvm.ko /vtjob/extra/kvm.ko"; \
	  echo "$$m/arch/x86/kvm/kvm-intel.ko /vtjob/extra/kvm-intel.ko"; \
	  echo "$$m/arch/x86/kernel/msr.ko /vtjob/extra/msr.ko"; \
	} >$@.new && mv $@.new $@

# Fetched once: a bare machine (CI) gets them with its first check or
# bench, and fails there if Debian's archive cannot be reached.
$(PROJECTS)/.stamp: | $(DEPS_FIRST)
	scripts/fetch-projects.sh $(PROJECTS)
	@touch $@

# What the Debian packages put on a host, for package_test in the 2-CPU
# VM: the vtjobctl package unpacked (but for vtjobctl itself: the image
# runs this tree's), the module packaging/check.sh built with DKMS, where
# DKMS installs it, with depmod's index, and kmod's modprobe and modinfo
# (busybox's know no signatures), which the unit file and the test run.
# make check runs the packaging check before it builds this image; a VM
# image built alone runs it when its module is missing (its TAP in a log,
# so as not to stand for make check's). Without the packages (the check
# failed), the image lacks them and package_test says so.
PACKAGED_KO := $(BUILD)/packaging/vtjob.ko
PKGROOT := $(BUILD)/vm/pkgroot

$(PACKAGED_KO): | userspace
	@mkdir -p $(BUILD)
	-packaging/check.sh $(KVER) >$(BUILD)/packaging-for-vm.log 2>&1

$(BUILD)/vm/manifest-package: $(PACKAGED_KO) FORCE
	@rm -rf $(PKGROOT) && mkdir -p $(PKGROOT)
	@deb=$$(ls $(BUILD)/deb/vtjobctl_$$(cat VERSION)-*_amd64.deb 2>/dev/null); \
	if [ -z "$$deb" ] || [ ! -f $(PACKAGED_KO) ]; then \
		echo "warning: no vtjobctl package or DKMS-built module (make packaging-check):" \
			"the VM image goes without them, and package_test fails" >&2; \
		: >$@; exit 0; \
	fi; \
	dpkg-deb -x "$$deb" $(PKGROOT) && rm $(PKGROOT)/usr/bin/vtjobctl && \
	install -D -m 0644 $(PACKAGED_KO) $(PKGROOT)/lib/modules/$(KVER)/updates/dkms/vtjob.ko && \
	(cd $(PKGROOT)/lib/modules/$(KVER) && touch modules.order modules.builtin \
		modules.builtin.modinfo) && \
	depmod -b $(PKGROOT) $(KVER) && \
	{ (cd $(PKGROOT) && find . -type f | sed 's|^\.||' | sort) | \
		while read -r f; do echo "$(PKGROOT)$$f $$f"; done; \
	  echo "/sbin/modprobe /sbin/modprobe"; echo "/sbin/modinfo /sbin/modinfo"; \
	} >$@.new && mv $@.new $@

# The 2-CPU VM's image also holds the C toolchain and zlib, for
# build_test: it makes the image 7 MB -> 28 MB (gzip'd) and its unpacking
# at boot 4 s longer in guest time, so only this image has it; and the
# packages.
# It also holds the recursive project (make_recursion_test), the
# vtjob-distcc launchers for the vtjobctl of the image and distccd's
# whitelist of compilers, /usr/lib/distcc (distcc_test).
RECURSIVE_PROJECT := examples/recursive
$(BUILD)/vm/manifest-toolchain: $(BUILD)/vm/manifest $(BUILD)/vm/manifest-package \
		$(BUILD)/vm/vtjob-distcc $(PROJECTS)/.stamp
	{ cat $(BUILD)/vm/manifest $(BUILD)/vm/manifest-package; \
	  selftests/vm/toolchain-manifest.sh $(BUILD_PROJECT) $(ZLIB_TREE); \
	  for f in $$(cd $(RECURSIVE_PROJECT) && find . -type f | sort); do \
	    echo "$(CURDIR)/$(RECURSIVE_PROJECT)/$${f#./} /vtjob/recursive/$${f#./}"; done; \
	  for n in $(DISTCC_LAUNCHERS); do \
	    echo "$(BUILD)/vm/vtjob-distcc /usr/lib/vtjob-distcc/$$n"; done; \
	  for n in gcc $(DISTCC_TARGET)-gcc; do \
	    echo "/usr/lib/distcc/$$n /usr/lib/distcc/$$n"; done; \
	} >$@.new && mv $@.new $@

$(BUILD)/vm/vtjob-distcc: packaging/vtjob-distcc.in
	@mkdir -p $(BUILD)/vm
	sed -e 's|@BINDIR@|/usr/bin|g' $< >$@
	chmod 0755 $@

$(BUILD)/vm/initrd.gz: $(BUILD)/vm/manifest-toolchain
	selftests/vm/mkinitramfs.sh --manifest $< --out $@ --kver $(KVER)

vm-qemu: $(BUILD)/vm/initrd.gz
	@mkdir -p $(RESULTS)
	-selftests/vm/run-vm.sh --emulator qemu --kernel $(VMLINUZ) \
		--initrd $< --workdir $(BUILD)/vm/qemu --timeout $(QEMU_TIMEOUT)
	@cp $(BUILD)/vm/qemu/result $(RESULTS)/qemu.result 2>/dev/null || true

# The same image, but the 3-CPU test list in place of the 2-CPU one:
# reserve_test, whose cases reserve up to two CPUs and leave the host one,
# hardening_test, and stress_test at the size make check gives it. This VM boots with preempt=full, so that a runner
# can be preempted and migrated wherever interrupts are on.
# Its CPU offline case once took minutes: Bochs 2.7 can miss the store
# that wakes a CPU idling in MWAIT, so hotplug and RCU crawled; the Bochs
# VMs boot with idle=halt (run-vm.sh), and an offline takes 0.1 s.
$(BUILD)/vm/initrd3.gz: $(BUILD)/vm/manifest
	sed 's|^.* /vtjob/tests.bochs$$|$(SELFTESTS)/tests.bochs3 /vtjob/tests.bochs|' \
		$< >$(BUILD)/vm/manifest3
	selftests/vm/mkinitramfs.sh --manifest $(BUILD)/vm/manifest3 --out $@ \
		--kver $(KVER)

vm-bochs3: $(BUILD)/vm/initrd3.gz
	@mkdir -p $(RESULTS)
	-selftests/vm/run-vm.sh --emulator bochs --cpus 3 --kernel $(VMLINUZ) \
		--initrd $< --workdir $(BUILD)/vm/bochs3 --timeout $(BOCHS_TIMEOUT) \
		--append preempt=full --no-skips
	@cp $(BUILD)/vm/bochs3/result $(RESULTS)/bochs3.result 2>/dev/null || true

# make stress: stress_test at full size, alone in the 3-CPU VM booted with
# preempt=full. STRESS_ROUNDS, FUZZ_SEEDS and FUZZ_CALLS size it (make
# check runs it with 6, 4 and 20000); STRESS_SEED=N replays the choices of
# an earlier run, whose log starts with its seed.
STRESS_ROUNDS ?= 80
FUZZ_SEEDS ?= 24
FUZZ_CALLS ?= 50000
STRESS_SEED ?=
STRESS_TIMEOUT ?= 14400

$(BUILD)/vm/initrd-stress.gz: $(BUILD)/vm/manifest FORCE
	echo "env VTJ_STRESS_ROUNDS=$(STRESS_ROUNDS) VTJ_FUZZ_SEEDS=$(FUZZ_SEEDS)" \
		"VTJ_FUZZ_CALLS=$(FUZZ_CALLS) $(if $(STRESS_SEED),VTJ_STRESS_SEED=$(STRESS_SEED))" \
		"stress_test" >$(BUILD)/vm/tests.stress
	echo "timeout=$(STRESS_TIMEOUT)" >$(BUILD)/vm/settings.stress
	sed -e 's|^.* /vtjob/tests.bochs$$|$(BUILD)/vm/tests.stress /vtjob/tests.bochs|' \
		-e 's|^.* /vtjob/selftests/settings$$|$(BUILD)/vm/settings.stress /vtjob/selftests/settings|' \
		$< >$(BUILD)/vm/manifest-stress
	selftests/vm/mkinitramfs.sh --manifest $(BUILD)/vm/manifest-stress --out $@ \
		--kver $(KVER)

stress: $(BUILD)/vm/initrd-stress.gz
	@mkdir -p $(RESULTS)
	selftests/vm/run-vm.sh --emulator bochs --cpus 3 --kernel $(VMLINUZ) \
		--initrd $< --workdir $(BUILD)/vm/stress --timeout $(STRESS_TIMEOUT) \
		--append preempt=full --no-skips

vm-bochs: $(BUILD)/vm/initrd.gz
	@mkdir -p $(RESULTS)
	-selftests/vm/run-vm.sh --emulator bochs --kernel $(VMLINUZ) \
		--initrd $< --workdir $(BUILD)/vm/bochs --timeout $(BOCHS_TIMEOUT) --no-skips
	@cp $(BUILD)/vm/bochs/result $(RESULTS)/bochs.result 2>/dev/null || true

# Every step runs even when an earlier one failed; the summary counts all.
check: deps all
	@rm -rf $(RESULTS)
	-@$(MAKE) --no-print-directory lint
	-@$(MAKE) --no-print-directory unit
	-@$(MAKE) --no-print-directory packaging-check
	-@$(MAKE) --no-print-directory vm-qemu
	@# Bochs uses one host core a VM: the two VMs run side by side.
	-@$(MAKE) --no-print-directory -j2 vm-bochs vm-bochs3
	@selftests/vm/summarize.sh $(RESULTS)/lint.result $(RESULTS)/unit.result \
		$(RESULTS)/packaging.result $(RESULTS)/qemu.result $(RESULTS)/bochs.result \
		$(RESULTS)/bochs3.result

# make bench: the 3-CPU VM, whose image has the toolchain, Lua and zlib;
# scripts/bench-guest.sh runs vtjob_bench (CPU 1 reserved), then
# scripts/bench-builds-guest.sh (the builds and the noise, CPUs 1-2).
# make bench-builds runs only the second. With Lua and zlib whole, each
# takes over an hour in Bochs on a 2-core host (README.md).
# BENCH_PARTS picks what bench-builds-guest.sh runs, of noise, lua-lib,
# lua, zlib and throughput; it reaches the guest on the kernel command line, and so
# does BENCH_KERNEL_ARGS (nohz_full=2: the noise with the reserved CPU 2
# tickless, see Documentation/performance.rst).
BENCH_TIMEOUT ?= 10800
BENCH_PARTS ?= noise lua zlib
BENCH_KERNEL_ARGS ?=
comma := ,
empty :=
space := $(empty) $(empty)
BENCH_APPEND = "vtjob_bench_parts=$(subst $(space),$(comma),$(strip $(BENCH_PARTS))) \
	$(strip $(BENCH_KERNEL_ARGS))"

$(BUILD)/vm/bench-builds.manifest: $(BUILD)/vm/manifest $(PROJECTS)/.stamp FORCE
	$(MAKE) -C bench
	@{ grep -v ' /vtjob/demo.sh$$' $<; \
	  echo "$(CURDIR)/scripts/bench-guest.sh /vtjob/demo.sh"; \
	  echo "$(CURDIR)/scripts/bench-builds-guest.sh /vtjob/bench-builds.sh"; \
	  echo "$(CURDIR)/bench/tsc_gaps /vtjob/bench/tsc_gaps"; \
	  echo "$(CURDIR)/bench/projects/check.lua /vtjob/bench/check.lua"; \
	  selftests/vm/toolchain-manifest.sh $(BUILD_PROJECT) $(ZLIB_TREE) $(LUA_TREE); \
	} >$@.new && mv $@.new $@

bench: $(BUILD)/vm/bench-builds.manifest
	@{ cat $<; \
	  echo "$(CURDIR)/bench/vtjob_bench /usr/bin/vtjob_bench"; \
	  for j in syscall_round_trip compute; do \
	    echo "$(CURDIR)/bench/jobs/$$j /vtjob/jobs/$$j"; done; \
	} >$(BUILD)/vm/bench.manifest
	selftests/vm/mkinitramfs.sh --manifest $(BUILD)/vm/bench.manifest \
		--out $(BUILD)/vm/bench-initrd.gz --kver $(KVER)
	selftests/vm/run-vm.sh --emulator bochs --cpus 3 --mode demo --kernel $(VMLINUZ) \
		--initrd $(BUILD)/vm/bench-initrd.gz --workdir $(BUILD)/vm/bench \
		--timeout $(BENCH_TIMEOUT) --append $(BENCH_APPEND)

bench-builds: $(BUILD)/vm/bench-builds.manifest
	selftests/vm/mkinitramfs.sh --manifest $< \
		--out $(BUILD)/vm/bench-builds-initrd.gz --kver $(KVER)
	selftests/vm/run-vm.sh --emulator bochs --cpus 3 --mode demo --kernel $(VMLINUZ) \
		--initrd $(BUILD)/vm/bench-builds-initrd.gz --workdir $(BUILD)/vm/bench-builds \
		--timeout $(BENCH_TIMEOUT) --append $(BENCH_APPEND)

# Where a job's start and its calls spend their time: the kernel's
# function_graph tracer in the Bochs VM (scripts/profile-guest.sh); the
# traces are in $(BUILD)/vm/profile/serial.log.
profile: $(BUILD)/vm/manifest
	$(MAKE) -C bench
	@{ grep -v ' /vtjob/demo.sh$$' $<; \
	  echo "$(CURDIR)/scripts/profile-guest.sh /vtjob/demo.sh"; \
	  echo "$(CURDIR)/bench/jobs/syscall_round_trip /vtjob/jobs/syscall_round_trip"; \
	} >$(BUILD)/vm/profile.manifest
	selftests/vm/mkinitramfs.sh --manifest $(BUILD)/vm/profile.manifest \
		--out $(BUILD)/vm/profile-initrd.gz --kver $(KVER)
	selftests/vm/run-vm.sh --emulator bochs --mode demo --kernel $(VMLINUZ) \
		--initrd $(BUILD)/vm/profile-initrd.gz --workdir $(BUILD)/vm/profile \
		--timeout $(BOCHS_TIMEOUT)

demo: $(BUILD)/vm/initrd.gz
	selftests/vm/run-vm.sh --emulator bochs --mode demo --kernel $(VMLINUZ) \
		--initrd $< --workdir $(BUILD)/vm/demo --timeout $(BOCHS_TIMEOUT)

clean:
	-$(MAKE) -C $(KDIR) M=$(CURDIR) clean
	$(MAKE) -C userspace clean
	$(MAKE) -C examples clean
	$(MAKE) -C bench clean
	$(MAKE) -C $(SELFTESTS) clean
	rm -rf $(BUILD)

FORCE:

.PHONY: all deps module userspace examples selftests lint unit packaging-check fuzz-smoke profile \
	vm-qemu vm-bochs \
	vm-bochs3 check stress \
	demo bench bench-builds clean FORCE
