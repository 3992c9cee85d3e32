#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# tools/wireshark/xtcp.lua on a real capture: twohost's S1+S2 between two
# network namespaces (/tmp/s1s2.pcap, seven segments). With the plugin and
# no -d, tshark must call each one XTCP, dissect it as TCP (ip:xtcp:tcp)
# and find its checksum good. scripts/wireshark-check.py checks flags,
# seq/ack and a bad checksum on a capture of its own.
here=$(cd "$(dirname "$0")" && pwd)
pcap=${1:-/tmp/s1s2.pcap}
if [ ! -s "$pcap" ]; then
	echo "1..1"
	echo "not ok - no capture at $pcap (twohost makes it)"
	exit 1
fi
echo "1..2"
out=$(tshark -r "$pcap" -X "lua_script:$here/../tools/wireshark/xtcp.lua" \
	-o tcp.check_checksum:TRUE -T fields -e _ws.col.Protocol \
	-e frame.protocols -e tcp.checksum.status 2>/dev/null)
echo "$out"
n=$(echo "$out" | grep -c .)
good=$(echo "$out" | awk -F'\t' '$1 == "XTCP" && $2 ~ /:ip:xtcp:tcp$/ && $3 == 1' |
	grep -c .)
if [ "$n" -eq 7 ]; then
	echo "ok - the capture has S1+S2's seven segments"
else
	echo "not ok - the capture has $n segments, want 7"
fi
if [ "$good" -eq "$n" ] && [ "$n" -gt 0 ]; then
	echo "ok - each is XTCP over TCP with a good checksum, with no -d"
else
	echo "not ok - $good of $n are XTCP over TCP with a good checksum"
fi
