#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Syscall fuzzing with trinity (Debian's package), limited to XTCP: every
# socket in the family SNA (22, AF_XTCP; trinity knows no other name for
# it), only socket fds, only the socket and I/O calls. It runs as nobody,
# as an attacker without privileges would, for XTCP_TRINITY_SECS (60).
# Then every XTCP connection must go and the XTCP slab must be back where
# it was; qemu-run.sh's splat and kmemleak scans do the rest.
# Usage (in the guest, root, xtcp.ko loaded): trinity.sh
set -u
secs=${XTCP_TRINITY_SECS:-60}
checks=0

check() {
	checks=$((checks + 1))
	if [ "$1" = 0 ]; then
		echo "ok - trinity: $2"
	else
		echo "not ok - trinity: $2: $3"
	fi
}

# In-use objects of slab cache $1, exact (tools/xtcp-proc.h does the same).
slab() {
	echo 1 > "/sys/kernel/slab/$1/shrink" 2>/dev/null
	awk -v n="$1" '$1 == n { print $2 }' /proc/slabinfo
}

if ! command -v trinity > /dev/null; then
	check 1 "installed" "no trinity (scripts/install-deps.sh installs it)"
	echo "1..$checks"
	exit 1
fi
if [ "$(cat /sys/module/xtcp/parameters/family)" != 22 ]; then
	check 1 "family 22" "trinity names 22 SNA; xtcp.ko uses another"
	echo "1..$checks"
	exit 1
fi
# What trinity leaves behind goes in seconds.
sysctl -qw net.xtcp.msl_ms=100 net.xtcp.fin_timeout=1 net.xtcp.retries2=3 \
	net.xtcp.synack_retries=1 net.xtcp.syn_retries=1
base=$(slab XTCP)
work=$(mktemp -d /tmp/trinity.XXXXXX)
chown 65534:65534 "$work"
calls=(socket bind listen accept accept4 connect sendto recvfrom sendmsg
       recvmsg sendmmsg recvmmsg setsockopt getsockopt shutdown getsockname
       getpeername poll ppoll select read write readv writev close dup
       fcntl ioctl splice)
args=()
for c in "${calls[@]}"; do
	args+=(-c "$c")
done
# Not under 9p's read-only root: trinity writes its files in its cwd.
(cd "$work" && timeout -s INT -k 20 "$secs" setpriv --reuid=65534 --regid=65534 \
	--clear-groups trinity -P SNA -q -l off -C 4 \
	--disable-fds=pipes,perf,epoll,eventfd,pseudo,timerfd,testfile,memfd,drm \
	"${args[@]}" > "$work/out" 2>&1)
rc=$?
tail -5 "$work/out" | sed 's/^/# /'
# timeout's INT ends it (124); anything else is trinity's own failure.
check "$([ "$rc" = 124 ] || [ "$rc" = 0 ]; echo $?)" \
	"ran ${secs}s as nobody on AF_XTCP sockets" "exit $rc"
grep -q "Using domain SNA" "$work/out" 2>/dev/null ||
	echo "# (trinity did not say which domain; -P SNA was given)"
# trinity's children end after it; their sockets close as they go.
for _ in $(seq 100); do
	pgrep -u 65534 > /dev/null || break
	sleep 0.2
done
for _ in $(seq 300); do
	rows=$(($(wc -l < /proc/net/xtcp) - 1))
	now=$(slab XTCP)
	[ "$rows" -eq 0 ] && [ "$now" = "$base" ] && break
	sleep 0.1
done
check "$([ "$rows" -eq 0 ] && [ "$now" = "$base" ]; echo $?)" \
	"every connection gone, XTCP slab back to $base" \
	"$rows rows, $now objects"
rm -rf "$work"
echo "1..$checks"
