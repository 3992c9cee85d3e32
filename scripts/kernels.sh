# SPDX-License-Identifier: GPL-2.0
# Sourced: where each test kernel lives. A kernel is named 6.1, 6.12, debug
# or debug-VARIANT (debug-fault, debug-kcsan: scripts/kconfig/VARIANT.config).

# Kernel builds and initramfs images are cached here, outside the repo.
xtcp_cache_dir() {
	echo "${XTCP_CACHE:-${XDG_CACHE_HOME:-${HOME:-/var/tmp}/.cache}/xtcp}"
}

# The linux-source-6.1 version, and where build-kernel.sh extracts it.
xtcp_source_version() {
	dpkg-query -W -f='${Version}' linux-source-6.1
}

xtcp_source_dir() {
	echo "$(xtcp_cache_dir)/src/linux-source-6.1-$(xtcp_source_version)"
}

xtcp_stock_release() {
	# The newest installed plain -amd64 flavour of a series.
	local f
	f=$(ls -1 /boot/vmlinuz-"$1".[0-9]*-amd64 2>/dev/null | grep -v -e -rt- -e -cloud- |
	    sort -V | tail -1)
	[ -n "$f" ] || { echo "no $1 kernel in /boot" >&2; return 1; }
	echo "${f#/boot/vmlinuz-}"
}

# The build of debug kernel @1 (debug or debug-VARIANT). XTCP_DEBUG_DIR
# names a build to use for "debug" instead (an experiment's, an old one).
xtcp_debug_dir() {
	local variant=${1:-debug}
	if [ "$variant" = debug ] && [ -n "${XTCP_DEBUG_DIR:-}" ]; then
		echo "$XTCP_DEBUG_DIR"
		return
	fi
	variant=${variant#debug}
	"$(dirname "${BASH_SOURCE[0]}")/build-kernel.sh" ${variant#-}
}

xtcp_kernel_release() {
	case $1 in
	6.1|6.12) xtcp_stock_release "$1" ;;
	debug|debug-*) cat "$(xtcp_debug_dir "$1")/include/config/kernel.release" ;;
	*) echo "unknown kernel $1" >&2; return 1 ;;
	esac
}

xtcp_kernel_image() {
	case $1 in
	6.1|6.12) echo "/boot/vmlinuz-$(xtcp_stock_release "$1")" ;;
	debug|debug-*) echo "$(xtcp_debug_dir "$1")/arch/x86/boot/bzImage" ;;
	*) echo "unknown kernel $1" >&2; return 1 ;;
	esac
}

# The build directory to compile modules against.
xtcp_kernel_build() {
	case $1 in
	6.1|6.12) echo "/usr/src/linux-headers-$(xtcp_stock_release "$1")" ;;
	debug|debug-*) xtcp_debug_dir "$1" ;;
	*) echo "unknown kernel $1" >&2; return 1 ;;
	esac
}
