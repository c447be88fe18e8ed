#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# `vtjobctl make` up to the point where it needs the module: its help,
# one-line usage errors that exit 2, and 125 without the module, before
# make is ever run. Prints TAP; exits non-zero if a check fails.

here=$(dirname "$0")
tree=$(cd "$here/../.." && pwd -P)
vtjobctl="$here/../vtjobctl"
tmp=$(mktemp -d)
out="$tmp/out" err="$tmp/err"
trap 'rm -rf "$tmp"' EXIT

number=0
failed=0

# expect NAME STATUS STDOUT-PATTERN STDERR-LINE-PATTERN -- ARGS...
# An empty pattern means that stream must be empty.
expect() {
	name=$1 status=$2 stdout_pattern=$3 stderr_pattern=$4
	shift 5
	number=$((number + 1))
	"$vtjobctl" "$@" >"$out" 2>"$err"
	actual=$?
	if [ "$actual" -ne "$status" ]; then
		echo "not ok $number $name"
		echo "# exit status $actual, expected $status: $(cat "$err")"
		failed=1
	elif { [ -z "$stdout_pattern" ] && [ -s "$out" ]; } ||
	     { [ -n "$stdout_pattern" ] && ! grep -q -e "$stdout_pattern" "$out"; }; then
		echo "not ok $number $name"
		echo "# stdout: $(head -n 1 "$out")"
		failed=1
	elif { [ -z "$stderr_pattern" ] && [ -s "$err" ]; } ||
	     { [ -n "$stderr_pattern" ] &&
	       { [ "$(wc -l <"$err")" -ne 1 ] || ! grep -q -e "^vtjobctl: $stderr_pattern" "$err"; }; }; then
		echo "not ok $number $name"
		echo "# stderr: $(cat "$err")"
		failed=1
	else
		echo "ok $number $name"
	fi
}

echo "TAP version 13"
echo "1..8"
expect "--help lists make" 0 "^  make " "" -- --help
expect "make --help shows its usage" 0 "^Usage: vtjobctl make \[--cpu N\]" "" -- make --help
expect "an option without its value is 2" 2 "" "option '--timeout' needs a value; see 'vtjobctl make --help'$" -- make --timeout
expect "a bad --mem is 2" 2 "" "--mem '3X' is not a size" -- make --mem 3X all
expect "a bad --cpu is 2" 2 "" "--cpu 'one' is not a CPU number$" -- make --cpu=one
expect "an empty --rw is 2" 2 "" "--rw needs a directory, not an empty path$" -- make --rw ''
if [ -e /dev/vtjob ]; then
	echo "ok 7 make without the module # SKIP the vtjob module is loaded here"
	echo "ok 8 make arguments after -- # SKIP the vtjob module is loaded here"
else
	expect "make without the module" 125 "" "vtjob module is not loaded (the generic netlink family 'vtjob' is missing); load it with 'insmod $tree/kmod/vtjob.ko'" -- make -j2 all
	expect "make arguments after -- are not checked" 125 "" "vtjob module is not loaded" -- make -- --mem 3X
fi
exit $failed
