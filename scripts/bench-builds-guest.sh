#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# bench-builds-guest.sh - the build and noise half of `make bench`, inside
# the 3-CPU Bochs VM with the module loaded (scripts/bench-guest.sh).
#
# noise   tsc_gaps (bench/tsc_gaps.c) for 2 s as a job on reserved CPU 2,
#         natively pinned to CPU 2 (the reserved CPUs' isolated cpuset
#         partition) and natively on CPU 1, an ordinary CPU; with the
#         context switches (/proc/schedstat) and interrupts
#         (/proc/interrupts) the CPU took meanwhile. Then a compile
#         (gcc -O2 -c of Lua's lvm.c) the same three ways, with its wall
#         time, the CPU's switches and interrupts, and for the job its
#         VM exits for host interrupts (vtjobctl exec --stats-json).
# builds  from clean copies: Lua 5.4 (src/'s liblua.a, lua and luac) by
#         `make -j2` pinned to CPUs 1-2 while they are ordinary CPUs, and
#         by `vtjobctl make -j2` with CPUs 1-2 reserved; zlib's ./configure
#         natively and as one job tree, then its whole build (static and
#         shared) the same two ways. Not natively in the reserved CPUs'
#         partition: an isolated partition has no load balancing, so a
#         make -j2 there keeps its children on the CPU they were forked on.
#         Wall time, ratio, jobs a second; every product compared byte for
#         byte, and each lua runs bench/projects/check.lua. Where the jobs'
#         time went: every recipe line's vtjobctl exec --stats, summed
#         (vtjobctl make --stats-jsonl).
# throughput  jobs a second: 24 runs of a static hello, 4 at a time,
#         natively on CPUs 1-2, and as jobs with 1 and with 2 reserved CPUs.
# $vtjob_bench_parts (from the kernel command line, make's BENCH_PARTS)
# names the parts to run, comma-separated: noise, lua, zlib, throughput,
# and lua-lib (Lua's 12 library objects alone, in copies of their own);
# noise, lua and zlib when unset.
# Recipes run in Debian's dash, not busybox sh (which would run its own
# ar). Exits 1 when a build failed or a product differs.
PATH=/usr/bin:/usr/sbin:/bin:/sbin
DASH=/vtjob/debian/dash
PROJECTS=/vtjob/projects
GAPS=/vtjob/bench/tsc_gaps
HELLO=/vtjob/jobs/hello
SCRIPT=/vtjob/bench/check.lua
WORK=/tmp/bench-builds
PARTITION=/sys/fs/cgroup/vtjob
# Lua's src/Makefile directly: its top-level `make posix` would run make
# recursively, which vtjobctl make does not do yet.
LUA_MAKE="-C src -j2 SHELL=$DASH SYSCFLAGS=-DLUA_USE_POSIX all"
# A quarter of that build for a shorter run: the standard library's objects.
LUA_LIB_MAKE="-C src -j2 SHELL=$DASH SYSCFLAGS=-DLUA_USE_POSIX lauxlib.o lbaselib.o lcorolib.o
	ldblib.o liolib.o lmathlib.o loadlib.o loslib.o lstrlib.o ltablib.o lutf8lib.o linit.o"
ZLIB_MAKE="-j2 SHELL=$DASH"
status=0
# shellcheck disable=SC2154 # from the kernel command line
parts=",${vtjob_bench_parts:-noise,lua,zlib},"

fail() {
	echo "bench-builds: FAILED: $*"
	status=1
}

# Seconds since boot, in hundredths.
now_cs() {
	read -r up _ </proc/uptime
	echo "${up%.*}${up#*.}"
}

jobs_run() {
	vtjobctl status --json | grep -o '"jobs_run":[0-9]*' |
		awk -F: '{ n += $2 } END { print n + 0 }'
}

# schedule() calls on CPU $1 (schedstat's third counter).
switches() { awk -v cpu="cpu$1" '$1 == cpu { print $4 }' /proc/schedstat; }

# Interrupts CPU $1 took, all kinds summed (its column of /proc/interrupts).
interrupts() {
	awk -v col=$(($1 + 2)) '$1 ~ /:$/ && $col ~ /^[0-9]+$/ { n += $col } END { print n }' \
		/proc/interrupts
}

# Runs "$@" in the reserved CPUs' partition, pinned to CPU list $1.
# shellcheck disable=SC2317 # called through noise_row and timed
in_partition() {
	cpus=$1
	shift
	sh -c 'echo $$ >"$0/cgroup.procs" && exec taskset -c "$@"' "$PARTITION" "$cpus" "$@"
}

# One row of the noise table: LABEL CPU COMMAND...
noise_row() {
	label=$1 cpu=$2
	shift 2
	sw=$(switches "$cpu") irq=$(interrupts "$cpu")
	if ! out=$("$@" 2>&1); then
		fail "$label: $out"
		return
	fi
	sw=$(($(switches "$cpu") - sw)) irq=$(($(interrupts "$cpu") - irq))
	# shellcheck disable=SC2086 # key=value words
	set -- $out
	for kv in "$@"; do
		eval "${kv%%=*}=${kv#*=}"
	done
	# shellcheck disable=SC2154 # set by the eval above
	printf '%-34s %3s %9s %9s %10s %8s %8s %8s\n' "$label" "$cpu" "$median_ns" "$p99_ns" \
		"$max_ns" "$over_10us" "$sw" "$irq"
}

noise() {
	echo "--- noise: tsc_gaps 2 s (ns between two TSC reads; switches and"
	echo "    interrupts of that CPU during the run) ---"
	printf '%-34s %3s %9s %9s %10s %8s %8s %8s\n' "" CPU median p99 max ">10us" switches irqs
	vtjobctl reserve 2 >/dev/null || { fail "vtjobctl reserve 2"; return; }
	noise_row "job, reserved CPU" 2 vtjobctl exec --cpu 2 "$GAPS" 2
	noise_row "native, isolated CPU" 2 in_partition 2 "$GAPS" 2
	noise_row "native, ordinary CPU" 1 taskset -c 1 "$GAPS" 2
	compile_noise
	vtjobctl release 2 >/dev/null || fail "vtjobctl release 2"
}

# One row of the compile's noise table: LABEL CPU COMMAND...
compile_row() {
	label=$1 cpu=$2
	shift 2
	rm -f "$WORK/noise/lvm.o" "$WORK/noise.json"
	sw=$(switches "$cpu") irq=$(interrupts "$cpu") start=$(now_cs)
	if ! out=$(cd "$WORK/noise" && "$@" 2>&1); then
		fail "$label: $out"
		return
	fi
	took=$(($(now_cs) - start))
	sw=$(($(switches "$cpu") - sw)) irq=$(($(interrupts "$cpu") - irq))
	exits=-
	if [ -f "$WORK/noise.json" ]; then
		stats=$(cat "$WORK/noise.json")
		# Basic exit reason 1: an external interrupt, the host's.
		exits=$(printf '%s\n' "$stats" |
			sed -n 's/.*{"reason":1,"name":"EXTERNAL_INTERRUPT","count":\([0-9]*\)}.*/\1/p')
		exits=${exits:-0}
	fi
	cmp -s "$WORK/noise/lvm.o" "$WORK/noise.lvm.o" || fail "$label: lvm.o differs"
	awk -v l="$label" -v c="$cpu" -v t="$took" -v s="$sw" -v i="$irq" -v e="$exits" 'BEGIN {
		printf "%-34s %3s %9.2f s %8s %8s %8s\n", l, c, t / 100, s, i, e }'
}

compile_noise() {
	gcc="gcc -O2 -DLUA_USE_POSIX -c lvm.c -o lvm.o"
	if ! { rm -rf "$WORK/noise" && mkdir -p "$WORK/noise" &&
		cp -a "$PROJECTS/lua/src/." "$WORK/noise/" &&
		(cd "$WORK/noise" && $gcc && mv lvm.o ../noise.lvm.o); }; then
		fail "a native compile of lvm.c for the noise"
		return
	fi
	echo "--- noise: a compile, $gcc in Lua's src (switches and interrupts"
	echo "    of that CPU during it; the job's VM exits for host interrupts) ---"
	printf '%-34s %3s %11s %8s %8s %8s\n' "" CPU wall switches irqs "irq exits"
	# shellcheck disable=SC2086 # the compile's words
	compile_row "job tree, reserved CPU" 2 vtjobctl exec --cpu 2 --mem 512M --rw /tmp \
		--rw "$WORK" --stats-json "$WORK/noise.json" $gcc
	# shellcheck disable=SC2086
	compile_row "native, isolated CPU" 2 in_partition 2 $gcc
	# shellcheck disable=SC2086
	compile_row "native, ordinary CPU" 1 taskset -c 1 $gcc
}

# One row of the throughput table: LABEL [WRAPPER...]: 4 workers at once,
# each a shell (started by WRAPPER, such as taskset -c 1,2) that runs
# RUN_COMMAND 6 times: 24 runs in all.
throughput_row() {
	label=$1
	shift
	start=$(now_cs)
	for worker in 1 2 3 4; do
		# shellcheck disable=SC2016 # the inner shell's own expansions
		"$@" sh -c 'for run in 1 2 3 4 5 6; do
			$0 >/dev/null || echo "run $run: exit $?"; done' "$RUN_COMMAND" \
			>"$WORK/throughput.$worker" 2>&1 &
	done
	wait
	took=$(($(now_cs) - start))
	for worker in 1 2 3 4; do
		[ -s "$WORK/throughput.$worker" ] &&
			fail "$label, worker $worker: $(cat "$WORK/throughput.$worker")"
	done
	awk -v l="$label" -v t="$took" 'BEGIN {
		printf "%-34s %9.2f s %8.1f\n", l, t / 100, t ? 2400 / t : 0 }'
}

throughput() {
	mkdir -p "$WORK" || { fail "mkdir $WORK"; return; }
	echo "--- throughput: 24 runs of $HELLO, 4 at a time (emulated wall time) ---"
	printf '%-34s %11s %8s\n' "" wall "jobs/s"
	# While CPUs 1-2 are ordinary: an isolated partition would not balance.
	RUN_COMMAND=$HELLO throughput_row "native, CPUs 1-2" taskset -c 1,2
	vtjobctl reserve 1 >/dev/null || { fail "vtjobctl reserve 1"; return; }
	RUN_COMMAND="vtjobctl exec $HELLO" throughput_row "jobs, 1 reserved CPU"
	vtjobctl reserve 2 >/dev/null || fail "vtjobctl reserve 2"
	RUN_COMMAND="vtjobctl exec $HELLO" throughput_row "jobs, 2 reserved CPUs"
	vtjobctl release 1-2 >/dev/null || fail "vtjobctl release 1-2"
}

# Every file under $1 by its sha256sum, but configure.log: its words with
# the date and configure's temporary files' names (ztestPID) taken out.
products() {
	(cd "$1" && find . -type f ! -name configure.log | sort | xargs sha256sum &&
		if [ -f configure.log ]; then
			sed -e 3d -e 's/ztest[0-9]*/ztestN/g' configure.log | sha256sum
		fi)
}

# DIR DIR NAME [WHAT IS LEFT OUT]
same_products() {
	products "$1" >"$1.sums"
	products "$2" >"$2.sums"
	if cmp -s "$1.sums" "$2.sums"; then
		echo "$3: all $(wc -l <"$1.sums") files byte-identical${4:+ ($4)}"
	else
		fail "$3: products differ:"
		diff "$1.sums" "$2.sums"
	fi
}

# A timed step: LABEL DIR COMMAND...; sets took (hundredths) and jobs.
timed() {
	label=$1 dir=$2
	shift 2
	before=$(jobs_run) start=$(now_cs)
	(cd "$dir" && "$@") >"$dir.$label.log" 2>&1 || {
		fail "$label in $dir, exit $?:"
		tail -n 20 "$dir.$label.log"
	}
	took=$(($(now_cs) - start)) jobs=$(($(jobs_run) - before))
}

# LABEL NATIVE_HUNDREDTHS JOB_HUNDREDTHS JOBS
compare_row() {
	awk -v l="$1" -v n="$2" -v j="$3" -v jobs="$4" 'BEGIN {
		printf "%-30s %9.2f s %9.2f s %7.3f %6d %8.1f\n", l, n / 100, j / 100,
			n ? j / n : 0, jobs, j ? jobs * 100 / j : 0 }'
}

builds() {
	if ! { rm -rf "$WORK" && mkdir -p "$WORK"; }; then
		fail "mkdir $WORK"
		return
	fi
	for p in lua lua-lib zlib; do
		if ! { cp -a "$PROJECTS/${p%-lib}" "$WORK/$p-native" &&
			cp -a "$PROJECTS/${p%-lib}" "$WORK/$p-job"; }; then
			fail "copy $p"
			return
		fi
	done

	echo "--- builds: wall time (emulated), native make -j2 pinned to CPUs 1-2 vs vtjobctl make -j2 ---"
	printf '%-30s %11s %11s %7s %6s %8s\n' "" native vtjob ratio jobs "jobs/s"
	case $parts in
	*,lua-lib,*) make_both_ways lua-lib "Lua 5.4, its 12 library objects" "$LUA_LIB_MAKE" ;;
	esac
	case $parts in *,lua,*) lua ;; esac
	case $parts in *,zlib,*) zlib ;; esac
	echo "(ratio: vtjob / native; jobs: jobs run on the reserved CPUs, from vtjobctl status)"
	[ -f "$WORK/breakdowns" ] && cat "$WORK/breakdowns"
}

# The job half of a build: CPUs 1-2 reserved for "$@" alone.
with_cpus_reserved() {
	vtjobctl reserve 1-2 >/dev/null || { fail "vtjobctl reserve 1-2"; return 1; }
	"$@"
	set -- $?
	vtjobctl release 1-2 >/dev/null || fail "vtjobctl release 1-2"
	return "$1"
}

# PROJECT LABEL MAKE_ARGS [WHAT SAME_PRODUCTS LEAVES OUT]: make natively
# pinned to CPUs 1-2 in WORK/PROJECT-native, vtjobctl make in
# WORK/PROJECT-job; their row, and their products compared.
make_both_ways() {
	# shellcheck disable=SC2086 # make's arguments
	timed make "$WORK/$1-native" taskset -c 1,2 make $3
	native=$took
	# For a run its timeout cuts short.
	echo "($2: native make took $((took / 100)).$((took / 10 % 10)) s)"
	# shellcheck disable=SC2086
	with_cpus_reserved timed make "$WORK/$1-job" vtjobctl make --stats-jsonl "$WORK/$1.jsonl" -- $3
	compare_row "$2" "$native" "$took" "$jobs"
	same_products "$WORK/$1-native" "$WORK/$1-job" "$2" "${4:-}"
	breakdown "$2" "$WORK/$1.jsonl" >>"$WORK/breakdowns"
}

# LABEL FILE: where the time of the job build's processes went, summed
# over FILE's lines (one a recipe line: vtjobctl exec --stats-jsonl).
breakdown() {
	awk -v l="$1" '
	function num(key,    at) {
		at = index($0, "\"" key "\":")
		return at ? substr($0, at + length(key) + 3) + 0 : 0
	}
	function less(a, b) { return a > b ? a - b : 0 }
	function row(what, ns) {
		printf "  %-44s %9.2f s %9.2f ms %6.1f %%\n", what, ns / 1e9,
			p ? ns / p / 1e6 : 0, t ? 100 * ns / t : 0
	}
	{
		lines++; p += num("processes"); jobs += num("jobs"); t += num("process_ns")
		guest += num("guest_ns"); run += num("job_time_ns"); in_run += num("in_run_ns")
		serving += num("serving_ns"); exec += num("exec_ns"); waiting += num("waiting_ns")
		served += num("syscalls_served"); fwd += num("syscalls_forwarded")
		if (num("exit_status") != 0) failed++
	}
	END {
		printf "%s, as jobs: %d recipe lines, %d processes, %d jobs; their time, summed:\n",
			l, lines, p, jobs
		printf "  %-44s %11s %12s %8s\n", "", "total", "a process", "share"
		row("guest compute", guest)
		row("module, on the CPU (exits, calls, faults)", less(run, guest))
		row("entering VTJOB_RUN, waiting for the CPU", less(in_run, run))
		row("forwarded calls", less(serving, exec + waiting))
		row("execve (loading programs)", exec)
		row("waiting (wait4, vfork: overlaps the others)", waiting)
		row("start-up and end (vtjobctl, fork, teardown)", less(t, in_run + serving))
		row("all", t)
		printf "  calls: %.0f served on the CPU, %.0f forwarded, a process\n",
			p ? served / p : 0, p ? fwd / p : 0
		if (failed) printf "  %d recipe lines failed\n", failed
	}' "$2"
}

lua() {
	make_both_ways lua "Lua 5.4 (src: liblua.a lua luac)" "$LUA_MAKE"
	for run in "$WORK/lua-native/src/lua" "$WORK/lua-job/src/lua" \
		"with_cpus_reserved vtjobctl exec $WORK/lua-job/src/lua"; do
		# shellcheck disable=SC2086 # a command
		$run "$SCRIPT" >"$WORK/script.out" 2>&1 || fail "$run $SCRIPT"
		if [ "$run" = "$WORK/lua-native/src/lua" ]; then
			cp "$WORK/script.out" "$WORK/script.native"
		elif ! cmp -s "$WORK/script.native" "$WORK/script.out"; then
			fail "$run $SCRIPT prints otherwise than the native build's lua:"
			diff "$WORK/script.native" "$WORK/script.out"
		fi
	done
	echo "check.lua: $(wc -l <"$WORK/script.native") lines, the same from the native build's lua," \
		"the job build's, and the job build's as a job"
}

zlib() {
	timed configure "$WORK/zlib-native" taskset -c 1,2 env CC=gcc "$DASH" ./configure
	native=$took
	with_cpus_reserved timed configure "$WORK/zlib-job" env CC=gcc vtjobctl exec --rw /tmp \
		"$DASH" ./configure
	compare_row "zlib ./configure" "$native" "$took" "$jobs"
	make_both_ways zlib "zlib make (static and shared)" "$ZLIB_MAKE" \
		"configure.log but its date and temporary files' names"
	(cd "$WORK/zlib-job" && ./example >/dev/null && LD_LIBRARY_PATH=. ./examplesh >/dev/null) ||
		fail "zlib's example programs of the job build"
}

# Per-CPU context switches are counted only with scheduler statistics on.
echo 1 >/proc/sys/kernel/sched_schedstats
case $parts in *,noise,*) noise ;; esac
case $parts in *,throughput,*) throughput ;; esac
case $parts in *,lua,* | *,lua-lib,* | *,zlib,*) builds ;; esac
echo 0 >/proc/sys/kernel/sched_schedstats
exit $status
