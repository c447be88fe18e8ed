#!/bin/bash
# toolchain-manifest.sh - the manifest lines (mkinitramfs.sh's "SRC DEST")
# of the C toolchain that builds PROJECT in the VM: GNU make, gcc's driver,
# cc1, collect2, lto-wrapper and the LTO plugin ld loads, as, ld and ar
# (their libraries come with them, found by mkinitramfs.sh through ldd),
# the start files and libraries a link reads, the system headers the
# project's sources include, as `gcc -M` names them, and distcc; then the
# project's files, in /vtjob/build. Each TREE DEST CPPFLAGS that follows is
# another project, a source tree such as Lua's or zlib's, copied whole to
# DEST: the headers of the .c files at its top and in its src/ and test/,
# with CPPFLAGS (the -D options its build gives), join the image too.
#
# Usage: toolchain-manifest.sh PROJECT_DIR [TREE DEST CPPFLAGS]...
set -euo pipefail

usage="usage: toolchain-manifest.sh PROJECT_DIR [TREE DEST CPPFLAGS]..."
project=${1:?$usage}
shift
(($# % 3 == 0)) || { echo "$usage" >&2; exit 2; }
cc=${CC_FOR_VM:-gcc}

# A path as the toolchain names it, "..", "." and doubled slashes resolved
# but not symlinks (/lib/x86_64-linux-gnu stays itself).
clean() { realpath -s "$1"; }

line() { echo "$1 $(clean "$2")"; }

# gcc under the target-prefixed name too, which a Debian distcc client
# asks distccd for; distcc and distccd, for distcc_test.
target=$("$cc" -dumpmachine)
for prog in make gcc "$target-gcc" as ld ar ranlib distcc distccd; do
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
	libc.so libc_nonshared.a libm.so; do
	path=$("$cc" -print-file-name="$file")
	[[ $path == /* ]] || { echo "toolchain-manifest.sh: $cc finds no $file" >&2; exit 1; }
	line "$path" "$path"
done
# libm.so is a linker script naming the libraries ld opens for -lm.
grep -o '/[^ )]*\.so[.0-9]*' "$("$cc" -print-file-name=libm.so)" | while read -r path; do
	line "$path" "$path"
done
# The system headers of the sources in DIR, from gcc's own dependency list
# (-O2 includes more of them, the inline versions of functions), with the
# options that follow DIR: absolute paths outside DIR only.
headers() {
	local dir=$1 src
	shift
	for src in "$dir"/*.c "$dir"/src/*.c "$dir"/test/*.c; do
		[[ -e $src ]] || continue
		"$cc" -M "$src" -I"$dir" "$@"
		"$cc" -O2 -M "$src" -I"$dir" "$@"
	done | sed 's/[[:space:]]\+/\n/g' | grep '^/' | grep -v "^$(clean "$dir")/"
}

{
	headers "$project"
	args=("$@")
	for ((i = 0; i < ${#args[@]}; i += 3)); do
		# shellcheck disable=SC2086 # CPPFLAGS are words
		headers "${args[i]}" ${args[i + 2]}
	done
} | sort -u | while read -r header; do
	line "$header" "$header"
done
for file in "$project"/*; do
	echo "$file /vtjob/build/${file##*/}"
done
while (($#)); do
	tree=$(clean "$1")
	find "$tree" -type f | sort | while read -r file; do
		echo "$file $2${file#"$tree"}"
	done
	shift 3
done
