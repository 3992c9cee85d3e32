#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Fail if a console log shows a kernel splat. Prints the offending lines.
# Only kernel lines count: they carry a printk timestamp, so the output of
# guest programs on the same console (depmod's "WARNING:", say) does not.
# Usage: splat-scan.sh console.log
set -u
pat='BUG:|WARNING:|UBSAN:|KASAN|Oops|general protection fault|Kernel panic'
pat+='|refcount_t:|blocked for more than|soft lockup|rcu.*detected stalls'
pat+='|suspected memory leak|unreferenced object|Call Trace:|kernel BUG at'
pat+='|possible recursive locking|circular locking|inconsistent lock state'
pat+='|ODEBUG:|list_add corruption|list_del corruption'
if grep -aE '^\[ *[0-9]+\.[0-9]+\]' "$1" | grep -aE "$pat" | head -20 | grep -a .; then
	echo "splat-scan: kernel splat in $1" >&2
	exit 1
fi
exit 0
