#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Guest side of make bench: load xtcp.ko and run build/tools/xtcp-bench over
# TCP and XTCP, alternating the families run by run so that both see the
# same machine. Each run's JSON line goes to OUT/raw.jsonl, the machine's
# description to OUT/env.json; scripts/bench.sh makes the table.
#
# Usage: bench-guest.sh -o OUT [-n RUNS] [-d SECS] [-c CLIENTS] [-k K]
#                       [-T SECS] [-a ACCEL] [-p]
#   -n  runs of each workload and family (5)   -d  seconds of a crr/rr run (5)
#   -c  crr clients (2)                        -k  tw: TIME_WAIT entries (100000)
#   -T  seconds of a crr run in tw (2)         -a  the accelerator, for the record
#   -p  perf record XTCP's crr with the table full, if perf works here
set -euo pipefail

out= runs=5 secs=5 clients=2 k=100000 twsecs=2 accel=TCG perf=0
while getopts o:n:d:c:k:T:a:p o; do
	case $o in
	o) out=$OPTARG ;;
	n) runs=$OPTARG ;;
	d) secs=$OPTARG ;;
	c) clients=$OPTARG ;;
	k) k=$OPTARG ;;
	T) twsecs=$OPTARG ;;
	a) accel=$OPTARG ;;
	p) perf=1 ;;
	*) exit 2 ;;
	esac
done
[ -n "$out" ] || { echo "bench-guest: -o OUT is needed" >&2; exit 2; }
mkdir -p "$out"
raw=$out/raw.jsonl
: > "$raw"
bench=build/tools/xtcp-bench

# The connection hash: a power of 2 at least twice the entries, so that
# chains stay short when the table is full (TCP's is sized at boot).
ehash=65536
while [ "$ehash" -lt $((2 * k)) ]; do ehash=$((ehash * 2)); done
insmod build/mod-6.1/xtcp.ko ehash_buckets=$ehash

# Ephemeral ports 10000-65535 for both families; servers listen below.
sysctl -qw net.ipv4.ip_local_port_range="10000 65535"
nports=55536

mem_kb() { awk -v k="$1:" '$1 == k { print $2 }' /proc/meminfo; }
tcp_ehash=$(dmesg | sed -n 's/.*TCP established hash table entries: \([0-9]*\).*/\1/p' | head -1)
cat > "$out/env.json" <<EOF
{"kernel":"$(uname -r)","vcpus":$(nproc),"accel":"$accel",
 "mem_total_kb":$(mem_kb MemTotal),"runs":$runs,"secs":$secs,
 "clients":$clients,"tw_k":$k,"tw_crr_secs":$twsecs,
 "xtcp_ehash_buckets":$ehash,"tcp_ehash_buckets":${tcp_ehash:-null}}
EOF
echo "bench: $(uname -r), $(nproc) vCPUs, $accel; $runs runs of ${secs}s"

# run TAG ARGS...: one xtcp-bench run; its JSON line, tagged, into raw.jsonl.
run() {
	local tag=$1 line
	shift
	if ! line=$("$bench" "$@"); then
		echo "bench: failed: xtcp-bench $*" >&2
		[ -n "$line" ] || return 0
	fi
	echo "{\"tag\":\"$tag\",${line#\{}" | tee -a "$raw"
}

echo "== crr: $clients clients, one listener"
for i in $(seq "$runs"); do
	for f in tcp xtcp; do
		run crr -f $f -w crr -c "$clients" -d "$secs" -p 5000
	done
done

echo "== rr: one connection, 1-byte request and response"
for i in $(seq "$runs"); do
	for f in tcp xtcp; do
		run rr -f $f -w rr -d "$secs" -p 5100
	done
done

# tw: no TIME_WAIT reuse, entries that outlive the run, room for K of them
# plus what the crr runs leave. TCP's TIME_WAIT lasts 60 s whatever we do.
room=$((k + 400000))
sysctl -qw net.ipv4.tcp_tw_reuse=0 net.ipv4.tcp_max_tw_buckets=$room
echo 0 > /proc/sys/net/xtcp/tw_reuse
echo 7200000 > /proc/sys/net/xtcp/msl_ms
echo $room > /proc/sys/net/xtcp/max_tw_buckets

# The fill's 4-tuples: two listeners (one per client) on enough addresses
# that at most 80% of the ephemeral ports of each (address, port) are used.
fill_ports=2
fill_addrs=$(( (k * 5 / 4 + nports * fill_ports - 1) / (nports * fill_ports) ))
# crr next to the table goes to its own port and four addresses, so that
# its own TIME_WAIT entries have room too.
crr_tw=(-w crr -c "$clients" -d "$twsecs" -p 6000 -a 4)

for f in xtcp tcp; do
	echo "== tw ($f): crr empty, fill $k, crr full"
	for i in $(seq "$runs"); do
		run tw_crr_empty -f $f "${crr_tw[@]}"
	done
	avail0=$(mem_kb MemAvailable)
	run tw_fill -f $f -w tw -k "$k" -c 2 -P $fill_ports -a "$fill_addrs" -p 7000
	avail1=$(mem_kb MemAvailable)
	echo "{\"tag\":\"tw_mem\",\"family\":\"$f\",\"mem_available_drop_kb\":$((avail0 - avail1))}" |
		tee -a "$raw"
	for i in $(seq "$runs"); do
		run tw_crr_full -f $f "${crr_tw[@]}"
	done
	if [ "$f" = xtcp ] && [ "$perf" = 1 ]; then
		if perf record -q -a -g -o /tmp/perf.data -- \
			"$bench" -f xtcp "${crr_tw[@]}" > /dev/null 2>"$out/perf.err"; then
			perf report -i /tmp/perf.data --no-children --stdio \
				--percent-limit 2 2>/dev/null | head -80 > "$out/perf-xtcp-crr-full.txt"
		else
			echo "bench: perf does not work here ($out/perf.err)"
		fi
	fi
done
echo "bench: done"
