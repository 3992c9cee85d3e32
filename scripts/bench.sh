#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make bench: XTCP against Linux TCP, side by side, in one boot of Debian's
# stock 6.1 kernel under QEMU (TCG) with 2 vCPUs. Prints a table (median of
# the runs, with min and max) and writes it as JSON to build/bench/results.json.
#
# Usage: bench.sh [--quick] [-k K] [-n RUNS] [-m MEM] [--perf]
#   --quick   each workload once, briefly, with 5000 TIME_WAIT entries
#             (also XTCP_BENCH_QUICK=1)
#   -k K      TIME_WAIT entries for tw (100000; 1000000 wants -m 4G)
#   -n RUNS   runs of each workload and family (5)
#   -m MEM    guest memory (2G)
#   --perf    perf record XTCP's crr next to a full TIME_WAIT table
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/.."

quick=${XTCP_BENCH_QUICK:-0} k=100000 runs=5 mem=2G perf=
while [ $# -gt 0 ]; do
	case $1 in
	--quick) quick=1 ;;
	--perf) perf=-p ;;
	-k) k=$2; shift ;;
	-n) runs=$2; shift ;;
	-m) mem=$2; shift ;;
	*) echo "usage: bench.sh [--quick] [-k K] [-n RUNS] [-m MEM] [--perf]" >&2
	   exit 2 ;;
	esac
	shift
done
if [ "$quick" = 1 ]; then
	args=(-n 1 -d 1 -T 1 -k 5000)
	timeout=300
else
	args=(-n "$runs" -d 5 -T 2 -k "$k")
	# Boot, then per run 4 x 5 s of crr and rr and 4 x 2 s of crr in tw,
	# and the fills at (under TCG) some 1000 connections a second or more.
	timeout=$((120 + runs * 40 + 2 * k / 1000))
fi

"$here/install-deps.sh"
"$here/build-module.sh" 6.1 > /dev/null
make -s user
res=build/bench
mkdir -p "$res"
rm -f "$res/raw.jsonl" "$res/env.json" "$res/results.json"
echo "Booting the stock 6.1 kernel under QEMU (TCG, 2 vCPUs, $mem)..."
rc=0
"$here/qemu-run.sh" -k 6.1 -c 2 -m "$mem" -r "$res" -t "$timeout" -- \
	scripts/bench-guest.sh -o "$(pwd)/$res" -a TCG $perf "${args[@]}" || rc=$?
if [ ! -s "$res/raw.jsonl" ] || [ ! -s "$res/env.json" ]; then
	echo "bench: no results (rc $rc); see $res/output.log and $res/console.log" >&2
	exit 1
fi

# The table and results.json, from the runs' JSON lines.
python3 - "$res" <<'EOF'
import json, statistics, sys

res = sys.argv[1]
env = json.load(open(res + "/env.json"))
runs = [json.loads(l) for l in open(res + "/raw.jsonl") if l.startswith("{")]

def values(tag, fam, key):
    return [r[key] for r in runs
            if r.get("tag") == tag and r.get("family") == fam
            and r.get(key) is not None]

def summary(vals):
    if not vals:
        return None
    return {"median": statistics.median(vals), "min": min(vals),
            "max": max(vals), "runs": vals}

# (name, unit, tag, key, target on XTCP/TCP or on XTCP's full/empty)
rows = [
    ("crr", "transactions/s", "crr", "rate", (">=", 1.2)),
    ("rr", "transactions/s", "rr", "rate", (">=", 1.0)),
    ("tw bytes/entry (objsize)", "bytes", "tw_fill", "objsize", ("<=", 0.5)),
    ("tw slab bytes/object", "bytes", "tw_fill", "slab_bytes_per_obj",
     ("<=", 0.5)),
    ("tw slab bytes grown/entry", "bytes", "tw_fill",
     "slab_bytes_grown_per_entry", None),
    ("tw MemAvailable drop/entry", "bytes", "tw_mem", "per_entry", None),
    ("tw fill rate", "connections/s", "tw_fill", "rate", None),
    ("tw entries after fill", "entries", "tw_fill", "tw_after", None),
    ("crr, TIME_WAIT table empty", "transactions/s", "tw_crr_empty", "rate",
     None),
    ("crr, TIME_WAIT table full", "transactions/s", "tw_crr_full", "rate",
     None),
    ("entries during crr full", "entries", "tw_crr_full", "tw_before", None),
]

# MemAvailable's drop over the fill, per entry made.
for r in runs:
    if r.get("tag") == "tw_mem":
        fill = [f for f in runs if f.get("tag") == "tw_fill"
                and f["family"] == r["family"]]
        if fill and fill[0]["ops"]:
            r["per_entry"] = round(r["mem_available_drop_kb"] * 1024.0 /
                                   fill[0]["ops"], 1)

def ratio(a, b):
    return round(a / b, 3) if a is not None and b else None

metrics = []
for name, unit, tag, key, target in rows:
    t, x = summary(values(tag, "tcp", key)), summary(values(tag, "xtcp", key))
    m = {"metric": name, "unit": unit, "tcp": t, "xtcp": x,
         "xtcp_over_tcp": ratio(x and x["median"], t and t["median"])}
    if target:
        m["target"] = "XTCP/TCP %s %s" % target
        r = m["xtcp_over_tcp"]
        m["met"] = None if r is None else (r >= target[1] if target[0] == ">="
                                           else r <= target[1])
    metrics.append(m)

# XTCP's crr next to the full table against the empty one: within 10%.
full = {f: summary(values("tw_crr_full", f, "rate")) for f in ("tcp", "xtcp")}
empty = {f: summary(values("tw_crr_empty", f, "rate")) for f in ("tcp", "xtcp")}
fe = {f: ratio(full[f] and full[f]["median"], empty[f] and empty[f]["median"])
      for f in ("tcp", "xtcp")}
metrics.append({"metric": "crr full/empty", "unit": "ratio",
                "tcp": fe["tcp"], "xtcp": fe["xtcp"],
                "xtcp_over_tcp": ratio(fe["xtcp"], fe["tcp"]),
                "target": "XTCP full/empty >= 0.9",
                "met": None if fe["xtcp"] is None else fe["xtcp"] >= 0.9})

out = {"env": env,
       "method": "median of %d run(s) per figure, with min and max; "
                 "TCP and XTCP runs alternate" % env["runs"],
       "metrics": metrics}
json.dump(out, open(res + "/results.json", "w"), indent=1)

def cell(s):
    if s is None:
        return "-"
    if not isinstance(s, dict):
        return "%g" % s
    if s["min"] == s["max"]:
        return "%.6g" % s["median"]
    return "%.6g [%.6g..%.6g]" % (s["median"], s["min"], s["max"])

print()
print("XTCP against TCP: kernel %s, %d vCPUs, %s; %s." %
      (env["kernel"], env["vcpus"], env["accel"], out["method"]))
print("crr: %d clients; tw: %d entries wanted, crr next to it %g s a run."
      % (env["clients"], env["tw_k"], env["tw_crr_secs"]))
fmt = "%-30s %-26s %-26s %-9s %s"
print(fmt % ("metric", "TCP", "XTCP", "XTCP/TCP", "target"))
for m in metrics:
    tgt = m.get("target", "")
    if tgt:
        tgt += {True: " (met)", False: " (missed)", None: ""}[m.get("met")]
    r = m["xtcp_over_tcp"]
    print(fmt % (m["metric"], cell(m["tcp"]), cell(m["xtcp"]),
                 "-" if r is None else "%.3f" % r, tgt))
print("\n(%s/results.json)" % res)
EOF
[ "$rc" -eq 0 ] || echo "bench: the guest failed (rc $rc); see $res/console.log" >&2
exit "$rc"
