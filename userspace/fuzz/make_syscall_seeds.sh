#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Seeds for syscall_fuzz: 512 bytes of job text and data (paths at the
# start), then call records: a 2-byte call index and six 8-byte arguments.
# Usage: make_syscall_seeds.sh DIR
set -eu
dir=$1
pad() { head -c 512 /dev/zero | tr '\0' "$1"; }
# "file\0../ro/file\0" and so on, then zeros.
paths() { printf 'file\000../ro/file\000/etc/passwd\000sub\000' ; head -c 480 /dev/zero; }
# Little-endian u64 of a hex value given as 16 hex digits.
u64() { printf "$(echo "$1" | sed 's/\(..\)\(..\)\(..\)\(..\)\(..\)\(..\)\(..\)\(..\)/\\x\8\\x\7\\x\6\\x\5\\x\4\\x\3\\x\2\\x\1/')"; }
call() { printf "\\x$(printf %02x "$1")\\x00"; shift; for a in "$@"; do u64 "$a"; done; }
{ paths; call 19 a000000000000000 e000000000000041 e0000000000001a4 0 0 0
  call 1 e000000000000003 b000000000000000 e000000000000010 0 0 0
  call 0 e000000000000003 a000000000000100 e000000000000040 0 0 0; } > "$dir/open-write-read"
{ paths; call 17 a000000000000000 0 0 0 0 0
  call 1 e000000000000004 b000000000000000 e000000000000004 0 0 0
  call 0 e000000000000003 a000000000000100 e000000000000004 0 0 0; } > "$dir/pipe"
{ paths; call 18 ffffffffffffff9c b000000000000005 0 0 0 0
  call 10 c000000000000000 0000000000002000 e000000000000001 e000000000000002 e000000000000003 0; } > "$dir/mmap-file"
{ pad 'a'; call 20 b000000000000000 e0000000000001ed 0 0 0 0; } > "$dir/long-path"
