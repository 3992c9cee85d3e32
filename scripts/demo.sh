#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make demo: boot Debian's stock 6.1 kernel under QEMU, load xtcp.ko, and
# walk one connection through the handshake (S1) and teardown (S2) between
# two network namespaces, with /proc/net/xtcp at each step, and its ladder
# diagram (tools/xtcp-ladder), also as build/demo/ladder.svg.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/.."
"$here/install-deps.sh"
"$here/build-module.sh" 6.1 > /dev/null
make -s user
res=build/demo
mkdir -p "$res"
rm -f "$res/ladder.svg" "$res/ladder.trace"
echo "Booting the stock 6.1 kernel under QEMU (TCG)..."
rc=0
"$here/qemu-run.sh" -k 6.1 -r "$res" -t 300 -- scripts/demo-guest.sh build/mod-6.1 "$res" || rc=$?
cat "$res/output.log" 2>/dev/null || true
if [ "$rc" -eq 0 ] && [ -s "$res/ladder.svg" ]; then
	echo
	echo "The ladder as SVG, time to scale: $(pwd)/$res/ladder.svg"
	echo "(open it in a browser; hover over an arrow for all its fields)"
fi
[ "$rc" -eq 0 ] || echo "demo: the guest failed (rc $rc); see $res/console.log" >&2
exit "$rc"
