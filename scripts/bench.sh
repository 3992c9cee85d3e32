#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make bench: XTCP against Linux TCP, side by side, in one boot of Debian's
# stock 6.1 kernel under QEMU (TCG) with 2 vCPUs. Prints a table (median of
# the runs, with min and max) and writes it as JSON to build/bench/results.json.
#
# Usage: bench.sh [--quick] [-k K[,K...]] [-n RUNS] [-m MEM] [--only PARTS]
#                 [--perf]
#   --quick   each workload once, briefly, with 5000 and 20000 TIME_WAIT
#             entries (also XTCP_BENCH_QUICK=1)
#   -k K,...  TIME_WAIT levels for tw, ascending (100000,1000000)
#   -n RUNS   runs of each workload and family (5)
#   -m MEM    guest memory (2G; 4G when a level passes 200000)
#   --only P  only these parts, of crr,rr,trace,stream,crr6,rr6,stream6,
#             flood,apps,tw,diag (all); crr6, rr6 and stream6, crr, rr and
#             stream over IPv6 (TCP over AF_INET6, XTCP over
#             XTCPPROTO_XTCP6); diag times xtcpss against cat
#             /proc/net/xtcp at each tw level; trace, XTCP's crr and rr
#             with the per-segment tracepoints compiled in (disabled) and
#             out; flood, crr with one client without and during a SYN
#             flood
#   --perf    perf record XTCP's crr next to the full TIME_WAIT table
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/.."

usage() {
	echo "usage: bench.sh [--quick] [-k K[,K...]] [-n RUNS] [-m MEM]" \
	     "[--only PARTS] [--perf]" >&2
	exit 2
}
quick=${XTCP_BENCH_QUICK:-0} k='' runs=5 mem='' perf=''
parts=crr,rr,trace,stream,crr6,rr6,stream6,flood,apps,tw,diag
while [ $# -gt 0 ]; do
	case $1 in
	--quick) quick=1 ;;
	--perf) perf=-p ;;
	-k) k=$2; shift ;;
	-n) runs=$2; shift ;;
	-m) mem=$2; shift ;;
	--only) parts=$2; shift ;;
	*) usage ;;
	esac
	shift
done
# Seconds of a crr or rr run, of a stream run, of a crr run in tw.
if [ "$quick" = 1 ]; then
	runs=1 k=${k:-5000,20000} secs=1 ssecs=2 twsecs=1
else
	k=${k:-100000,1000000} secs=5 ssecs=5 twsecs=2
fi
args=(-n "$runs" -d "$secs" -s "$ssecs" -T "$twsecs")
kmax=${k##*,}
# A million XTCP entries take ~150 MB of slab and hash, TCP's fill as many
# sockets as it makes in the last minute: 2G is short of both.
[ -n "$mem" ] || { [ "$kmax" -gt 200000 ] && mem=4G || mem=2G; }
# Boot, then per run 4 x d of crr and rr, 6 x (s + 2) of stream, as much
# again over IPv6, and (levels + 1) x 2 x T of crr in tw, and the fills, at
# (under TCG) some 500 connections a second or more over both families.
nlev=$(tr ',' '\n' <<< "$k" | wc -l)
# apps: per run and family, iperf3 and wrk for s each, redis-benchmark
# and 20 HTTPS fetches (some 20 s under TCG). trace: per run, 4 x d and
# two reloads of the module. flood: per run and family, two crr runs of d
# and the flood's second before one, the processes' start and end.
timeout=$((180 + runs * (2 * (4 * secs + 6 * (ssecs + 2)) +
			 (nlev + 1) * 2 * twsecs + 20) + 2 * kmax / 500 +
	  runs * 2 * (2 * ssecs + 40) + runs * nlev * (30 + kmax / 10000) +
	  runs * (4 * secs + 10) + runs * 2 * (2 * secs + 6)))
args+=(-k "$k" -w "$parts")

"$here/install-deps.sh"
"$here/build-module.sh" 6.1 > /dev/null
# trace's other module: the per-segment tracepoints compiled out.
if [[ ",$parts," == *,trace,* ]]; then
	XTCP_BUILD_NAME=6.1-nosegtrace "$here/build-module.sh" 6.1 \
		CFLAGS_MODULE=-DXTCP_NO_SEGTRACE > /dev/null
fi
make -s user
res=build/bench
mkdir -p "$res"
rm -f "$res/raw.jsonl" "$res/env.json" "$res/results.json"
echo "Booting the stock 6.1 kernel under QEMU (TCG, 2 vCPUs, $mem)..."
rc=0 t0=$(date +%s)
"$here/qemu-run.sh" -k 6.1 -c 2 -m "$mem" -r "$res" -t "$timeout" -- \
	scripts/bench-guest.sh -o "$(pwd)/$res" -a TCG $perf "${args[@]}" || rc=$?
echo "bench: the guest ran $(($(date +%s) - t0)) s (limit ${timeout} s)"
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

levels = env["tw_levels"]
first, last = "tw_fill@%d" % levels[0], "tw_fill@%d" % levels[-1]

# (name, unit, tag, key, target on XTCP/TCP)
rows = [
    ("crr", "transactions/s", "crr", "rate", (">=", 1.2)),
    ("rr", "transactions/s", "rr", "rate", (">=", 1.0)),
    ("STREAM loopback MB/s", "MB/s", "stream_lo", "goodput_MBps",
     (">=", 0.8)),
    ("STREAM veth MB/s", "MB/s", "stream_veth", "goodput_MBps", (">=", 0.8)),
    ("goodput 1% loss MB/s", "MB/s", "stream_loss", "goodput_MBps",
     (">=", 0.8)),
    # The same over IPv6 (xtcp-bench -6): TCP over AF_INET6, XTCP over
    # XTCPPROTO_XTCP6. Reported, no target.
    ("crr6", "transactions/s", "crr6", "rate", None),
    ("rr6", "transactions/s", "rr6", "rate", None),
    ("STREAM6 loopback MB/s", "MB/s", "stream6_lo", "goodput_MBps", None),
    ("STREAM6 veth MB/s", "MB/s", "stream6_veth", "goodput_MBps", None),
    ("goodput6 1% loss MB/s", "MB/s", "stream6_loss", "goodput_MBps",
     None),
    # flood: one client over veth, listen backlog 128, SYN cookies 1.
    ("crr 1 client, veth", "transactions/s", "flood_base", "rate", None),
    ("crr 1 client, SYN flood", "transactions/s", "flood_on", "rate", None),
    ("flood: SYNs/s sent", "SYNs/s", "flood_syns", "syns_per_s", None),
    ("flood: requests at start", "requests", "flood_syns",
     "syn_recv_at_start", None),
    ("flood: cookies sent", "SYN+ACKs", "flood_syns", "cookies_sent", None),
    ("flood: cookies back, valid", "ACKs", "flood_syns", "cookies_recv",
     None),
    ("flood: SYNs dropped", "SYNs", "flood_syns", "listen_drops", None),
    ("iperf3 Mbit/s (xtcpize)", "Mbit/s", "app_iperf3", "mbps", (">=", 0.9)),
    ("redis SET requests/s", "requests/s", "app_redis_set", "rps",
     (">=", 0.9)),
    ("redis GET requests/s", "requests/s", "app_redis_get", "rps",
     (">=", 0.9)),
    ("nginx requests/s (wrk)", "requests/s", "app_nginx", "rps", (">=", 0.9)),
    # Time: 0.9 times TCP's speed is 1/0.9 times its time.
    ("HTTPS first byte ms", "ms", "app_https_ttfb", "ms", ("<=", 1.111)),
    ("tw bytes/entry (objsize)", "bytes", first, "objsize", ("<=", 0.5)),
    ("tw slab bytes/object", "bytes", first, "slab_bytes_per_obj",
     ("<=", 0.5)),
    ("tw slab bytes/live entry", "bytes", last, "slab_bytes_per_live", None),
]
for lvl in [0] + levels:
    if lvl:
        rows += [
            ("tw fill to %d: rate" % lvl, "connections/s",
             "tw_fill@%d" % lvl, "rate", None),
            ("tw fill to %d: entries" % lvl, "entries", "tw_fill@%d" % lvl,
             "tw_after", None),
            ("tw fill to %d: MemAvail/entry" % lvl, "bytes",
             "tw_mem@%d" % lvl, "per_entry", None),
        ]
    rows += [
        ("crr, %d made" % lvl, "transactions/s", "tw_crr@%d" % lvl, "rate",
         None),
        ("crr, %d made: empty netns" % lvl, "transactions/s",
         "tw_crr_empty@%d" % lvl, "rate", None),
        ("crr, %d made: entries" % lvl, "entries", "tw_crr@%d" % lvl,
         "tw_before", None),
    ]

# Slab bytes a live entry costs once the fill is done; MemAvailable's drop
# over a fill per entry it added to the table (for TCP, those made in the
# last minute less those that expired meanwhile).
for r in runs:
    if r.get("tag", "").startswith("tw_fill@") and r.get("active_objs"):
        r["slab_bytes_per_live"] = round(
            r["num_slabs"] * r["pagesperslab"] * 4096.0 / r["active_objs"], 1)
    if r.get("tag", "").startswith("tw_mem@"):
        fill = [f for f in runs if f.get("tag") == "tw_fill" + r["tag"][6:]
                and f["family"] == r["family"]]
        if fill and fill[0]["tw_after"] > fill[0]["tw_before"]:
            r["per_entry"] = round(r["mem_available_drop_kb"] * 1024.0 /
                                   (fill[0]["tw_after"] -
                                    fill[0]["tw_before"]), 1)

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

# name: the ratio of crr's rate under tag num to tag den's, pair by pair
# (the runs alternate), per family; pairs are made by the runs' order, or
# by their "run" field where they have one.
def by_pair(name, num, den):
    fe = {}
    for f in ("tcp", "xtcp"):
        a = [r for r in runs if r.get("tag") == num and r.get("family") == f]
        b = [r for r in runs if r.get("tag") == den and r.get("family") == f]
        if all("run" in r for r in a + b):
            bs = {r["run"]: r["rate"] for r in b}
            pairs = [(r["rate"], bs.get(r["run"])) for r in a]
        else:
            pairs = zip([r["rate"] for r in a], [r["rate"] for r in b])
        fe[f] = summary([round(x / y, 3) for x, y in pairs if y])
    return {"metric": name, "unit": "ratio", "tcp": fe["tcp"],
            "xtcp": fe["xtcp"],
            "xtcp_over_tcp": ratio(fe["xtcp"] and fe["xtcp"]["median"],
                                   fe["tcp"] and fe["tcp"]["median"])}

# flood: the connect rate during the flood over the rate without, run by
# run, after the flood's rows.
at = [m["metric"] for m in metrics].index("crr 1 client, SYN flood")
metrics.insert(at + 1, by_pair("crr flood/base, by pair", "flood_on",
                              "flood_base"))

# crr next to each level against the empty netns, pair by pair (the runs
# alternate): the median of the pairs' ratios, within 10% at 1,000,000.
for lvl in [0] + levels:
    m = by_pair("crr %d/empty, by pair" % lvl, "tw_crr@%d" % lvl,
                "tw_crr_empty@%d" % lvl)
    fe = {"tcp": m["tcp"], "xtcp": m["xtcp"]}
    if lvl == levels[-1]:
        m["target"] = "XTCP full/empty >= 0.9"
        m["met"] = None if not fe["xtcp"] else fe["xtcp"]["median"] >= 0.9
    metrics.append(m)

# Runs that ended in an error (a stall among them) are in the figures; say so.
errors = ["%s %s: %d error(s), first %s" % (r["tag"], r["family"],
                                            r["errors"], r.get("first_error"))
          for r in runs if r.get("errors")]

# diag: xtcpss against cat /proc/net/xtcp at each level of XTCP's fill.
# "check": -s and -a saw /proc's rows, and the filter brought that port's
# rows only, one message each and the NLMSG_DONE.
diag = []
for lvl in levels:
    rs = [r for r in runs if r.get("tag") == "diag@%d" % lvl]
    if not rs:
        continue
    d = {"level": lvl, "filter": rs[0]["filter"]}
    for k in ("cat_ms", "summary_ms", "all_ms", "port_ms"):
        d[k] = summary([r[k] for r in rs])
    for k in ("proc_rows", "summary_total", "all_rows", "port_rows",
              "port_rows_other", "proc_port_rows", "port_msgs", "port_bytes"):
        d[k] = rs[-1][k]
    d["check"] = (d["summary_total"] == d["proc_rows"] == d["all_rows"] and
                  d["port_rows"] == d["proc_port_rows"] and
                  not d["port_rows_other"] and
                  d["port_msgs"] == d["port_rows"] + 1)
    diag.append(d)

# trace: XTCP with the per-segment tracepoints compiled in and disabled
# (the module as built) over XTCP with them compiled out. Within noise:
# the ratio of the medians lies within the spread of the compiled-out
# module's own runs, [min/median..max/median].
trace = []
for name, tag in (("crr", "trace_crr"), ("rr", "trace_rr")):
    a = values(tag, "xtcp", "rate")
    b = values(tag + "_out", "xtcp", "rate")
    if not a and not b:
        continue
    sa, sb = summary(a), summary(b)
    m = {"metric": name, "unit": "transactions/s", "compiled_out": sb,
         "compiled_in": sa,
         "in_over_out": ratio(sa and sa["median"], sb and sb["median"]),
         "by_pair": summary([round(x / y, 3) for x, y in zip(a, b) if y])}
    if sb and sb["median"]:
        m["noise"] = [round(sb["min"] / sb["median"], 3),
                      round(sb["max"] / sb["median"], 3)]
        r = m["in_over_out"]
        m["met"] = None if r is None else m["noise"][0] <= r <= m["noise"][1]
    trace.append(m)

out = {"env": env,
       "method": "median of %d run(s) per figure, with min and max; "
                 "TCP and XTCP runs alternate" % env["runs"],
       "metrics": metrics, "errors": errors, "diag": diag, "trace": trace,
       "link_stats": [r for r in runs if r.get("tag") == "link_stats"]}
json.dump(out, open(res + "/results.json", "w"), indent=1)

def num(v):
    return "%.0f" % v if abs(v) >= 1000 else "%.4g" % v

def cell(s):
    if s is None:
        return "-"
    if not isinstance(s, dict):
        return num(s)
    if s["min"] == s["max"]:
        return num(s["median"])
    return "%s [%s..%s]" % (num(s["median"]), num(s["min"]), num(s["max"]))

print()
print("XTCP against TCP: kernel %s, %d vCPUs, %s; %s." %
      (env["kernel"], env["vcpus"], env["accel"], out["method"]))
print("crr: %d clients; stream: %g s a run; tw: levels %s, crr next to them "
      "%g s a run." % (env["clients"], env["stream_secs"],
                       ", ".join(map(str, levels)), env["tw_crr_secs"]))
if any(r.get("tag") == "flood_on" for r in runs):
    print("flood: crr over veth, 1 client, listen backlog 128, SYN cookies "
          "1, without and during a SYN flood at the listener.")
fmt = "%-32s %-26s %-26s %-9s %s"
# Only what ran: --only trace or diag leaves the main table empty.
if not any(m["tcp"] or m["xtcp"] for m in metrics):
    metrics = []
if metrics:
    print(fmt % ("metric", "TCP", "XTCP", "XTCP/TCP", "target"))
for m in metrics:
    tgt = m.get("target", "")
    if tgt:
        tgt += {True: " (met)", False: " (missed)", None: ""}[m.get("met")]
    r = m["xtcp_over_tcp"]
    print(fmt % (m["metric"], cell(m["tcp"]), cell(m["xtcp"]),
                 "-" if r is None else "%.3f" % r, tgt))
for e in errors:
    print("error: " + e)
if trace:
    print()
    print("Tracepoint cost: XTCP with xtcp_segment_send/recv compiled in and "
          "disabled (xtcp.ko as built)")
    print("over compiled out (-DXTCP_NO_SEGTRACE), reloaded in turn; within "
          "noise: in/out lies within")
    print("the compiled-out runs' own spread, [min/median..max/median].")
    print(fmt % ("metric", "compiled out", "compiled in, disabled", "in/out",
                 "target"))
    for m in trace:
        tgt = "within noise"
        if "noise" in m:
            tgt += " [%.3f..%.3f]" % tuple(m["noise"])
        tgt += {True: " (met)", False: " (missed)", None: ""}[m.get("met")]
        r = m["in_over_out"]
        print(fmt % (m["metric"], cell(m["compiled_out"]),
                     cell(m["compiled_in"]), "-" if r is None else "%.3f" % r,
                     tgt))
    for m in trace:
        print(fmt % (m["metric"] + " in/out, by pair", "", cell(m["by_pair"]),
                     "", ""))
if diag:
    print()
    print("xtcpss against cat /proc/net/xtcp, ms, with XTCP's table full:")
    dfmt = "%-9s %-20s %-20s %-20s %-20s %s"
    print(dfmt % ("rows", "cat /proc/net/xtcp", "xtcpss -s", "xtcpss -a",
                  "xtcpss FILTER", "FILTER: rows, messages, bytes, check"))
    for d in diag:
        print(dfmt % (d["proc_rows"], cell(d["cat_ms"]), cell(d["summary_ms"]),
                      cell(d["all_ms"]), cell(d["port_ms"]),
                      "%s, %s, %s, %s" % (d["port_rows"], d["port_msgs"],
                                          d["port_bytes"],
                                          "ok" if d["check"] else "FAILED")))
    print("FILTER: " + ", ".join(sorted(set(d["filter"] for d in diag))))
# Counter totals over the veth runs (clean, then clean and lossy together).
for r in out["link_stats"]:
    print("counters after %s in %s: backlog drops %s; TCP %s; XTCP %s" % (
        r["after"], r["ns"], r.get("backlog_drops"),
        " ".join("%s %s" % (k.replace("TcpExt", ""), v)
                 for k, v in r["tcp"].items()),
        " ".join("%s %s" % kv for kv in r["xtcp"].items())))
print("\n(%s/results.json)" % res)
EOF
[ "$rc" -eq 0 ] || echo "bench: the guest failed (rc $rc); see $res/console.log" >&2
exit "$rc"
