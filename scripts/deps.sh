#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Installs the Debian packages that building and testing vtjob need, when
# they are missing. Quick when nothing is.
set -euo pipefail

packages=(
	gcc make libc6-dev pkg-config perl xz-utils
	linux-image-amd64 linux-headers-amd64 linux-source-6.1
	libnl-3-dev libnl-genl-3-dev
	bochs bochsbios vgabios qemu-system-x86
	busybox-static isolinux syslinux-common xorriso cpio
	musl-tools
)

missing=()
for pkg in "${packages[@]}"; do
	if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null |
	     grep -q 'install ok installed'; then
		missing+=("$pkg")
	fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=()
[ "$(id -u)" -eq 0 ] || sudo=(sudo)
echo "deps: installing ${missing[*]}"
"${sudo[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq \
	--no-install-recommends "${missing[@]}" >/dev/null
