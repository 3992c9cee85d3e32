#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Run every tests/peer/*.pkt script with build/tools/xtcp-peer (as root, with
# xtcp.ko loaded and TUN available). Each check prints "ok - SCRIPT: what"
# or "not ok - SCRIPT: what: why". Exits 1 if any check failed.
# Usage: peer.sh [SCRIPT...]   (default: all of tests/peer/)
set -u
here=$(cd "$(dirname "$0")" && pwd)
peer=$here/../build/tools/xtcp-peer
failed=0

[ $# -gt 0 ] || set -- "$here"/peer/*.pkt
for script; do
	name=$(basename "$script")
	out=$(timeout 120 "$peer" "$script" 2>&1)
	rc=$?
	printf '%s\n' "$out" | grep -v '^\(not \)\?ok - ' | sed "s#^#\# $name: #"
	printf '%s\n' "$out" | grep '^\(not \)\?ok - '
	if ! printf '%s\n' "$out" | grep -q '^\(not \)\?ok - '; then
		echo "not ok - $name: no checks ran (exit $rc)"
		failed=1
	elif [ "$rc" -ne 0 ]; then
		printf '%s\n' "$out" | grep -q '^not ok - ' ||
			echo "not ok - $name: exited $rc"
		failed=1
	fi
done
exit $failed
