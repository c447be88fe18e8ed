#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# What `make demo` shows inside the Bochs VM: a user checking the host,
# loading vtjob, and a CPU entering and leaving VMX operation.
say() {
	printf '\n$ %s\n' "$*"
	sh -c "$*" 2>&1
}

echo "=== vtjob demo: Linux $(uname -r) on an emulated Intel CPU with VT-x ==="
say vtjobctl doctor
say insmod /vtjob/vtjob.ko
say 'dmesg | grep vtjob'
say vtjobctl doctor
say 'echo on 1 > /sys/kernel/debug/vtjob/vmx'
say cat /sys/kernel/debug/vtjob/vmx
say 'echo off 1 > /sys/kernel/debug/vtjob/vmx'
say cat /sys/kernel/debug/vtjob/vmx
say rmmod vtjob
echo
echo "=== vtjob demo: done ==="
