#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The man page the build makes (gen/vtjobctl.8, by man/mkman.sh) says
# what vtjobctl's help says: its SYNOPSIS is every usage line, and each
# command's section is the command's help text, word for word as man
# shows it; no command lacks a section and no section lacks a command.
# Prints TAP; exits non-zero if a check fails.

here=$(dirname "$0")
vtjobctl="$here/../vtjobctl"
man="$here/../gen/vtjobctl.8"
number=0
failed=0
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

check() {
	number=$((number + 1))
	if [ "$2" = "$3" ]; then
		echo "ok $number $1"
	else
		echo "not ok $number $1"
		echo "# where they part, a word a line (< --help, > man):"
		echo "$2" | tr ' ' '\n' >"$scratch/help"
		echo "$3" | tr ' ' '\n' >"$scratch/man"
		diff "$scratch/help" "$scratch/man" | head -n 12 | sed 's/^/# /'
		failed=1
	fi
}

# Text as words: one blank between words, none at the ends.
words() {
	tr -s ' \n\t' '   ' | sed 's/^ //; s/ $//'
}

# The page as man shows it, wide enough to wrap no line of a synopsis,
# bullets as the help texts write them.
shown=$(LC_ALL=C.UTF-8 MANWIDTH=200 man -l "$man" 2>/dev/null | sed 's/\xe2\x80\xa2/-/')

# What man shows of the section or subsection whose heading is $1.
shown_section() {
	echo "$shown" | awk -v heading="$1" '
		/^[A-Z]/ || /^   [a-z]+$/ { inside = ($0 == heading); next }
		inside'
}

# A help text's usage lines, "Usage: " and the indent of the lines that
# continue them gone.
usage() {
	sed -n '/^$/q; s/^Usage: //; p'
}

commands=$("$vtjobctl" --help | sed -n 's/^  \([a-z][a-z]*\) .*/\1/p')
man_commands=$(echo "$shown" | sed -n 's/^   \([a-z][a-z]*\)$/\1/p')

echo "TAP version 13"
echo "1..$(($(echo "$commands" | wc -l) + 3))"
if [ ! -s "$man" ]; then
	echo "# $man is missing: make -C userspace makes it"
	failed=1
fi
check "the man page has a section for each command and no other" \
	"$(echo "$commands" | words)" "$(echo "$man_commands" | words)"
check "the synopsis is vtjobctl's usage and each command's" \
	"$({ "$vtjobctl" --help | usage
	     for command in $commands; do "$vtjobctl" help "$command" | usage; done; } | words)" \
	"$(shown_section SYNOPSIS | words)"
for command in $commands; do
	check "$command: its section is its --help text" \
		"$("$vtjobctl" help "$command" | sed '1,/^$/d' | words)" \
		"$(shown_section "   $command" | words)"
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
