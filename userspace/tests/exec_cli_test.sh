#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# `vtjobctl exec` up to the point where it needs the module: options, and
# the shell's exit statuses and one "vtjobctl: " line for every program it
# cannot run; 125, as env(1) and timeout(1), when vtjobctl itself fails.
# Prints TAP; exits non-zero if a check fails.

here=$(dirname "$0")
tree=$(cd "$here/../.." && pwd -P)
vtjobctl="$here/../vtjobctl"
examples="$here/../../examples"
tmp=$(mktemp -d)
out="$tmp/out" err="$tmp/err"
trap 'rm -rf "$tmp"' EXIT

number=0
failed=0

fail() {
	echo "not ok $number $name"
	echo "# $*"
	failed=1
}

# expect NAME STATUS STDOUT-PATTERN STDERR-PATTERN -- ARGS...
# An empty pattern means that stream must be empty; "*" means anything.
expect() {
	name=$1 status=$2 stdout_pattern=$3 stderr_pattern=$4
	shift 5
	number=$((number + 1))
	"$vtjobctl" "$@" >"$out" 2>"$err"
	actual=$?

	if [ "$actual" -ne "$status" ]; then
		fail "exit status $actual, expected $status: $(cat "$err")"
	elif [ -z "$stdout_pattern" ] && [ -s "$out" ]; then
		fail "unexpected stdout: $(head -n 1 "$out")"
	elif [ -n "$stdout_pattern" ] && ! grep -q -e "$stdout_pattern" "$out"; then
		fail "stdout lacks '$stdout_pattern'"
	elif [ -z "$stderr_pattern" ] && [ -s "$err" ]; then
		fail "unexpected stderr: $(head -n 1 "$err")"
	elif [ -n "$stderr_pattern" ] && [ "$stderr_pattern" != "*" ] &&
	     { [ "$(wc -l <"$err")" -ne 1 ] || ! grep -q -e "^vtjobctl: $stderr_pattern" "$err"; }; then
		fail "stderr is not one line 'vtjobctl: $stderr_pattern...': $(cat "$err")"
	else
		echo "ok $number $name"
	fi
}

printf 'just text\n' >"$tmp/text"
chmod +x "$tmp/text"
printf '#!/bin/sh\necho hi\n' >"$tmp/script"
chmod +x "$tmp/script"
: >"$tmp/empty"
chmod +x "$tmp/empty"
cp "$examples/hello" "$tmp/not-executable"
chmod -x "$tmp/not-executable"
cp "$here/../loader/job_elf.o" "$tmp/object.o"
chmod +x "$tmp/object.o"

echo "TAP version 13"
echo "1..30"
expect "--help lists exec" 0 "^  exec " "" -- --help
expect "exec --help shows its usage" 0 "^Usage: vtjobctl exec \[--cpu N\]" "" -- exec --help
expect "help exec shows its usage" 0 "^Usage: vtjobctl exec" "" -- help exec
expect "exec needs a program" 125 "" "exec needs a program to run; see 'vtjobctl exec --help'$" -- exec
expect "unknown option" 125 "" "option '--frob' is not known; see 'vtjobctl exec --help'$" -- exec --frob "$examples/hello"
expect "--mem needs a value" 125 "" "option '--mem' needs a value" -- exec --mem
expect "--mem garbage" 125 "" "--mem '12X' is not a size; give bytes or a number with K, M or G, such as 64M$" -- exec --mem 12X "$examples/hello"
expect "--mem 0" 125 "" "--mem '0' is no memory at all$" -- exec --mem 0 "$examples/hello"
expect "--mem too much" 125 "" "--mem '1T' is not a size" -- exec --mem 1T "$examples/hello"
expect "--mem above the largest" 125 "" "--mem '65G' is more than the largest job memory, 64 GiB$" -- exec --mem 65G "$examples/hello"
expect "--timeout garbage" 125 "" "--timeout 'soon' is not a number of seconds, such as 10 or 0.5$" -- exec --timeout soon "$examples/hello"
expect "--timeout negative" 125 "" "--timeout '-1' is not a number of seconds" -- exec --timeout -1 "$examples/hello"
expect "--cpu too high" 125 "" "--cpu '9000' is above the highest supported CPU 8191$" -- exec --cpu 9000 "$examples/hello"
expect "--cpu garbage" 125 "" "--cpu 'one' is not a CPU number$" -- exec --cpu one "$examples/hello"

expect "a missing program is 127" 127 "" "'$tmp/missing' does not exist$" -- exec "$tmp/missing"
expect "a path through a file is 127" 127 "" "'$tmp/text/x' does not exist: a part of its path is not a directory$" -- exec "$tmp/text/x"
expect "options end at the program" 127 "" "'$tmp/missing' does not exist$" -- exec "$tmp/missing" --mem 12X
expect "-- ends the options too" 127 "" "'$tmp/missing' does not exist$" -- exec -- "$tmp/missing"
expect "a directory is 126" 126 "" "'$tmp' is a directory$" -- exec "$tmp"
expect "a device is 126" 126 "" "'/dev/null' is not a regular file$" -- exec /dev/null
expect "text is 126" 126 "" "'$tmp/text' is not an ELF executable$" -- exec "$tmp/text"
expect "an empty file is 126" 126 "" "'$tmp/empty' is not an ELF executable$" -- exec "$tmp/empty"
expect "a script is 126" 126 "" "'$tmp/script' is a script (it starts with #!), not an ELF executable$" -- exec "$tmp/script"
expect "a dynamic program is 126" 126 "" "'/bin/sh' is dynamically linked (it asks for /lib.*); jobs run static programs: link it with -static$" -- exec /bin/sh -c true
# Even root needs an x bit to run a file.
expect "a file without x permission is 126" 126 "" "'$tmp/not-executable' is not executable: no permission to run it$" -- exec "$tmp/not-executable"
expect "an object file is 126" 126 "" "'$tmp/object.o' is an object file (ET_REL), not a linked executable$" -- exec "$tmp/object.o"
expect "too little --mem for hello" 125 "" "'$examples/hello' needs 6 MiB of job memory; --mem is 5 MiB$" -- exec --mem 5M "$examples/hello"
expect "too little --mem for hash's .bss" 125 "" "'$examples/hash' needs 10 MiB of job memory; --mem is 8 MiB$" -- exec --mem 8M "$examples/hash"
expect "--mem in bytes is shown exactly" 125 "" "'$examples/hello' needs 6 MiB of job memory; --mem is 100 KiB$" -- exec --mem 100000 "$examples/hello"

# Without the module, exec says so the way the other commands do.
if [ -e /dev/vtjob ]; then
	number=$((number + 1))
	echo "ok $number exec without the module # SKIP the vtjob module is loaded here"
else
	expect "exec without the module" 125 "" "vtjob module is not loaded (/dev/vtjob is missing); load it with 'insmod $tree/kmod/vtjob.ko'; see 'vtjobctl doctor'$" -- exec "$examples/hello"
fi

exit $failed
