#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# man/vtjobctl.8 and vtjobctl's --help say the same: the same commands,
# and for each command the same options, both ways, so that neither can
# gain an option the other does not tell of. Prints TAP; exits non-zero if
# a check fails.

here=$(dirname "$0")
vtjobctl="$here/../vtjobctl"
man="$here/../../man/vtjobctl.8"
number=0
failed=0

check() {
	number=$((number + 1))
	if [ "$2" = "$3" ]; then
		echo "ok $number $1"
	else
		echo "not ok $number $1"
		echo "# --help: $(echo "$2" | tr "\n" " ")"
		echo "# man:    $(echo "$3" | tr "\n" " ")"
		failed=1
	fi
}

# The long options a text names, one a line, sorted.
options() {
	grep -o -e '--[a-z][a-z-]*' | sort -u
}

# The man page as text: roff's \- is a '-', font changes go.
man_text() {
	sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' "$man"
}

# The man page's section of COMMAND: from ".SS COMMAND" to the next .SS or .SH.
man_section() {
	man_text | awk -v name="$1" '
		/^\.S[SH] / { inside = ($1 == ".SS" && $2 == name); next }
		inside'
}

commands=$("$vtjobctl" --help | sed -n 's/^  \([a-z][a-z]*\) .*/\1/p')
man_commands=$(man_text | sed -n 's/^\.SS \([a-z][a-z]*\)$/\1/p')

echo "TAP version 13"
echo "1..$(($(echo "$commands" | wc -l) + 3))"
check "the man page has a section for each command and no other" \
	"$(echo "$commands" | sort)" "$(echo "$man_commands" | sort)"
check "the synopsis has vtjobctl's own options" \
	"$("$vtjobctl" --help | head -n 1 | options)" \
	"$(man_text | sed -n '/^\.SH SYNOPSIS/,/^\.PP/p' | options)"
for command in $commands; do
	check "$command: the same options in --help and the man page" \
		"$("$vtjobctl" help "$command" | options)" "$(man_section "$command" | options)"
done
# groff's own warnings are what lintian reports for a man page.
number=$((number + 1))
warnings=$(LC_ALL=C.UTF-8 MANROFFSEQ='' MANWIDTH=80 \
	man --warnings -E UTF-8 -l -Tutf8 -Z "$man" 2>&1 >/dev/null)
if [ -z "$warnings" ]; then
	echo "ok $number groff formats the man page without warnings"
else
	echo "not ok $number groff formats the man page without warnings"
	echo "$warnings" | sed 's/^/# /'
	failed=1
fi
exit $failed
