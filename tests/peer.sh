#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Run the tests/peer/*.pkt scripts with build/tools/xtcp-peer (as root, with
# xtcp.ko loaded and TUN available). Each check prints "ok - SCRIPT: what"
# or "not ok - SCRIPT: what: why". Then the tool's own tests: each script in
# tests/peer/selftest/ must fail, with the message of its "# want:" line.
# Exits 1 if any check failed.
# With XTCP_PEER_IPV6=1, the scenarios run over IPv6 instead (xtcp-peer -6),
# their checks named "v6/SCRIPT"; those that are IPv4's by nature (ICMP
# errors, IP_ options) are skipped, with the reason. The self-tests run in
# the IPv4 pass only: they test the tool's checks, the same code in both,
# and their "# want:" lines are in IPv4's numbers.
# Usage: peer.sh [SCRIPT...]   (default: all of tests/peer/ and selftest/)
set -u
here=$(cd "$(dirname "$0")" && pwd)
peer=$here/../build/tools/xtcp-peer
failed=0
checks=0
v6= opt=()
[ "${XTCP_PEER_IPV6:-0}" = 0 ] || { v6=v6/; opt=(-6); }

# xtcp-ladder records each scenario, where the tracepoints are there.
ladder=
[ ! -d /sys/kernel/tracing/events/xtcp ] || ladder=$here/../tools/xtcp-ladder

# Scenarios run XTCP_PEER_JOBS (4) at a time: each xtcp-peer has a network
# namespace of its own, with its own sysctls and counters, and most of a
# scenario is waiting. Outputs are kept, and printed in order.
jobs=${XTCP_PEER_JOBS:-4}
outs=$(mktemp -d)
trap 'rm -rf "$outs"' EXIT

start_script() {
	( timeout 120 "$peer" "${opt[@]}" "$2" > "$outs/$1.out" 2>&1
	  echo $? > "$outs/$1.rc" ) &
}

# One scenario's checks, from its output. A failing one runs again alone,
# under xtcp-ladder, for its ladder as XTCP saw it: what the first run
# found stands.
report_script() {
	local name=$v6$1 out rc trace=/tmp/xtcp-peer-${v6:+v6-}$1.trace

	out=$(cat "$outs/$1.out")
	rc=$(cat "$outs/$1.rc")
	printf '%s\n' "$out" | grep -v '^\(not \)\?ok - ' | sed "s#^#\# $name: #"
	printf '%s\n' "$out" | grep '^\(not \)\?ok - '
	checks=$((checks + $(printf '%s\n' "$out" | grep -c '^\(not \)\?ok - ')))
	if [ "$rc" -ne 0 ] && [ -n "$ladder" ]; then
		timeout 120 "$ladder" -q --buffer-kb 1024 -w "$trace" -- \
			"$peer" "${opt[@]}" "$2" > /dev/null 2>&1
		echo "# $name: the ladder of a second run, alone, from XTCP's" \
		     "tracepoints ($trace):"
		"$ladder" -r "$trace" 2>&1 | sed "s#^#\# $name: #"
	fi
	if ! printf '%s\n' "$out" | grep -q '^\(not \)\?ok - '; then
		echo "not ok - $name: no checks ran (exit $rc)"
		checks=$((checks + 1))
		failed=1
	elif [ "$rc" -ne 0 ]; then
		printf '%s\n' "$out" | grep -q '^not ok - ' ||
			{ echo "not ok - $name: exited $rc"; checks=$((checks + 1)); }
		failed=1
	fi
}

# Run one self-test: it must fail, and say what its "# want:" line says.
run_selftest() {
	local name=selftest/$1 want out rc

	checks=$((checks + 1))
	want=$(sed -n 's/^# want: //p' "$2")
	out=$(timeout 60 "$peer" "$2" 2>&1)
	rc=$?
	if [ "$rc" -ne 0 ] && printf '%s\n' "$out" | grep '^not ok - ' |
	   grep -qF -- "$want"; then
		echo "ok - $name: fails with \"$want\""
	else
		echo "not ok - $name: want a failure with \"$want\"," \
		     "got exit $rc: $(printf '%s\n' "$out" | tail -1)"
		failed=1
	fi
}

if [ $# -eq 0 ]; then
	set -- "$here"/peer/*.pkt "$here"/peer/selftest/*.pkt
fi
for script; do
	case $script in */selftest/*) continue ;; esac
	while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do
		wait -n
	done
	start_script "$(basename "$script")" "$script"
done
wait
for script; do
	case $script in
	*/selftest/*)
		[ -n "$v6" ] || run_selftest "$(basename "$script")" "$script" ;;
	*) report_script "$(basename "$script")" "$script" ;;
	esac
done
# The plan (tests/run.sh): every check above was printed.
echo "1..$checks"
exit $failed
