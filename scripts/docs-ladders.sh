#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make docs-ladders: run S1, S2, S4, S5, S6 and S12 between two network
# namespaces in a guest of the stock 6.1 kernel (build/tests/ladder docs),
# record each with tools/xtcp-ladder, and draw them into
# Documentation/ladders/ (NAME.svg, from the trace NAME.trace).
# The terminal ladders go into Documentation/design.rst and README between
# their ".. BEGIN ladder NAME" and ".. END ladder NAME" lines.
# Usage: docs-ladders.sh [--from DIR]   (DIR: the traces of an earlier
# "build/tests/ladder docs DIR", or Documentation/ladders itself to draw
# them again; no guest then)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/.."
res=build/docs-ladders
if [ "${1:-}" = --from ]; then
	res=$2
else
	"$here/install-deps.sh"
	"$here/build-module.sh" 6.1 > /dev/null
	make -s user
	rm -rf "$res"
	mkdir -p "$res"
	echo "Booting the stock 6.1 kernel under QEMU (TCG)..."
	"$here/qemu-run.sh" -k 6.1 -r "$res" -t 600 -- \
		sh -c "insmod build/mod-6.1/xtcp.ko && build/tests/ladder docs $res"
fi
out=Documentation/ladders
mkdir -p "$out"
spdx="SPDX-License-Identifier: GPL-2.0"
text=$(mktemp -d)
trap 'rm -rf "$text"' EXIT
while read -r s title; do
	[ -s "$res/$s.trace" ] || { echo "docs-ladders: no $s.trace" >&2; exit 1; }
	if [ "$res" != "$out" ]; then
		{ echo "# $spdx"; grep -v "$spdx" "$res/$s.trace"; } > "$out/$s.trace"
	fi
	tools/xtcp-ladder -r "$out/$s.trace" -o "$out/$s.svg" \
		--title "$title" > "$text/$s.txt"
	sed -i "1a <!-- $spdx -->" "$out/$s.svg"
done <<'EOS'
s1 S1: the three-way handshake
s2 S2: the four-way teardown
s4 S4: FIN+ACK, from FIN_WAIT_1 straight to TIME_WAIT
s5 S5: simultaneous close (CLOSING)
s6 S6: the last ACK lost, the FIN sent again
s12 S12: simultaneous open
EOS
python3 - "$text" Documentation/design.rst README <<'EOF'
import re, sys

ladders = sys.argv[1]
for path in sys.argv[2:]:
    text = open(path).read()

    def block(m):
        lines = open("%s/%s.txt" % (ladders, m.group(2))).read().rstrip("\n")
        body = "\n".join(("    " + l).rstrip() for l in lines.split("\n"))
        return "%s\n::\n\n%s\n\n%s" % (m.group(1), body, m.group(3))
    text = re.sub(r"(\.\. BEGIN ladder (\w+)\n).*?(\.\. END ladder \2)",
                  block, text, flags=re.S)
    open(path, "w").write(text)
EOF
echo "docs-ladders: wrote $out/ and the ladders in design.rst and README"
