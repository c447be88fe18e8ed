# SPDX-License-Identifier: GPL-2.0
#
# make install / uninstall: vtjobctl and what a host needs around it.
# Included by the top Makefile. DESTDIR stages the whole tree elsewhere (a
# package build); PREFIX is where vtjobctl, its man page and completions
# go. udev, systemd and sysusers files go where those programs look,
# whatever PREFIX is: the directories pkg-config gives, else Debian's.
# The module itself: make modules_install, or DKMS (dkms.conf).
#
#   make install [DESTDIR=/tmp/stage] [PREFIX=/usr]
#   make uninstall [DESTDIR=...] [PREFIX=...]

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
LIBDIR ?= $(PREFIX)/lib
SYSCONFDIR ?= /etc
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
# Debian's zsh reads vendor-completions below /usr, site-functions below /usr/local.
ZSHCOMPDIR ?= $(PREFIX)/share/zsh/$(if $(filter /usr,$(PREFIX)),vendor-completions,site-functions)

pkg_var = $(shell pkg-config --variable=$(2) $(1) 2>/dev/null)
UDEVDIR ?= $(or $(call pkg_var,udev,udevdir),/lib/udev)
SYSTEMDUNITDIR ?= $(or $(call pkg_var,systemd,systemdsystemunitdir),/lib/systemd/system)
SYSUSERSDIR ?= $(or $(call pkg_var,systemd,sysusersdir),/usr/lib/sysusers.d)

# The vtjob-distcc launchers, one copy a compiler name distccd may be asked
# for: the plain names, and the target-prefixed ones a Debian distcc client
# rewrites gcc and g++ to (x86_64-linux-gnu-gcc).
# Expanded where used: a plain build never asks the compiler.
DISTCC_TARGET = $(or $(shell $(CC) -dumpmachine 2>/dev/null),x86_64-linux-gnu)
DISTCC_LAUNCHERS = gcc cc g++ c++ $(DISTCC_TARGET)-gcc $(DISTCC_TARGET)-g++
LAUNCHER_DIR = $(LIBDIR)/vtjob-distcc

# Every file make install puts down, as TARGET:SOURCE (SOURCE relative to
# the top); the packaging check compares a DESTDIR install with this list.
INSTALL_FILES = \
	$(BINDIR)/vtjobctl:userspace/vtjobctl \
	$(MANDIR)/man8/vtjobctl.8:userspace/gen/vtjobctl.8 \
	$(BASHCOMPDIR)/vtjobctl:completion/vtjobctl.bash \
	$(ZSHCOMPDIR)/_vtjobctl:completion/_vtjobctl \
	$(UDEVDIR)/rules.d/60-vtjob.rules:packaging/60-vtjob.rules \
	$(SYSUSERSDIR)/vtjob.conf:packaging/vtjob.sysusers \
	$(SYSTEMDUNITDIR)/vtjob.service:$(BUILD)/vtjob.service \
	$(foreach n,$(DISTCC_LAUNCHERS),$(LAUNCHER_DIR)/$(n):$(BUILD)/vtjob-distcc)
# An administrator's to edit: installed only where missing, removed only
# while unchanged.
CONFIG_FILES = \
	$(SYSCONFDIR)/default/vtjob:packaging/vtjob.default \
	$(SYSCONFDIR)/modprobe.d/vtjob.conf:packaging/vtjob-modprobe.conf

install_target = $(DESTDIR)$(firstword $(subst :, ,$(1)))
install_source = $(lastword $(subst :, ,$(1)))

# The unit names the installed vtjobctl and /etc/default file.
$(BUILD)/vtjob.service: packaging/vtjob.service.in FORCE
	@mkdir -p $(BUILD)
	sed -e 's|@BINDIR@|$(BINDIR)|g' -e 's|@SYSCONFDIR@|$(SYSCONFDIR)|g' $< >$@.new
	@cmp -s $@.new $@ && rm $@.new || mv $@.new $@

# The launchers run the installed vtjobctl.
$(BUILD)/vtjob-distcc: packaging/vtjob-distcc.in FORCE
	@mkdir -p $(BUILD)
	sed -e 's|@BINDIR@|$(BINDIR)|g' $< >$@.new
	@cmp -s $@.new $@ && rm $@.new || mv $@.new $@

# Programs: vtjobctl and the launchers.
install_mode = $(if $(filter %/vtjobctl:userspace/vtjobctl %:$(BUILD)/vtjob-distcc,$(1)),0755,0644)

install: userspace $(BUILD)/vtjob.service $(BUILD)/vtjob-distcc
	@$(foreach f,$(INSTALL_FILES), \
		install -D -m $(call install_mode,$(f)) \
			$(call install_source,$(f)) $(call install_target,$(f)) && \
		echo "installed $(call install_target,$(f))" &&) true
	@$(foreach f,$(CONFIG_FILES), \
		if [ -e $(call install_target,$(f)) ]; then \
			echo "kept $(call install_target,$(f)) as it is"; \
		else \
			install -D -m 0644 $(call install_source,$(f)) $(call install_target,$(f)) && \
			echo "installed $(call install_target,$(f))"; \
		fi &&) true
	@if [ -z "$(DESTDIR)" ]; then \
		echo "next: systemd-sysusers (creates group vtjob), udevadm control --reload," \
		     "make modules_install (or DKMS: dkms.conf), modprobe vtjob"; \
	fi

uninstall:
	@$(foreach f,$(INSTALL_FILES), \
		rm -f $(call install_target,$(f)) && echo "removed $(call install_target,$(f))" &&) true
	@$(foreach f,$(CONFIG_FILES), \
		if cmp -s $(call install_source,$(f)) $(call install_target,$(f)); then \
			rm -f $(call install_target,$(f)) && echo "removed $(call install_target,$(f))"; \
		elif [ -e $(call install_target,$(f)) ]; then \
			echo "kept $(call install_target,$(f)): it was changed"; \
		fi &&) true
	@rmdir $(DESTDIR)$(LAUNCHER_DIR) 2>/dev/null || true

# The module, through kbuild, below INSTALL_MOD_PATH if set, in
# /lib/modules/KVER/$(INSTALL_MOD_DIR) (kbuild's default: extra/). kbuild
# skips depmod without the kernel's System.map, which a headers package
# lacks: it runs here, so that modprobe finds the module.
modules_install: module
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules_install
	depmod $(if $(INSTALL_MOD_PATH),-b $(INSTALL_MOD_PATH)) $(KVER)

# What make install would put down, one target a line, for the packaging check.
install-list:
	@$(foreach f,$(INSTALL_FILES) $(CONFIG_FILES),echo '$(firstword $(subst :, ,$(f)))';)

.PHONY: install uninstall modules_install install-list
