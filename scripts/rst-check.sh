#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make check: every page of Documentation/ parses as reStructuredText with
# no warning from docutils (a table cut by a merge, a list that runs into
# a paragraph). Sphinx's own directives (toctree) are not docutils'.
set -u
cd "$(dirname "$0")/.."
# Debian's python3-docutils is /usr/bin/python3's; a python3 first in PATH
# may be another one.
py=
for p in python3 /usr/bin/python3; do
	if "$p" -c 'import docutils' 2>/dev/null; then
		py=$p
		break
	fi
done
[ -n "$py" ] || { echo "not ok - docutils: no python3 has it"; exit 1; }
fails=0
for f in Documentation/*.rst; do
	err=$("$py" - "$f" 2>&1 <<'PY'
import sys
import docutils.core
import docutils.utils

src = open(sys.argv[1]).read()
docutils.core.publish_doctree(src, settings_overrides={
    'report_level': docutils.utils.Reporter.WARNING_LEVEL,
    'halt_level': docutils.utils.Reporter.SEVERE_LEVEL + 1})
PY
)
	err=$(grep -E '\((WARNING|ERROR|SEVERE)/' <<< "$err" |
	      grep -v 'Unknown directive type "toctree"')
	if [ -z "$err" ]; then
		echo "ok - $f parses as reST with no warning"
	else
		echo "not ok - $f: $err"
		fails=$((fails + 1))
	fi
done
[ "$fails" -eq 0 ]
