#!/usr/bin/env bash
# Load figures for `cpt serve` (issue 6): wrk on /health and the Tesla PEM route, then 50 sessions
# ordering 5 vehicles each against `cpt sim` with 50 ms latency (p50, p99, errors, peak RSS).
# Everything runs on loopback and stops by itself.
#
#   scripts/load_service.sh [BUILD_DIR]     (default build/release; needs cpt and bench_service)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${1:-$ROOT/build/release}"
CPT="$BUILD/src/cpt/cli/cpt"
BENCH="$BUILD/bench/bench_service"
DURATION="${WRK_DURATION:-10s}"
SESSIONS="${SESSIONS:-50}"
VEHICLES="${VEHICLES:-5}"
LATENCY_MS="${LATENCY_MS:-50}"
for tool in "$CPT" "$BENCH"; do
  [ -x "$tool" ] || { echo "missing $tool: build it first" >&2; exit 2; }
done
command -v wrk >/dev/null || { echo "missing wrk (./run setup)" >&2; exit 2; }

WORK="$(mktemp -d)"
SIM_PID=""
SERVE_PID=""
cleanup() {
  [ -n "$SERVE_PID" ] && kill "$SERVE_PID" 2>/dev/null && wait "$SERVE_PID" 2>/dev/null || true
  [ -n "$SIM_PID" ] && kill "$SIM_PID" 2>/dev/null && wait "$SIM_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null \
  || echo $((20000 + RANDOM % 20000)); }
PORT="$(free_port)"
REDIRECT="http://localhost:$PORT/api/v1/tesla/oauth/callback"

"$CPT" sim --auto-approve --registered --print-env --redirect-uri "$REDIRECT" \
  --vehicles-per-user "$VEHICLES" --latency-ms "$LATENCY_MS" --wake-delay-ms 10 \
  >"$WORK/sim.env" 2>"$WORK/sim.log" &
SIM_PID=$!
for _ in $(seq 100); do grep -q '^TESLA_DOMAIN=' "$WORK/sim.env" 2>/dev/null && break; sleep 0.1; done
grep -q '^TESLA_DOMAIN=' "$WORK/sim.env" || { echo "cpt sim did not start" >&2; cat "$WORK/sim.log" >&2; exit 1; }

cat >"$WORK/serve.toml" <<EOF
[server]
log_requests = false
max_threads = 512
[reports]
order_workers = 16
[limits]
oauth_per_minute = 100000
oauth_burst = 100000
EOF
(set -a; . "$WORK/sim.env"; set +a
 exec "$CPT" serve --simulator --config "$WORK/serve.toml" --listen "127.0.0.1:$PORT" \
   --database "$WORK/cpt.db") >"$WORK/serve.out" 2>"$WORK/serve.log" &
SERVE_PID=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && break; sleep 0.1; done

echo "== wrk /health ($DURATION, 2 threads, 32 keep-alive connections)"
wrk -t2 -c32 -d"$DURATION" "http://127.0.0.1:$PORT/health" | grep -E 'Requests/sec|Latency|Non-2xx|Socket errors' || true
echo "== wrk /.well-known/appspecific/com.tesla.3p.public-key.pem"
wrk -t2 -c32 -d"$DURATION" "http://127.0.0.1:$PORT/.well-known/appspecific/com.tesla.3p.public-key.pem" \
  | grep -E 'Requests/sec|Latency|Non-2xx|Socket errors' || true

echo "== $SESSIONS sessions x $VEHICLES vehicles, simulator latency ${LATENCY_MS} ms"
"$BENCH" --serve "http://127.0.0.1:$PORT" --sessions "$SESSIONS" --vehicles "$VEHICLES" --package pro
echo "cpt serve peak RSS: $(awk '/VmHWM/ {printf "%.1f MiB", $2/1024}' "/proc/$SERVE_PID/status")"
