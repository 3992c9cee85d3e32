#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Guest side of make bench, part apps: Debian's own programs over Linux's
# TCP and over XTCP through xtcpize, the families alternating run by run
# (scripts/bench-guest.sh calls this with xtcp.ko loaded). Each figure is a
# JSON line in RAW:
#   app_iperf3     iperf3 -c, SECS s: Mbit/s the receiver got ("mbps")
#   app_redis_set  redis-benchmark -t set,get -n 20000 -c 20: requests/s
#   app_redis_get  ("rps")
#   app_nginx      wrk -t 2 -c 20, SECS s, a small file from nginx: requests/s
#   app_https_ttfb curl --cacert, a new TLS 1.3 connection each: the median
#                  of 20 times to the first byte, ms ("ms")
# Usage: bench-apps.sh RAW RUNS SECS
set -u
if [ -z "${XTCP_BENCH_NETNS:-}" ]; then
	XTCP_BENCH_NETNS=1 exec unshare -n "$0" "$@"
fi
raw=$1 runs=$2 secs=$3
top=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /tmp/xtcp-bench-apps.XXXXXX)
chmod 755 "$work"
ip link set lo up
pids=()
cleanup() {
	local p
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
	for p in "$work"/nginx-*.pid; do
		[ ! -f "$p" ] || kill "$(cat "$p")" 2>/dev/null
	done
	sleep 0.5
	rm -rf "$work"
}
trap cleanup EXIT

# Each family's servers on ports of their own: TCP's base 10000, XTCP's
# 20000 (+80 nginx, +443 nginx TLS, +201 iperf3, +379 redis).
base() { [ "$1" = tcp ] && echo 10000 || echo 20000; }
wrap() { [ "$1" = tcp ] || echo "$top/build/tools/xtcpize run"; }

emit() {	# emit TAG FAMILY KEY VALUE
	[ -n "$4" ] || { echo "bench-apps: no figure for $1 $2" >&2; return; }
	echo "{\"tag\":\"$1\",\"family\":\"$2\",\"$3\":$4}" | tee -a "$raw"
}

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
	-days 1 -subj /CN=xtcp-bench -addext subjectAltName=IP:127.0.0.1 \
	-keyout "$work/key.pem" -out "$work/cert.pem" 2> /dev/null
mkdir -p "$work/www" "$work/tmp"
echo "hello over xtcp" > "$work/www/small.txt"

start_servers() {	# start_servers FAMILY
	local f=$1 b
	b=$(base "$f")
	cat > "$work/nginx-$f.conf" <<EOF
user root;
worker_processes 2;
pid $work/nginx-$f.pid;
error_log $work/nginx-$f.err warn;
events { worker_connections 1024; }
http {
	access_log off;
	sendfile on;
	tcp_nopush on;
	keepalive_requests 1000000;
	client_body_temp_path $work/tmp/body-$f;
	proxy_temp_path $work/tmp/proxy-$f;
	fastcgi_temp_path $work/tmp/fastcgi-$f;
	uwsgi_temp_path $work/tmp/uwsgi-$f;
	scgi_temp_path $work/tmp/scgi-$f;
	types { text/plain txt; }
	server { listen 127.0.0.1:$((b + 80)); root $work/www; }
	server {
		listen 127.0.0.1:$((b + 443)) ssl;
		ssl_certificate $work/cert.pem;
		ssl_certificate_key $work/key.pem;
		ssl_protocols TLSv1.3;
		root $work/www;
	}
}
EOF
	$(wrap "$f") nginx -e "$work/nginx-$f.err" -c "$work/nginx-$f.conf" \
		-p "$work"
	$(wrap "$f") iperf3 -s -B 127.0.0.1 -p $((b + 201)) > /dev/null 2>&1 &
	pids+=($!)
	$(wrap "$f") redis-server --port $((b + 379)) --bind 127.0.0.1 --save '' \
		--appendonly no --dir "$work" --protected-mode no > /dev/null 2>&1 &
	pids+=($!)
}

median() {
	sort -n | awk '{ v[NR] = $1 }
		END { if (!NR) exit; h = int((NR + 1) / 2)
			print (NR % 2) ? v[h] : (v[h] + v[h + 1]) / 2 }'
}

one_run() {	# one_run FAMILY
	local f=$1 b w out i
	b=$(base "$f")
	w=$(wrap "$f")
	out=$($w iperf3 -c 127.0.0.1 -p $((b + 201)) -t "$secs" -J 2>/dev/null |
		python3 -c 'import json, sys
j = json.load(sys.stdin)
print("%.1f" % (j["end"]["sum_received"]["bits_per_second"] / 1e6))' 2>/dev/null)
	emit app_iperf3 "$f" mbps "$out"
	out=$($w redis-benchmark -h 127.0.0.1 -p $((b + 379)) -t set,get \
		-n 20000 -c 20 -q 2>/dev/null | tr '\r' '\n')
	emit app_redis_set "$f" rps "$(sed -n 's/^SET: \([0-9.]*\) requests.*/\1/p' <<< "$out" | tail -1)"
	emit app_redis_get "$f" rps "$(sed -n 's/^GET: \([0-9.]*\) requests.*/\1/p' <<< "$out" | tail -1)"
	out=$($w wrk -t 2 -c 20 -d "${secs}s" "http://127.0.0.1:$((b + 80))/small.txt" 2>/dev/null |
		sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p')
	emit app_nginx "$f" rps "$out"
	out=$(for i in $(seq 20); do
		$w curl -s -o /dev/null --cacert "$work/cert.pem" \
			-w '%{time_starttransfer}\n' \
			"https://127.0.0.1:$((b + 443))/small.txt"
	done | awk '{ printf "%.3f\n", $1 * 1000 }' | median)
	emit app_https_ttfb "$f" ms "$out"
}

start_servers tcp
start_servers xtcp
sleep 2
for _ in $(seq "$runs"); do
	for f in tcp xtcp; do
		one_run $f
	done
done
