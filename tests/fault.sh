#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Allocation failures (the debug-fault kernel: scripts/kconfig/fault.config).
# While lifecycle and stream run, failslab fails XTCP_FAULT_SLAB percent
# (5) of the allocations from the XTCP, xtcp_tw and skb caches, in any
# context (softirq too), and fail_page_alloc XTCP_FAULT_PAGE percent (10)
# of the multi-page allocations the test programs themselves make
# (task-filter, min-order 1: page faults are spared). Their own checks may
# fail then: a connection refused for want of memory is what should
# happen. What must hold: every program finishes (no hang), failures were
# injected, and once the faults stop every connection goes and the slabs
# are back where they were. qemu-run.sh's splat and kmemleak scans do the
# rest: a failure must surface as an errno or a drop, never a splat or a
# leak.
# Usage (in the guest, root, xtcp.ko loaded): fault.sh
set -u
here=$(cd "$(dirname "$0")" && pwd)
bin=$here/../build/tests
dbg=/sys/kernel/debug
fs=$dbg/failslab
fp=$dbg/fail_page_alloc
budget=1000000
# shellcheck source=tests/tap.sh
. "$(dirname "$0")/tap.sh"

check() {
	tap_check "$1" "fault: $2" "$3"
}

slab() {
	echo 1 > "/sys/kernel/slab/$1/shrink" 2>/dev/null
	awk -v n="$1" '$1 == n { print $2 }' /proc/slabinfo
}

set_attr() {
	echo "$3" > "$1/$2" || echo "# cannot set $1/$2 to $3"
}

faults_on() {
	set_attr "$fs" verbose 0
	set_attr "$fs" cache-filter Y
	set_attr "$fs" task-filter N
	set_attr "$fs" ignore-gfp-wait N
	set_attr "$fs" interval 1
	set_attr "$fs" times "$budget"
	set_attr "$fs" probability "${XTCP_FAULT_SLAB:-5}"
	set_attr "$fp" verbose 0
	set_attr "$fp" task-filter Y
	set_attr "$fp" min-order 1
	set_attr "$fp" ignore-gfp-wait N
	set_attr "$fp" ignore-gfp-highmem N
	set_attr "$fp" interval 1
	set_attr "$fp" times "$budget"
	set_attr "$fp" probability "${XTCP_FAULT_PAGE:-10}"
}

faults_off() {
	set_attr "$fs" probability 0
	set_attr "$fp" probability 0
}

if [ ! -d "$fs" ] || [ ! -d "$fp" ]; then
	check 1 "failslab and fail_page_alloc in debugfs" \
		"not a fault-injection kernel"
	tap_plan
	exit 1
fi
# qemu-run.sh boots debug-fault with slub_debug=A for these caches: the
# cache filter fails only theirs.
for c in XTCP xtcp_tw skbuff_head_cache skbuff_fclone_cache; do
	check "$([ "$(cat "/sys/kernel/slab/$c/failslab" 2>/dev/null)" = 1 ]; echo $?)" \
		"$c is marked for failslab" "slub_debug=A,$c missing"
done
# Each program runs in a netns of its own, with short timers: the
# sysctls it changes are that netns's, and the TIME_WAIT entries it leaves
# (under any 2MSL it set) go when it exits. A program still running after
# 600 s is stuck: where it waits is shown before it is killed. lifecycle's
# S17 makes 2000 connections, each of which a failed allocation may hold
# for a SYN's RTO (1 s) or an accept()'s timeout (10 s).
run_faulted() {
	local t=$1 log=/tmp/fault-$1.log pid rc end=$((SECONDS + 600))

	unshare -n bash -c "ip link set lo up &&
		sysctl -qw net.xtcp.msl_ms=100 net.xtcp.fin_timeout=1 net.xtcp.retries2=3 &&
		echo 1 > /proc/self/make-it-fail && exec $bin/$t" > "$log" 2>&1 &
	pid=$!
	while [ $SECONDS -lt $end ] && kill -0 "$pid" 2>/dev/null; do
		sleep 1
	done
	if kill -0 "$pid" 2>/dev/null; then
		echo "# $t stuck after: $(grep -E '^(not )?ok' "$log" | tail -1)"
		sed 's/^/#   stack: /' "/proc/$pid/stack"
		nsenter -t "$pid" -n cat /proc/net/xtcp | sed 's/^/#   /'
		kill -9 "$pid"
		wait "$pid"
		rc=124
	else
		wait "$pid"
		rc=$?
	fi
	check "$([ "$rc" -ne 124 ] && [ "$rc" -lt 128 ]; echo $?)" \
		"$t finishes under allocation failures" \
		"exit $rc (124: stuck; 128+N: killed by signal N)"
	# Its own checks may fail, but it must run them all to its plan.
	check "$(grep -q '^1\.\.[0-9]' "$log"; echo $?)" \
		"$t ran to its plan" "it stopped after: $(tail -3 "$log" | tr '\n' '|')"
	# tcp_sendmsg_locked() waits for memory it cannot get, or says
	# EAGAIN if it may not wait: a send() never fails with ENOBUFS.
	check "$(! grep -q 'sent [0-9]*, error No buffer space' "$log"; echo $?)" \
		"$t: no send() failed for want of memory" \
		"$(grep -m1 'sent [0-9]*, error No buffer space' "$log")"
	echo "# $t under faults: $(grep -c '^ok - ' "$log") ok," \
	     "$(grep -c '^not ok - ' "$log") not ok"
	grep '^not ok - ' "$log" | head -5 | sed 's/^/#   /'
}

base_sk=$(slab XTCP)
base_tw=$(slab xtcp_tw)
faults_on
for t in lifecycle stream; do
	run_faulted $t
done
slab_left=$(cat "$fs/times")
page_left=$(cat "$fp/times")
faults_off
check "$([ "$slab_left" -lt "$budget" ]; echo $?)" \
	"failslab failed $((budget - slab_left)) allocations" "none"
echo "# fail_page_alloc failed $((budget - page_left)) allocations"
# The netns are torn down in a workqueue: give it a minute.
end=$((SECONDS + 60))
while [ $SECONDS -lt $end ]; do
	rows=$(($(wc -l < /proc/net/xtcp) - 1))
	sk=$(slab XTCP)
	tw=$(slab xtcp_tw)
	[ "$rows" -eq 0 ] && [ "$sk" = "$base_sk" ] && [ "$tw" = "$base_tw" ] &&
		break
	sleep 1
done
check "$([ "$rows" -eq 0 ] && [ "$sk" = "$base_sk" ] && [ "$tw" = "$base_tw" ]; echo $?)" \
	"every connection gone, XTCP and xtcp_tw slabs back" \
	"$rows rows; XTCP $sk (was $base_sk), xtcp_tw $tw (was $base_tw)"
tap_plan
exit $tap_failed
