#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Guest side of make demo: load xtcp.ko and walk a connection through S1, S2.
set -eu
moddir=$1
echo "$ insmod xtcp.ko"
insmod "$moddir/xtcp.ko"
dmesg | grep -E '\] (xtcp: |NET: Registered PF_SNA)' | sed 's/^/  dmesg: /'
echo
build/tools/xtcp-demo
