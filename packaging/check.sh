#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The packaging check of make check, on the host: which targets install
# packages, make install and
# uninstall into a DESTDIR, the versions and build dependencies the
# packaging files state, make deb (with /usr/src hidden, so vtjobctl is
# seen to build without any kernel source, and its unit tests after it)
# and its lintian verdict, and a
# DKMS build of the packaged module source against KVER's headers.
# Prints TAP; exits non-zero if a check fails. Leaves the DKMS-built,
# DKMS-signed module in build/packaging/vtjob.ko for a VM to load.
#
# Usage: packaging/check.sh KVER
set -uo pipefail

kver=${1:?usage: packaging/check.sh KVER}
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
work=$top/build/packaging
rm -rf "$work"
mkdir -p "$work"
version=$(cat VERSION)
# shellcheck source=../scripts/tap-lib.sh disable=SC1091
. scripts/tap-lib.sh


# check NAME COMMAND...: ok if COMMAND succeeds; its output is the diagnostics.
check() {
	local name=$1 out
	shift
	if out=$("$@" 2>&1); then
		tap_ok "$name"
	else
		tap_not_ok "$name" "${out:-"$* failed"}"
	fi
}

# The paths in a listing that are not in the wanted list, and the other way.
# shellcheck disable=SC2317 # called through check()
differ() {
	diff <(sort -u "$1") <(sort -u "$2") | sed -n 's/^</wanted, missing:/p; s/^>/not wanted:/p'
	cmp -s <(sort -u "$1") <(sort -u "$2")
}

echo "TAP version 13"
echo "1..22"

# --- what installs packages ------------------------------------------------
# make -n still runs the recipe lines that name $(MAKE), such as the one
# that counts the unit tests into RESULTS: give those a scratch directory,
# so that this dry run cannot overwrite the results of the make check it
# is part of.
dry_run() {
	make -n --no-print-directory RESULTS="$work/dry-run-results" "$@" 2>&1
}
# shellcheck disable=SC2317 # called through check()
installs_nothing() {
	! dry_run "$@" | grep -e 'deps\.sh' -e 'apt-get'
}
# shellcheck disable=SC2317 # called through check()
installs_deps() {
	local commands
	commands=$(dry_run "$@")
	grep -q -e '^scripts/deps\.sh' <<<"$commands"
}
check "plain make installs no package" installs_nothing all
check "make check installs what it needs first" installs_deps check

# --- make install / uninstall ---------------------------------------------
stage=$work/stage
deb_vars=(PREFIX=/usr UDEVDIR=/lib/udev SYSTEMDUNITDIR=/lib/systemd/system
	SYSUSERSDIR=/usr/lib/sysusers.d)
make -s --no-print-directory install-list "${deb_vars[@]}" >"$work/wanted"
if make -s --no-print-directory install DESTDIR="$stage" "${deb_vars[@]}" >"$work/install.log" 2>&1; then
	(cd "$stage" && find . -type f | sed 's|^\.||') >"$work/installed"
	check "make install DESTDIR puts every file where the packaging says, and no other" \
		differ "$work/wanted" "$work/installed"
else
	tap_not_ok "make install DESTDIR puts every file where the packaging says, and no other" \
		"$(tail -n 5 "$work/install.log")"
fi
modes=$(cd "$stage" 2>/dev/null && find . -type f -printf '%m %p\n' | sort)
programs=$(grep '^755 ' <<<"$modes" | sed 's/^755 .//' | grep -v -x -e /usr/bin/vtjobctl \
	-e '/usr/lib/vtjob-distcc/[^/]*')
if grep -q '^755 ./usr/bin/vtjobctl$' <<<"$modes" && [ -z "$programs" ] &&
   [ "$(grep -c '^755 ./usr/lib/vtjob-distcc/' <<<"$modes")" = 6 ] &&
   ! grep -qv '^\(755\|644\) ' <<<"$modes"; then
	tap_ok "vtjobctl and the six distcc launchers are installed 0755, everything else 0644"
else
	tap_not_ok "vtjobctl and the six distcc launchers are installed 0755, everything else 0644" \
		"$modes"
fi
launcher_bin=$(sed -n 's/^exec \([^ ]*\) exec .*/\1/p' "$stage/usr/lib/vtjob-distcc/gcc" 2>/dev/null)
check "the distcc launchers run the installed vtjobctl ($launcher_bin)" test -x "$stage$launcher_bin"
unit_bin=$(sed -n 's/^ExecStart=\([^ ]*\) .*/\1/p' "$stage/lib/systemd/system/vtjob.service" 2>/dev/null)
check "vtjob.service starts the installed vtjobctl ($unit_bin)" test -x "$stage$unit_bin"
if [ -e /sys/module/vtjob ]; then
	tap_skip "the installed vtjobctl names modprobe to load the module" "the module is loaded here"
else
	out=$("$stage/usr/bin/vtjobctl" --version 2>&1)
	if grep -qx "module: not loaded; load it with 'modprobe vtjob'" <<<"$out"; then
		tap_ok "the installed vtjobctl names modprobe to load the module"
	else
		tap_not_ok "the installed vtjobctl names modprobe to load the module" "$out"
	fi
fi
make -s --no-print-directory uninstall DESTDIR="$stage" "${deb_vars[@]}" >"$work/uninstall.log" 2>&1
check "make uninstall DESTDIR removes every file make install put down" \
	test -z "$(find "$stage" -type f)"

# --- the distcc launchers, with a vtjobctl that says what it was asked ------
# As distccd runs one: by a name found first on its PATH, the real
# compiler in a later directory.
launch=$work/launcher
mkdir -p "$launch/bin" "$launch/vtjob-distcc" "$launch/cc-dir"
# shellcheck disable=SC2016 # the fake's own $PATH and $@
printf '#!/bin/sh\nprintf "%%s\\n" "PATH=$PATH" "$@"\n' >"$launch/bin/vtjobctl"
sed "s|@BINDIR@|$launch/bin|" packaging/vtjob-distcc.in >"$launch/vtjob-distcc/x86_64-linux-gnu-gcc"
printf '#!/bin/sh\n' >"$launch/cc-dir/x86_64-linux-gnu-gcc"
chmod +x "$launch/bin/vtjobctl" "$launch/vtjob-distcc/x86_64-linux-gnu-gcc" \
	"$launch/cc-dir/x86_64-linux-gnu-gcc"
out=$(cd / && PATH=$launch/vtjob-distcc:/nonexistent:$launch/cc-dir:/usr/bin \
	TMPDIR=/var/tmp/distccd VTJOB_DISTCC_OPTIONS='--cpu 2' \
	"$launch/vtjob-distcc/x86_64-linux-gnu-gcc" -O2 -c 'a b.i' -o x.o 2>&1)
wanted=$(printf '%s\n' "PATH=/nonexistent:$launch/cc-dir:/usr/bin" exec --ro / --rw /var/tmp/distccd \
	--mem 512M --timeout 600 --cpu 2 -- "$launch/cc-dir/x86_64-linux-gnu-gcc" -O2 -c 'a b.i' -o x.o)
check "a launcher runs the next compiler of its name as a job, host read-only, TMPDIR writable" \
	test "$out" = "$wanted"
out=$(cd / && PATH=$launch/cc-dir:$launch/vtjob-distcc VTJOB_DISTCC_TIMEOUT=30 VTJOB_DISTCC_MEM=1G \
	"$launch/vtjob-distcc/x86_64-linux-gnu-gcc" -c x.i 2>&1)
wanted=$(printf '%s\n' "PATH=$launch/cc-dir" exec --ro / --rw /tmp --mem 1G --timeout 30 -- \
	"$launch/cc-dir/x86_64-linux-gnu-gcc" -c x.i)
check "a launcher takes VTJOB_DISTCC_TIMEOUT and _MEM, /tmp without TMPDIR" test "$out" = "$wanted"
out=$(cd / && PATH=$launch/vtjob-distcc:/nonexistent "$launch/vtjob-distcc/x86_64-linux-gnu-gcc" \
	-c x.i 2>&1)
status=$?
if [ "$status" = 127 ] &&
   [ "$out" = "vtjob-distcc: no x86_64-linux-gnu-gcc on PATH after $launch/vtjob-distcc (PATH=$launch/vtjob-distcc:/nonexistent)" ]; then
	tap_ok "a launcher with no compiler after it exits 127 with one line"
else
	tap_not_ok "a launcher with no compiler after it exits 127 with one line" "status $status: $out"
fi

# --- what the packaging files say ------------------------------------------
dkms_version=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' dkms.conf)
deb_version=$(sed -n '1s/^vtjob (\([^-)]*\)\(-[^)]*\)\?).*/\1/p' debian/changelog)
check "VERSION ($version), dkms.conf ($dkms_version) and debian/changelog ($deb_version) agree" \
	test "$version" = "$dkms_version" -a "$version" = "$deb_version"
build_depends=$(sed -n '/^Build-Depends:/,/^[A-Z]/p' debian/control | sed '$d' |
	sed 's/^Build-Depends://' | tr ',' '\n' | sed 's/(.*)//; s/^[[:space:]]*//; s/[[:space:]]*$//' |
	grep -v -e '^$' -e '^debhelper-compat$' -e '^dh-sequence-dkms$')
missing=$(for package in $build_depends; do
	awk -v p="$package" '$1 == "deb" && $2 == p { found = 1 } END { exit !found }' \
		scripts/deps.list || echo "$package"; done)
check "debian/control's Build-Depends are all in scripts/deps.list's deb group" \
	test -z "$missing"

# --- make deb --------------------------------------------------------------
# vtjobctl must build without kernel source: /usr/src hidden where we may.
if unshare -m true 2>/dev/null; then
	hide="mount -t tmpfs none /usr/src &&"
	hidden="with /usr/src hidden"
else
	hide=""
	hidden="with /usr/src as it is (no mount namespace here)"
fi
if unshare -m sh -c "$hide make --no-print-directory deb" >"$work/deb.log" 2>&1 ||
   { [ -z "$hide" ] && make --no-print-directory deb >"$work/deb.log" 2>&1; }; then
	deb_ok=1
else
	deb_ok=''
fi
debs=$(cd build/deb 2>/dev/null && ls vtjob-dkms_"$version"-*_all.deb vtjobctl_"$version"-*_amd64.deb 2>/dev/null)
if [ "$(echo "$debs" | grep -c .)" = 2 ]; then
	tap_ok "make deb builds vtjob-dkms and vtjobctl $hidden"
else
	tap_not_ok "make deb builds vtjob-dkms and vtjobctl $hidden" "$(grep -v '^N:' "$work/deb.log" | tail -n 15)"
fi
errors=$(grep -c '^E: ' "$work/deb.log")
warnings=$(grep -c '^W: ' "$work/deb.log")
if [ -n "$deb_ok" ] && [ "$errors" = 0 ] && grep -q '^lintian ' "$work/deb.log"; then
	tap_ok "lintian reports no error ($warnings warnings)"
else
	tap_not_ok "lintian reports no error" "$(grep -e '^E: ' -e '^W: ' "$work/deb.log" | head -n 20)"
fi
dpkg-deb -c build/deb/vtjobctl_"$version"-*_amd64.deb 2>/dev/null |
	awk '$1 !~ /^d/ { sub(/^\./, "", $6); print $6 }' |
	grep -v -e '^/usr/share/doc/' -e '^/usr/share/lintian/' |
	sed 's|\.8\.gz$|.8|' >"$work/packaged"
check "the vtjobctl package holds what make install puts down" \
	differ "$work/wanted" "$work/packaged"
# The unit tests too: their harness is userspace/tests/harness.h. Built
# in make deb's copy of the tree, which nothing else builds tests in.
deb_tree=build/deb/vtjob-$version
if [ -z "$hide" ]; then
	tap_skip "the unit tests build with /usr/src hidden" "no mount namespace here"
elif [ ! -d "$deb_tree/userspace" ]; then
	tap_not_ok "the unit tests build with /usr/src hidden" "make deb left no $deb_tree"
else
	check "the unit tests build with /usr/src hidden" \
		unshare -m sh -c "$hide make -s --no-print-directory -C $deb_tree/userspace tests"
fi
dkms_root=$work/vtjob-dkms
dpkg-deb -x build/deb/vtjob-dkms_"$version"-*_all.deb "$dkms_root" 2>/dev/null
src=$dkms_root/usr/src/vtjob-$version
check "vtjob-dkms holds the module source in /usr/src/vtjob-$version" \
	test -f "$src/dkms.conf" -a -f "$src/Kbuild" -a -f "$src/kmod/Kbuild" -a -f "$src/VERSION" \
	-a -f "$src/uapi/linux/vtjob.h" -a -f "$src/common/syscall_owners.h"

# --- dkms build ------------------------------------------------------------
# Trees of its own, and a signing key of its own: nothing on the host changes.
dkms_args=(-m vtjob -v "$version" --sourcetree "$dkms_root/usr/src"
	--dkmstree "$work/dkms" --installtree "$work/modules")
mkdir -p "$work/dkms" "$work/modules" "$work/key"
export mok_signing_key=$work/key/mok.key mok_certificate=$work/key/mok.pub
{ dkms add "${dkms_args[@]}" && dkms build "${dkms_args[@]}" -k "$kver"; } >"$work/dkms.log" 2>&1
ko=$work/dkms/vtjob/$version/$kver/x86_64/module/vtjob.ko
if [ -f "$ko" ]; then
	cp "$ko" "$work/vtjob.ko"
	tap_ok "dkms build of the packaged source for $kver makes vtjob.ko"
else
	tap_not_ok "dkms build of the packaged source for $kver makes vtjob.ko" \
		"$(tail -n 15 "$work/dkms.log")" "$(tail -n 15 "$work/dkms/vtjob/$version/build/make.log" 2>/dev/null)"
fi
info=$(modinfo "$work/vtjob.ko" 2>&1)
# shellcheck disable=SC2317 # called through check()
version_and_kernel() {
	grep "^version: *$version$" <<<"$info" && grep "^vermagic: *$kver " <<<"$info"
}
check "its modinfo: version $version, for $kver" version_and_kernel
check "its modinfo: the generic netlink family's alias" \
	grep -q '^alias: *net-pf-16-proto-16-family-vtjob$' <<<"$info"
check "its modinfo: signed with the DKMS MOK key, as for Secure Boot" \
	grep -q '^signer: *DKMS module signing key$' <<<"$info"
[ -f "$work/vtjob.ko" ] && echo "# the DKMS-built module: $work/vtjob.ko"
# shellcheck disable=SC2154 # set by tap-lib.sh
exit "$tap_failed"
