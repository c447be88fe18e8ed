# SPDX-License-Identifier: GPL-2.0
# TAP lines for the shell tests that source this file (bash):
#   tap_ok NAME                   "ok N NAME"
#   tap_not_ok NAME [LINE...]     "not ok N NAME", then each LINE as "# LINE"
#   tap_skip NAME WHY             "ok N NAME # SKIP WHY"
# tap_failed is 1 once a check has failed: exit with it.

tap_number=0
# shellcheck disable=SC2034 # read by the tests that source this file
tap_failed=0

tap_ok() {
	tap_number=$((tap_number + 1))
	echo "ok $tap_number $1"
}

tap_not_ok() {
	tap_number=$((tap_number + 1))
	echo "not ok $tap_number $1"
	shift
	printf '# %s\n' "$@"
	# shellcheck disable=SC2034
	tap_failed=1
}

tap_skip() {
	tap_number=$((tap_number + 1))
	echo "ok $tap_number $1 # SKIP $2"
}
