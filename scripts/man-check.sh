#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make check: every man page in Documentation/man renders with no warning
# from man --warnings (groff -ww): unknown macros, lines that cannot be
# adjusted or broken, bad escapes. One ok/not ok line per page.
set -u
cd "$(dirname "$0")/.."
fails=0
for f in Documentation/man/*.[1-9]; do
	err=$(MANWIDTH=80 man --warnings -l "$f" 2>&1 > /dev/null)
	if [ -z "$err" ]; then
		echo "ok - man --warnings -l $f prints nothing"
	else
		echo "not ok - man --warnings -l $f: $err"
		fails=$((fails + 1))
	fi
done
[ "$fails" -eq 0 ]
