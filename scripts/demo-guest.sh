#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Guest side of make demo: load xtcp.ko and walk a connection through S1, S2,
# recorded by tools/xtcp-ladder: its ladder and DIR/ladder.svg at the end.
# Usage: demo-guest.sh MODDIR DIR
set -eu
moddir=$1 dir=$2
echo "$ insmod xtcp.ko"
insmod "$moddir/xtcp.ko"
dmesg | grep -E '\] (xtcp: |NET: Registered PF_SNA)' | sed 's/^/  dmesg: /'
echo
build/tools/xtcp-demo tools/xtcp-ladder "$dir"
