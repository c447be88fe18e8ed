#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Prints the kernel build tree to build the module against: the running
# kernel's, else the newest Debian linux-headers-* whose kernel image is in
# /boot, which is the kernel the test VMs boot.
running="/lib/modules/$(uname -r)/build"
if [ -d "$running" ]; then
	echo "$running"
	exit 0
fi

newest=
for image in /boot/vmlinuz-*; do
	release=${image#/boot/vmlinuz-}
	[ -d "/usr/src/linux-headers-$release" ] && newest="$newest$release
"
done
newest=$(printf '%s' "$newest" | sort -V | tail -n 1)
if [ -z "$newest" ]; then
	echo "find-kdir: no kernel headers found; run 'make deps'" >&2
	exit 1
fi
echo "/usr/src/linux-headers-$newest"
