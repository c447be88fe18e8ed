#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The shell completions of completion/: bash's, run here as bash would run
# it on TAB, against this tree's vtjobctl; zsh's, checked for its syntax
# and for naming every command and option that vtjobctl's --help names.
# Prints TAP; exits non-zero if a check fails.

here=$(cd "$(dirname "$0")" && pwd)
vtjobctl="$here/../vtjobctl"
completion="$here/../../completion"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# shellcheck source=../../completion/vtjobctl.bash disable=SC1091
. "$completion/vtjobctl.bash"
# shellcheck source=../../scripts/tap-lib.sh disable=SC1091
. "$here/../../scripts/tap-lib.sh"


# expect NAME EXPECTED WORD...: TAB after the words (the last one being
# completed) offers EXPECTED, words sorted and joined by spaces.
expect() {
	local name=$1 expected=$2 offered
	shift 2
	COMP_WORDS=("$vtjobctl" "$@")
	COMP_CWORD=$#
	COMPREPLY=()
	_vtjobctl
	offered=$(printf '%s\n' "${COMPREPLY[@]}" | sort | joined)
	if [ "$offered" = "$expected" ]; then
		tap_ok "$name"
	else
		tap_not_ok "$name" "offered:  $offered" "expected: $expected"
	fi
}

commands=$("$vtjobctl" --help | sed -n 's/^  \([a-z][a-z]*\) .*/\1/p')
# Words, one a line, as one line joined by spaces.
joined() {
	tr '\n' ' ' | sed 's/ *$//'
}
# The long options in the Options: list of a command's --help.
options_of() {
	"$vtjobctl" help "$1" | sed -n 's/^  \(-[a-z], \)\{0,1\}\(--[a-z][a-z-]*\).*/\2/p' |
		sort | joined
}
# What the kernel says is online, expanded: 0-2,4 is 0 1 2 4.
online_cpus=$(tr ',' '\n' </sys/devices/system/cpu/online |
	awk -F- '{ last = NF > 1 ? $2 : $1; for (c = $1; c <= last; c++) print c }' | sort | joined)
mkdir "$tmp/dir" && touch "$tmp/file"

echo "TAP version 13"
echo "1..$((20 + $(echo "$commands" | wc -l)))"

spec=$(complete -p vtjobctl 2>&1)
if [ "$spec" = "complete -F _vtjobctl vtjobctl" ]; then
	tap_ok "complete -p: vtjobctl completes with _vtjobctl"
else
	tap_not_ok "complete -p: vtjobctl completes with _vtjobctl" "$spec"
fi
expect "TAB offers every command of --help" "$(echo "$commands" | sort | joined)" ""
expect "a command's start completes it" "release reserve" re
expect "vtjobctl's own options" "--help --version" --
for command in $commands; do
	expect "$command: the options of its --help" "$(options_of "$command")" "$command" --
done
expect "reserve: the online CPUs" "$online_cpus" reserve ""
expect "reserve: the next CPU of a list" "$(for c in $online_cpus; do printf '0,%s ' "$c"; done | joined)" reserve 0,
expect "reserve: only one CPU list" "" reserve 1 ""
expect "release: the online CPUs and all" "$(echo "all $online_cpus" | tr ' ' '\n' | sort | joined)" release ""
expect "release: 'a' is all" "all" release a
expect "exec --cpu: the online CPUs" "$online_cpus" exec --cpu ""
expect "exec --rw: directories only" "$tmp/dir" exec --rw "$tmp/"
expect "exec -o: a file" "$tmp/dir $tmp/file" exec -o "$tmp/"
expect "exec: after -o FILE, still its options" "$(options_of exec)" exec -o trace --
expect "exec --stats-json: a file" "$tmp/dir $tmp/file" exec --stats-json "$tmp/"
expect "exec: the program is a file" "$tmp/dir $tmp/file" exec --mem 8M "$tmp/"
expect "exec: after the program, no options of exec" "" exec ./job --
expect "exec: after --, the program" "$tmp/dir $tmp/file" exec -- "$tmp/"
expect "help: the commands" "$(echo "$commands" | sort | joined)" help ""

if command -v zsh >/dev/null; then
	if out=$(zsh -n "$completion/_vtjobctl" 2>&1); then
		tap_ok "zsh: _vtjobctl parses"
	else
		tap_not_ok "zsh: _vtjobctl parses" "$out"
	fi
else
	tap_skip "zsh: _vtjobctl parses" "no zsh here (make deps installs it)"
fi
missing=''
for command in $commands; do
	grep -q "'$command:" "$completion/_vtjobctl" || missing="$missing $command"
	for option in $(options_of "$command"); do
		# Its own case in _vtjobctl names it, as '--name[, '--name=[ or
		# {-n,--name}'[ or {-n+,--name=}'[.
		awk -v c="$command" '$0 ~ "^\t\t" c "[)|]" || $0 ~ "[|]" c "[)]" { inside = 1; next }
			/^\t\t\t;;/ { inside = 0 } inside' "$completion/_vtjobctl" |
			grep -q -e "'\*\?$option=\?\[" -e ",$option=\?}'\[" || missing="$missing $command$option"
	done
done
if [ -z "$missing" ]; then
	tap_ok "zsh: _vtjobctl names every command and option of --help"
else
	tap_not_ok "zsh: _vtjobctl names every command and option of --help" "missing:$missing"
fi
# shellcheck disable=SC2154 # set by tap-lib.sh
exit "$tap_failed"
