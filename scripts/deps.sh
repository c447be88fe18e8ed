#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Installs the Debian packages of the groups named (build, vm, deb; all of
# them without arguments) that are missing, saying which and why first.
# The list is scripts/deps.list. Quick when nothing is missing.
set -euo pipefail

list="$(dirname "$0")/deps.list"
groups=("$@")
[ ${#groups[@]} -gt 0 ] || groups=(build vm deb)

wanted() {
	local group
	for group in "${groups[@]}"; do
		[ "$group" = "$1" ] && return 0
	done
	return 1
}

known=$(awk '!/^#/ && NF { print $1 }' "$list" | sort -u)
for group in "${groups[@]}"; do
	grep -qx "$group" <<<"$known" ||
		{ echo "deps: no group '$group' in $list" >&2; exit 2; }
done

missing=() reasons=() seen=() total=0
while read -r group package why; do
	case $group in '#'* | '') continue ;; esac
	wanted "$group" || continue
	# Listed in more than one group asked for: count and install it once.
	case " ${seen[*]} " in *" $package "*) continue ;; esac
	seen+=("$package")
	total=$((total + 1))
	if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null |
	     grep -q 'install ok installed'; then
		missing+=("$package")
		reasons+=("$(printf '  %-20s %s (%s)' "$package" "$why" "$group")")
	fi
done <"$list"

sudo=()
[ "$(id -u)" -eq 0 ] || sudo=(sudo)

# Debian's source packages of bookworm main, for `apt-get source lua5.4
# zlib`; the index is fetched with the next apt-get update.
sources=/etc/apt/sources.list.d/vtjob.sources
new_sources=false
if wanted vm && [ ! -e "$sources" ] && command -v apt-get >/dev/null; then
	echo "deps: adding $sources (deb-src bookworm main, for apt-get source)"
	printf '%s\n' "# vtjob's make deps: Debian's source packages, for apt-get source" \
		"Types: deb-src" "URIs: http://deb.debian.org/debian" "Suites: bookworm" \
		"Components: main" "Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg" |
		"${sudo[@]}" tee "$sources" >/dev/null
	new_sources=true
fi

if [ ${#missing[@]} -eq 0 ]; then
	if $new_sources; then
		"${sudo[@]}" apt-get update -qq
	fi
	echo "deps: the $total packages for ${groups[*]} are installed"
	exit 0
fi
if ! command -v apt-get >/dev/null; then
	echo "deps: no apt-get here; install these yourself:" >&2
	printf '%s\n' "${reasons[@]}" >&2
	exit 1
fi

echo "deps: installing ${#missing[@]} Debian packages for ${groups[*]}:"
printf '%s\n' "${reasons[@]}"
"${sudo[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq \
	--no-install-recommends "${missing[@]}" >/dev/null
