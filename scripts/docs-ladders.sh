#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make docs-ladders: run S1, S2, S4, S5, S6 and S12 between two network
# namespaces in a guest of the stock 6.1 kernel (build/tests/ladder docs),
# record each with tools/xtcp-ladder, and write the ladders to
# Documentation/ladders/ (NAME.txt, NAME.svg and the trace, NAME.trace).
# The terminal ladders go into Documentation/design.rst and README between
# their ".. BEGIN ladder NAME" and ".. END ladder NAME" lines.
# Usage: docs-ladders.sh [--from DIR]   (DIR: ladders written by an
# earlier "build/tests/ladder docs DIR"; no guest then)
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
for s in s1 s2 s4 s5 s6 s12; do
	for ext in txt svg trace; do
		[ -s "$res/$s.$ext" ] || { echo "docs-ladders: no $s.$ext" >&2; exit 1; }
		cp "$res/$s.$ext" "$out/"
	done
done
python3 - "$out" Documentation/design.rst README <<'EOF'
import re, sys

out = sys.argv[1]
for path in sys.argv[2:]:
    text = open(path).read()

    def block(m):
        lines = open("%s/%s.txt" % (out, m.group(2))).read().rstrip("\n")
        body = "\n".join(("    " + l).rstrip() for l in lines.split("\n"))
        return "%s\n::\n\n%s\n\n%s" % (m.group(1), body, m.group(3))
    text = re.sub(r"(\.\. BEGIN ladder (\w+)\n).*?(\.\. END ladder \2)",
                  block, text, flags=re.S)
    open(path, "w").write(text)
EOF
echo "docs-ladders: wrote $out/ and the ladders in design.rst and README"
