#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build the debug kernel from linux-source-6.1: allnoconfig + scripts/kconfig/debug.config.
# The build lives outside the repo, keyed on the fragment and the source version,
# and is reused when the key matches. Prints the build directory on stdout.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
frag=$here/kconfig/debug.config
tarball=/usr/src/linux-source-6.1.tar.xz
# shellcheck source=scripts/kernels.sh
. "$here/kernels.sh"
cache=$(xtcp_cache_dir)
srcver=$(xtcp_source_version)
key=$( { echo "$srcver"; cat "$frag"; } | sha256sum | cut -c1-16)
src=$(xtcp_source_dir)
out=$cache/kernel-6.1-debug-$key
mkdir -p "$cache"

if [ -f "$out/.xtcp-built" ] && [ -f "$out/arch/x86/boot/bzImage" ]; then
	echo "$out"
	exit 0
fi

log() { echo "build-kernel: $*" >&2; }

if [ ! -f "$src/.xtcp-extracted" ]; then
	log "extracting $tarball"
	rm -rf "$src" "$src.tmp"
	mkdir -p "$src.tmp"
	tar -C "$src.tmp" --strip-components=1 -xf "$tarball"
	touch "$src.tmp/.xtcp-extracted"
	mv "$src.tmp" "$src"
fi

export CCACHE_DIR=$cache/ccache
export CCACHE_MAXSIZE=5G
cc="gcc"
command -v ccache >/dev/null && cc="ccache gcc"

mkdir -p "$out"
log "configuring $out"
make -s -C "$src" O="$out" KCONFIG_ALLCONFIG="$frag" allnoconfig >&2

# allnoconfig drops options silently (SLOB instead of SLUB drops KASAN, say):
# every line of the fragment must be in the final .config as written.
bad=0
while IFS= read -r line; do
	case "$line" in
	CONFIG_*=*)
		grep -qxF "$line" "$out/.config" || { log "missing: $line"; bad=1; } ;;
	"# CONFIG_"*" is not set")
		opt=${line#\# }; opt=${opt%% *}
		if grep -q "^$opt=" "$out/.config"; then log "should be unset: $opt"; bad=1; fi ;;
	esac
done < "$frag"
if [ "$bad" -ne 0 ]; then
	log "the final .config lacks options the fragment asks for"
	exit 1
fi

log "building (CC=$cc)"
make -s -C "$out" CC="$cc" -j"$(nproc)" >&2
touch "$out/.xtcp-built"
echo "$out"
