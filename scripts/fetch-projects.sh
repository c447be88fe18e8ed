#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# fetch-projects.sh - the real projects the build test and make bench build
# in the VMs: Lua 5.4 and zlib, from Debian's source packages (`apt-get
# source`, which needs the deb-src entry make deps adds), fetched once into
# DIR and unpacked as DIR/lua and DIR/zlib.
#
# Upstream's trees (the .orig tarballs) are what is built: Debian's patches
# turn Lua's Makefile into a libtool build, which the VM's image does not
# carry, and leave zlib's sources as they are.
#
# Usage: fetch-projects.sh DIR
set -euo pipefail

dir=${1:?usage: fetch-projects.sh DIR}
prog=${0##*/}
mkdir -p "$dir"
cd "$dir"

# One tarball of each, the newest if an update left two.
orig() { find . -maxdepth 1 -name "$1" | sort -V | tail -n 1; }

if [[ -z $(orig 'lua5.4_*.orig.tar.gz') || -z $(orig 'zlib_*.orig.tar.*') ]]; then
	echo "$prog: apt-get source --download-only lua5.4 zlib (into $dir)"
	if ! apt-get source --download-only -qq lua5.4 zlib >apt-get.log 2>&1; then
		cat apt-get.log >&2
		echo "$prog: cannot fetch the sources of lua5.4 and zlib from Debian's archive:" \
			"is it reachable, and is the deb-src entry of make deps" \
			"(/etc/apt/sources.list.d/vtjob.sources) in apt's index (apt-get update)?" >&2
		exit 1
	fi
fi
for project in lua:'lua5.4_*.orig.tar.gz' zlib:'zlib_*.orig.tar.*'; do
	name=${project%%:*}
	tarball=$(orig "${project#*:}")
	[[ -n $tarball ]] || { echo "$prog: apt-get source left no ${project#*:}" >&2; exit 1; }
	rm -rf "$name" "$name.new"
	mkdir "$name.new"
	tar -xf "$tarball" -C "$name.new" --strip-components=1
	mv "$name.new" "$name"
done
