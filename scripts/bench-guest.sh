#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# What `make bench` runs inside the Bochs VM: vtjob_bench with CPU 1
# reserved for jobs; native runs stay on the host's CPU 0.
# shellcheck disable=SC2154 # from the kernel command line (run-vm.sh)
insmod /vtjob/vtjob.ko "$vtjob_module_args" || exit 1
vtjobctl reserve 1 >/dev/null || exit 1
echo "=== vtjob bench: Bochs $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2), emulated time ==="
vtjob_bench /vtjob/jobs /vtjob/debian 30
status=$?
vtjobctl release 1 >/dev/null
exit $status
