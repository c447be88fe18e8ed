# SPDX-License-Identifier: GPL-2.0
#
# make deb: the Debian packages vtjob-dkms (the module's source, built by
# DKMS on the target) and vtjobctl, from debian/, in build/deb/, then
# lintian over them. Included by the top Makefile; it installs only the
# packages of scripts/deps.list's deb group.
#
# The packages are built from a copy of the source tree as git sees it
# (tracked files and untracked ones not ignored), so that nothing built
# here (objects, build/) gets into them.

DEB_DIR := $(BUILD)/deb
DEB_VERSION = $(shell cat VERSION)
DEB_TREE = $(DEB_DIR)/vtjob-$(DEB_VERSION)

deb:
	@scripts/deps.sh deb
	@git rev-parse --git-dir >/dev/null 2>&1 || \
		{ echo "make deb: needs a git checkout, to tell source from build products" >&2; exit 1; }
	rm -rf $(DEB_DIR)
	mkdir -p $(DEB_TREE)
	git ls-files -z --cached --others --exclude-standard | \
		tar --null -T - --ignore-failed-read -cf - | tar -xf - -C $(DEB_TREE)
	cd $(DEB_TREE) && dpkg-buildpackage -b -us -uc
	lintian --fail-on error --info $(DEB_DIR)/*.changes
	@echo "make deb: $$(cd $(DEB_DIR) && echo *.deb)"

.PHONY: deb
