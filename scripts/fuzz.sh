#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make fuzz: the fuzzers, long, on the debug kernels (Documentation/
# testing.rst). On the debug kernel: xtcp-fuzz (XTCP_FUZZ_SEGS, 1,000,000
# segments), xtcp-diff against Linux TCP (XTCP_DIFF_SCRIPTS, 1000 scripts),
# trinity on AF_XTCP (XTCP_TRINITY_SECS, 600 s) and the stress test; on
# debug-fault, allocation failures under lifecycle and stream; on
# debug-kcsan, the stress test (XTCP_STRESS_SECS, 120 s). The seed is
# random unless XTCP_FUZZ_SEED is set; it is printed, and every finding
# names the seed that replays it. Like make check, the last line is
# "N passed, N failed"; results are in build/fuzz/.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
cd "$top"
out=$top/build/fuzz
rm -rf "$out"
mkdir -p "$out"
kernels=${XTCP_FUZZ_KERNELS:-"debug debug-fault debug-kcsan"}
seed=${XTCP_FUZZ_SEED:-$(printf '%#x' $(( ($(date +%s) * 2654435761) & 0xffffffffffff )))}
pass=0
fail=0
start=$SECONDS

# shellcheck source=scripts/steps.sh
. "$here/steps.sh"

summary() {
	echo "make fuzz: $((SECONDS - start)) s, seed $seed"
	echo "$pass passed, $fail failed"
	[ "$fail" -eq 0 ]
	exit
}

echo "make fuzz: seed $seed"
step "install dependencies" "$out/install.log" "$here/install-deps.sh" || summary
step "user programs build" "$out/user.log" make -s user || summary
for k in $kernels; do
	v=${k#debug}
	step "$k kernel builds" "$out/kernel-$k.log" "$here/build-kernel.sh" \
		${v#-} || continue
	step "xtcp.ko builds for $k" "$out/build-$k.log" \
		"$here/build-module.sh" "$k" || continue
	res=$out/$k
	mkdir -p "$res"
	step "$k: guest runs the fuzzers, no splat or leak" "$res/qemu.log" \
		env XTCP_FUZZ_ONLY=1 XTCP_DIFF_STRICT=1 \
		XTCP_FUZZ_SEED="$seed" \
		XTCP_FUZZ_SEGS="${XTCP_FUZZ_SEGS:-1000000}" \
		XTCP_DIFF_SCRIPTS="${XTCP_DIFF_SCRIPTS:-1000}" \
		XTCP_TRINITY_SECS="${XTCP_TRINITY_SECS:-600}" \
		XTCP_STRESS_SECS="${XTCP_STRESS_SECS:-120}" \
		XTCP_TEST_LIMIT=14000 \
		"$here/qemu-run.sh" -k "$k" -r "$res" -t 15000 -- \
		tests/run.sh "$k" "build/mod-$k" "$res"
	guest_tally "$k" "$res"
	# The figures: segments, divergences, trinity.
	grep -h '^# \(fuzz\|diff\|stress\|NEW\|known\)' "$res"/*.log 2>/dev/null |
		sed "s/^/# $k: /" | head -60
done
summary
