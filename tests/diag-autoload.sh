#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# MODULE_ALIAS_NET_PF_PROTO_TYPE(PF_NETLINK, NETLINK_SOCK_DIAG, 22): with
# xtcp.ko not loaded, xtcpss's request for family 22 makes the kernel run
# modprobe for net-pf-16-proto-4-type-22 (sock_load_diag_module() in
# net/core/sock_diag.c), and the dump answers. tests/run.sh installs
# xtcp.ko where its modprobe wrapper finds it.
here=$(cd "$(dirname "$0")" && pwd)
xtcpss=$here/../build/tools/xtcpss
check() {
	if eval "$2"; then echo "ok - $1"; else echo "not ok - $1: $3"; fi
}
rmmod xtcp 2>/dev/null
check "xtcp is not loaded before" "[ ! -d /sys/module/xtcp ]" "it is"
out=$("$xtcpss" -l 2>&1)
rc=$?
check "xtcpss loads the module through sock_diag" "[ -d /sys/module/xtcp ]" \
	"no /sys/module/xtcp after xtcpss: $out"
check "xtcpss answers once it is loaded" "[ $rc -eq 0 ]" "exit $rc: $out"
