#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# scripts/splat-scan.sh against sample lines: each splat must fail the scan,
# each harmless line must pass. The samples are the kernel's own format
# strings (6.1), filled in; where one also holds another pattern ("watchdog:
# BUG: soft lockup", "Kernel panic - not syncing: hung_task"), the part that
# only the pattern under test matches is a sample of its own.
set -u
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
failed=0

scan() {
	printf '[   12.345678] %s\n' "$1" > "$tmp"
	"$here/splat-scan.sh" "$tmp" > /dev/null 2>&1
}

while IFS= read -r line; do
	[ -n "$line" ] || continue
	if scan "$line"; then
		echo "not ok - splat-scan misses: $line"
		failed=1
	else
		echo "ok - splat-scan fires on: $line"
	fi
done <<'EOS'
BUG: KASAN: slab-use-after-free in xtcp_rcv_sock+0x1c/0x40
BUG: KCSAN: data-race in xtcp_push / xtcp_sendmsg
WARNING: CPU: 1 PID: 99 at mod/input.c:12 xtcp_v4_rcv+0x1/0x2 [xtcp]
UBSAN: shift-out-of-bounds in mod/request.c:120:13
general protection fault, probably for non-canonical address 0xdffffc0000000001: 0000 [#1] PREEMPT SMP KASAN
Kernel panic - not syncing: panic_on_warn set ...
refcount_t: underflow; use-after-free.
unregister_netdevice: waiting for xtcp0 to become free. Usage count = 2
watchdog: BUG: soft lockup - CPU#1 stuck for 22s! [xtcp-fuzz:123]
soft lockup - CPU#1 stuck for 22s! [xtcp-fuzz:123]
rcu: INFO: rcu_preempt self-detected stall on CPU
rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:
INFO: task stress:77 blocked for more than 61 seconds.
Kernel panic - not syncing: hung_task: blocked tasks
hung_task: blocked tasks
kmemleak: 2 new suspected memory leaks (see /sys/kernel/debug/kmemleak)
Call Trace:
kernel BUG at net/core/skbuff.c:120!
WARNING: possible circular locking dependency detected
ODEBUG: free active (active state 0) object type: hrtimer hint: xtcp_rtx_fire
list_add corruption. prev->next should be next (ffff888000000000)
EOS

while IFS= read -r line; do
	if scan "$line"; then
		echo "ok - splat-scan passes: $line"
	else
		echo "not ok - splat-scan fires on a harmless line: $line"
		failed=1
	fi
done <<'EOS'
rcu: 	RCU CPU stall warnings timeout set to 21 (rcu_cpu_stall_timeout).
xtcp: family 22, IP protocol 253
kmemleak: Kernel memory leak detector initialized (mem pool available: 15000)
EOS

# KCSAN: a report through xtcp.ko counts, one inside the core kernel not.
kcsan() {
	printf '[   12.0] %s\n' \
		'==================================================================' \
		"BUG: KCSAN: data-race in $1 / $2" '' \
		'write to 0xffff888004 of 4 bytes by task 9 on cpu 0:' \
		" $1+0x1c/0x40 $3" '' \
		'read to 0xffff888004 of 4 bytes by task 7 on cpu 1:' \
		" $2+0x10/0x30" \
		'==================================================================' \
		> "$tmp"
	"$here/splat-scan.sh" "$tmp" > /dev/null 2>&1
}
if kcsan xtcp_push tcp_poll '[xtcp]'; then
	echo "not ok - splat-scan misses a KCSAN report through xtcp.ko"
	failed=1
else
	echo "ok - splat-scan fires on a KCSAN report through xtcp.ko"
fi
if kcsan rcu_gp_fqs sched_tick ''; then
	echo "ok - splat-scan passes a KCSAN report outside xtcp.ko"
else
	echo "not ok - splat-scan fires on a KCSAN report outside xtcp.ko"
	failed=1
fi

# A program's own "WARNING:" on the console carries no timestamp.
echo 'WARNING: not a kernel line' > "$tmp"
if "$here/splat-scan.sh" "$tmp" > /dev/null 2>&1; then
	echo "ok - splat-scan ignores lines without a printk timestamp"
else
	echo "not ok - splat-scan fires on a line without a timestamp"
	failed=1
fi
exit $failed
