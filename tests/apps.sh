#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Unmodified Debian programs over XTCP, through xtcpize on both ends:
# curl and nginx (keep-alive, a 64 MiB file by sendfile, 200 requests over
# 20 connections), HTTPS with TLS 1.3 (curl and nginx, openssl s_client and
# s_server), iperf3 both ways, redis-benchmark against redis-server, and
# python3's http.server and urllib. Over IPv6 too: curl to nginx on [::1]
# and on a dual-stack [::] (IPv4 clients too), python3's http.server on
# [::], the connections' [::1] and v4-mapped rows in /proc/net/xtcp. Also
# xtcpize's systemd drop-ins and its man page.
#
# Proof that the traffic was XTCP's, for each program: the XTCP counters of
# this network namespace (its own: nothing else runs in it) count the
# connections, Linux's TCP counters (/proc/net/snmp, IPv4 and IPv6) count
# none, and /proc/net/xtcp has the port while /proc/net/tcp and tcp6 do not.
#
# Usage (in the guest, xtcp.ko loaded): apps.sh [KERNEL]
# XTCP_APPS_TCP=1 runs the same over Linux's TCP, without xtcpize, to check
# the test itself (the proofs then fail, as they must).
set -u
if [ -z "${XTCP_APPS_NETNS:-}" ]; then
	XTCP_APPS_NETNS=1 exec unshare -n "$0" "$@"
fi
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
xtcpize=$top/build/tools/xtcpize
X=("$xtcpize" run)
[ -z "${XTCP_APPS_TCP:-}" ] || X=()
work=$(mktemp -d /tmp/xtcp-apps.XXXXXX)
chmod 755 "$work"
pids=()
failed=0

ip link set lo up

# Each check also counts in a file, subshells' too: the plan at the end
# (tests/run.sh wants "1..N"; testing.rst).
ok() { echo "ok - $1"; echo >> "$work/.checks"; }
notok() { echo "not ok - $1: $2"; failed=1; echo >> "$work/.checks"; }
check() {	# check NAME WHY COMMAND...
	local name=$1 why=$2
	shift 2
	if "$@"; then ok "$name"; else notok "$name" "$why"; fi
}

cleanup() {
	local p
	for p in "${pids[@]}"; do
		kill "$p" 2>/dev/null
	done
	[ ! -f "$work/nginx.pid" ] || kill "$(cat "$work/nginx.pid")" 2>/dev/null
	sleep 0.5
	rm -rf "$work"
}
trap cleanup EXIT

# A counter of /proc/net/xtcp_stat, of /proc/net/snmp's Tcp line.
xstat() { awk -v k="$1" '$1 == k { print $2 }' /proc/net/xtcp_stat; }
tstat() {
	awk -v k="$1" '/^Tcp:/ { if (!n) { for (i = 1; i <= NF; i++) c[$i] = i; n = 1 }
		else print $c[k] }' /proc/net/snmp
}
# Rows of /proc/net/xtcp and /proc/net/tcp{,6} with port $1 at either end.
xrows() { awk -v p=":$1" 'NR > 1 && (substr($1, length($1) - length(p) + 1) == p ||
	substr($2, length($2) - length(p) + 1) == p)' /proc/net/xtcp; }
trows() { awk -v p="$(printf ':%04X' "$1")" 'FNR > 1 &&
	(substr($2, length($2) - 4) == p || substr($3, length($3) - 4) == p)' \
	/proc/net/tcp /proc/net/tcp6; }

# Counters at the start of a program's test.
mark() {
	m_xa=$(xstat ActiveOpens) m_xp=$(xstat PassiveOpens)
	m_xi=$(xstat InSegs)
	m_ta=$(tstat ActiveOpens) m_tp=$(tstat PassiveOpens)
}

# proof NAME PORT MIN: at least MIN XTCP connections since mark, none of
# TCP's; the port in /proc/net/xtcp (its listener still up), not in tcp.
proof() {
	local name=$1 port=$2 min=$3 xa xp xi ta tp
	xa=$(( $(xstat ActiveOpens) - m_xa )) xp=$(( $(xstat PassiveOpens) - m_xp ))
	xi=$(( $(xstat InSegs) - m_xi ))
	ta=$(( $(tstat ActiveOpens) - m_ta )) tp=$(( $(tstat PassiveOpens) - m_tp ))
	echo "# $name: XTCP ActiveOpens +$xa PassiveOpens +$xp InSegs +$xi; TCP ActiveOpens +$ta PassiveOpens +$tp"
	check "$name: proof: xtcp_stat counts $min connections or more" \
		"ActiveOpens +$xa, PassiveOpens +$xp" \
		test "$xa" -ge "$min" -a "$xp" -ge "$min" -a "$xi" -gt 0
	check "$name: proof: Linux TCP opened no connection" \
		"ActiveOpens +$ta, PassiveOpens +$tp" test "$ta" -eq 0 -a "$tp" -eq 0
	check "$name: proof: /proc/net/xtcp has port $port" "no row" \
		test -n "$(xrows "$port")"
	check "$name: proof: /proc/net/tcp and tcp6 have nothing on port $port" \
		"$(trows "$port" | head -1)" test -z "$(trows "$port")"
}

# Wait up to 10 s for a listener on port $1 (XTCP's, or TCP's with
# XTCP_APPS_TCP).
wait_listen() {
	local i
	for i in $(seq 100); do
		if [ -n "${XTCP_APPS_TCP:-}" ]; then
			[ -z "$(trows "$1")" ] || return 0
		else
			xrows "$1" | grep -q LISTEN && return 0
		fi
		sleep 0.1
	done
	return 1
}

sha() { sha256sum | cut -d' ' -f1; }

# --- xtcpize itself: drop-ins and the man page (no kernel needed) ---
test_xtcpize() {
	local d=$work/systemd f out
	mkdir -p "$d/nginx.service.d"
	echo "[Service]" > "$d/nginx.service.d/local.conf"
	f=$d/nginx.service.d/xtcpize.conf
	XTCPIZE_SYSTEMD_DIR=$d "$xtcpize" enable nginx > /dev/null
	check "xtcpize: enable writes UNIT.service.d/xtcpize.conf" "no $f" test -f "$f"
	check "xtcpize: the drop-in preloads the library" "$(cat "$f" 2>/dev/null)" \
		grep -qx "Environment=LD_PRELOAD=$top/build/tools/libxtcpize.so" "$f"
	XTCPIZE_SYSTEMD_DIR=$d "$xtcpize" disable nginx > /dev/null
	check "xtcpize: disable removes its drop-in" "still there" test ! -e "$f"
	check "xtcpize: disable leaves the other drop-ins" "local.conf gone" \
		test -f "$d/nginx.service.d/local.conf"
	echo "[Service]" > "$f"
	XTCPIZE_SYSTEMD_DIR=$d "$xtcpize" disable nginx 2> /dev/null
	check "xtcpize: disable keeps a file it did not write" "removed" test -f "$f"
	XTCPIZE_SYSTEMD_DIR=$d "$xtcpize" enable ../evil 2> /dev/null
	check "xtcpize: a unit name with a slash is refused" "exit 0" test $? -ne 0
	XTCPIZE_SYSTEMD_DIR=$d "$xtcpize" enable redis-server.service > /dev/null
	check "xtcpize: a unit with its type keeps it" "no drop-in" \
		test -f "$d/redis-server.service.d/xtcpize.conf"
	out=$(LD_PRELOAD=/lib/x86_64-linux-gnu/libc.so.6 "$xtcpize" run sh -c 'echo "$LD_PRELOAD"')
	check "xtcpize: run keeps an LD_PRELOAD already set" "LD_PRELOAD=$out" \
		test "$out" = "$top/build/tools/libxtcpize.so /lib/x86_64-linux-gnu/libc.so.6"
	out=$("$xtcpize" run "$xtcpize" run sh -c 'echo "$LD_PRELOAD"')
	check "xtcpize: run inside run preloads the library once" "LD_PRELOAD=$out" \
		test "$out" = "$top/build/tools/libxtcpize.so"
	"$xtcpize" run /nonexistent 2> /dev/null
	check "xtcpize: run of a missing program exits 127" "exit $?" test $? -eq 127
	out=$(man --warnings -l "$top/Documentation/man/xtcpize.8" 2>&1 > /dev/null)
	check "xtcpize: man --warnings -l xtcpize.8 is clean" "$out" test -z "$out"
}

# --- nginx and curl: HTTP/1.1 keep-alive, sendfile, parallel; HTTPS ---
nginx_conf() {
	mkdir -p "$work/www" "$work/ngx"
	cat > "$work/nginx.conf" <<EOF
user root;
worker_processes 2;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 512; }
http {
	access_log off;
	sendfile on;
	tcp_nopush on;
	tcp_nodelay on;
	keepalive_requests 10000;
	client_body_temp_path $work/ngx/body;
	proxy_temp_path $work/ngx/proxy;
	fastcgi_temp_path $work/ngx/fastcgi;
	uwsgi_temp_path $work/ngx/uwsgi;
	scgi_temp_path $work/ngx/scgi;
	types { application/octet-stream bin; text/plain txt; }
	server {
		listen 127.0.0.1:8080;
		root $work/www;
	}
	server {
		listen [::1]:8081;
		root $work/www;
	}
	server {
		listen [::]:8082 ipv6only=off;
		root $work/www;
	}
	server {
		listen 127.0.0.1:8443 ssl;
		ssl_certificate $work/cert.pem;
		ssl_certificate_key $work/key.pem;
		ssl_protocols TLSv1.3;
		root $work/www;
	}
}
EOF
}

test_nginx() {
	local out want got n conns codes
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 \
		-nodes -days 1 -subj /CN=xtcp-test -addext subjectAltName=IP:127.0.0.1 \
		-keyout "$work/key.pem" -out "$work/cert.pem" 2> /dev/null
	nginx_conf
	echo "hello over xtcp" > "$work/www/small.txt"
	head -c 64M /dev/urandom > "$work/www/big.bin"
	mark
	"${X[@]}" nginx -e "$work/nginx-error.log" -c "$work/nginx.conf" -p "$work"
	if ! wait_listen 8080; then
		notok "nginx: starts and listens" "$(tail -3 "$work/nginx-error.log")"
		return
	fi
	ok "nginx: starts and listens"

	# Keep-alive: the second transfer reuses the first one's connection.
	out=$("${X[@]}" curl -sS --http1.1 -w '%{num_connects}\n' \
		http://127.0.0.1:8080/small.txt -o /dev/null \
		http://127.0.0.1:8080/small.txt -o /dev/null 2>&1 | tr '\n' ' ')
	check "nginx: HTTP/1.1 keep-alive: 2 requests, 1 connection" \
		"num_connects: $out" test "$out" = "1 0 "

	# 64 MiB with sendfile on.
	want=$(sha < "$work/www/big.bin")
	got=$("${X[@]}" curl -sS http://127.0.0.1:8080/big.bin | sha)
	check "nginx: 64 MiB by sendfile, SHA-256 matches" "got $got want $want" \
		test "$got" = "$want"

	# 200 requests, at most 20 at a time.
	mkdir -p "$work/par"
	out=$(cd "$work/par" && "${X[@]}" curl -sS --parallel --parallel-max 20 \
		-w '%{http_code} %{num_connects}\n' -o '#1.txt' \
		'http://127.0.0.1:8080/small.txt?[1-200]' 2>&1)
	codes=$(grep -c '^200 ' <<< "$out")
	conns=$(awk '{ s += $2 } END { print s + 0 }' <<< "$out")
	n=$(cat "$work"/par/*.txt 2>/dev/null | grep -c "hello over xtcp")
	check "nginx: 200 requests over 20 parallel connections" \
		"$codes answers 200, $n bodies" test "$codes" -eq 200 -a "$n" -eq 200
	check "nginx: ... on 20 connections or fewer" "$conns connections" \
		test "$conns" -ge 1 -a "$conns" -le 20
	proof nginx 8080 $((conns + 2))

	# HTTPS, TLS 1.3, the certificate checked against the CA file.
	mark
	out=$("${X[@]}" curl -sS --cacert "$work/cert.pem" --tlsv1.3 \
		-w '%{ssl_verify_result} %{scheme}' https://127.0.0.1:8443/small.txt 2>&1)
	check "https: curl --cacert to nginx, TLS 1.3, verified" "$out" \
		test "$out" = "hello over xtcp
0 HTTPS"
	out=$("${X[@]}" curl -sS -v --cacert "$work/cert.pem" \
		https://127.0.0.1:8443/small.txt 2>&1 | grep -o 'SSL connection using TLSv1.3')
	check "https: the handshake was TLS 1.3" "$out" test -n "$out"
	proof https-nginx 8443 2
}

# hold HOST PORT: a connection from python3 (xtcpize'd) that stays open
# until $work/hold.$PORT is removed, in the background; its local port in
# $work/hold.$PORT.
hold() {
	: > "$work/hold.$2"
	"${X[@]}" python3 -c '
import os, socket, sys, time
s = socket.create_connection((sys.argv[1], int(sys.argv[2])))
f = sys.argv[3]
open(f, "w").write("%d\n" % s.getsockname()[1])
while os.path.exists(f):
	time.sleep(0.1)' "$1" "$2" "$work/hold.$2" 2> "$work/hold.$2.err" &
	pids+=($!)
}

# wait_row REGEX: a /proc/net/xtcp row matching it, within 5 s.
wait_row() {
	local i
	for i in $(seq 50); do
		grep -Eq "$1" /proc/net/xtcp && return 0
		sleep 0.1
	done
	return 1
}

# --- nginx and curl over IPv6: [::1], and [::] with IPv4 clients too ---
test_nginx6() {
	local out want got cp row
	mark
	if ! wait_listen 8081 || ! wait_listen 8082; then
		notok "nginx6: listens on [::1]:8081 and [::]:8082" \
			"$(tail -3 "$work/nginx-error.log")"
		return
	fi
	ok "nginx6: listens on [::1]:8081 and [::]:8082"
	check "nginx6: /proc/net/xtcp lists the listener as [::1]:8081" \
		"$(xrows 8081 | head -2)" \
		grep -Eq '^\[::1\]:8081 +\[::\]:0 +LISTEN ' <<< "$(xrows 8081)"
	check "nginx6: /proc/net/xtcp lists the dual-stack one as [::]:8082" \
		"$(xrows 8082 | head -2)" \
		grep -Eq '^\[::\]:8082 +\[::\]:0 +LISTEN ' <<< "$(xrows 8082)"

	out=$("${X[@]}" curl -sS -g --http1.1 -w '%{num_connects} %{remote_ip}\n' \
		'http://[::1]:8081/small.txt' -o /dev/null \
		'http://[::1]:8081/small.txt' -o /dev/null 2>&1 | tr '\n' ' ')
	check "nginx6: curl -g http://[::1]:8081/, keep-alive: 2 requests, 1 connection" \
		"num_connects, remote_ip: $out" test "$out" = "1 ::1 0 ::1 "
	want=$(sha < "$work/www/big.bin")
	got=$("${X[@]}" curl -sS -g 'http://[::1]:8081/big.bin' | sha)
	check "nginx6: 64 MiB over [::1] by sendfile, SHA-256 matches" \
		"got $got want $want" test "$got" = "$want"
	# A connection held open: its rows, [::1] at both ends.
	hold ::1 8081
	for _ in $(seq 50); do
		[ ! -s "$work/hold.8081" ] || break
		sleep 0.1
	done
	cp=$(cat "$work/hold.8081")
	wait_row "^\[::1\]:8081 +\[::1\]:$cp +ESTABLISHED "
	row=$(xrows 8081 | grep -v LISTEN)
	echo "$row" | sed 's/^/# /'
	check "nginx6: /proc/net/xtcp has [::1]:8081 to [::1]:$cp ESTABLISHED" \
		"$row $(cat "$work/hold.8081.err")" \
		grep -Eq "^\[::1\]:8081 +\[::1\]:$cp +ESTABLISHED " <<< "$row"
	check "nginx6: ... and the client's [::1]:$cp to [::1]:8081" "$row" \
		grep -Eq "^\[::1\]:$cp +\[::1\]:8081 +ESTABLISHED " <<< "$row"
	proof nginx6 8081 3
	rm -f "$work/hold.8081"

	# Dual stack: an IPv4 client of the [::] listener is v4-mapped.
	mark
	out=$("${X[@]}" curl -sS http://127.0.0.1:8082/small.txt 2>&1)
	check "nginx-dual: curl http://127.0.0.1:8082/ to nginx on [::]" "$out" \
		test "$out" = "hello over xtcp"
	out=$("${X[@]}" curl -sS -g 'http://[::1]:8082/small.txt' 2>&1)
	check "nginx-dual: curl -g http://[::1]:8082/ too" "$out" \
		test "$out" = "hello over xtcp"
	hold 127.0.0.1 8082
	for _ in $(seq 50); do
		[ ! -s "$work/hold.8082" ] || break
		sleep 0.1
	done
	cp=$(cat "$work/hold.8082")
	wait_row "^\[::ffff:127\.0\.0\.1\]:8082 +\[::ffff:127\.0\.0\.1\]:$cp +ESTABLISHED "
	row=$(xrows 8082 | grep -v LISTEN)
	echo "$row" | sed 's/^/# /'
	check "nginx-dual: /proc/net/xtcp has the IPv4 client v4-mapped on nginx's side" \
		"$row $(cat "$work/hold.8082.err")" \
		grep -Eq "^\[::ffff:127\.0\.0\.1\]:8082 +\[::ffff:127\.0\.0\.1\]:$cp +ESTABLISHED " <<< "$row"
	check "nginx-dual: ... and 127.0.0.1:$cp to 127.0.0.1:8082 on the client's" \
		"$row" grep -Eq "^127\.0\.0\.1:$cp +127\.0\.0\.1:8082 +ESTABLISHED " <<< "$row"
	proof nginx-dual 8082 3
	rm -f "$work/hold.8082"
}

# --- openssl s_client and s_server: data both ways over TLS 1.3 ---
test_openssl() {
	local port=8444 out
	mark
	mkfifo "$work/srv.in"
	"${X[@]}" openssl s_server -accept 127.0.0.1:$port -naccept 1 -tls1_3 \
		-cert "$work/cert.pem" -key "$work/key.pem" -quiet \
		< "$work/srv.in" > "$work/srv.out" 2>&1 &
	pids+=($!)
	exec 7> "$work/srv.in"
	if ! wait_listen $port; then
		notok "openssl: s_server listens" "$(cat "$work/srv.out")"
		return
	fi
	# The client writes, waits for the server's line, then hangs up
	# (-no_ign_eof: at the end of its input; s_server does not).
	(echo "from the client"
	 for _ in $(seq 100); do
		grep -q "from the server" "$work/cli.out" 2>/dev/null && break
		sleep 0.1
	 done) |
		timeout 20 "${X[@]}" openssl s_client -connect 127.0.0.1:$port \
		-CAfile "$work/cert.pem" -verify_return_error -tls1_3 -quiet \
		-no_ign_eof > "$work/cli.out" 2>&1 &
	local cpid=$! rc
	for _ in $(seq 50); do
		grep -q "from the client" "$work/srv.out" && break
		sleep 0.1
	done
	echo "from the server" >&7
	proof openssl 8444 1
	wait $cpid
	rc=$?
	exec 7>&-
	check "openssl: s_client verified the certificate and closed cleanly" \
		"exit $rc" test $rc -eq 0
	check "openssl: s_server got the client's line" "$(head -3 "$work/srv.out")" \
		grep -q "from the client" "$work/srv.out"
	check "openssl: s_client got the server's line" "$(head -3 "$work/cli.out")" \
		grep -q "from the server" "$work/cli.out"
}

# --- iperf3: 5 s each way; it reads TCP_INFO and TCP_CONGESTION ---
iperf_ok() {	# iperf_ok FILE: JSON without error, bytes both sides, the cc
	python3 - "$1" <<'EOF'
import json, sys
j = json.load(open(sys.argv[1]))
assert "error" not in j, j.get("error")
e = j["end"]
assert e["sum_sent"]["bytes"] > 0 and e["sum_received"]["bytes"] > 0
print(j["end"].get("sender_tcp_congestion", "?"),
      "%.0f" % (e["sum_received"]["bits_per_second"] / 1e6))
EOF
}

test_iperf3() {
	local port=5201 dir out rows
	mark
	"${X[@]}" iperf3 -s -B 127.0.0.1 -p $port > "$work/iperf-s.log" 2>&1 &
	pids+=($!)
	if ! wait_listen $port; then
		notok "iperf3: server listens" "$(cat "$work/iperf-s.log")"
		return
	fi
	for dir in up down; do
		local rev=()
		[ $dir = up ] || rev=(-R)
		"${X[@]}" iperf3 -c 127.0.0.1 -p $port -t 5 -J "${rev[@]}" \
			> "$work/iperf-$dir.json" 2> "$work/iperf-$dir.err" &
		local cpid=$!
		sleep 2.5
		rows=$(xrows $port | grep -c ESTABLISHED)
		check "iperf3 $dir: during the run, /proc/net/xtcp has its connections" \
			"$rows rows" test "$rows" -ge 4
		wait $cpid
		out=$(iperf_ok "$work/iperf-$dir.json" 2>&1)
		check "iperf3 $dir: 5 s, JSON without error" \
			"$out $(head -c 300 "$work/iperf-$dir.err")" test $? -eq 0
		echo "# iperf3 $dir: congestion control, Mbit/s: $out"
		check "iperf3 $dir: TCP_CONGESTION reads XTCP's reno" "$out" \
			test "${out%% *}" = reno
	done
	proof iperf3 $port 4
}

# --- redis-server and redis-benchmark ---
test_redis() {
	local port=6380 out
	mark
	"${X[@]}" redis-server --port $port --bind 127.0.0.1 --save '' \
		--appendonly no --dir "$work" --protected-mode no \
		> "$work/redis.log" 2>&1 &
	pids+=($!)
	if ! wait_listen $port; then
		notok "redis: server listens" "$(tail -3 "$work/redis.log")"
		return
	fi
	out=$("${X[@]}" redis-benchmark -h 127.0.0.1 -p $port -t set,get \
		-n 20000 -c 20 -q 2>&1)
	echo "$out" | tr '\r' '\n' | grep 'per second' | sed 's/^/# /'
	check "redis: redis-benchmark SET and GET, 20000 requests, 20 clients" \
		"$(echo "$out" | tail -c 300)" \
		test "$(echo "$out" | tr '\r' '\n' | grep -Ec '^(SET|GET): .*requests per second')" -eq 2
	check "redis: no error" "$(echo "$out" | grep -i error | head -2)" \
		test -z "$(echo "$out" | grep -i error)"
	proof redis $port 20
}

# --- python3 http.server and urllib ---
test_python() {
	local port=8000 got want
	mark
	"${X[@]}" python3 -m http.server --bind 127.0.0.1 --directory "$work/www" \
		$port > "$work/py.log" 2>&1 &
	pids+=($!)
	if ! wait_listen $port; then
		notok "python: http.server listens" "$(tail -3 "$work/py.log")"
		return
	fi
	want=$(head -c 1M "$work/www/big.bin" | sha)
	head -c 1M "$work/www/big.bin" > "$work/www/one.bin"
	got=$("${X[@]}" python3 -c '
import hashlib, sys, urllib.request
r = urllib.request.urlopen("http://127.0.0.1:%s/one.bin" % sys.argv[1])
print(hashlib.sha256(r.read()).hexdigest())' $port 2>&1)
	check "python: urllib from http.server, 1 MiB, SHA-256 matches" \
		"got $got" test "$got" = "$want"
	proof python $port 1
}

# --- python3 http.server on [::] (DualStackServer), urllib both ways ---
test_python6() {
	local port=8001 got want
	mark
	"${X[@]}" python3 -m http.server --bind :: --directory "$work/www" \
		$port > "$work/py6.log" 2>&1 &
	pids+=($!)
	if ! wait_listen $port; then
		notok "python6: http.server listens on [::]" "$(tail -3 "$work/py6.log")"
		return
	fi
	check "python6: /proc/net/xtcp lists it as [::]:$port" \
		"$(xrows $port | head -2)" \
		grep -Eq "^\[::\]:$port +\[::\]:0 +LISTEN " <<< "$(xrows $port)"
	want=$(sha < "$work/www/one.bin")
	for host in '[::1]' 127.0.0.1; do
		got=$("${X[@]}" python3 -c '
import hashlib, sys, urllib.request
r = urllib.request.urlopen("http://%s:%s/one.bin" % (sys.argv[1], sys.argv[2]))
print(hashlib.sha256(r.read()).hexdigest())' "$host" $port 2>&1)
		check "python6: urllib from http://$host:$port/, 1 MiB, SHA-256 matches" \
			"got $got" test "$got" = "$want"
	done
	proof python6 $port 2
}

test_xtcpize
test_nginx
test_nginx6
test_openssl
test_iperf3
test_redis
test_python
test_python6
echo "1..$(wc -l < "$work/.checks" 2>/dev/null || echo 0)"
exit $failed
