#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# XTCP segments as Wireshark sees them, every checksum validated:
#
# IPv4: tools/wireshark/xtcp.lua on a real capture: twohost's S1+S2 between
# two network namespaces (/tmp/s1s2.pcap, seven segments). With the plugin
# and no -d, tshark must call each one XTCP, dissect it as TCP
# (ip:xtcp:tcp) and find its checksum good. scripts/wireshark-check.py
# checks flags, seq/ack and a bad checksum on a capture of its own.
#
# IPv6: one connection over [::1], in a network namespace of its own, from
# its handshake to its close on both sides (S1, some data, S2): curl
# fetches a page from python3's http.server, both run unmodified through
# xtcpize, while tcpdump captures lo. The segments are IPv6 with Next
# Header 253. Wireshark's "ip.proto" table is IPv6's Next Header table
# too (there is no ipv6.nxt one), so `-d ip.proto==253,tcp` decodes them
# as TCP; with -o tcp.check_checksum:TRUE, each checksum (TCP's, over
# IPv6's pseudo-header with 6 in it: RFC 8200 8.1) must be good, and the
# SYN, SYN-ACK, data, both FINs and the ACKs must be there. Without -d they
# are not TCP; with the plugin instead of -d they are XTCP (ipv6:xtcp:tcp).
#
# Usage: wireshark.sh [S1S2.PCAP]   (xtcp.ko loaded, build/tools built)
set -u
if [ -z "${XTCP_WS_NETNS:-}" ]; then
	XTCP_WS_NETNS=1 exec unshare -n "$0" "$@"
fi
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
lua=$top/tools/wireshark/xtcp.lua
pcap=${1:-/tmp/s1s2.pcap}
checks=0 failed=0

ok() { echo "ok - $1"; checks=$((checks + 1)); }
notok() { echo "not ok - $1: $2"; checks=$((checks + 1)); failed=1; }
check() {	# check NAME WHY COMMAND...
	local name=$1 why=$2
	shift 2
	if "$@"; then ok "$name"; else notok "$name" "$why"; fi
}

# --- IPv4: twohost's capture, with the plugin ---
v4() {
	local out n good
	if [ ! -s "$pcap" ]; then
		notok "v4: a capture at $pcap" "none (twohost makes it)"
		return
	fi
	out=$(tshark -r "$pcap" -X "lua_script:$lua" \
		-o tcp.check_checksum:TRUE -T fields -e _ws.col.Protocol \
		-e frame.protocols -e tcp.checksum.status 2>/dev/null)
	echo "$out" | sed 's/^/# /'
	n=$(echo "$out" | grep -c .)
	good=$(echo "$out" | awk -F'\t' '$1 == "XTCP" && $2 ~ /:ip:xtcp:tcp$/ && $3 == 1' |
		grep -c .)
	check "the capture has S1+S2's seven segments" "$n segments, want 7" \
		test "$n" -eq 7
	check "each is XTCP over TCP with a good checksum, with no -d" \
		"$good of $n" test "$good" -eq "$n" -a "$n" -gt 0
}

# --- IPv6: S1, data and S2 over [::1], xtcpize'd curl and python3 ---
v6() {
	local work port=8060 tpid spid i out rows st n
	local syn=0 synack=0 fin_c=0 fin_s=0 ack=0 data_c=0 data_s=0 rst=0
	local bad=0 badaddr=0 flags f
	work=$(mktemp -d /tmp/xtcp-ws6.XXXXXX)
	chmod 755 "$work"
	local cap=$work/s1-v6.pcap
	ip link set lo up
	mkdir -p "$work/www"
	echo "hello over xtcp6" > "$work/www/hello.txt"
	# Ports by offset: BPF knows none for Next Header 253. Immediate
	# mode: libpcap's ring would hand packets over up to 1 s late.
	tcpdump -i lo --immediate-mode -U -w "$cap" \
		"ip6 proto 253 and (ip6[40:2] = $port or ip6[42:2] = $port)" \
		> "$work/tcpdump.log" 2>&1 &
	tpid=$!
	for i in $(seq 100); do
		[ ! -s "$cap" ] || break
		sleep 0.1
	done
	sleep 0.5
	"$top/build/tools/xtcpize" run python3 -m http.server --bind ::1 \
		--directory "$work/www" $port > "$work/py.log" 2>&1 &
	spid=$!
	for i in $(seq 100); do
		grep -Eq "^\[::1\]:$port +\[::\]:0 +LISTEN " /proc/net/xtcp && break
		sleep 0.1
	done
	out=$("$top/build/tools/xtcpize" run curl -sS -g \
		"http://[::1]:$port/hello.txt" 2>&1)
	check "v6: xtcpize'd curl -g http://[::1]:$port/ from xtcpize'd python3" \
		"$out $(tail -3 "$work/py.log")" test "$out" = "hello over xtcp6"
	# Closed on both sides: no row but the listener's and TIME_WAIT.
	for i in $(seq 100); do
		rows=$(awk -v p="]:$port" 'NR > 1 && $3 != "LISTEN" &&
			(index($1, p) || index($2, p))' /proc/net/xtcp)
		st=$(echo "$rows" | awk 'NF { print $3 }' | sort -u | tr '\n' ' ')
		[ "$st" != "TIME_WAIT " ] || break
		sleep 0.1
	done
	echo "$rows" | sed 's/^/# /'
	check "v6: /proc/net/xtcp: the connection, [::1] to [::1], closed into TIME_WAIT" \
		"states: $st" test "$st" = "TIME_WAIT "
	check "v6: ... its row is [::1] at both ends" "$rows" \
		grep -Eq '^\[::1\]:[0-9]+ +\[::1\]:[0-9]+ +TIME_WAIT ' <<< "$rows"
	# The last ACK has left lo's capture point.
	sleep 0.5
	kill "$spid" 2>/dev/null
	kill "$tpid" 2>/dev/null
	wait "$tpid" 2>/dev/null
	wait "$spid" 2>/dev/null
	cat "$work/tcpdump.log" | sed 's/^/# tcpdump: /'

	out=$(tshark -r "$cap" -d ip.proto==253,tcp -o tcp.check_checksum:TRUE \
		-T fields -e ipv6.nxt -e ipv6.src -e ipv6.dst -e tcp.srcport \
		-e tcp.flags -e tcp.len -e tcp.checksum.status \
		-e frame.protocols -e _ws.malformed 2>/dev/null)
	echo "$out" | sed 's/^/# /'
	n=$(echo "$out" | grep -c .)
	check "v6: the capture has the connection's segments" "$n segments" \
		test "$n" -ge 7
	while IFS=$'\t' read -r nxt src dst sport fl len cs protos mal; do
		[ -n "$nxt" ] || continue
		[ "$nxt" = 253 ] && [ "$src" = ::1 ] && [ "$dst" = ::1 ] ||
			badaddr=$((badaddr + 1))
		[ "$cs" = 1 ] && [ -z "$mal" ] && [[ $protos =~ :ipv6:tcp(:|$) ]] ||
			bad=$((bad + 1))
		flags=$((16#${fl#0x}))
		f=$((flags & 0x17))	# FIN SYN RST ACK
		[ "$f" -ne 2 ] || syn=$((syn + 1))
		[ "$f" -ne 18 ] || synack=$((synack + 1))
		[ $((flags & 4)) -eq 0 ] || rst=$((rst + 1))
		if [ $((flags & 1)) -ne 0 ]; then
			if [ "$sport" = $port ]; then
				fin_s=$((fin_s + 1))
			else
				fin_c=$((fin_c + 1))
			fi
		fi
		[ "$f" -ne 16 ] || [ "${len:-0}" -ne 0 ] || ack=$((ack + 1))
		if [ "${len:-0}" -gt 0 ]; then
			if [ "$sport" = $port ]; then
				data_s=$((data_s + 1))
			else
				data_c=$((data_c + 1))
			fi
		fi
	done <<< "$out"
	check "v6: every segment is IPv6, Next Header 253, ::1 to ::1" \
		"$badaddr of $n are not" test "$badaddr" -eq 0 -a "$n" -gt 0
	check "v6: -d ip.proto==253,tcp: every segment is TCP with a good checksum" \
		"$bad of $n are not (or malformed)" test "$bad" -eq 0 -a "$n" -gt 0
	check "v6: one SYN" "$syn" test "$syn" -eq 1
	check "v6: one SYN-ACK" "$synack" test "$synack" -eq 1
	check "v6: data both ways" "client $data_c, server $data_s segments" \
		test "$data_c" -ge 1 -a "$data_s" -ge 1
	check "v6: a FIN from each side" "client $fin_c, server $fin_s" \
		test "$fin_c" -eq 1 -a "$fin_s" -eq 1
	check "v6: pure ACKs" "$ack" test "$ack" -ge 2
	check "v6: no RST" "$rst" test "$rst" -eq 0

	# Without -d, protocol 253 is not TCP to Wireshark.
	out=$(tshark -r "$cap" -T fields -e frame.protocols 2>/dev/null)
	check "v6: without -d, tshark does not take them for TCP" \
		"$(echo "$out" | sort -u | head -3)" \
		test -n "$out" -a -z "$(echo "$out" | grep ':tcp')"
	# The plugin, with no -d: XTCP over TCP, over IPv6 too.
	out=$(tshark -r "$cap" -X "lua_script:$lua" -o tcp.check_checksum:TRUE \
		-T fields -e _ws.col.Protocol -e frame.protocols \
		-e tcp.checksum.status 2>/dev/null)
	n=$(echo "$out" | grep -c .)
	f=$(echo "$out" | awk -F'\t' '$1 == "XTCP" && $2 ~ /:ipv6:xtcp:tcp(:|$)/ && $3 == 1' |
		grep -c .)
	check "v6: the plugin calls each XTCP over TCP (ipv6:xtcp:tcp), checksum good" \
		"$f of $n; $(echo "$out" | head -2)" test "$f" -eq "$n" -a "$n" -gt 0
	[ -z "${XTCP_WS_KEEP:-}" ] || cp "$cap" "$XTCP_WS_KEEP"
	rm -rf "$work"
}

v4
v6
echo "1..$checks"
exit $failed
