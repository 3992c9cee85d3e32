#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Guest side of make check: run the selftests against one kernel.
# Usage: run.sh KERNEL MODDIR OUTDIR   (inside a QEMU guest, as PID 1's child)
# Writes OUTDIR/tests.tap: one "ok - KERNEL/test: check" or "not ok - ..."
# line per check. On a kernel with KUnit, also runs xtcp_kunit.ko between
# the console markers that scripts/check.sh cuts out.
set -u
kernel=$1 moddir=$(cd "$2" && pwd) out=$3
here=$(cd "$(dirname "$0")" && pwd)
bin=$here/../build/tests
tap=$out/tests.tap
: > "$tap"
: > "$out/times.txt"
export XTCP_KO=$moddir/xtcp.ko
# Timed two-host steps need more room on the slow debug kernel.
[ "$kernel" != debug ] || export XTCP_DELAY_MS=600
# It also fires timers late (by 250 ms seen), never early: the scripted
# peer allows that much more after a "+T".
[ "$kernel" != debug ] || export XTCP_PEER_LATE=0.35

# Run one test program; turn its output into tap lines. Its plan ("1..N",
# first or last: tests/xtcp_test.h) must be there and match its checks.
run_test() {
	local name=$1 rc log=$out/$1.log plan checks t0=$SECONDS
	shift
	timeout "${XTCP_TEST_LIMIT:-240}" "$@" > "$log" 2>&1
	rc=$?
	# How long each took, for make check's budget (testing.rst).
	echo "$name $((SECONDS - t0))" >> "$out/times.txt"
	sed -n "s#^\(not ok\|ok\) - #\1 - $kernel/$name: #p" "$log" >> "$tap"
	plan=$(sed -n 's/^1\.\.\([0-9]\+\)$/\1/p' "$log")
	checks=$(grep -c '^\(not \)\?ok - ' "$log")
	if [ "$checks" -eq 0 ]; then
		echo "not ok - $kernel/$name: no checks ran (exit $rc)" >> "$tap"
	elif [ "$rc" -ne 0 ] && ! grep -q '^not ok - ' "$log"; then
		echo "not ok - $kernel/$name: exited $rc" >> "$tap"
	fi
	if [ -z "$plan" ]; then
		echo "not ok - $kernel/$name: no plan (1..N): it stopped early" \
		     "(exit $rc)" >> "$tap"
	elif [ "$(echo "$plan" | wc -l)" -ne 1 ] || [ "$plan" -ne "$checks" ]; then
		echo "not ok - $kernel/$name: plan $(echo $plan), $checks checks" \
		     "ran (exit $rc)" >> "$tap"
	fi
	echo "--- $name (exit $rc)"
	cat "$log"
}

tools=$here/../build/tools
# The fuzzers' slices (make fuzz runs them long: scripts/fuzz.sh). A fixed
# seed by default, so that a failure here replays; XTCP_FUZZ_SEED moves it.
fuzz_slices() {
	local seed=${XTCP_FUZZ_SEED:-0x5eed}
	local limit=${XTCP_TEST_LIMIT:-1200} report=-R

	XTCP_FUZZ_STATE=$out/fuzz.state XTCP_TEST_LIMIT=$limit \
		run_test fuzz "$tools/xtcp-fuzz" -s "$seed" \
		-n "${XTCP_FUZZ_SEGS:-50000}"
	# Undocumented divergences fail make fuzz only, until each is fixed
	# or listed in diff-known.txt (XTCP_DIFF_STRICT=1 makes them fail).
	[ -z "${XTCP_DIFF_STRICT:-}" ] || report=
	XTCP_TEST_LIMIT=$limit run_test diff "$tools/xtcp-diff" -s "$seed" \
		-n "${XTCP_DIFF_SCRIPTS:-40}" -k "$here/diff-known.txt" $report
	# The tool's own test, Linux's TCP against itself, over IPv4 and
	# IPv6 (where XTCP is to go next): both must agree, and answer.
	if [ "$kernel" = 6.1 ]; then
		XTCP_TEST_LIMIT=$limit run_test diff-self "$tools/xtcp-diff" \
			-T -s "$seed" -n 10
		XTCP_TEST_LIMIT=$limit run_test diff-self6 "$tools/xtcp-diff" \
			-T -6 -s "$seed" -n 10
	fi
	XTCP_TEST_LIMIT=$limit XTCP_TRINITY_SECS=${XTCP_TRINITY_SECS:-30} \
		run_test trinity "$here/trinity.sh"
}

# Two CPUs at least (qemu-run.sh gives two): the debug kernels once saw
# one, and then no race between CPUs could happen, nor KCSAN see one.
ncpu=$(nproc)
if [ "$ncpu" -ge 2 ]; then
	echo "ok - $kernel/cpus: $ncpu CPUs online" >> "$tap"
else
	echo "not ok - $kernel/cpus: $ncpu CPU online, want 2" >> "$tap"
fi

# The debug kernel's variants run their own part (testing.rst).
modprobe tun 2>/dev/null
case $kernel in
debug-fault)
	insmod "$XTCP_KO"
	XTCP_TEST_LIMIT=${XTCP_TEST_LIMIT:-1200} run_test fault "$here/fault.sh"
	rmmod xtcp
	exit 0
	;;
debug-kcsan)
	insmod "$XTCP_KO"
	# KCSAN must be watching (qemu-run.sh's kcsan.early_enable=1):
	# allnoconfig leaves it built in but off.
	kcsan=/sys/kernel/debug/kcsan
	if grep -qx 'enabled: 1' "$kcsan"; then
		echo "ok - $kernel/kcsan: KCSAN is on" >> "$tap"
	else
		echo "not ok - $kernel/kcsan: KCSAN is on: $kcsan says" \
		     "$(head -1 "$kcsan" 2>/dev/null)" >> "$tap"
	fi
	XTCP_STRESS_SECS=${XTCP_STRESS_SECS:-30} run_test stress "$bin/stress"
	rmmod xtcp
	exit 0
	;;
esac
# make fuzz (scripts/fuzz.sh): the fuzzers alone, long.
if [ -n "${XTCP_FUZZ_ONLY:-}" ]; then
	insmod "$XTCP_KO"
	fuzz_slices
	run_test stress "$bin/stress"
	rmmod xtcp
	exit 0
fi

# Autoload: install xtcp.ko where a modprobe wrapper finds it.
mods=/tmp/xtcp-modules
kver=$(uname -r)
mkdir -p "$mods/lib/modules/$kver/extra"
cp "$XTCP_KO" "$mods/lib/modules/$kver/extra/"
depmod -b "$mods" "$kver" 2>/dev/null
cat > /tmp/xtcp-modprobe <<EOS
#!/bin/sh
/sbin/modprobe -d $mods "\$@" 2>/dev/null || exec /sbin/modprobe "\$@"
EOS
chmod +x /tmp/xtcp-modprobe
echo /tmp/xtcp-modprobe > /proc/sys/kernel/modprobe
# The module that make dkms-install built for this kernel, loaded on
# demand from its tree (scripts/install-check.sh made it on the host).
case $kernel in 6.1|6.12) run_test dkms "$here/dkms.sh" ;; esac
run_test autoload "$bin/autoload"
run_test diag-autoload "$here/diag-autoload.sh"
echo /sbin/modprobe > /proc/sys/kernel/modprobe

[ -d /sys/module/xtcp ] || insmod "$XTCP_KO"
run_test modinfo "$here/modinfo.sh"
# xtcpss and sock_diag; it reloads the module, so it runs while no other
# test has sockets or TIME_WAIT entries left (tests/diag.c).
diag_tw=4000
[ "$kernel" != debug ] || diag_tw=1000
XTCP_DIAG_TW=$diag_tw XTCP_TEST_LIMIT=600 run_test diag "$bin/diag"
for t in family badinput malformed netns lifecycle trace twohost stream many \
	hostile; do
	run_test "$t" "$bin/$t"
done
run_test lifecycle6 "$bin/lifecycle" -6
run_test stream6 "$bin/stream" -6
run_test many6 "$bin/many" -6
# IPv6's own: dual stack, bind()'s errnos, IPV6_* options, link-local
# scope IDs between two namespaces (tests/ipv6.c).
run_test ipv6 "$bin/ipv6"
# Path MTU discovery across a routed 1280-byte link (tests/pmtu.c).
pmtu_mb=16
[ "$kernel" != debug ] || pmtu_mb=4
XTCP_PMTU_MB=$pmtu_mb XTCP_TEST_LIMIT=400 run_test pmtu "$bin/pmtu"
XTCP_PMTU_MB=$pmtu_mb XTCP_TEST_LIMIT=400 run_test pmtu6 "$bin/pmtu" -6
# A SYN flood of 200,000 SYNs over TUN, with and without SYN cookies
# (tests/synflood.c); 30,000 on the debug kernel, which takes some 500 a
# second.
modprobe tun 2>/dev/null
flood_syns=200000
[ "$kernel" != debug ] || flood_syns=30000
XTCP_FLOOD_SYNS=$flood_syns XTCP_TEST_LIMIT=600 run_test synflood \
	"$bin/synflood"
# 1000 connections with full buffers under a small sysctl mem (tests/mem.c).
XTCP_TEST_LIMIT=900 run_test mem "$bin/mem"
# The Wireshark plugin on twohost's capture.
run_test wireshark "$here/wireshark.sh"
# Programs written for TCP, over XTCP through xtcpize: the calls and
# options next to Linux's TCP (tests/xtcpize.c), then Debian's own
# programs (tests/apps.sh; on the stock kernels: the debug one is too
# slow for them under TCG).
XTCP_TEST_LIMIT=450 run_test xtcpize "$here/../build/tools/xtcpize" run \
	"$bin/xtcpize"
[ "$kernel" = debug ] || XTCP_TEST_LIMIT=400 run_test apps "$here/apps.sh"
# Ladders against captures: on the stock kernels (the debug kernel's trace
# test covers the tracepoints under KASAN); minutes of TCG in tshark.
[ "$kernel" = debug ] || XTCP_TEST_LIMIT=600 run_test ladder "$bin/ladder"
# Bulk transfers both ways under netem (tests/xfer.c): 64 MiB each way on
# the stock kernels, as the issue asks; 4 MiB on the slow debug kernel.
xfer_mb=64
[ "$kernel" != debug ] || xfer_mb=4
XTCP_XFER_MB=$xfer_mb XTCP_XFER_TIMEOUT=150 XTCP_TEST_LIMIT=1500 \
	run_test xfer "$bin/xfer"
# The same over IPv6 (2001:db8:1::/64 on the veth): 64 MiB on 6.1, 16 on
# 6.12, within make check's hour.
[ "$kernel" != 6.12 ] || xfer_mb=16
XTCP_XFER_MB=$xfer_mb XTCP_XFER_TIMEOUT=150 XTCP_TEST_LIMIT=1500 \
	run_test xfer6 "$bin/xfer" -6
# The scripted peer needs a TUN device (a module on the stock kernels).
modprobe tun 2>/dev/null
# Some 60 scripts, with their timers: minutes on the debug kernel.
# Four scenarios at a time on 6.1; two on 6.12, whose vCPUs share one
# host thread; one on the debug kernel, where four at once delayed the
# scripted peer past its timers' tolerances.
peer_limit=420 peer_jobs=4
[ "$kernel" != 6.12 ] || peer_jobs=2
[ "$kernel" != debug ] || { peer_limit=900; peer_jobs=1; }
XTCP_PEER_JOBS=$peer_jobs XTCP_TEST_LIMIT=$peer_limit \
	run_test peer "$here/peer.sh"
# The same scenarios over IPv6 (xtcp-peer -6), named v6/SCRIPT.
XTCP_PEER_IPV6=1 XTCP_PEER_JOBS=$peer_jobs XTCP_TEST_LIMIT=$peer_limit \
	run_test peer6 "$here/peer.sh"
fuzz_slices
# It unloads and reloads the module too.
run_test stress "$bin/stress"
# Last: it unloads and reloads the module.
run_test module "$bin/module"

if [ -f "$moddir/xtcp_kunit.ko" ]; then
	echo "XTCP-KUNIT-BEGIN" > /dev/kmsg
	insmod "$moddir/xtcp_kunit.ko"
	echo "XTCP-KUNIT-END" > /dev/kmsg
	rmmod xtcp_kunit
fi
rmmod xtcp
exit 0
