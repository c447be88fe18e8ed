#!/bin/bash
# toolchain-manifest.sh - the manifest lines (mkinitramfs.sh's "SRC DEST")
# of the C toolchain that builds PROJECT in the VM: GNU make, gcc's driver,
# cc1, collect2, lto-wrapper and the LTO plugin ld loads, as, ld and ar
# (their libraries come with them, found by mkinitramfs.sh through ldd),
# the start files and libraries a link reads, the system headers the
# project's sources include, as `gcc -M` names them, and distcc.
#
# Usage: toolchain-manifest.sh PROJECT_DIR
set -euo pipefail

project=${1:?usage: toolchain-manifest.sh PROJECT_DIR}
cc=${CC_FOR_VM:-gcc}

# A path as the toolchain names it, "..", "." and doubled slashes resolved
# but not symlinks (/lib/x86_64-linux-gnu stays itself).
clean() { realpath -s "$1"; }

line() { echo "$1 $(clean "$2")"; }

# gcc under the target-prefixed name too, which a Debian distcc client
# asks distccd for; distcc and distccd, for distcc_test.
target=$("$cc" -dumpmachine)
for prog in make gcc "$target-gcc" as ld ar distcc distccd; do
	path=$(command -v "$prog") || { echo "toolchain-manifest.sh: no $prog" >&2; exit 1; }
	line "$path" "/usr/bin/$prog"
done
for prog in cc1 collect2 lto-wrapper; do
	path=$("$cc" -print-prog-name="$prog")
	[[ $path == /* ]] || { echo "toolchain-manifest.sh: $cc has no $prog" >&2; exit 1; }
	line "$path" "$path"
done
# collect2 hands ld the LTO plugin, which ld loads even for plain objects.
plugin=$(dirname "$("$cc" -print-prog-name=cc1)")/liblto_plugin.so
line "$plugin" "$plugin"
for file in Scrt1.o crti.o crtn.o crtbeginS.o crtendS.o libgcc.a libgcc_s.so libgcc_s.so.1 \
	libc.so libc_nonshared.a; do
	path=$("$cc" -print-file-name="$file")
	[[ $path == /* ]] || { echo "toolchain-manifest.sh: $cc finds no $file" >&2; exit 1; }
	line "$path" "$path"
done
# The headers, from gcc's own dependency list (-O2 includes more of them,
# the inline versions of functions): absolute paths only.
for src in "$project"/*.c; do
	"$cc" -M "$src" -I"$project"
	"$cc" -O2 -M "$src" -I"$project"
done | sed 's/[[:space:]]\+/\n/g' | grep '^/' | grep -v "^$(clean "$project")/" | sort -u |
	while read -r header; do
		line "$header" "$header"
	done
for file in "$project"/*; do
	echo "$file /vtjob/build/${file##*/}"
done
