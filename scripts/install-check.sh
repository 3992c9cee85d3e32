#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make check's install steps, on the host, in scratch trees under build/:
#
#   install-check.sh files
#       make install DESTDIR=build/install-root puts the module (found by
#       modprobe, aliases and all), the headers (they compile), the tools,
#       the man pages, the Wireshark plugin and the modules-load.d example
#       in place; make uninstall takes every one away again.
#   install-check.sh dkms-install K...
#       make dkms-install DESTDIR=build/dkms DKMS_KERNELS="K..." builds
#       and installs xtcp.ko through DKMS for each kernel release K; the
#       guest (tests/run.sh) then loads it from there on demand.
#   install-check.sh dkms-remove K...
#       make dkms-uninstall leaves nothing of XTCP in the DKMS trees.
#
# Prints one ok/not ok line per check; exits 1 if any failed.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
cd "$top"
fails=0

check() {
	if eval "$2"; then
		echo "ok - $1"
	else
		echo "not ok - $1${3:+: $3}"
		fails=$((fails + 1))
	fi
}

# Files under $1 that XTCP left, not counting depmod's index files that
# do not name it.
leftovers() {
	find "$1" -type f ! -name 'modules.*' 2>/dev/null
	grep -l xtcp "$1"/lib/modules/*/modules.* 2>/dev/null
}

files() {
	# shellcheck source=scripts/kernels.sh
	. "$here/kernels.sh"
	local root=$top/build/install-root kver plugin m out
	kver=$(xtcp_stock_release 6.1) || exit 1
	rm -rf "$root"
	scripts/build-module.sh 6.1 > /dev/null || exit 1
	check "make install DESTDIR=... runs" \
		"make -s install DESTDIR=$root KVER=$kver \
			KDIR=$(xtcp_kernel_build 6.1) \
			XTCP_KO=build/mod-6.1/xtcp.ko > build/install.log 2>&1" \
		"see build/install.log"
	check "module installed for $kver" \
		"[ -f $root/lib/modules/$kver/extra/xtcp.ko ]"
	out=$(modprobe -d "$root" -S "$kver" --show-depends net-pf-22 2>&1)
	check "modprobe finds net-pf-22 there (depmod ran)" \
		"[[ \"\$out\" == *extra/xtcp.ko* ]]" "$out"
	out=$(modprobe -d "$root" -S "$kver" --show-depends \
		net-pf-16-proto-4-type-22 2>&1)
	check "modprobe finds the sock_diag alias there" \
		"[[ \"\$out\" == *extra/xtcp.ko* ]]" "$out"
	check "the headers compile from the install" \
		"printf '#include <linux/xtcp.h>\n#include <linux/xtcp_diag.h>\nint main(void) { return AF_XTCP + (int)sizeof(struct xtcp_diag_msg); }\n' |
		 cc -x c -I$root/usr/include -o /dev/null -"
	for m in tools/*.c; do
		m=$(basename "$m" .c)
		[[ $m == lib* ]] && continue
		check "tool $m installed" "[ -x $root/usr/bin/$m ]"
	done
	check "xtcpss runs from the install" "$root/usr/bin/xtcpss -h > /dev/null"
	# Where xtcpize looks for it: ../lib/xtcpize from its own directory.
	check "xtcpize's library installed" \
		"[ -f $root/usr/lib/xtcpize/libxtcpize.so ]"
	for m in Documentation/man/*.[1-9]; do
		[ -e "$m" ] || continue
		check "man page $(basename "$m") installed" \
			"[ -f $root/usr/share/man/man${m##*.}/$(basename "$m") ]"
	done
	plugin=$(tshark -G folders 2>/dev/null |
		sed -n 's/^Global Lua Plugins:[[:space:]]*//p')
	check "Wireshark plugin in tshark's global Lua plugin folder" \
		"[ -n '$plugin' ] && [ -f $root$plugin/xtcp.lua ]"
	check "modules-load.d example installed" \
		"[ -f $root/usr/share/doc/xtcp/examples/modules-load.d/xtcp.conf ]"
	check "make uninstall DESTDIR=... runs" \
		"make -s uninstall DESTDIR=$root KVER=$kver \
			KDIR=$(xtcp_kernel_build 6.1) >> build/install.log 2>&1"
	out=$(leftovers "$root")
	check "make uninstall leaves nothing behind" "[ -z \"\$out\" ]" \
		"$(echo "$out" | head -5 | tr '\n' ' ')"
	out=$(modprobe -d "$root" -S "$kver" --show-depends net-pf-22 2>&1)
	check "modprobe no longer finds net-pf-22 there" \
		"[[ \"\$out\" != *xtcp.ko* ]]" "$out"
}

# DKMS's trees, and its signing key, all under build/dkms.
dkms_env() {
	droot=$top/build/dkms
	export mok_signing_key=$droot/mok.key mok_certificate=$droot/mok.pub
}

dkms_install() {
	local k out
	dkms_env
	rm -rf "$droot"
	mkdir -p "$droot"
	check "make dkms-install DESTDIR=... for $*" \
		"make -s dkms-install DESTDIR=$droot DKMS_KERNELS='$*' \
			> build/dkms.log 2>&1" "see build/dkms.log"
	for k in "$@"; do
		# 6.12's modules are compressed (CONFIG_MODULE_COMPRESS_XZ).
		check "dkms built and installed xtcp.ko for $k" \
			"ls $droot/lib/modules/$k/updates/dkms/xtcp.ko* > /dev/null"
		out=$(dkms status xtcp -k "$k" --dkmstree "$droot/var/lib/dkms" \
			--sourcetree "$droot/usr/src" 2>&1)
		check "dkms status: installed for $k" \
			"[[ \"\$out\" == *installed* ]]" "$out"
		out=$(modprobe -d "$droot" -S "$k" --show-depends net-pf-22 2>&1)
		check "modprobe finds net-pf-22 in the DKMS tree for $k" \
			"[[ \"\$out\" == *updates/dkms/xtcp.ko* ]]" "$out"
	done
}

dkms_remove() {
	local out
	dkms_env
	check "make dkms-uninstall DESTDIR=..." \
		"make -s dkms-uninstall DESTDIR=$droot DKMS_KERNELS='$*' \
			>> build/dkms.log 2>&1" "see build/dkms.log"
	rm -f "$droot/mok.key" "$droot/mok.pub"
	out=$(leftovers "$droot")
	check "make dkms-uninstall leaves nothing behind" "[ -z \"\$out\" ]" \
		"$(echo "$out" | head -5 | tr '\n' ' ')"
	check "nothing left in DKMS's own tree" \
		"[ -z \"\$(ls -A $droot/var/lib/dkms 2>/dev/null)\" ]"
}

case ${1:-} in
files) files ;;
dkms-install) shift; dkms_install "$@" ;;
dkms-remove) shift; dkms_remove "$@" ;;
*) echo "usage: install-check.sh files|dkms-install K...|dkms-remove K..." >&2
   exit 2 ;;
esac
[ "$fails" -eq 0 ]
