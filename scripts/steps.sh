# SPDX-License-Identifier: GPL-2.0
# Sourced by check.sh and fuzz.sh: their counted steps. The caller sets
# pass=0 and fail=0 first.

ok() { echo "ok - $*"; pass=$((pass + 1)); }
not_ok() { echo "not ok - $*"; fail=$((fail + 1)); }

# step NAME LOG CMD...: one counted step; its output goes to LOG.
step() {
	local name=$1 log=$2
	shift 2
	if "$@" > "$log" 2>&1; then
		ok "$name"
	else
		not_ok "$name (see $log)"
		tail -25 "$log" | sed 's/^/    /'
		return 1
	fi
}

# guest_tally K RES: count guest K's checks from RES/tests.tap, print the
# failing ones, and name the fuzzer's episode if it did not finish.
guest_tally() {
	local k=$1 res=$2 p f

	if [ -s "$res/tests.tap" ]; then
		p=$(grep -c '^ok - ' "$res/tests.tap")
		f=$(grep -c '^not ok - ' "$res/tests.tap")
		pass=$((pass + p))
		fail=$((fail + f))
		echo "ok - $k: $p guest checks passed"
		grep '^not ok - ' "$res/tests.tap"
	else
		not_ok "$k: the guest left no results (see $res/console.log)"
	fi
	# A crash ends the guest: the episode under way is the suspect.
	if [ -s "$res/fuzz.state" ] && ! grep -q '^ok - .*fuzz: no finding' \
	   "$res/tests.tap" 2>/dev/null; then
		echo "# $k: the last episode was $(cut -d' ' -f1 "$res/fuzz.state");" \
		     "replay: build/tools/xtcp-fuzz -e EPISODE"
	fi
}
