#!/bin/bash
# summarize.sh - add up the result files written by run-vm.sh (tests mode).
#
# Usage: summarize.sh RESULT_FILE...
#
# Each file holds one line "PASSED FAILED SKIPPED". Prints one final line
# "N passed, N failed" (plus ", N skipped" if any were skipped). A missing or
# malformed file counts as one failure. Exits 1 if anything failed.
set -euo pipefail

(($#)) || { echo "usage: ${0##*/} RESULT_FILE..." >&2; exit 2; }

passed=0 failed=0 skipped=0
for f in "$@"; do
	line=''
	[[ -r $f ]] && line=$(<"$f")
	if [[ $line =~ ^([0-9]+)\ ([0-9]+)\ ([0-9]+)$ ]]; then
		passed=$((passed + 10#${BASH_REMATCH[1]}))
		failed=$((failed + 10#${BASH_REMATCH[2]}))
		skipped=$((skipped + 10#${BASH_REMATCH[3]}))
	else
		echo "${0##*/}: $f: missing or malformed result, counted as 1 failure" >&2
		failed=$((failed + 1))
	fi
done

summary="$passed passed, $failed failed"
((skipped == 0)) || summary+=", $skipped skipped"
echo "$summary"
((failed == 0))
