# SPDX-License-Identifier: GPL-2.0
#
# Turns the kernel's arch/x86/entry/syscalls/syscall_64.tbl into
# gen/job_syscall_nrs.h: JOB_NR_<name> for each x86-64 system call, and
# an initializer for a name table indexed by number. The job's system
# calls are x86-64's whatever vtjobctl runs on, and hundreds of
# hand-typed names would drift from the kernel's.
#
#	awk -f runtime/sys/syscall_table.awk syscall_64.tbl > gen/job_syscall_nrs.h

BEGIN {
	print "/* SPDX-License-Identifier: GPL-2.0 */"
	print "/* Generated from syscall_64.tbl by syscall_table.awk: do not edit. */"
	print "#ifndef VTJOBCTL_GEN_JOB_SYSCALL_NRS_H"
	print "#define VTJOBCTL_GEN_JOB_SYSCALL_NRS_H"
	print ""
	count = 0
}

# "<number> <abi> <name> <entry point>"; x32's own numbers are not a job's.
/^[0-9]/ && ($2 == "common" || $2 == "64") {
	printf "#define JOB_NR_%s %d\n", $3, $1
	names[count] = sprintf("\t[%d] = \"%s\", \\", $1, $3)
	count++
	if ($1 + 1 > limit)
		limit = $1 + 1
}

END {
	if (count == 0) {
		print "syscall_table.awk: no x86-64 system calls in the input" > "/dev/stderr"
		exit 1
	}
	print ""
	printf "/* One more than the highest number. */\n#define JOB_NR_LIMIT %d\n\n", limit
	print "#define JOB_SYSCALL_NAME_INITIALIZERS \\"
	for (i = 0; i < count; i++)
		print names[i]
	print ""
	print ""
	print "#endif"
}
