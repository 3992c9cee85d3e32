# SPDX-License-Identifier: GPL-2.0
# Sourced by the shell tests: the checks and the plan of tests/xtcp_test.h.
# tap_check STATUS NAME WHY prints "ok - NAME" if STATUS is 0, else
# "not ok - NAME: WHY"; tap_plan, last, prints "1..N" for the N checks made,
# which tests/run.sh requires: a script that stops early has no plan.
tap_checks=0
tap_failed=0

tap_check() {
	tap_checks=$((tap_checks + 1))
	if [ "$1" = 0 ]; then
		echo "ok - $2"
	else
		echo "not ok - $2: $3"
		tap_failed=1
	fi
}

tap_plan() {
	echo "1..$tap_checks"
}
