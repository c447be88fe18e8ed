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
	# $search: the PATH vtjobctl gets, when a case sets it.
	PATH=${search:-$PATH} "$vtjobctl" "$@" >"$out" 2>"$err"
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

# Debian's /bin/true asking for other interpreters: names as long as
# /lib64/ld-linux-x86-64.so.2 (27 bytes), in a directory of a fixed length.
ld_so=/lib64/ld-linux-x86-64.so.2
interps=$(mktemp -d /tmp/vtjob-iXXXXXX)
trap 'rm -rf "$tmp" "$interps"' EXIT
with_interp() {
	perl -pe "s|\Q$ld_so\E|$interps/$1|g" /bin/true >"$tmp/true-$1"
	chmod +x "$tmp/true-$1"
}
for name in missing1 not-elf1 a-shell1 no-exec1; do
	with_interp $name
done
printf 'just text\n' >"$interps/not-elf1"
chmod +x "$interps/not-elf1"
cp /bin/sh "$interps/a-shell1"
cp "$ld_so" "$interps/no-exec1"
chmod -x "$interps/no-exec1"

echo "TAP version 13"
echo "1..48"
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
expect "--stats-json needs a value" 125 "" "option '--stats-json' needs a value" -- exec --stats-json
expect "--stats-json needs a file name" 125 "" "--stats-json needs a file name$" -- exec --stats-json= "$examples/hello"
expect "--strace-output needs a file name" 125 "" "--strace-output needs a file name$" -- exec --strace-output "" "$examples/hello"
expect "-o needs a value" 125 "" "option '-o' needs a value" -- exec -o
expect "--stats takes no value" 125 "" "option '--stats' takes no value" -- exec --stats=yes "$examples/hello"
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
expect "a missing interpreter is 127" 127 "" "'$tmp/true-missing1' asks for the interpreter '$interps/missing1', which does not exist$" -- exec "$tmp/true-missing1"
expect "an interpreter that is not ELF is 126" 126 "" "'$tmp/true-not-elf1' asks for the interpreter '$interps/not-elf1', which is not an ELF executable$" -- exec "$tmp/true-not-elf1"
expect "an interpreter with an interpreter is 126" 126 "" "'$tmp/true-a-shell1' asks for the interpreter '$interps/a-shell1', which asks for an interpreter itself (PT_INTERP $ld_so); an interpreter must not need one$" -- exec "$tmp/true-a-shell1"
expect "an interpreter without x permission is 126" 126 "" "'$tmp/true-no-exec1' asks for the interpreter '$interps/no-exec1', which is not executable: no permission to run it$" -- exec "$tmp/true-no-exec1"
expect "an interpreter the job cannot see is 127" 127 "" "'/bin/true' asks for the interpreter '$ld_so', which is outside the files the job may see (--ro, --no-files)$" -- exec --no-files /bin/true
expect "--ro hides the interpreter too" 127 "" "'/bin/true' asks for the interpreter '$ld_so', which is outside the files" -- exec --ro "$tmp" /bin/true
# Even root needs an x bit to run a file.
expect "a file without x permission is 126" 126 "" "'$tmp/not-executable' is not executable: no permission to run it$" -- exec "$tmp/not-executable"
expect "an object file is 126" 126 "" "'$tmp/object.o' is an object file (ET_REL), not a linked executable$" -- exec "$tmp/object.o"
# A name without a slash is looked for in PATH, as env(1) does it.
mkdir "$tmp/bin1" "$tmp/bin2" "$tmp/bin3" "$tmp/bin2/isdir"
cp "$examples/hello" "$tmp/bin3/hello"
cp "$examples/hello" "$tmp/bin1/locked"
chmod -x "$tmp/bin1/locked"
search="$tmp/missing-dir:$tmp/bin1:$tmp/bin2:$tmp/bin3"
expect "not in PATH is 127" 127 "" "'nosuch' is not in any directory of PATH ($search)$" -- exec nosuch
expect "found only without x permission is 126" 126 "" "'locked' was found in PATH only as '$tmp/bin1/locked', which is not executable: no permission to run it$" -- exec locked
expect "found only as a directory is 126" 126 "" "'isdir' was found in PATH only as '$tmp/bin2/isdir', which is a directory$" -- exec isdir
expect "found in PATH, it is loaded" 125 "" "'$tmp/bin3/hello' needs 6 MiB of job memory; --mem is 5 MiB$" -- exec --mem 5M hello
expect "a name with a slash is not searched" 127 "" "'bin3/hello' does not exist$" -- exec bin3/hello
search=

expect "too little --mem for hello" 125 "" "'$examples/hello' needs 6 MiB of job memory; --mem is 5 MiB$" -- exec --mem 5M "$examples/hello"
expect "too little --mem for hash's .bss" 125 "" "'$examples/hash' needs 10 MiB of job memory; --mem is 8 MiB$" -- exec --mem 8M "$examples/hash"
expect "--mem in bytes is shown exactly" 125 "" "'$examples/hello' needs 6 MiB of job memory; --mem is 100 KiB$" -- exec --mem 100000 "$examples/hello"

# Without the module, exec says so the way the other commands do, once
# the program, and its interpreter, are loaded.
if [ -e /dev/vtjob ]; then
	number=$((number + 4))
	echo "ok $((number - 3)) exec without the module # SKIP the vtjob module is loaded here"
	echo "ok $((number - 2)) a dynamic program loads # SKIP the vtjob module is loaded here"
	echo "ok $((number - 1)) no job, no --stats-json file # SKIP the vtjob module is loaded here"
	echo "ok $number no job, no stats on stderr # SKIP the vtjob module is loaded here"
else
	expect "exec without the module" 125 "" "vtjob module is not loaded (/dev/vtjob is missing); load it with 'insmod $tree/kmod/vtjob.ko'; see 'vtjobctl doctor'$" -- exec "$examples/hello"
	expect "a dynamic program loads" 125 "" "vtjob module is not loaded" -- exec /bin/sh -c true
	# A job that never ran leaves no file, and has no figures to print.
	number=$((number + 1))
	name="no job, no --stats-json file"
	if "$vtjobctl" exec --stats-json "$tmp/stats.json" -o "$tmp/trace" "$examples/hello" 2>/dev/null ||
	   [ -e "$tmp/stats.json" ] || [ -e "$tmp/trace" ]; then
		fail "$(ls "$tmp")"
	else
		echo "ok $number $name"
	fi
	expect "no job, no stats on stderr" 125 "" "vtjob module is not loaded" -- exec --stats "$examples/hello"
fi

exit $failed
