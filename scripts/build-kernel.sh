#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build the debug kernel from linux-source-6.1: allnoconfig + scripts/kconfig/debug.config.
# A variant (fault, kcsan) adds scripts/kconfig/VARIANT.config: its lines
# replace the debug fragment's lines for the same options. The build lives
# outside the repo, keyed on the merged fragment and the source version, and
# is reused when the key matches. Prints the build directory on stdout.
# Usage: build-kernel.sh [VARIANT]
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
variant=${1:-}
tarball=/usr/src/linux-source-6.1.tar.xz
# shellcheck source=scripts/kernels.sh
. "$here/kernels.sh"
cache=$(xtcp_cache_dir)
srcver=$(xtcp_source_version)
src=$(xtcp_source_dir)
mkdir -p "$cache"

# The option a fragment line sets or unsets, or nothing for a comment.
frag_opt() {
	case "$1" in
	CONFIG_*=*) echo "${1%%=*}" ;;
	"# CONFIG_"*" is not set") local o=${1#\# }; echo "${o%% *}" ;;
	esac
}

# debug.config, less the options the variant sets, then the variant.
merged_fragment() {
	local line opt
	declare -A over=()
	if [ -n "$variant" ]; then
		while IFS= read -r line; do
			opt=$(frag_opt "$line")
			[ -z "$opt" ] || over[$opt]=1
		done < "$here/kconfig/$variant.config"
	fi
	while IFS= read -r line; do
		opt=$(frag_opt "$line")
		[ -n "$opt" ] && [ -n "${over[$opt]:-}" ] && continue
		printf '%s\n' "$line"
	done < "$here/kconfig/debug.config"
	[ -z "$variant" ] || cat "$here/kconfig/$variant.config"
}

if [ -n "$variant" ] && [ ! -f "$here/kconfig/$variant.config" ]; then
	echo "build-kernel: no scripts/kconfig/$variant.config" >&2
	exit 2
fi
frag_text=$(merged_fragment)
key=$( { echo "$srcver"; echo "$frag_text"; } | sha256sum | cut -c1-16)
out=$cache/kernel-6.1-debug${variant:+-$variant}-$key

if [ -f "$out/.xtcp-built" ] && [ -f "$out/arch/x86/boot/bzImage" ]; then
	echo "$out"
	exit 0
fi

# One build of a key at a time: another caller waits for it, then finds it
# built (two makes in one O= dir would corrupt it).
exec 9> "$out.lock"
flock 9
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
frag=$out/xtcp.config
echo "$frag_text" > "$frag"
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
