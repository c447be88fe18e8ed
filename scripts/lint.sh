#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Runs checkpatch.pl over the module and the uapi header, one TAP result a
# file. Usage: lint.sh CHECKPATCH FILE...
set -uo pipefail

checkpatch=$1
shift
echo "TAP version 13"
echo "1..$#"
n=0
for file in "$@"; do
	n=$((n + 1))
	if out=$("$checkpatch" --no-tree --quiet --show-types -f "$file" 2>&1); then
		echo "ok $n checkpatch $file"
	else
		echo "not ok $n checkpatch $file"
		sed 's/^/# /' <<<"$out"
	fi
done
