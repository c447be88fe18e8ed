# SPDX-License-Identifier: GPL-2.0
#
# Turns the __NR_* macros of <asm/unistd_64.h> (linux-libc-dev), as the
# preprocessor lists them, into gen/job_syscall_nrs.h: JOB_NR_<name> for
# each x86-64 system call, and an initializer for a name table indexed by
# number. The job's system calls are x86-64's whatever vtjobctl runs on,
# and hundreds of hand-typed names would drift from the kernel's.
#
#	echo '#include <asm/unistd_64.h>' | cc -E -dM -x c - |
#		awk -f runtime/sys/syscall_table.awk > gen/job_syscall_nrs.h

BEGIN {
	count = 0
}

# "#define __NR_<name> <number>"; the preprocessor lists them in no order.
$1 == "#define" && $2 ~ /^__NR_/ && $3 ~ /^[0-9]+$/ {
	name = substr($2, 6)
	nr[name] = $3 + 0
	order[count++] = name
}

END {
	if (count == 0) {
		print "syscall_table.awk: no __NR_ macros in the input" > "/dev/stderr"
		exit 1
	}
	print "/* SPDX-License-Identifier: GPL-2.0 */"
	print "/* Generated from <asm/unistd_64.h> by syscall_table.awk: do not edit. */"
	print "#ifndef VTJOBCTL_GEN_JOB_SYSCALL_NRS_H"
	print "#define VTJOBCTL_GEN_JOB_SYSCALL_NRS_H"
	print ""
	# By number, so that the header reads like the kernel's table.
	for (i = 0; i < count; i++)
		for (j = i; j > 0 && nr[order[j - 1]] > nr[order[j]]; j--) {
			t = order[j]; order[j] = order[j - 1]; order[j - 1] = t
		}
	limit = 0
	for (i = 0; i < count; i++) {
		printf "#define JOB_NR_%s %d\n", order[i], nr[order[i]]
		if (nr[order[i]] + 1 > limit)
			limit = nr[order[i]] + 1
	}
	print ""
	printf "/* One more than the highest number. */\n#define JOB_NR_LIMIT %d\n\n", limit
	print "#define JOB_SYSCALL_NAME_INITIALIZERS \\"
	for (i = 0; i < count; i++)
		printf "\t[%d] = \"%s\", \\\n", nr[order[i]], order[i]
	print ""
	print ""
	print "#endif"
}
