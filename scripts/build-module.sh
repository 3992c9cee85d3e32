#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build xtcp.ko (and xtcp_kunit.ko where KUnit is built in) for one test
# kernel in build/mod-KERNEL, a copy of the sources, with warnings as errors.
# Usage: build-module.sh 6.1|6.12|debug [extra make args]. Prints the dir.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
# shellcheck source=scripts/kernels.sh
. "$here/kernels.sh"
name=$1
shift
kdir=$(xtcp_kernel_build "$name")
out=$top/build/mod-${XTCP_BUILD_NAME:-$name}
mkdir -p "$out"
rsync -a --delete --exclude='*.o' --exclude='*.ko' --exclude='.*.cmd' \
	--exclude='*.mod*' --exclude=modules.order --exclude=Module.symvers \
	"$top/Kbuild" "$top/mod" "$top/kunit" "$top/include" "$out/"
# A failed build must not leave an old module to be tested.
rm -f "$out"/*.ko
# Kbuild's own output must be free of warnings and errors.
log=$out/build.log
if ! make -C "$kdir" M="$out" KCFLAGS=-Werror "$@" modules > "$log" 2>&1; then
	cat "$log" >&2
	exit 1
fi
if grep -iE 'warning|error' "$log" >&2; then
	exit 1
fi
echo "$out"
