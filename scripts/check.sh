#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make check: install what is missing, build for every test kernel with
# warnings as errors, run checkpatch and sparse, then boot stock 6.1, stock
# 6.12 and the debug kernel (XTCP_KERNELS adds debug-fault, debug-kcsan)
# under QEMU and run the selftests (KUnit on the debug kernel,
# tests/fault.sh on debug-fault) and the fuzzers' slices. Each step, each
# guest check and each KUnit case counts once; the last line is
# "N passed, N failed".
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
cd "$top"
out=$top/build/check
rm -rf "$out"
mkdir -p "$out"
kernels=${XTCP_KERNELS:-"6.1 6.12 debug"}
pass=0
fail=0
start=$SECONDS

# shellcheck source=scripts/steps.sh
. "$here/steps.sh"

summary() {
	echo "make check: $((SECONDS - start)) s"
	echo "$pass passed, $fail failed"
	[ "$fail" -eq 0 ]
	exit
}

step "install dependencies" "$out/install.log" "$here/install-deps.sh" || summary
step "debug kernel builds (all fragment options present)" "$out/kernel.log" \
	"$here/build-kernel.sh" || summary
# shellcheck source=scripts/kernels.sh
. "$here/kernels.sh"
src=$(xtcp_source_dir)

# The debug kernel's variants (scripts/kconfig/VARIANT.config), if asked for.
for k in $kernels; do
	case $k in
	debug-*)
		step "$k kernel builds (all fragment options present)" \
			"$out/kernel-$k.log" "$here/build-kernel.sh" "${k#debug-}" ;;
	esac
done

declare -A built
for k in $kernels; do
	if step "xtcp.ko builds for $k without warnings" "$out/build-$k.log" \
		"$here/build-module.sh" "$k"; then
		built[$k]=1
	fi
done

files=(mod/*.[ch] kunit/*.[ch] include/uapi/linux/*.h)
step "checkpatch.pl --strict" "$out/checkpatch.log" \
	perl "$src/scripts/checkpatch.pl" --strict --no-tree --terse \
	--show-types -f "${files[@]}"
step "sparse (C=2) on 6.1" "$out/sparse.log" \
	env XTCP_BUILD_NAME=sparse "$here/build-module.sh" 6.1 C=2
step "user programs build" "$out/user.log" make -s user
step "splat-scan fires on a sample of each splat" "$out/splat-scan.log" \
	"$here/splat-scan-test.sh"
step "man pages render without warnings" "$out/man.log" "$here/man-check.sh"
step "Documentation/ parses as reST without warnings" "$out/rst.log" \
	"$here/rst-check.sh"
step "Wireshark plugin: tshark dissects XTCP as TCP, labelled XTCP" \
	"$out/wireshark.log" python3 "$here/wireshark-check.py"
step "make install and make uninstall (DESTDIR)" "$out/install.log" \
	"$here/install-check.sh" files
# DKMS for the stock kernels under test; their guests load its module.
dkms_kernels=()
for k in $kernels; do
	case $k in
	6.1|6.12) dkms_kernels+=("$(xtcp_stock_release "$k")") ;;
	esac
done
if [ ${#dkms_kernels[@]} -gt 0 ]; then
	step "DKMS builds and installs xtcp.ko for ${dkms_kernels[*]}" \
		"$out/dkms.log" "$here/install-check.sh" dkms-install \
		"${dkms_kernels[@]}"
fi

kunit_count() {
	local console=$1 ktap=$out/$2/kunit.ktap res
	sed -n '/XTCP-KUNIT-BEGIN/,/XTCP-KUNIT-END/p' "$console" |
		sed -e '1d;$d' -e 's/^\[ *[0-9]*\.[0-9]*\] //' > "$ktap.body"
	{
		echo "KTAP version 1"
		echo "1..$(grep -cE '^(not )?ok ' "$ktap.body")"
		cat "$ktap.body"
	} > "$ktap"
	res=$(cd "$src/tools/testing/kunit" &&
	      python3 ./kunit.py parse "$ktap" 2>&1)
	echo "$res" > "$out/$2/kunit.txt"
	local total p f
	total=$(echo "$res" | sed -n 's/.*Ran \([0-9]*\) tests.*/\1/p' | tail -1)
	p=$(echo "$res" | sed -n 's/.*passed: \([0-9]*\).*/\1/p' | tail -1)
	if [ -z "$total" ] || [ "$total" -eq 0 ]; then
		not_ok "$2: KUnit ran no tests"
		return
	fi
	p=${p:-0}
	f=$((total - p))
	pass=$((pass + p))
	fail=$((fail + f))
	echo "ok - $2: KUnit $p of $total cases passed"
	if [ "$f" -ne 0 ]; then
		echo "not ok - $2: KUnit $f cases failed"
		grep -E 'not ok|FAILED|Expected|\[FAILED\]' "$out/$2/kunit.txt" |
			head -40 | sed 's/^/    /'
	fi
}

for k in $kernels; do
	[ -n "${built[$k]:-}" ] || { not_ok "$k: guest tests (no module)"; continue; }
	res=$out/$k
	mkdir -p "$res"
	step "$k: guest boots, runs the tests, no splat or leak" "$res/qemu.log" \
		"$here/qemu-run.sh" -k "$k" -r "$res" -t 2400 -- \
		tests/run.sh "$k" "build/mod-$k" "$res"
	guest_tally "$k" "$res"
	[ ! -s "$res/times.txt" ] ||
		echo "# $k: seconds per test: $(tr '\n' ' ' < "$res/times.txt")"
	if [ "$k" = debug ]; then
		kunit_count "$res/console.log" "$k"
	fi
	# A crash in the segment fuzzer: the episode under way replays it.
	if [ -s "$res/fuzz.state" ] && ! grep -q 'fuzz: no finding' \
	   "$res/tests.tap" 2>/dev/null; then
		echo "# $k: xtcp-fuzz was in episode $(cut -d' ' -f1 \
		     "$res/fuzz.state"): build/tools/xtcp-fuzz -e EPISODE replays it"
	fi
done
if [ ${#dkms_kernels[@]} -gt 0 ]; then
	step "make dkms-uninstall leaves nothing behind" "$out/dkms-remove.log" \
		"$here/install-check.sh" dkms-remove "${dkms_kernels[@]}"
fi
summary
