#!/bin/bash
# run-vm.sh - boot a kernel + vtjob harness initramfs under Bochs (emulated
# VT-x) or QEMU TCG (no VT-x), stream the guest's serial console live, and in
# tests mode turn what the guest printed into a TAP-ish report.
#
# Usage: run-vm.sh --emulator bochs|qemu --kernel VMLINUZ --initrd INITRD.gz
#                  --workdir DIR [--cpus N] [--mem MB] [--timeout SECONDS]
#                  [--mode tests|demo] [--append KERNEL-ARGS] [--no-skips]
#   --cpus 2, --mem 1024, --mode tests, --timeout 300 (qemu) / 1500 (bochs)
#   by default. The timeout is wall time from the emulator's start.
#   --append adds to the guest kernel's command line (e.g. preempt=full).
#   --no-skips counts a skipped test as a failure: for the Bochs VMs, which
#   are built to give every test what it needs (VMX, the CPUs it reserves),
#   so that a VM that lost VMX cannot pass by skipping everything.
#
# DIR receives serial.log (the guest console), the emulator's own output
# (qemu.out / bochs.out, bochs.log), for Bochs the ISO tree, boot.iso and
# bochsrc, and in tests mode "result": one line "PASSED FAILED SKIPPED".
# Exit status: tests mode, 0 iff nothing failed; demo mode, 0 iff the guest
# finished in time and demo.sh exited 0.
#
# The emulator runs in its own process group, which is killed whenever this
# script ends (normally, on error, or on INT/TERM/HUP).
set -euo pipefail

prog=${0##*/}
die() { echo "$prog: $*" >&2; exit 2; }
usage() {
	echo "usage: $prog --emulator bochs|qemu --kernel VMLINUZ --initrd INITRD.gz --workdir DIR" \
		"[--cpus N] [--mem MB] [--timeout SECONDS] [--mode tests|demo]" \
		"[--append KERNEL-ARGS] [--no-skips]" >&2
	exit 2
}

emulator='' kernel='' initrd='' workdir='' cpus=2 mem=1024 timeout='' mode=tests
append='' no_skips=0
while (($#)); do
	if [[ $1 == --no-skips ]]; then
		no_skips=1
		shift
		continue
	fi
	(($# >= 2)) || usage
	case $1 in
	--emulator) emulator=$2 ;;
	--kernel) kernel=$2 ;;
	--initrd) initrd=$2 ;;
	--workdir) workdir=$2 ;;
	--cpus) cpus=$2 ;;
	--mem) mem=$2 ;;
	--timeout) timeout=$2 ;;
	--mode) mode=$2 ;;
	--append) append=$2 ;;
	*) usage ;;
	esac
	shift 2
done
[[ -n $kernel && -n $initrd && -n $workdir ]] || usage
case $emulator in
qemu) : "${timeout:=300}" ;;
bochs) : "${timeout:=1500}" ;;
*) usage ;;
esac
[[ $mode == tests || $mode == demo ]] || usage
for n in "$cpus" "$mem" "$timeout"; do
	[[ $n =~ ^[1-9][0-9]*$ ]] || die "not a positive integer: $n"
done
[[ -f $kernel ]] || die "$kernel: no such file"
[[ -f $initrd ]] || die "$initrd: no such file"

kernel=$(realpath "$kernel")
initrd=$(realpath "$initrd")
mkdir -p "$workdir"
workdir=$(realpath "$workdir")
# Everything below works in DIR, so bochsrc can use plain relative paths.
cd "$workdir"
rm -f serial.log result bochs.log bochs.out qemu.out
: >serial.log

cmdline="console=ttyS0,115200 panic=-1 vtjob_vm=$emulator vtjob_mode=$mode"
# Bochs 2.7 can miss the memory write that wakes a CPU idling in MWAIT
# (fixed in Bochs after 2.7), leaving it asleep until its next timer: CPU
# hotplug and RCU then crawl. HLT is woken by the interrupt Linux sends.
[[ $emulator == bochs ]] && cmdline+=" idle=halt"
# Bochs's Haswell reports MDS with no microcode to make VERW clear buffers,
# and VMSCAPE with no IBPB: vtjob refuses to reserve CPUs on such a host
# unless told. The guest loads vtjob.ko with these parameters (init gets
# them as $vtjob_module_args); reserve_test checks the refusal without.
[[ $emulator == bochs ]] && cmdline+=" vtjob_module_args=allow_unmitigated=mds,vmscape"
[[ -n $append ]] && cmdline+=" $append"

emu_pid=''
# Stop the emulator's process group: TERM, up to 5 s to go, then KILL.
stop_emulator() {
	[[ -n $emu_pid ]] || return 0
	kill -TERM -- "-$emu_pid" 2>/dev/null || true
	for _ in {1..50}; do
		kill -0 -- "-$emu_pid" 2>/dev/null || break
		sleep 0.1
	done
	kill -KILL -- "-$emu_pid" 2>/dev/null || true
	wait "$emu_pid" 2>/dev/null || true
	emu_pid=''
}
trap stop_emulator EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

start_qemu() {
	setsid qemu-system-x86_64 -accel tcg -cpu max -smp "$cpus" -m "$mem" \
		-nographic -no-reboot -monitor none -serial file:serial.log \
		-kernel "$kernel" -initrd "$initrd" -append "$cmdline" \
		</dev/null >qemu.out 2>&1 &
	emu_pid=$!
}

# Bochs cannot boot a 64-bit bzImage directly: wrap it in an isolinux CD.
make_bochs_iso() {
	rm -rf iso boot.iso
	mkdir -p iso/isolinux
	cp /usr/lib/ISOLINUX/isolinux.bin /usr/lib/syslinux/modules/bios/ldlinux.c32 iso/isolinux/
	cp "$kernel" iso/vmlinuz
	cp "$initrd" iso/initrd.gz
	cat >iso/isolinux/isolinux.cfg <<-EOF
		DEFAULT l
		PROMPT 0
		TIMEOUT 0
		LABEL l
		 KERNEL /vmlinuz
		 APPEND initrd=/initrd.gz $cmdline
	EOF
	xorriso -as mkisofs -o boot.iso -b isolinux/isolinux.bin -c isolinux/boot.cat \
		-no-emul-boot -boot-load-size 4 -boot-info-table iso >xorriso.log 2>&1 ||
		die "xorriso failed, see $workdir/xorriso.log"
}

start_bochs() {
	make_bochs_iso
	# The rfb display does not wait for a viewer (timeout=0). Concurrent
	# instances do not collide: Bochs' rfb tries ports 5900..5949 in turn.
	cat >bochsrc <<-EOF
		megs: $mem
		cpu: model=corei7_haswell_4770, count=$cpus, ips=200000000
		romimage: file=/usr/share/bochs/BIOS-bochs-latest
		vgaromimage: file=/usr/share/vgabios/vgabios.bin
		ata0-master: type=cdrom, path=boot.iso, status=inserted
		boot: cdrom
		com1: enabled=1, mode=file, dev=serial.log
		display_library: rfb, options="timeout=0"
		clock: sync=none, time0=1
		speaker: enabled=0
		sound: waveoutdrv=dummy, waveindrv=dummy, midioutdrv=dummy
		log: bochs.log
		panic: action=fatal
		error: action=report
		info: action=ignore
		debug: action=ignore
	EOF
	# Debian's Bochs has its debugger built in and stops at the first
	# instruction: "c" continues. Run in the background, setsid does not fork
	# (its caller is no group leader), so $! is Bochs and leads its own group.
	printf 'c\n' | setsid bochs -q -f bochsrc >bochs.out 2>&1 &
	emu_pid=$!
}

# Print the part of serial.log not printed yet, without carriage returns and
# without the firmware's terminal escapes (ESC c would reset the terminal).
shown=0
stream_serial() {
	local size
	size=$(stat -c %s serial.log)
	((size > shown)) || return 0
	tail -c "+$((shown + 1))" serial.log | head -c "$((size - shown))" | tr -d '\r' |
		sed -e 's/\x1bc//g' -e 's/\x1b\[[0-9;?]*[A-Za-z]//g'
	shown=$size
}

echo "# $emulator: $mode, $cpus CPUs, $mem MB, timeout ${timeout}s, serial log $workdir/serial.log"
"start_$emulator"
started=$SECONDS
booted_after='' done_seen=0 why_stopped=''
while :; do
	# Sampled before reading the log: if it is gone, the log is complete.
	alive=1
	kill -0 "$emu_pid" 2>/dev/null || alive=0
	stream_serial
	if [[ -z $booted_after ]] && grep -qa 'vtjob-harness: booted' serial.log; then
		booted_after=$((SECONDS - started))
	fi
	if grep -qa 'vtjob-harness: done' serial.log; then
		done_seen=1
		# Give the guest's poweroff a moment; Bochs with >1 CPU never exits.
		for _ in {1..20}; do
			kill -0 "$emu_pid" 2>/dev/null || break
			sleep 0.1
		done
		break
	fi
	if ((!alive)); then
		rc=0
		wait "$emu_pid" || rc=$?
		why_stopped="$emulator exited (status $rc) before the guest was done; see $workdir/$emulator.out"
		break
	fi
	if ((SECONDS - started >= timeout)); then
		why_stopped="timed out after ${timeout}s"
		break
	fi
	sleep 1
done
stop_emulator
stream_serial
# The console may stop in mid-line.
[[ -z $(tail -c 1 serial.log | tr -d '\r\n') ]] || echo
echo "# $emulator: booted after ${booted_after:-?}s, ran $((SECONDS - started))s in all"

if [[ $mode == demo ]]; then
	if ((!done_seen)); then
		echo "$prog: $emulator: demo did not finish: $why_stopped" >&2
		exit 1
	fi
	demo_rc=$(tr -d "\r" <serial.log | sed -n "s/.*vtjob-harness: demo exit=\([0-9]*\)$/\1/p" | tail -n 1)
	if [[ $demo_rc != 0 ]]; then
		echo "$prog: $emulator: demo failed: ${demo_rc:+demo.sh exited }${demo_rc:-no demo exit status on the console}" >&2
		exit 1
	fi
	exit 0
fi

# Tests mode: judge the console log (the counting rules are in the awk comments).
# A program whose output does not end in a newline leaves its last line in
# front of the next harness marker: sed puts every marker on a line of its own.
report_status=0
tr -d '\r' <serial.log | sed 's/\(.\)\(vtjob-harness: \)/\1\n\2/g' | awk -v vm="$emulator" -v done_seen="$done_seen" \
	-v why_stopped="$why_stopped" -v result_file="$workdir/result" -v no_skips="$no_skips" '
# Results are buffered so that "vm booted" comes first, whatever the log order.
function add(kind, text) {
	nout++
	kinds[nout] = kind
	texts[nout] = text
	count[kind]++
}
# A skip, or with --no-skips a failure that says it was one.
function skip(text) {
	if (no_skips)
		add("fail", text " (a skip, and this VM must run every test)")
	else
		add("skip", text)
}
function diag(text) {
	nout++
	kinds[nout] = "diag"
	texts[nout] = "#   " text
}
# "ok 3 - name # SKIP why" -> "name # SKIP why"; unnamed results become "test N".
function tap_desc(line,   num) {
	sub(/^(not )?ok */, "", line)
	num = ""
	if (match(line, /^[0-9]+/)) {
		num = substr(line, 1, RLENGTH)
		line = substr(line, RLENGTH + 1)
	}
	sub(/^[ \t]*(-[ \t]*)?/, "", line)
	if (line == "" || line ~ /^#/)
		line = "test " num (line == "" ? "" : " " line)
	return line
}
function begin_program(name) {
	prog = name
	in_prog = 1
	plan = -1        # from the first top-level "1..K"
	plan_skip = 0    # "1..0 # SKIP why": the whole program skipped
	nres = 0         # top-level ok / not ok lines
	saw_fail = 0     # a "not ok" or "Bail out!"
}
function end_program(rc) {
	in_prog = 0
	if (plan >= 0 && nres < plan)
		add("fail", prog ": only " nres " of " plan " tests reported")
	else if (plan >= 0 && nres > plan)
		add("fail", prog ": " nres " tests reported, plan was " plan)
	else if (rc == 0 && nres == 0 && !plan_skip)
		add("fail", prog ": no test results")
	if (rc == 0 || saw_fail)
		return
	# 4 is KSFT_SKIP, what ksft_exit_skip() exits with.
	if (rc == 4) {
		if (nres == 0 && !plan_skip)
			skip(prog " # SKIP exit status 4 (KSFT_SKIP)")
	} else {
		# busybox timeout leaves 143 (TERM) or, with -k, 137 (KILL).
		add("fail", prog ": exited " rc (rc == 143 || rc == 137 ? " (killed: per-test timeout?)" : \
						  rc > 128 ? " (signal " rc - 128 ")" : ""))
	}
}
BEGIN {
	# Lockdep reports start with "WARNING:"; hung tasks and RCU stalls
	# panic the guest (guest-init), unless a test turned that off.
	bad = "WARNING:|BUG:|Oops|general protection fault|Call Trace|kernel BUG|UBSAN|KASAN|" \
	      "refcount_t|list_add corruption|list_del corruption|page allocation failure|" \
	      "Unable to handle|RIP: |blocked for more than|detected stall|stalls on CPU|" \
	      "inconsistent lock state|possible (circular|recursive) locking"
}
/Kernel panic/ { panic_line = panic_line ? panic_line : $0 }
/^vtjob-harness: booted/ { booted = 1; next }
/^vtjob-harness: error/ {
	msg = $0
	sub(/^vtjob-harness: error:? */, "", msg)
	add("fail", "harness error: " msg)
	next
}
/^vtjob-harness: begin / {
	if (in_prog)
		add("fail", prog ": did not finish")
	begin_program(substr($0, length("vtjob-harness: begin ") + 1))
	next
}
/^vtjob-harness: end .* exit=[0-9]+$/ {
	if (in_prog) {
		rc = $NF
		sub(/^exit=/, "", rc)
		end_program(rc + 0)
	}
	next
}
/^vtjob-harness: dmesg begin/ {
	if (in_prog)
		add("fail", prog ": did not finish")
	in_prog = 0
	in_dmesg = 1
	dmesg_begin = 1
	next
}
/^vtjob-harness: dmesg end/ { in_dmesg = 0; dmesg_end = 1; next }
in_dmesg {
	if ($0 ~ bad)
		bad_lines[++nbad] = $0
	next
}
# Top-level TAP only: indented subtests and "#" diagnostics are ignored. Any
# "not ok" fails, whatever its directive (there is no TODO here).
in_prog && /^not ok( |$)/ {
	nres++
	saw_fail = 1
	add("fail", prog ": " tap_desc($0))
	next
}
in_prog && /^ok( |$)/ {
	nres++
	if ($0 ~ /#[ \t]*[Ss][Kk][Ii][Pp]/)
		skip(prog ": " tap_desc($0))
	else
		add("pass", prog ": " tap_desc($0))
	next
}
in_prog && plan < 0 && /^1\.\.[0-9]+/ {
	plan = substr($0, 4) + 0
	if (plan == 0 && match($0, /#[ \t]*[Ss][Kk][Ii][Pp].*/)) {
		plan_skip = 1
		skip(prog " " substr($0, RSTART))
	}
	next
}
in_prog && /^Bail out!/ {
	saw_fail = 1
	add("fail", prog ": " $0)
	next
}
function line(kind, text) {
	if (kind == "diag")
		print text
	else
		print (kind == "fail" ? "not ok" : "ok") " - " vm ": " text
}
function pseudo(ok, text, why) {
	count[ok ? "pass" : "fail"]++
	line(ok ? "pass" : "fail", text)
	if (!ok && why != "")
		print "#   " why
}
END {
	if (in_prog)
		add("fail", prog ": did not finish")
	pseudo(booted, "vm booted", "no \"vtjob-harness: booted\" on the console")
	for (i = 1; i <= nout; i++)
		line(kinds[i], texts[i])
	pseudo(done_seen, "vm finished in time", why_stopped)
	pseudo(panic_line == "", "no kernel panic", panic_line)
	if (!dmesg_begin || !dmesg_end) {
		pseudo(0, "dmesg clean", "dmesg markers missing")
	} else {
		pseudo(nbad == 0, "dmesg clean", nbad " suspicious dmesg lines:")
		for (i = 1; i <= nbad; i++)
			print "#   " bad_lines[i]
	}
	print count["pass"] + 0, count["fail"] + 0, count["skip"] + 0 >result_file
	exit (count["fail"] > 0)
}' || report_status=$?

# Bochs explains failed VM entries ("VMFAIL: ...", "VMENTER FAIL: ...",
# "VMEXIT: Guest State Checks Failed") and VMX instruction errors in its log.
# It also logs some ordinary VM exits at the same level: those are noise.
if [[ $emulator == bochs && -f bochs.log ]]; then
	vmx_lines=$(grep -aiE 'vmentry|vmenter|vmfail|vmlaunch|vmresume|vmabort|vmexit|vmx' bochs.log |
		grep -avE 'VMEXIT: (EPT violation|event vector|(RD|WR)MSR|CR[0-9]|DR[0-9]|I/O port|HLT|PAUSE|INVLPG|RDTSC|RDPMC|MONITOR|MWAIT)' ||
		true)
	if [[ -n $vmx_lines ]]; then
		echo "# bochs.log, VMX messages (first 40 of $(wc -l <<<"$vmx_lines")):"
		head -n 40 <<<"$vmx_lines" | sed 's/^/#   /'
	fi
fi

read -r passed failed skipped <result || die "no result written"
echo "$emulator: $passed passed, $failed failed, $skipped skipped"
((report_status == 0 && failed == 0))
