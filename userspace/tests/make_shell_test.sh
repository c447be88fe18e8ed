#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# `vtjobctl exec --make-shell` as GNU make's SHELL, on the host: the lines
# make marks recursive ($(MAKE), '+'), to which it hands its jobserver
# pipe, run natively, a sub-make included, whose own recursive lines do
# too, with the jobserver; without one (no -j) they are jobs like every
# other line, which need the module. Prints TAP; exits non-zero if a
# check fails.

here=$(dirname "$0")
vtjobctl=$(cd "$here/.." && pwd -P)/vtjobctl
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
number=0
failed=0

ok() { number=$((number + 1)); echo "ok $number $1"; }
not_ok() {
	number=$((number + 1))
	echo "not ok $number $1"
	shift
	echo "# $*"
	failed=1
}

# Each recursive line says where it ran and whether the jobserver's two
# fds, named in MAKEFLAGS, are open in it: a native line's own shell tells.
mkdir -p "$tmp/project/sub"
cat >"$tmp/project/Makefile" <<'MAKEFILE'
all:
	+@echo "top: pid $$$$ in $$(cat /proc/$$$$/comm), level $(MAKELEVEL)"
	$(MAKE) -s -C sub
MAKEFILE
cat >"$tmp/project/sub/Makefile" <<'MAKEFILE'
all:
	+@for fd in $$(echo "$$MAKEFLAGS" | sed -n 's/.*--jobserver-auth=\([0-9]*\),\([0-9]*\).*/\1 \2/p'); do \
		test -e /proc/self/fd/$$fd && echo "sub: fd $$fd open"; done
	+@echo "sub: level $(MAKELEVEL)"
MAKEFILE
cat >"$tmp/project/plain.mk" <<'MAKEFILE'
all:
	@echo a plain line
MAKEFILE

shell="$vtjobctl exec --make-shell /bin/sh"
# Not the make that runs the unit tests: its level, its jobserver.
unset MAKEFLAGS MFLAGS MAKELEVEL

(cd "$tmp/project" && make -s -j2 SHELL="$shell") >"$tmp/out" 2>"$tmp/err"
status=$?
if [ $status -eq 0 ] && grep -q '^top: pid [0-9]* in sh, level 0$' "$tmp/out" &&
   grep -q '^sub: level 1$' "$tmp/out" && [ ! -s "$tmp/err" ]; then
	ok "make -j2: a '+' line and \$(MAKE) run natively"
else
	not_ok "make -j2: a '+' line and \$(MAKE) run natively" \
		"status $status: $(cat "$tmp/out" "$tmp/err")"
fi
if [ "$(grep -c '^sub: fd [0-9]* open$' "$tmp/out")" -eq 2 ]; then
	ok "the sub-make's recursive line has the jobserver's two fds"
else
	not_ok "the sub-make's recursive line has the jobserver's two fds" "$(cat "$tmp/out")"
fi

if [ -e /dev/vtjob ]; then
	ok "a plain line is a job # SKIP the vtjob module is loaded here"
	ok "without -j, no line is recursive # SKIP the vtjob module is loaded here"
else
	(cd "$tmp/project" && make -s -j2 -f plain.mk SHELL="$shell") >"$tmp/out" 2>"$tmp/err"
	status=$?
	if [ $status -eq 2 ] && [ ! -s "$tmp/out" ] &&
	   grep -q '^vtjobctl: vtjob module is not loaded' "$tmp/err" &&
	   grep -q 'Error 125$' "$tmp/err"; then
		ok "a plain line is a job"
	else
		not_ok "a plain line is a job" "status $status: $(cat "$tmp/out" "$tmp/err")"
	fi
	(cd "$tmp/project" && make -s SHELL="$shell") >"$tmp/out" 2>"$tmp/err"
	status=$?
	if [ $status -eq 2 ] && [ ! -s "$tmp/out" ] &&
	   grep -q '^vtjobctl: vtjob module is not loaded' "$tmp/err"; then
		ok "without -j, no line is recursive"
	else
		not_ok "without -j, no line is recursive" "status $status: $(cat "$tmp/out" "$tmp/err")"
	fi
fi

echo "1..$number"
exit $failed
