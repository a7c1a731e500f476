#!/usr/bin/env bash
# nginx in front of `cpt serve`, with the site config operators install (deploy/nginx/cpt.conf):
# TLS with a generated test certificate, the body/header limits, /metrics kept private, plain HTTP
# redirected, and a dead instance in the upstream skipped. Everything runs on loopback ports in a
# temp dir, and every process started here is stopped at the end.
# Usage: nginx_test.sh CPT_BINARY REPO_ROOT
set -uo pipefail
cpt="${1:?usage: nginx_test.sh CPT_BINARY REPO_ROOT}"
repo="${2:?usage: nginx_test.sh CPT_BINARY REPO_ROOT}"
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$nginx_bin" ] || { echo "FAIL: nginx is not installed (Debian package nginx)"; exit 1; }
work="$(mktemp -d "${TMPDIR:-/tmp}/cpt-nginx.XXXXXX")"
pids=()
cleanup() {
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  wait 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
. "$(dirname "${BASH_SOURCE[0]}")/check.sh"
# Ports below the kernel's ephemeral range: a port inside it can be the local end of some other
# test's outgoing connection, which nobody listens on but which still makes bind() fail.
ephemeral_low=$(cut -f1 /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)
free_port() {  # a loopback port nobody listens on right now
  local port
  for _ in $(seq 1 200); do
    port=$((10000 + RANDOM % (ephemeral_low - 10000)))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return 0; }
  done
  return 1
}
wait_for() {  # wait_for SECONDS command...: polls every 0.1 s
  local deadline=$((SECONDS + $1)); shift
  until "$@" >/dev/null 2>&1; do [ "$SECONDS" -lt "$deadline" ] || return 1; sleep 0.1; done
}

https_port=$(free_port); http_port=$(free_port); serve_port=$(free_port); dead_port=$(free_port)
base="https://localhost:$https_port"

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 \
  -subj /CN=localhost -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
  -keyout "$work/privkey.pem" -out "$work/fullchain.pem" >/dev/null 2>&1 \
  || { echo "FAIL: openssl could not make a test certificate"; exit 1; }

"$cpt" sim --registered --print-env --redirect-uri "$base/api/v1/tesla/oauth/callback" \
  >"$work/sim.env" 2>"$work/sim.log" &
pids+=($!)
wait_for 20 grep -q '^TESLA_DOMAIN=' "$work/sim.env" || { echo "FAIL: cpt sim did not start"; cat "$work/sim.log"; exit 1; }
(set -a; . "$work/sim.env"; exec "$cpt" serve --simulator --listen "127.0.0.1:$serve_port" \
   --database "$work/cpt.db") >"$work/serve.log" 2>&1 &
pids+=($!)
wait_for 20 curl -fsS "http://127.0.0.1:$serve_port/health" || { echo "FAIL: cpt serve did not start"; cat "$work/serve.log"; exit 1; }

# The operator's site config with this test's ports, certificate and instances: the first upstream
# is the running instance, the second a port where nothing listens (an instance that died).
sed -e "s|listen 443 ssl http2;|listen 127.0.0.1:$https_port ssl http2;|" \
    -e "s|listen 80;|listen 127.0.0.1:$http_port;|" \
    -e "s|/etc/ssl/cpt/|$work/|" \
    -e "s|server 127.0.0.1:8081 |server 127.0.0.1:$serve_port |" \
    -e "s|server 127.0.0.1:8082 |server 127.0.0.1:$dead_port |" \
    -e "s|include /etc/nginx/cpt-proxy.conf;|include $work/cpt-proxy.conf;|" \
    "$repo/deploy/nginx/cpt.conf" >"$work/cpt.conf"
cp "$repo/deploy/nginx/cpt-proxy.conf" "$work/cpt-proxy.conf"
for s in "listen 127.0.0.1:$https_port" "server 127.0.0.1:$dead_port" "$work/fullchain.pem"; do
  grep -q "$s" "$work/cpt.conf" || { echo "FAIL: deploy/nginx/cpt.conf changed shape ($s not substituted)"; exit 1; }
done
cat >"$work/nginx.conf" <<CONF
user $(id -un);
worker_processes 1;
pid $work/nginx.pid;
error_log $work/error.log warn;
events { worker_connections 1024; }
http {
  access_log $work/access.log;
  client_body_temp_path $work/client_body;
  proxy_temp_path $work/proxy;
  fastcgi_temp_path $work/fastcgi;
  uwsgi_temp_path $work/uwsgi;
  scgi_temp_path $work/scgi;
  include $work/cpt.conf;
}
CONF
check "nginx accepts the site config" "$nginx_bin" -t -p "$work" -c "$work/nginx.conf" -e "$work/error.log"
"$nginx_bin" -p "$work" -c "$work/nginx.conf" -e "$work/error.log" || { echo "FAIL: nginx did not start"; cat "$work/error.log"; exit 1; }
wait_for 10 curl -fsS --cacert "$work/fullchain.pem" "$base/health" || { echo "FAIL: nothing answers through nginx"; cat "$work/error.log"; exit 1; }

status() { curl -s -o /dev/null -w '%{http_code}' --cacert "$work/fullchain.pem" "$@"; }
check "health answers through TLS" test "$(status "$base/health")" = 200
check "the service's pages come through" sh -c "curl -fsS --cacert '$work/fullchain.pem' '$base/' | grep -qi '<html'"
check "plain HTTP redirects to HTTPS" sh -c "curl -s -o /dev/null -w '%{http_code} %{redirect_url}' 'http://localhost:$http_port/x' | grep -q '^301 https://localhost'"
check "/metrics is not public" test "$(status "$base/metrics")" = 404
head -c 100000 /dev/zero | tr '\0' 'a' >"$work/big.json"
check "a body above 64 KiB is refused by nginx (413)" test \
  "$(status -X POST -H 'Content-Type: application/json' --data-binary @"$work/big.json" "$base/api/v1/sessions")" = 413
big_header=$(head -c 16000 /dev/zero | tr '\0' 'b')
code=$(status --http1.1 -H "X-Big: $big_header" "$base/health")
check "a 16 KB header is refused over HTTP/1.1 (400, got $code)" test "$code" = 400
code=$(status --http2 -H "X-Big: $big_header" "$base/health")
check "a 16 KB header never reaches an instance over HTTP/2 (got $code)" test "$code" != 200
check "a dead instance in the upstream is skipped (20 of 20 GETs answer)" sh -c "
  for i in \$(seq 1 20); do
    code=\$(curl -s -o /dev/null -w '%{http_code}' --cacert '$work/fullchain.pem' '$base/health')
    [ \"\$code\" = 200 ] || { echo \"request \$i: \$code\"; exit 1; }
  done"
check "a client cannot choose its forwarded address" sh -c "
  curl -s -o /dev/null --cacert '$work/fullchain.pem' -H 'X-Forwarded-For: 203.0.113.77' '$base/health'
  sleep 0.2; ! grep -q '203.0.113.77' '$work/serve.log'"
check "OAuth sign-in starts through nginx" sh -c "
  curl -s --cacert '$work/fullchain.pem' -X POST -H 'Origin: $base' -H 'Content-Type: application/json' \
    -d '{}' '$base/api/v1/tesla/oauth/initiate' | grep -q 'authorize'"

finish
