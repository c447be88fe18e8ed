#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# What `make demo` shows inside the Bochs VM: a user checking the host,
# loading vtjob, reserving a CPU for jobs (it enters VMX operation and the
# host moves off it), running programs as jobs on it, and releasing it.
say() {
	printf '\n$ %s\n' "$*"
	sh -c "$*" 2>&1
}

echo "=== vtjob demo: Linux $(uname -r) on an emulated Intel CPU with VT-x ==="
say vtjobctl doctor
# Bochs's CPU has vulnerabilities vtjob cannot mitigate: doctor names
# them, and the module is told to reserve CPUs anyway (run-vm.sh).
# shellcheck disable=SC2154 # from the kernel command line
say insmod /vtjob/vtjob.ko "$vtjob_module_args"
say 'dmesg | grep vtjob'
say 'vtjobctl monitor > /tmp/events & sleep 1'
say vtjobctl reserve 1
say vtjobctl status
say cat /sys/kernel/debug/vtjob/vmx
say 'vtjobctl exec /vtjob/jobs/hello from the demo; echo "exit status $?"'
say 'vtjobctl exec /vtjob/jobs/hash; echo "exit status $?"'
say 'vtjobctl exec /vtjob/jobs/fault null-read; echo "exit status $?"'
say 'cd /tmp && echo "hello from the demo" > note.txt && vtjobctl exec /bin/busybox sha256sum note.txt && busybox sha256sum note.txt'
say 'cd /tmp && vtjobctl exec /vtjob/jobs/escape-glibc /etc/x mine.txt; echo "exit status $?"'
say 'cd /tmp && vtjobctl exec --strace /bin/busybox cat note.txt 2>&1 | tail -n 12'
say 'vtjobctl exec --timeout 0.5 /vtjob/jobs/spin; echo "exit status $?"'
say vtjobctl status
say vtjobctl release 1
say 'sleep 1; pkill -f "vtjobctl monitor"; cat /tmp/events'
say rmmod vtjob
echo
echo "=== vtjob demo: done ==="
