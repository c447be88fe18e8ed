#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# What `make bench` runs inside the 3-CPU Bochs VM: vtjob_bench with CPU 1
# reserved for jobs (native runs stay on the host's CPU 0), then the builds
# and the noise measurement (bench-builds-guest.sh) with CPUs 1-2 reserved;
# each when its part is in the image (make bench-builds has only the second).
# shellcheck disable=SC2154 # from the kernel command line (run-vm.sh)
insmod /vtjob/vtjob.ko "$vtjob_module_args" || exit 1
echo "=== vtjob bench: Bochs $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2)," \
	"$(grep -c ^processor /proc/cpuinfo) CPUs, emulated time ==="
status=0
if [ -x /usr/bin/vtjob_bench ]; then
	vtjobctl reserve 1 >/dev/null || exit 1
	vtjob_bench /vtjob/jobs /vtjob/debian 30 || status=1
	vtjobctl release 1 >/dev/null || status=1
fi
if [ -r /vtjob/bench-builds.sh ]; then
	sh /vtjob/bench-builds.sh || status=1
fi
exit $status
