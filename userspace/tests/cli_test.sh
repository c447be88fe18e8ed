#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# vtjobctl's command line: exit statuses, and one "vtjobctl: " line on
# stderr for every mistake. Prints TAP; exits non-zero if a check fails.

vtjobctl="$(dirname "$0")/../vtjobctl"
tree=$(cd "$(dirname "$0")/../.." && pwd -P)
version=$(cat "$tree/VERSION")
out=$(mktemp) err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT

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
		fail "exit status $actual, expected $status"
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

echo "TAP version 13"
echo "1..64"
expect "--help lists the commands" 0 "^  doctor " "" -- --help
expect "-h lists the commands" 0 "^  doctor " "" -- -h
expect "--version names the API" 0 "^vtjobctl .* (vtjob API [0-9]*)$" "" -- --version
expect "--version is VERSION's" 0 "^vtjobctl $version (" "" -- --version
expect "version is --version" 0 "^vtjobctl $version (" "" -- version
expect "version takes no arguments" 2 "" "version takes no arguments, but got 'now'" -- version now
expect "help lists the commands" 0 "^  help " "" -- help
expect "help doctor shows its usage" 0 "^Usage: vtjobctl doctor" "" -- help doctor
expect "doctor --help shows its usage" 0 "^Usage: vtjobctl doctor" "" -- doctor --help
expect "no command shows usage on stderr" 2 "" "*" --
expect "unknown command" 2 "" "'frobnicate' is not a command; see 'vtjobctl --help'" -- frobnicate
expect "unknown long option" 2 "" "option '--frob' is not known; see 'vtjobctl --help'" -- --frob
expect "unknown short option" 2 "" "option '-x' is not known; see 'vtjobctl --help'" -- -x
expect "unknown option in a cluster" 2 "" "option '-x' is not known" -- -xh
expect "value given to a flag" 2 "" "option '--help' takes no value" -- --help=yes
expect "unknown doctor option" 2 "" "option '--frob' is not known; see 'vtjobctl doctor --help'" -- doctor --frob
expect "doctor takes no arguments" 2 "" "doctor takes no arguments, but got 'now'" -- doctor now
expect "help of an unknown command" 2 "" "'frobnicate' is not a command" -- help frobnicate
expect "help takes one command" 2 "" "help takes one command name" -- help doctor doctor

for command in reserve release status monitor; do
	expect "--help lists $command" 0 "^  $command " "" -- --help
	expect "$command --help shows its usage" 0 "^Usage: vtjobctl $command" "" -- $command --help
done
expect "reserve needs a CPU list" 2 "" "reserve needs a CPU list, such as 1 or 2-3" -- reserve
expect "reserve takes one CPU list" 2 "" "reserve takes one CPU list, but got '2' too" -- reserve 1 2
expect "reserve: unknown option" 2 "" "option '--frob' is not known; see 'vtjobctl reserve --help'" -- reserve 1 --frob
expect "reserve: bad CPU list" 2 "" 'invalid CPU list "1-x": expected a CPU number at character 3, found .x.$' -- reserve 1-x
expect "reserve: CPU above the kernel's limit" 2 "" 'invalid CPU list "9000": CPU 9000 is above the highest supported CPU 8191$' -- reserve 9000 --no-isolate
expect "reserve --json: bad CPU list" 2 "" 'invalid CPU list "1-x"' -- reserve --json 1-x
expect "release --json: unknown option" 2 "" "option '--yaml' is not known; see 'vtjobctl release --help'" -- release all --json --yaml
expect "release needs CPUs or all" 2 "" "release needs a CPU list or 'all'" -- release
expect "release takes one CPU list" 2 "" "release takes one CPU list or 'all', but got 'all' too" -- release 1 all
expect "release: bad CPU list" 2 "" 'invalid CPU list "everything": expected a CPU number at character 1, found .e.$' -- release everything
expect "release: --force takes no value" 2 "" "option '--force' takes no value" -- release all --force=yes
expect "status takes no arguments" 2 "" "status takes no arguments, but got 'now'" -- status now
expect "status: unknown option" 2 "" "option '--yaml' is not known; see 'vtjobctl status --help'" -- status --yaml
expect "status: --interval needs --watch" 2 "" "--interval and --count go with --watch$" -- status --interval 2
expect "status --watch: --interval 0" 2 "" "--interval '0' is not above 0 and at most a day (86400)$" -- status --watch --interval 0
expect "status --watch: --interval garbage" 2 "" "--interval 'soon' is not a number of seconds, such as 1 or 0.5$" -- status --watch --interval soon
expect "status --watch: --count 0" 2 "" "--count '0' is not a whole number above 0$" -- status --watch --count 0
expect "monitor takes no arguments" 2 "" "monitor takes no arguments, but got 'cpu1'" -- monitor cpu1
expect "monitor: unknown option" 2 "" "option '-x' is not known; see 'vtjobctl monitor --help'" -- monitor -x
# make: its exec options are checked before make runs, one line, exit 2.
expect "make --help shows its usage" 0 "^Usage: vtjobctl make \[--cpu N\]" "" -- make --help
expect "make: an option without its value" 2 "" "option '--timeout' needs a value; see 'vtjobctl make --help'$" -- make --timeout
expect "make: a bad --mem" 2 "" "--mem '3X' is not a size" -- make --mem 3X all
expect "make: a bad --cpu" 2 "" "--cpu 'one' is not a CPU number$" -- make --cpu=one
expect "make: an empty --rw" 2 "" "--rw needs a directory, not an empty path$" -- make --rw ''

# Without the module, every command that needs it says so the same way,
# naming this tree's module since vtjobctl runs from it, and exits 125.
not_loaded="vtjob module is not loaded (the generic netlink family 'vtjob' is missing); load it with 'insmod $tree/kmod/vtjob.ko'; see 'vtjobctl doctor'$"
# make's arguments after -- are make's, not checked.
for args in "status" "status --json" "status --watch --count 1" "reserve 1" "release all" \
	"monitor --json" "make -j2 all" "make -- --mem 3X" "--version"; do
	if [ -e /sys/module/vtjob ]; then
		number=$((number + 1))
		echo "ok $number $args without the module # SKIP the vtjob module is loaded here"
		continue
	fi
	if [ "$args" = --version ]; then
		expect "--version without the module" 0 "^module: not loaded; load it with 'insmod $tree/kmod/vtjob.ko'$" "" -- --version
		continue
	fi
	# shellcheck disable=SC2086 # the words of $args are the arguments
	expect "$args without the module" 125 "" "$not_loaded" -- $args
done

# The JSON says what happened even when the module is missing: nothing released.
if [ -e /sys/module/vtjob ] || [ -e /run/vtjob/isolation ]; then
	number=$((number + 2))
	echo "ok $((number - 1)) reserve --json without the module # SKIP the vtjob module is loaded here"
	echo "ok $number release --json without the module # SKIP the vtjob module is loaded here"
else
	expect "reserve --json without the module" 125 "" "$not_loaded" -- reserve --json 1
	expect "release --json without the module" 125 \
		'^{"schema":1,"command":"release","cpus":"all","done":false,"error":"the vtjob module is not loaded","isolation":\[\]}$' \
		"$not_loaded" -- release --json all
fi

number=$((number + 1))
name="doctor --json is one object with its schema, its verdict as the exit status"
"$vtjobctl" doctor --json >"$out" 2>"$err"
status=$?
if [ "$(wc -l <"$out")" -ne 1 ] || ! grep -q '^{"schema":1,"can_run_jobs":\(true\|false\),.*}$' "$out"; then
	fail "stdout: $(head -c 200 "$out")"
elif [ "$status" -eq 0 ] && ! grep -q '"can_run_jobs":true' "$out"; then
	fail "exit status 0 but can_run_jobs is not true"
elif [ "$status" -eq 1 ] && ! grep -q '"can_run_jobs":false,"reason":' "$out"; then
	fail "exit status 1 but can_run_jobs is not false with a reason"
elif [ "$status" -gt 1 ]; then
	fail "exit status $status, expected 0 or 1"
else
	echo "ok $number $name"
fi

number=$((number + 1))
name="doctor ends with a verdict"
"$vtjobctl" doctor >"$out" 2>"$err"
status=$?
if [ "$status" -gt 1 ]; then
	fail "exit status $status, expected 0 or 1"
elif ! tail -n 1 "$out" | grep -q "^vtjob: this host can"; then
	fail "last line: $(tail -n 1 "$out")"
elif [ "$status" -eq 0 ] && grep -q "cannot run" "$out"; then
	fail "exit status 0 but the verdict says it cannot run jobs"
elif [ "$status" -eq 1 ] && ! grep -q "cannot run" "$out"; then
	fail "exit status 1 but the verdict says it can run jobs"
else
	echo "ok $number $name"
fi

exit $failed
