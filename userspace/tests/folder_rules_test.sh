#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The rules of ../README, against the code: each entry's #include "..."
# lines name only itself and what its "Uses:" line lists, and an entry
# whose "Prints:" line says "nothing" or "only to a FILE * it is given"
# has no output call, or none of stdout and stderr. Also that every
# source file is under some entry. Prints TAP; exits non-zero if a check
# fails.

top=$(cd "$(dirname "$0")/.." && pwd)
readme="$top/README"
cd "$top" || exit 1

number=0
failed=0

report() {
	number=$((number + 1))
	if [ -z "$2" ]; then
		echo "ok $number $1"
	else
		echo "not ok $number $1"
		printf '%s\n' "$2" | sed 's/^/# /'
		failed=1
	fi
}

# "NAME<tab>USES<tab>PRINTS", an entry a line: an entry is a line that
# is a single path, its Uses: and Prints: lines follow it indented.
entries() {
	awk '
	function flush() { if (name != "") printf "%s\t%s\t%s\n", name, uses, prints }
	/^[A-Za-z0-9_.\/]+$/ { flush(); name = $0; uses = ""; prints = ""; next }
	/^\tUses:/ { sub(/^\tUses: */, ""); uses = $0; next }
	/^\tPrints:/ { sub(/^\tPrints: */, ""); prints = $0; next }
	/^$/ { flush(); name = "" }
	END { flush() }' "$readme"
}

# The sources an entry stands for: a folder's own files, not its subfolders'.
sources_of() {
	case $1 in
	*/) ls "$1"*.c "$1"*.h 2>/dev/null ;;
	*) echo "$1" ;;
	esac
}

# What an #include "..." in @file names: the entry of the file it finds, as
# the compiler looks (the including file's folder, then -I. and -I..), or
# nothing for a header from elsewhere.
included_entry() {
	file=$1 header=$2
	if [ -e "$(dirname "$file")/$header" ]; then
		path=$(realpath -m --relative-to=. "$(dirname "$file")/$header")
	elif [ -e "$header" ] || [ "${header#gen/}" != "$header" ]; then
		path=$header
	elif [ -e "../$header" ]; then
		path=../$header
	else
		return
	fi
	case $path in
	*/*) echo "${path%/*}/" ;;
	*) echo "$path" ;;
	esac
}

# @files without their comments, as "file:line: code".
code_of() {
	awk '
	FNR == 1 { in_comment = 0 }
	{
		line = $0; code = ""
		while (line != "") {
			if (in_comment) {
				end = index(line, "*/")
				if (!end) { line = ""; break }
				line = substr(line, end + 2); in_comment = 0
				continue
			}
			start = index(line, "/*"); slashes = index(line, "//")
			if (slashes && (!start || slashes < start)) {
				code = code substr(line, 1, slashes - 1); break
			}
			if (!start) { code = code line; break }
			code = code substr(line, 1, start - 1)
			line = substr(line, start + 2); in_comment = 1
		}
		if (code ~ /[^ \t]/) print FILENAME ":" FNR ": " code
	}' "$@"
}

OUTPUT_CALLS='(^|[^A-Za-z0-9_])(v?f?printf|dprintf|f?puts|putc|putchar|fputc|fwrite|perror|cli_error) *\('
STD_STREAMS='(^|[^A-Za-z0-9_])(stdout|stderr)([^A-Za-z0-9_]|$)'
STD_OUTPUT='(^|[^A-Za-z0-9_])(v?printf|puts|putchar|perror|cli_error) *\('

list=$(mktemp)
trap 'rm -f "$list"' EXIT
entries >"$list"

echo "TAP version 13"

# Down to lib/, each entry uses only entries below it: no cycles, and one
# order to read the folders in.
problems=$(awk -F '\t' '
	{ name[NR] = $1; uses[NR] = $2; row[$1] = NR }
	END {
		for (i = 1; i <= NR; i++) {
			n = split(uses[i], used, " ")
			for (j = 1; j <= n; j++)
				if ((used[j] in row) && row[used[j]] < i)
					print name[i] " uses " used[j] ", above it"
			if (name[i] == "lib/")
				break
		}
	}' "$list")
report "each entry down to lib/ uses only those below it" "$problems"

covered=""
while IFS='	' read -r name uses prints; do
	files=$(sources_of "$name" | tr '\n' ' ')
	covered="$covered $files"

	problems=""
	for file in $files; do
		for header in $(sed -n 's/^#[ \t]*include[ \t]*"\([^"]*\)".*/\1/p' "$file"); do
			entry=$(included_entry "$file" "$header")
			[ -z "$entry" ] || [ "$entry" = "$name" ] && continue
			case " $uses " in
			" anything "|*" $entry "*) ;;
			*) problems="$problems
$file includes \"$header\", but $name does not use $entry" ;;
			esac
		done
	done
	report "$name includes only what its Uses: line lists" "${problems#?}"

	case $prints in
	nothing*)
		problems=$(code_of $files | grep -E "$OUTPUT_CALLS|$STD_STREAMS")
		report "$name prints nothing" "$problems" ;;
	"only to a FILE * it is given"*)
		problems=$(code_of $files | grep -E "$STD_OUTPUT|$STD_STREAMS")
		report "$name prints only to a FILE * it is given" "$problems" ;;
	*)
		# Free-form: nothing a script can hold the code to; not a test.
		echo "# $name: \"Prints: $prints\" is not checked" ;;
	esac
done <"$list"

problems=""
for file in $(find . -name '*.[ch]' ! -path './gen/*' | sed 's|^\./||' | sort); do
	case " $covered " in
	*" $file "*) ;;
	*) problems="$problems
$file is under no entry of README" ;;
	esac
done
report "every source file is under an entry of README" "${problems#?}"

# The plan comes last: how many Prints: lines can be checked is known now.
echo "1..$number"
exit $failed
