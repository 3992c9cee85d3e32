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
sysctl -qw net.xtcp.msl_ms=100 net.xtcp.fin_timeout=1 net.xtcp.retries2=3
base_sk=$(slab XTCP)
base_tw=$(slab xtcp_tw)
faults_on
for t in lifecycle stream; do
	# make-it-fail: fail_page_alloc's task filter picks this process.
	timeout 300 bash -c "echo 1 > /proc/self/make-it-fail && exec $bin/$t" \
		> "/tmp/fault-$t.log" 2>&1
	rc=$?
	check "$([ "$rc" -ne 124 ] && [ "$rc" -lt 128 ]; echo $?)" \
		"$t finishes under allocation failures" \
		"exit $rc (124: stuck; 128+N: killed by signal N)"
	echo "# $t under faults: $(grep -c '^ok - ' "/tmp/fault-$t.log") ok," \
	     "$(grep -c '^not ok - ' "/tmp/fault-$t.log") not ok"
	grep '^not ok - ' "/tmp/fault-$t.log" | head -5 | sed 's/^/#   /'
done
slab_left=$(cat "$fs/times")
page_left=$(cat "$fp/times")
faults_off
check "$([ "$slab_left" -lt "$budget" ]; echo $?)" \
	"failslab failed $((budget - slab_left)) allocations" "none"
echo "# fail_page_alloc failed $((budget - page_left)) allocations"
for _ in $(seq 300); do
	rows=$(($(wc -l < /proc/net/xtcp) - 1))
	sk=$(slab XTCP)
	tw=$(slab xtcp_tw)
	[ "$rows" -eq 0 ] && [ "$sk" = "$base_sk" ] && [ "$tw" = "$base_tw" ] &&
		break
	sleep 0.1
done
check "$([ "$rows" -eq 0 ] && [ "$sk" = "$base_sk" ] && [ "$tw" = "$base_tw" ]; echo $?)" \
	"every connection gone, XTCP and xtcp_tw slabs back" \
	"$rows rows; XTCP $sk (was $base_sk), xtcp_tw $tw (was $base_tw)"
tap_plan
exit $tap_failed
