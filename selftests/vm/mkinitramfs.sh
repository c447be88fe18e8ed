#!/bin/bash
# mkinitramfs.sh - build the gzip'd newc initramfs that the vtjob VM harness boots.
#
# Usage: mkinitramfs.sh --manifest FILE --out INITRD.gz [--kver VER]
#
# The image holds busybox-static (/bin/busybox plus one symlink per applet),
# /init (selftests/vm/guest-init), /vtjob/run-guest.sh (selftests/vm/run-guest.sh)
# and every file named by the manifest. Manifest lines are "SRC DEST": host file
# SRC (relative to the current directory) is copied, exec bits kept, to the
# absolute path DEST in the image. Everything from a "#" to the end of a line is
# a comment; blank lines are ignored; @KVER@ in a line is replaced by the kernel
# version (--kver, default: the only directory in /lib/modules), e.g. for
# /lib/modules/@KVER@/kernel/arch/x86/kvm/kvm.ko.
# Dynamically linked ELF files get their shared libraries (per ldd) copied to
# the same paths. The output is reproducible: sorted, mtime 0, owner root.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
prog=${0##*/}

die() { echo "$prog: $*" >&2; exit 1; }
usage() { echo "usage: $prog --manifest FILE --out INITRD.gz [--kver VER]" >&2; exit 2; }

manifest='' out='' kver=''
while (($#)); do
	case $1 in
	--manifest) manifest=${2:?}; shift 2 ;;
	--out) out=${2:?}; shift 2 ;;
	--kver) kver=${2:?}; shift 2 ;;
	*) usage ;;
	esac
done
[[ -n $manifest && -n $out ]] || usage
[[ -f $manifest ]] || die "$manifest: manifest not found"
if [[ -z $kver ]]; then
	kdirs=(/lib/modules/*/)
	if ((${#kdirs[@]} != 1)) || [[ ! -d ${kdirs[0]} ]]; then
		die "cannot guess the kernel version from /lib/modules: pass --kver"
	fi
	kver=$(basename "${kdirs[0]}")
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
root=$tmp/root
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,dev,proc,sys,tmp,run,etc,root,vtjob/selftests}

# busybox and its applet links, at the paths busybox itself would use.
cp /bin/busybox "$root/bin/busybox"
while read -r applet; do
	[[ $applet == bin/busybox ]] || ln -s /bin/busybox "$root/$applet"
done < <(/bin/busybox --list-full)

install -m 0755 "$here/guest-init" "$root/init"
install -m 0755 "$here/run-guest.sh" "$root/vtjob/run-guest.sh"

# True if $1 starts with the ELF magic.
is_elf() { [[ $(head -c 4 "$1" | od -An -tx1 | tr -d ' \n') == 7f454c46 ]]; }

# Print the absolute paths of the shared objects a dynamic ELF file needs;
# print nothing for static executables and other ELF files (e.g. .ko).
needed_libs() {
	local out
	if ! out=$(ldd "$1" 2>&1); then
		[[ $out == *"not a dynamic executable"* ]] && return 0
		die "$1: ldd failed: $out"
	fi
	[[ $out == *"=> not found"* ]] &&
		die "$1: shared library not found: $(awk '/=> not found/ { print $1; exit }' <<<"$out")"
	# "libc.so.6 => /lib/.../libc.so.6 (0x...)" and "/lib64/ld-linux-x86-64.so.2 (0x...)";
	# linux-vdso.so.1 has no path and is skipped.
	awk '$2 == "=>" && $3 ~ /^\// { print $3; next } $1 ~ /^\// { print $1 }' <<<"$out"
}

declare -A libs=()
lineno=0
while IFS= read -r line || [[ -n $line ]]; do
	lineno=$((lineno + 1))
	line=${line%%#*}
	line=${line//@KVER@/$kver}
	read -r src dest extra <<<"$line"
	[[ -z ${src:-} ]] && continue
	[[ -n ${dest:-} && -z ${extra:-} ]] || die "$manifest:$lineno: expected 'SRC DEST'"
	[[ $dest == /* ]] || die "$manifest:$lineno: DEST must be absolute: $dest"
	[[ -f $src ]] || die "$src: no such file (manifest $manifest:$lineno)"
	mkdir -p "$root$(dirname "$dest")"
	# DEST may be a busybox applet link: replace the link, not /bin/busybox.
	rm -f "$root$dest"
	cp -L --preserve=mode "$src" "$root$dest"
	if is_elf "$src"; then
		# Not a process substitution: a die in needed_libs must stop the build.
		deps=$(needed_libs "$src")
		for lib in $deps; do
			libs[$lib]=1
		done
	fi
done <"$manifest"

if ((${#libs[@]})); then
	libs[/lib64/ld-linux-x86-64.so.2]=1
	for lib in "${!libs[@]}"; do
		mkdir -p "$root$(dirname "$lib")"
		cp -L --preserve=mode "$lib" "$root$lib"
	done
fi

# Reproducible archive: fixed order, timestamps and owners.
find "$root" -exec touch -h -d @0 {} +
(cd "$root" && find . -mindepth 1 | LC_ALL=C sort |
	cpio -o -H newc -R 0:0 --reproducible --quiet) | gzip -n >"$tmp/initrd.gz"
mkdir -p "$(dirname "$out")"
mv "$tmp/initrd.gz" "$out"
