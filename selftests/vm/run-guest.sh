#!/bin/sh
# run-guest.sh - runs inside the vtjob harness VM (busybox sh), started by /init.
#
# Usage: run-guest.sh tests|demo      (reads $vtjob_vm, set from the kernel command line)
#
# tests: runs each command listed in /vtjob/tests.$vtjob_vm (one a line, '#'
#        comments, words split on blanks, no quoting) from /vtjob/selftests,
#        bracketed by "vtjob-harness: begin NAME" / "vtjob-harness: end NAME exit=RC",
#        each under its own timeout (timeout=N in /vtjob/selftests/settings,
#        default 300 s, 0 means none), then prints dmesg between
#        "vtjob-harness: dmesg begin" / "vtjob-harness: dmesg end".
# demo:  runs /vtjob/demo.sh, then prints "vtjob-harness: demo exit=RC".
# Problems the host must count as failures are printed as "vtjob-harness: error: ...".
export PATH=/vtjob/selftests:/usr/sbin:/usr/bin:/sbin:/bin
tests_dir=/vtjob/selftests

run_tests() {
	# shellcheck disable=SC2154 # vtjob_vm comes from the kernel command line
	list=/vtjob/tests.$vtjob_vm
	if [ ! -r "$list" ]; then
		echo "vtjob-harness: error: no test list $list"
		return
	fi
	limit=300
	if [ -r "$tests_dir/settings" ]; then
		t=$(sed -n 's/^timeout=\([0-9][0-9]*\)[[:space:]]*$/\1/p' "$tests_dir/settings" | tail -n 1)
		[ -n "$t" ] && limit=$t
	fi
	# What the kernel says of the CPU's speculative-execution bugs: the
	# mitigations vtjob applies follow it (Documentation/vtjob.rst).
	for f in /sys/devices/system/cpu/vulnerabilities/*; do
		[ -r "$f" ] && echo "vtjob-harness: cpu ${f##*/}: $(cat "$f")"
	done
	cd "$tests_dir" || return
	set -f # list lines are split into words, never globbed
	# The list is read on fd 3 so a test reading stdin cannot eat it.
	while IFS= read -r line <&3 || [ -n "$line" ]; do
		line=${line%%#*}
		# shellcheck disable=SC2086 # word splitting is the point
		set -- $line
		[ $# -eq 0 ] && continue
		echo "vtjob-harness: begin $*"
		# Fd 3, the list, is the harness's: a test program gets 0-2 alone.
		if [ "$limit" -eq 0 ]; then
			"$@" </dev/null 2>&1 3<&-
		else
			# TERM after $limit s, KILL 10 s later if TERM was ignored.
			timeout -k 10 "$limit" "$@" </dev/null 2>&1 3<&-
		fi
		echo "vtjob-harness: end $* exit=$?"
	done 3<"$list"
	set +f
	echo "vtjob-harness: dmesg begin"
	dmesg
	echo "vtjob-harness: dmesg end"
}

run_demo() {
	if [ ! -r /vtjob/demo.sh ]; then
		echo "vtjob-harness: error: no /vtjob/demo.sh"
		return
	fi
	(cd /vtjob && sh /vtjob/demo.sh </dev/null 2>&1)
	echo "vtjob-harness: demo exit=$?"
}

case $1 in
tests) run_tests ;;
demo) run_demo ;;
*) echo "vtjob-harness: error: unknown mode '$1' (is vtjob_mode= on the kernel command line?)" ;;
esac
