#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# vtjobctl(8) on stdout: TEMPLATE with @SYNOPSIS@ replaced by the usage
# lines of vtjobctl and of each of its commands, and @COMMANDS@ by a
# section per command made of its help text (help-to-roff.awk). The
# commands are the ones `VTJOBCTL --help` lists, so a new command or
# option reaches the man page with the next build.
#
# Usage: mkman.sh VTJOBCTL TEMPLATE
set -eu

vtjobctl=${1:?usage: mkman.sh VTJOBCTL TEMPLATE}
template=${2:?usage: mkman.sh VTJOBCTL TEMPLATE}
to_roff="$(dirname "$0")/help-to-roff.awk"
synopsis=$(mktemp)
sections=$(mktemp)
trap 'rm -f "$synopsis" "$sections"' EXIT

for marker in @SYNOPSIS@ @COMMANDS@; do
	grep -qx "$marker" "$template" || { echo "mkman.sh: $template has no $marker line" >&2; exit 1; }
done
"$vtjobctl" --help | awk -v part=synopsis -f "$to_roff" >"$synopsis"
commands=$("$vtjobctl" --help | sed -n 's/^  \([a-z][a-z]*\) .*/\1/p')
[ -n "$commands" ] || { echo "mkman.sh: '$vtjobctl --help' lists no commands" >&2; exit 1; }
for command in $commands; do
	"$vtjobctl" help "$command" >"$sections.help"
	awk -v part=synopsis -f "$to_roff" "$sections.help" >>"$synopsis"
	awk -v part=section -v command="$command" -f "$to_roff" "$sections.help" >>"$sections"
done
rm -f "$sections.help"
awk -v synopsis="$synopsis" -v sections="$sections" '
	$0 == "@SYNOPSIS@" { while ((getline line <synopsis) > 0) print line; next }
	$0 == "@COMMANDS@" { while ((getline line <sections) > 0) print line; next }
	{ print }' "$template"
