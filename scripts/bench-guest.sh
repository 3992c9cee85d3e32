#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Guest side of make bench: load xtcp.ko and run build/tools/xtcp-bench over
# TCP and XTCP, alternating the families run by run so that both see the
# same machine. Each run's JSON line goes to OUT/raw.jsonl, the machine's
# description to OUT/env.json; scripts/bench.sh makes the table.
#
# Usage: bench-guest.sh -o OUT [-n RUNS] [-d SECS] [-s SECS] [-c CLIENTS]
#                       [-k K[,K...]] [-T SECS] [-a ACCEL] [-w PARTS] [-p]
#   -n  runs of each workload and family (5)   -d  seconds of a crr/rr run (5)
#   -s  seconds of a stream run (5)            -c  crr clients (2)
#   -k  tw: TIME_WAIT levels, ascending (100000,1000000)
#   -T  seconds of a crr run in tw (2)         -a  the accelerator, for the record
#   -w  parts to run, of crr,rr,trace,stream,crr6,rr6,stream6,flood,apps,tw,
#       diag (all); crr6, rr6 and stream6 are crr, rr and stream over IPv6
#       (xtcp-bench -6: TCP over AF_INET6, XTCP over XTCPPROTO_XTCP6); diag
#       times xtcpss against cat /proc/net/xtcp at each level of
#       XTCP's fill (with or without the rest of tw); trace runs XTCP's crr
#       and rr with the per-segment tracepoints compiled in (xtcp.ko as
#       built, the events disabled) and out (build/mod-6.1-nosegtrace);
#       flood runs crr over veth with one client, without and during a
#       SYN flood at the listener (build/tools/xtcp-synflood)
#   -p  perf record XTCP's crr with the table full, if perf works here
set -euo pipefail

out='' runs=5 secs=5 ssecs=5 clients=2 k=100000,1000000 twsecs=2 accel=TCG
perf=0 parts=crr,rr,trace,stream,crr6,rr6,stream6,flood,apps,tw,diag
while getopts o:n:d:s:c:k:T:a:w:p o; do
	case $o in
	o) out=$OPTARG ;;
	n) runs=$OPTARG ;;
	d) secs=$OPTARG ;;
	s) ssecs=$OPTARG ;;
	c) clients=$OPTARG ;;
	k) k=$OPTARG ;;
	T) twsecs=$OPTARG ;;
	a) accel=$OPTARG ;;
	w) parts=$OPTARG ;;
	p) perf=1 ;;
	*) exit 2 ;;
	esac
done
[ -n "$out" ] || { echo "bench-guest: -o OUT is needed" >&2; exit 2; }
mkdir -p "$out"
raw=$out/raw.jsonl
: > "$raw"
bench=build/tools/xtcp-bench
read -ra levels <<< "${k//,/ }"
kmax=${levels[-1]}
part() { [[ ",$parts," == *",$1,"* ]]; }

# The connection hash: a power of 2 at least twice the entries, so that
# chains stay short when the table is full (TCP's is sized at boot).
ehash=65536
while [ "$ehash" -lt $((2 * kmax)) ]; do ehash=$((ehash * 2)); done
insmod build/mod-6.1/xtcp.ko ehash_buckets=$ehash
# The port hash follows it, one port a bucket at most (xtcp_hash_init()).
bhash=$((ehash < 65536 ? ehash : 65536))

# Ephemeral ports 10000-65535 for both families; servers listen below.
sysctl -qw net.ipv4.ip_local_port_range="10000 65535"
nports=55536

mem_kb() { awk -v k="$1:" '$1 == k { print $2 }' /proc/meminfo; }
tcp_ehash=$(dmesg | sed -n 's/.*TCP established hash table entries: \([0-9]*\).*/\1/p' | head -1)
tcp_bhash=$(dmesg | sed -n 's/.*TCP bind hash table entries: \([0-9]*\).*/\1/p' | head -1)
cat > "$out/env.json" <<EOF
{"kernel":"$(uname -r)","vcpus":$(nproc),"accel":"$accel",
 "mem_total_kb":$(mem_kb MemTotal),"runs":$runs,"secs":$secs,
 "stream_secs":$ssecs,"clients":$clients,"tw_levels":[$k],
 "tw_crr_secs":$twsecs,"parts":"$parts",
 "xtcp_ehash_buckets":$ehash,"tcp_ehash_buckets":${tcp_ehash:-null},
 "xtcp_bhash_buckets":$bhash,"tcp_bhash_buckets":${tcp_bhash:-null}}
EOF
echo "bench: $(uname -r), $(nproc) vCPUs, $accel; $runs runs of ${secs}s"

# run TAG ARGS...: one xtcp-bench run; its JSON line, tagged, into raw.jsonl.
# $wrap, if set, is a command to run it under (taskset, ip netns exec).
run() {
	local tag=$1 line
	shift
	# shellcheck disable=SC2086
	if ! line=$(${wrap:-} "$bench" "$@"); then
		echo "bench: failed: xtcp-bench $*" >&2
		[ -n "$line" ] || return 0
	fi
	echo "{\"tag\":\"$tag\",${line#\{}" | tee -a "$raw"
}

# run_veth TAG ARGS...: one stream over the veth link, the receiver in xb
# and the sender in xa, each an xtcp-bench of its own. The receiver's line
# (the goodput) is TAG's, the sender's TAG_tx's. timeout(1) ends a run that
# hangs past the tool's own stall checks. The receiver's address is
# $veth_host (10.0.0.2 unless set).
run_veth() {
	local tag=$1 lim=$((ssecs + 150)) pid f
	shift
	rm -f /tmp/rx.json /tmp/tx.json
	timeout -k 5 $lim ip netns exec xb "$bench" -R server "$@" \
		> /tmp/rx.json &
	pid=$!
	timeout -k 5 $lim ip netns exec xa "$bench" -R client \
		-H "${veth_host:-10.0.0.2}" "$@" > /tmp/tx.json ||
		echo "bench: failed: xtcp-bench -R client $*" >&2
	wait $pid || echo "bench: failed: xtcp-bench -R server $*" >&2
	for f in rx tx; do
		[ -s /tmp/$f.json ] || continue
		[ $f = rx ] || tag=${tag}_tx
		echo "{\"tag\":\"$tag\",$(tail -c +2 /tmp/$f.json)" | tee -a "$raw"
	done
}

# alternate CMD TAG ARGS...: CMD TAG ARGS -f tcp, then -f xtcp, $runs times,
# so that both families see the same machine.
alternate() {
	local i f

	for i in $(seq "$runs"); do
		for f in tcp xtcp; do
			"$@" -f $f
		done
	done
}

# link_stats NS AFTER: both stacks' loss and queueing counters in netns NS,
# totals since it was made, as a JSON line: what the link made each do.
# Also the packets the receive backlogs dropped so far (softnet_stat's
# second column, for the whole guest): veth hands each packet to the
# peer's backlog, which holds netdev_max_backlog of them.
link_stats() {
	# shellcheck disable=SC2016 # awk's $1, not the shell's
	local pick='{ if ($1 ~ re) printf "%s\"%s\":%s", n++ ? "," : "", $1, $2 }'
	local tcp xtcp d drops=0
	while read -r _ d _; do
		drops=$((drops + 0x$d))
	done < /proc/net/softnet_stat
	tcp=$(ip netns exec "$1" nstat -asz | awk -v re='^Tcp(RetransSegs|Ext(TCPTimeouts|TCPFastRetrans|TCPSackRecovery|TCPLossProbes|TCPLostRetransmit|TCPOFOQueue|TCPOFODrop|DelayedACKs))$' "$pick")
	xtcp=$(ip netns exec "$1" awk -v re='^(RetransSegs|FastRetrans|Timeouts|OFOQueue|OFODrop|RcvPruned|DelayedACKs|ZeroWindowProbes|LostRetransmit)$' "$pick" /proc/net/xtcp_stat)
	echo "{\"tag\":\"link_stats\",\"after\":\"$2\",\"ns\":\"$1\",\"backlog_drops\":$drops,\"tcp\":{$tcp},\"xtcp\":{$xtcp}}" |
		tee -a "$raw"
}

# Two hosts, as tests/xtcp_netns.h makes them: netns xa (10.0.0.1, the
# sender) and xb (10.0.0.2, the receiver) joined by veth. Fixed MACs and
# permanent neighbours: no ARP, which netem's loss could hold up a second.
veth_pair() {
	local n
	for n in xa xb; do ip netns del $n 2>/dev/null || true; done
	ip netns add xa
	ip netns add xb
	ip link add va netns xa address 02:00:0a:00:00:01 type veth \
		peer name vb netns xb address 02:00:0a:00:00:02
	ip -n xa addr add 10.0.0.1/24 dev va
	ip -n xb addr add 10.0.0.2/24 dev vb
	ip -n xa neigh add 10.0.0.2 lladdr 02:00:0a:00:00:02 dev va nud permanent
	ip -n xb neigh add 10.0.0.1 lladdr 02:00:0a:00:00:01 dev vb nud permanent
	for n in xa:va xb:vb; do
		ip -n ${n%:*} link set lo up
		ip -n ${n%:*} link set ${n#*:} up
	done
}

# The same two hosts with IPv6 addresses as well: xa 2001:db8::1, xb
# 2001:db8::2, no duplicate address detection (the address is usable at
# once) and permanent neighbours (no neighbour discovery).
veth_pair6() {
	veth_pair
	ip -n xa addr add 2001:db8::1/64 dev va nodad
	ip -n xb addr add 2001:db8::2/64 dev vb nodad
	ip -n xa neigh add 2001:db8::2 lladdr 02:00:0a:00:00:02 dev va nud permanent
	ip -n xb neigh add 2001:db8::1 lladdr 02:00:0a:00:00:01 dev vb nud permanent
}

if part crr; then
	echo "== crr: $clients clients, one listener"
	alternate run crr -w crr -c "$clients" -d "$secs" -p 5000
fi

# rr pins client and server to one vCPU: across two, each transaction
# waits for a halted vCPU to be woken, which under TCG on a busy host takes
# from 0.1 to 5 ms and made the figure vary tenfold from run to run.
if part rr; then
	echo "== rr: one connection, 1-byte request and response, on vCPU 1"
	wrap="taskset -c 1" alternate run rr -w rr -d "$secs" -p 5100
fi

# trace: what the per-segment tracepoints cost, compiled in and disabled.
# XTCP's crr and rr with xtcp.ko as built (trace_crr, trace_rr) and built
# with -DXTCP_NO_SEGTRACE (trace_crr_out, trace_rr_out), the module
# reloaded before each pair of runs; the order goes in-out, out-in, ... so
# that neither always runs first.
if part trace; then
	echo "== trace: XTCP's crr and rr, the segment tracepoints in (disabled) and out"
	reload() {
		local i
		for i in $(seq 20); do
			rmmod xtcp 2>/dev/null && break
			sleep 0.5
		done
		insmod "$1" ehash_buckets=$ehash
	}
	for i in $(seq "$runs"); do
		order="in out"
		[ $((i % 2)) = 1 ] || order="out in"
		for m in $order; do
			if [ "$m" = in ]; then
				reload build/mod-6.1/xtcp.ko
				sfx=
			else
				reload build/mod-6.1-nosegtrace/xtcp.ko
				sfx=_out
			fi
			run trace_crr$sfx -f xtcp -w crr -c "$clients" -d "$secs" \
				-p 5500
			wrap="taskset -c 1" run trace_rr$sfx -f xtcp -w rr \
				-d "$secs" -p 5600
		done
	done
	# The rest runs with the module as built.
	reload build/mod-6.1/xtcp.ko
fi

# stream_rows V: the stream rows over IPv4 (V empty) or IPv6 (V 6), tagged
# streamV_lo, streamV_veth and streamV_loss; IPv6's ports are IPv4's + 50.
stream_rows() {
	local v=$1 t=stream$1 ip=() off=0 n
	if [ "$v" = 6 ]; then
		ip=(-6) off=50
	fi
	echo "== stream$v: ${ssecs}s of 64 KiB writes, loopback"
	alternate run "${t}_lo" "${ip[@]}" -w stream -d "$ssecs" \
		-p $((5200 + off))
	echo "== stream$v over veth, netns xa -> xb"
	if [ "$v" = 6 ]; then
		veth_pair6
		veth_host=2001:db8::2
	else
		veth_pair
		veth_host=10.0.0.2
	fi
	alternate run_veth "${t}_veth" "${ip[@]}" -w stream -d "$ssecs" \
		-p $((5300 + off))
	link_stats xa "${t}_veth"
	link_stats xb "${t}_veth"
	# netem drops whole skbs, and a super-segment of either family holds
	# up to 44 segments. One segment an skb on the link makes the 1% a
	# loss of 1% of the segments for both.
	echo "== stream$v over veth with netem loss 1% both ways, no TSO"
	for n in xa:va xb:vb; do
		ip -n ${n%:*} link set ${n#*:} gso_max_segs 1
		tc -n ${n%:*} qdisc add dev ${n#*:} root netem loss 1%
	done
	alternate run_veth "${t}_loss" "${ip[@]}" -w stream -d "$ssecs" \
		-p $((5400 + off))
	link_stats xa "${t}_loss"
	link_stats xb "${t}_loss"
	for n in xa xb; do ip netns del $n; done
	unset veth_host
}

if part stream; then
	stream_rows ''
fi

# IPv6: crr, rr and stream again, TCP over AF_INET6 against XTCP over
# XTCPPROTO_XTCP6, on [::1] and on the veth link's 2001:db8::/64, each to
# ports of its own (IPv4's + 50).
if part crr6; then
	echo "== crr6: $clients clients, one listener, [::1]"
	alternate run crr6 -6 -w crr -c "$clients" -d "$secs" -p 5050
fi
if part rr6; then
	echo "== rr6: one connection, 1-byte request and response, [::1], on vCPU 1"
	wrap="taskset -c 1" alternate run rr6 -6 -w rr -d "$secs" -p 5150
fi
if part stream6; then
	stream_rows 6
fi

# Listener counters of FAMILY in netns xa: SYN cookies sent, received
# (valid) and failed, SYNs dropped, accept queue overflows.
listen_counters() {
	# shellcheck disable=SC2016 # awk's $1, not the shell's
	local get='{ sub(/^TcpExt/, "", $1); v[$1] = $2 } END {
		print v["SyncookiesSent"] + 0, v["SyncookiesRecv"] + 0,
		      v["SyncookiesFailed"] + 0, v["ListenDrops"] + 0,
		      v["ListenOverflows"] + 0 }'
	if [ "$1" = tcp ]; then
		ip netns exec xa nstat -asz | awk "$get"
	else
		ip netns exec xa awk "$get" /proc/net/xtcp_stat
	fi
}

# Requests (SYN_RECV) of FAMILY at port PORT of netns xa: the flood's,
# which should fill the queue (the backlog, 128) before the client starts.
syn_recv_count() {
	if [ "$1" = tcp ]; then
		ip netns exec xa ss -Htn state syn-recv "sport = :$2" | wc -l
	else
		# shellcheck disable=SC2016 # awk's $1, not the shell's
		ip netns exec xa awk -v p=":$2" '$3 == "SYN_RECV" &&
			substr($1, length($1) - length(p) + 1) == p { n++ }
			END { print n + 0 }' /proc/net/xtcp
	fi
}

# flood_crr RUN FLOOD FAMILY PORT: crr with one client in xb to a server in
# xa (listen backlog 128), tagged flood_base; with FLOOD 1, during a SYN
# flood at the server's port from a TUN device in xa, tagged flood_on,
# and the flooder's figures and the listener's counters over the run,
# tagged flood_syns. The flood starts 1 s before the client, so that the
# request queue is full when it connects. Each run has a port of its own:
# the client's TIME_WAIT entries from the run before do not get in the way.
flood_crr() {
	local run=$1 flood=$2 f=$3 port=$4 lim=$((secs + 150)) srv fl=
	local tag=flood_base proto=() reqs=0 c0 c1 a0 a1 line
	[ "$flood" = 0 ] || tag=flood_on
	[ "$f" = xtcp ] || proto=(-p 6)
	rm -f /tmp/cli.json /tmp/flood.json
	ip netns exec xa "$bench" -f "$f" -w crr -c 1 -l 128 -R server \
		-p "$port" > /dev/null &
	srv=$!
	if [ "$flood" = 1 ]; then
		c0=$(listen_counters "$f")
		# -t: it stops by itself should the kill below never come.
		ip netns exec xa build/tools/xtcp-synflood -d "$port" \
			"${proto[@]}" -t $lim > /tmp/flood.json &
		fl=$!
		sleep 1
		reqs=$(syn_recv_count "$f" "$port")
	fi
	timeout -k 5 $lim ip netns exec xb "$bench" -f "$f" -w crr -c 1 \
		-d "$secs" -R client -H 10.0.0.1 -p "$port" > /tmp/cli.json ||
		echo "bench: failed: xtcp-bench -R client -f $f (flood $flood)" >&2
	if [ -n "$fl" ]; then
		kill -TERM $fl 2>/dev/null || true
		wait $fl || echo "bench: failed: xtcp-synflood ($f)" >&2
		c1=$(listen_counters "$f")
	fi
	kill -TERM $srv 2>/dev/null || true
	wait $srv || echo "bench: failed: xtcp-bench -R server -f $f" >&2
	[ ! -s /tmp/cli.json ] ||
		echo "{\"tag\":\"$tag\",\"run\":$run,$(tail -c +2 /tmp/cli.json)" |
		tee -a "$raw"
	[ -s /tmp/flood.json ] || return 0
	line=$(cat /tmp/flood.json)
	read -ra a0 <<< "$c0"
	read -ra a1 <<< "$c1"
	echo "{\"tag\":\"flood_syns\",\"family\":\"$f\",\"run\":$run,\"syn_recv_at_start\":$reqs,\"cookies_sent\":$((a1[0] - a0[0])),\"cookies_recv\":$((a1[1] - a0[1])),\"cookies_failed\":$((a1[2] - a0[2])),\"listen_drops\":$((a1[3] - a0[3])),\"listen_overflows\":$((a1[4] - a0[4])),${line#\{}" |
		tee -a "$raw"
	echo "bench: flood run $run, $f: the flooder sent $(echo "$line" |
		sed -n 's/.*"syns_per_s":\([0-9.]*\).*/\1/p') SYNs/s;" \
		"$reqs requests queued when the client started"
}

# SYN flood: the connect rate of one legitimate client, without and
# during a flood, over each family, SYN cookies at their default (1) in
# xa. The flooder's TUN device and the server share xa.
if part flood; then
	echo "== flood: crr over veth, 1 client, listen backlog 128, without and during a SYN flood"
	# The flooder's TUN device: /dev/net/tun appears with the module.
	modprobe tun 2>/dev/null || true
	veth_pair
	ip netns exec xa sysctl -qw net.ipv4.tcp_syncookies=1
	ip netns exec xa sh -c 'echo 1 > /proc/sys/net/xtcp/syncookies'
	ip netns exec xb sysctl -qw net.ipv4.ip_local_port_range="10000 65535"
	for i in $(seq "$runs"); do
		for f in tcp xtcp; do
			flood_crr "$i" 0 $f $((5700 + 2 * i))
			flood_crr "$i" 1 $f $((5701 + 2 * i))
		done
	done
	for n in xa xb; do ip netns del $n; done
fi

# Debian's programs over TCP and over XTCP through xtcpize.
if part apps; then
	echo "bench: apps: iperf3, redis-benchmark, wrk to nginx, HTTPS first byte"
	scripts/bench-apps.sh "$raw" "$runs" "$ssecs"
fi

part tw || part diag || { echo "bench: done"; exit 0; }

# ms since $1 (a date +%s%N).
ms_since() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }

# diag LEVEL: with XTCP's table full, the time of cat /proc/net/xtcp
# against xtcpss: -s (the kernel counts), -a (every row), and a filter on
# one ephemeral port (the kernel sends that port's rows only), $runs times.
# The filter's rows, its netlink messages and /proc's count for that port
# show that the filtering is the kernel's.
diag_measure() {
	local lvl=$1 ss=build/tools/xtcpss i t cat_ms sum_ms all_ms port_ms
	local lp rp field port proc_rows proc_port total all_rows port_rows
	local other stats msgs bytes
	cat /proc/net/xtcp > /tmp/proc.txt
	proc_rows=$(($(wc -l < /tmp/proc.txt) - 1))
	# An ephemeral port of a TIME_WAIT row: its local one if the fill's
	# clients hold the entries, else its remote one.
	# (No process substitution: the guest has no /dev/fd.)
	read -r lp rp <<< "$(awk '$3 == "TIME_WAIT" { sub(/.*:/, "", $1);
		sub(/.*:/, "", $2); print $1, $2; exit }' /tmp/proc.txt)"
	if [ "${lp:-0}" -ge 10000 ]; then
		field=sport port=$lp
	else
		field=dport port=${rp:-0}
	fi
	proc_port=$(awk -v f=$field -v p=":$port" '$3 == "TIME_WAIT" {
		a = f == "sport" ? $1 : $2; if (substr(a, length(a) - length(p) + 1) == p) n++ }
		END { print n + 0 }' /tmp/proc.txt)
	rm -f /tmp/proc.txt
	for i in $(seq "$runs"); do
		t=$(date +%s%N); cat /proc/net/xtcp > /dev/null; cat_ms=$(ms_since "$t")
		t=$(date +%s%N); "$ss" -s > /tmp/ss-s.txt; sum_ms=$(ms_since "$t")
		t=$(date +%s%N); "$ss" -a -H > /dev/null; all_ms=$(ms_since "$t")
		t=$(date +%s%N)
		"$ss" -H --netlink-stats state time-wait $field = ":$port" \
			> /tmp/ss-p.txt 2> /tmp/ss-p.err
		port_ms=$(ms_since "$t")
		total=$(sed -n 's/^Total: //p' /tmp/ss-s.txt)
		all_rows=$("$ss" -a -H | wc -l)
		port_rows=$(wc -l < /tmp/ss-p.txt)
		other=$(awk -v f=$field -v p=":$port" '{ a = f == "sport" ? $4 : $5;
			if ($1 != "TIME-WAIT" || substr(a, length(a) - length(p) + 1) != p)
				n++ } END { print n + 0 }' /tmp/ss-p.txt)
		stats=$(cat /tmp/ss-p.err)
		msgs=$(echo "$stats" | sed -n 's/.* \([0-9]*\) messages.*/\1/p')
		bytes=$(echo "$stats" | sed -n 's/.* \([0-9]*\) bytes.*/\1/p')
		echo "{\"tag\":\"diag@$lvl\",\"family\":\"xtcp\",\"proc_rows\":$proc_rows,\"cat_ms\":$cat_ms,\"summary_ms\":$sum_ms,\"summary_total\":${total:-null},\"all_ms\":$all_ms,\"all_rows\":$all_rows,\"filter\":\"state time-wait $field = :$port\",\"port_ms\":$port_ms,\"port_rows\":$port_rows,\"port_rows_other\":$other,\"proc_port_rows\":$proc_port,\"port_msgs\":${msgs:-null},\"port_bytes\":${bytes:-null}}" |
			tee -a "$raw"
	done
}

# tw: no TIME_WAIT reuse, entries that outlive the run, room for K of them
# plus what the crr runs leave. TCP's TIME_WAIT lasts 60 s whatever we do
# (tcp_fin_timeout is FIN_WAIT_2's): TCP's table holds what the last minute
# made, which "tw entries" shows.
room=$((kmax + 400000))
sysctl -qw net.ipv4.tcp_tw_reuse=0 net.ipv4.tcp_max_tw_buckets=$room
echo 0 > /proc/sys/net/xtcp/tw_reuse
echo 7200000 > /proc/sys/net/xtcp/msl_ms
echo $room > /proc/sys/net/xtcp/max_tw_buckets

# The fill's 4-tuples: two listeners (one per client) on enough addresses
# that at most 80% of the ephemeral ports of each (address, port) are used.
fill_ports=2
fill_addrs=$(( (kmax * 5 / 4 + nports * fill_ports - 1) / (nports * fill_ports) ))
# crr next to the table goes to its own port and four addresses, so that
# its own TIME_WAIT entries have room too.
crr_tw=(-w crr -c "$clients" -d "$twsecs" -p 6000 -a 4)

# The empty table to compare with: netns twe, set up as this one. XTCP's
# tables are per netns, and a netns made once tcp_child_ehash_entries is
# set has a TCP hash of its own (as large as the boot-time one). crr runs
# in twe and next to the filled table here take turns, run by run, so that
# both see the same moment of a noisy host: the fill takes minutes.
sysctl -qw net.ipv4.tcp_child_ehash_entries="${tcp_ehash:-65536}"
ip netns del twe 2>/dev/null || true
ip netns add twe
ip -n twe link set lo up
ip netns exec twe sh -ec "
	sysctl -qw net.ipv4.ip_local_port_range='10000 65535' \
		net.ipv4.tcp_tw_reuse=0 net.ipv4.tcp_max_tw_buckets=$room
	echo 0 > /proc/sys/net/xtcp/tw_reuse
	echo 7200000 > /proc/sys/net/xtcp/msl_ms
	echo $room > /proc/sys/net/xtcp/max_tw_buckets"

# crr_pair LEVEL FAMILY: the runs of crr next to the table (tw_crr@LEVEL)
# and in twe (tw_crr_empty@LEVEL), in turn.
crr_pair() {
	local i
	for i in $(seq "$runs"); do
		run "tw_crr@$1" -f "$2" "${crr_tw[@]}"
		wrap="ip netns exec twe" run "tw_crr_empty@$1" -f "$2" "${crr_tw[@]}"
	done
}

# Per family: crr before any fill (level 0, a check that the pairing
# itself is even), then fills up to each level in turn, crr next to each.
# The fills go on where the last one stopped.
for f in xtcp tcp; do
	# diag without tw: XTCP's fills only.
	part tw || [ $f = xtcp ] || continue
	echo "== tw ($f): crr here and in twe, before and at ${levels[*]} entries made"
	! part tw || crr_pair 0 $f
	# TCP's entries last 60 s: past that a fill only replaces those that
	# expire, so its fills stop after 90 s, with the table as full as
	# TCP gets it here ("entries" says how full).
	cap=()
	[ $f = xtcp ] || cap=(-d 90)
	made=0
	for lvl in "${levels[@]}"; do
		avail0=$(mem_kb MemAvailable)
		run "tw_fill@$lvl" -f $f -w tw -k $((lvl - made)) -c 2 \
			-P $fill_ports -a "$fill_addrs" -p 7000 "${cap[@]}"
		avail1=$(mem_kb MemAvailable)
		made=$lvl
		echo "{\"tag\":\"tw_mem@$lvl\",\"family\":\"$f\",\"mem_available_drop_kb\":$((avail0 - avail1))}" |
			tee -a "$raw"
		! part tw || crr_pair "$lvl" $f
		[ $f != xtcp ] || ! part diag || diag_measure "$lvl"
	done
	if [ "$f" = xtcp ] && [ "$perf" = 1 ]; then
		if perf record -q -a -g -o /tmp/perf.data -- \
			"$bench" -f xtcp "${crr_tw[@]}" > /dev/null 2>"$out/perf.err"; then
			# To files, not through head: under pipefail, head
			# closing the pipe (SIGPIPE) failed the whole guest.
			perf report -i /tmp/perf.data --no-children --stdio \
				--percent-limit 2 > "$out/perf-xtcp-crr-full.txt" \
				2>/dev/null || true
			perf report -i /tmp/perf.data --no-children --stdio \
				-g none --percent-limit 0.5 \
				> "$out/perf-xtcp-crr-flat.txt" 2>/dev/null || true
		else
			echo "bench: perf does not work here ($out/perf.err)"
		fi
	fi
done
ip netns del twe
echo "bench: done"
