#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Counts the TAP results of a host-side test step.
# Usage: COMMAND | tap-result.sh LABEL RESULT_FILE EXIT_STATUS_FILE
# Echoes the TAP as "ok - LABEL: name" lines and writes "PASSED FAILED
# SKIPPED" to RESULT_FILE. A step that exited non-zero without reporting a
# failure counts one failure more, so a crash is never a pass.
set -uo pipefail

label=$1 result=$2 status_file=$3
passed=0 failed=0 skipped=0

while IFS= read -r line; do
	case $line in
	"not ok "*)
		failed=$((failed + 1))
		echo "not ok - $label: ${line#not ok }"
		;;
	"ok "*"# SKIP"*)
		skipped=$((skipped + 1))
		echo "ok - $label: ${line#ok } "
		;;
	"ok "*)
		passed=$((passed + 1))
		echo "ok - $label: ${line#ok }"
		;;
	*)
		echo "$line"
		;;
	esac
done

status=$(cat "$status_file" 2>/dev/null || echo missing)
if [ "$status" != 0 ] && [ "$failed" -eq 0 ]; then
	failed=$((failed + 1))
	echo "not ok - $label: exited with status $status"
fi
echo "$label: $passed passed, $failed failed, $skipped skipped"
echo "$passed $failed $skipped" >"$result"
