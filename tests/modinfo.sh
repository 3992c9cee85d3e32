#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# modinfo shows each module parameter with its description, and the
# net-pf alias that lets socket() load the module.
ko=${XTCP_KO:?}
echo "1..5"
check() {
	if modinfo "$ko" | grep -qE "$2"; then
		echo "ok - $1"
	else
		echo "not ok - $1: no line matching '$2' in modinfo"
	fi
}
check "modinfo describes parameter family" '^parm: +family:.*family number.*\(int\)'
check "modinfo describes parameter ipproto" '^parm: +ipproto:.*IP protocol.*\(int\)'
check "modinfo has alias net-pf-22" '^alias: +net-pf-22$'
check "modinfo says license GPL" '^license: +GPL$'
check "modinfo has alias net-pf-16-proto-4-type-22 (sock_diag)" '^alias: +net-pf-16-proto-4-type-22$'
