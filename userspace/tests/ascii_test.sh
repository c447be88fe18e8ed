#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# vtjobctl says everything in ASCII: its sources, and so every message and
# help text, have no other bytes (nor control characters but tab), so that
# any terminal and locale shows them as written. Prints TAP; exits
# non-zero if a line has other bytes.

top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1

echo "TAP version 13"
echo "1..1"
# shellcheck disable=SC2046 # file names have no spaces
if LC_ALL=C grep -n '[^ -~	]' $(find userspace common -name '*.[ch]' -not -path '*/gen/*'); then
	echo "not ok 1 vtjobctl's sources are ASCII: the lines above are not"
	exit 1
fi
echo "ok 1 vtjobctl's sources are ASCII"
