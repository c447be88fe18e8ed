#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# What `make profile` runs inside the Bochs VM: where the time of a job's
# start goes. The kernel's function_graph tracer times every system call
# and page fault of `vtjobctl exec exit_with 0` (a job that exits at
# once), and what the module does inside them, in emulated time; then a
# forwarded pread and a served getpid, the same way.
# shellcheck disable=SC2154 # from the kernel command line (run-vm.sh)
insmod /vtjob/vtjob.ko "$vtjob_module_args" || exit 1
vtjobctl reserve 1 >/dev/null || exit 1
t=/sys/kernel/tracing
[ -e $t/current_tracer ] || mount -t tracefs nodev $t || exit 1

# Warm: the page cache, the dentries, the module's first-job costs.
for _ in 1 2 3; do vtjobctl exec --mem 8M /vtjob/jobs/exit_with 0 || exit 1; done

trace() {
	title=$1
	shift
	echo 0 >$t/tracing_on
	echo nop >$t/current_tracer
	: >$t/trace
	echo function_graph >$t/current_tracer
	echo 4 >$t/max_graph_depth
	echo funcgraph-proc >$t/trace_options
	echo funcgraph-abstime >$t/trace_options
	# The calls and faults of the traced command's processes only.
	echo function-fork >$t/trace_options
	printf '%s\n' '__x64_sys_*' exc_page_fault >$t/set_graph_function
	sh -c 'echo $$ >'$t'/set_ftrace_pid; echo 1 >'$t'/tracing_on; exec "$@"' sh "$@" \
		>/dev/null
	echo 0 >$t/tracing_on
	echo "=== profile: $title ==="
	cat $t/trace
	echo "=== end of profile: $title ==="
	: >$t/set_ftrace_pid
}

trace "job start to exit" vtjobctl exec --mem 8M /vtjob/jobs/exit_with 0
trace "native start to exit" /vtjob/jobs/exit_with 0
trace "10 served getpids" vtjobctl exec /vtjob/jobs/syscall_round_trip getpid 10
trace "10 forwarded preads" vtjobctl exec /vtjob/jobs/syscall_round_trip pread 10 \
	/vtjob/jobs/syscall_round_trip
vtjobctl release 1 >/dev/null
echo "=== profile done ==="
