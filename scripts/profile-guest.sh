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

# trace TITLE FUNCTIONS COMMAND...: one line a call of each of FUNCTIONS
# (globs) made by COMMAND's processes, with its duration and none of its
# callees, so that the tracer's own cost (microseconds a function in the
# VM) is paid once a call; and each page fault of theirs, as an event.
trace() {
	title=$1
	functions=$2
	shift 2
	echo 0 >$t/tracing_on
	echo nop >$t/current_tracer
	: >$t/trace
	echo 1 >$t/events/exceptions/page_fault_user/enable
	echo 1 >$t/events/exceptions/page_fault_kernel/enable
	echo function_graph >$t/current_tracer
	echo 1 >$t/max_graph_depth
	echo funcgraph-proc >$t/trace_options
	echo funcgraph-abstime >$t/trace_options
	echo function-fork >$t/trace_options
	echo event-fork >$t/trace_options
	: >$t/set_graph_function
	# One at a time: a name the kernel cannot trace (inlined) is skipped.
	printf '%s\n' "$functions" | while read -r f; do
		echo "$f" >>$t/set_graph_function 2>/dev/null ||
			echo "profile: $f cannot be traced"
	done
	# shellcheck disable=SC2016 # $$ is the inner shell's, expanded there
	sh -c 'echo $$ >'$t'/set_ftrace_pid; echo $$ >'$t'/set_event_pid; \
		echo 1 >'$t'/tracing_on; exec "$@"' sh "$@" >/dev/null
	echo 0 >$t/tracing_on
	echo "=== profile: $title ==="
	cat $t/trace
	echo "=== end of profile: $title ==="
	: >$t/set_ftrace_pid
	: >$t/set_event_pid
	echo 0 >$t/events/enable
}

calls='__x64_sys_*'
# What the module does inside the ioctls, one function at a time.
module='vtj_job_create
vtj_job_run
vtj_ept_init
vtj_ept_populate
vtj_ept_destroy
vtj_vmcs_load_and_setup
vtj_sys_dispatch
vtj_spec_before_entry
vtj_job_evict
vtj_cpus_claim
vtj_cpus_unclaim
fpu_swap_kvm_fpstate
set_cpus_allowed_ptr'

trace "job start to exit: calls" "$calls" vtjobctl exec --mem 8M /vtjob/jobs/exit_with 0
trace "job start to exit: module" "$module" vtjobctl exec --mem 8M /vtjob/jobs/exit_with 0
trace "native start to exit: calls" "$calls" /vtjob/jobs/exit_with 0
trace "10 forwarded preads: module" "$module" \
	vtjobctl exec /vtjob/jobs/syscall_round_trip pread 10 /vtjob/jobs/syscall_round_trip
vtjobctl release 1 >/dev/null
echo "=== profile done ==="
