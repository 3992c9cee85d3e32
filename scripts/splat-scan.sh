#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Fail if a console log shows a kernel splat. Prints the offending lines.
# Only kernel lines count: they carry a printk timestamp, so the output of
# guest programs on the same console (depmod's "WARNING:", say) does not.
# scripts/splat-scan-test.sh feeds it a sample line of each pattern.
# Usage: splat-scan.sh console.log
set -u
pat='BUG:|WARNING:|UBSAN:|KASAN|Oops|general protection fault|Kernel panic'
pat+='|refcount_t:|blocked for more than|hung.task|soft lockup|hard LOCKUP'
pat+='|rcu.*stall|unregister_netdevice: waiting for'
pat+='|suspected memory leak|unreferenced object|Call Trace:|kernel BUG at'
pat+='|possible recursive locking|circular locking|inconsistent lock state'
pat+='|ODEBUG:|list_add corruption|list_del corruption'
# Boot announcements that name a pattern without being one.
benign='RCU CPU stall warnings|hung_task_timeout_secs'
# A KCSAN report counts if one of its stacks runs through xtcp.ko: the
# races the core kernel is known to have are not XTCP's to fix.
kcsan_ours() {
	awk '
	/BUG: KCSAN:/ { inrep = 1; n = 0; ours = $0 ~ /xtcp_/ }
	inrep { buf[n++] = $0; if ($0 ~ /\[xtcp\]/) ours = 1
		if ($0 ~ /=====/ && n > 1) { flush(); inrep = 0 }; next }
	{ print }
	END { if (inrep) flush() }
	function flush(  i) {
		if (ours) for (i = 0; i < n; i++) print buf[i]
		else print "splat-scan: a KCSAN report outside xtcp.ko (ignored): " buf[0] > "/dev/stderr"
	}'
}
if grep -aE '^\[ *[0-9]+\.[0-9]+\]' "$1" | kcsan_ours | grep -aE "$pat" |
   grep -avE "$benign" | head -20 | grep -a .; then
	echo "splat-scan: kernel splat in $1" >&2
	exit 1
fi
exit 0
