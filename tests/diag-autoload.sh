#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# xtcpss with xtcp.ko not loaded. sock_diag loads a handler's module only
# for a family already registered (sock_load_diag_module() in
# net/core/sock.c), so its request gets ENOENT; xtcpss then opens an
# AF_XTCP socket, which loads the module through net-pf-22, and asks
# again. tests/run.sh installs xtcp.ko where its modprobe wrapper finds it.
here=$(cd "$(dirname "$0")" && pwd)
xtcpss=$here/../build/tools/xtcpss
echo "1..3"
check() {
	if eval "$2"; then echo "ok - $1"; else echo "not ok - $1: $3"; fi
}
rmmod xtcp 2>/dev/null
check "xtcp is not loaded before" "[ ! -d /sys/module/xtcp ]" "it is"
out=$("$xtcpss" -l 2>&1)
rc=$?
check "xtcpss loads the module" "[ -d /sys/module/xtcp ]" \
	"no /sys/module/xtcp after xtcpss: $out"
check "xtcpss answers once it is loaded" "[ $rc -eq 0 ]" "exit $rc: $out"
