#!/usr/bin/env bash
# Throughput of one machine three ways, in one run, on the same R requests (same prompt, seeds
# SEED..SEED+R-1, same steps):
#   1. warm, data parallel:      `serve --pools N` (N pools of 1 worker), C clients in a closed loop
#   2. warm, parallel inference: `serve --parallel S --workers N` (1 pool of N workers), C clients
#   3. cold: R `generate` processes, N at a time (what a user without serve runs), each serial
# Modes 1 and 2 go through `bench throughput --server`; mode 3 is timed here, from the first
# process start to the last exit. Every worker gets cores/N PyTorch threads in every mode, so no
# mode oversubscribes the machine. Writes OUT/serve-throughput.md (the table), the two server
# load reports, the cold runs' log, and the machine's load average before each mode.
#
#   scripts/serve-throughput.sh [--out DIR] [--workers N] [--parallel S] [--requests R] \
#       [--clients C] [--steps K] [--prompt "red circle"] [--seed SEED]
#
# Run it on an otherwise idle machine: it is a timing. Exit 0 when every request of every mode
# was answered, 1 otherwise, 2 on bad usage.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/target/serve-throughput" N=2 PARALLEL=patch R=16 C=4 STEPS=20 PROMPT="red circle" SEED=1
while [ $# -gt 0 ]; do
  case "$1" in
    --out) OUT="${2:?--out needs a directory}"; shift 2 ;;
    --workers) N="${2:?--workers needs N}"; shift 2 ;;
    --parallel) PARALLEL="${2:?--parallel needs a strategy}"; shift 2 ;;
    --requests) R="${2:?--requests needs R}"; shift 2 ;;
    --clients) C="${2:?--clients needs C}"; shift 2 ;;
    --steps) STEPS="${2:?--steps needs K}"; shift 2 ;;
    --prompt) PROMPT="${2:?--prompt needs words}"; shift 2 ;;
    --seed) SEED="${2:?--seed needs a number}"; shift 2 ;;
    *) echo "serve-throughput: unknown argument '$1'; see the header of $0" >&2; exit 2 ;;
  esac
done
for v in "$N" "$R" "$C" "$STEPS" "$SEED"; do
  [[ "$v" =~ ^[0-9]+$ ]] || { echo "serve-throughput: '$v' is not a whole number" >&2; exit 2; }
done
[ "$N" -ge 2 ] || { echo "serve-throughput: --workers must be at least 2 to compare the modes" >&2; exit 2; }
CORES="$(nproc)"
THREADS=$(( CORES / N )); [ "$THREADS" -ge 1 ] || THREADS=1
CF="$ROOT/compactfusion"
mkdir -p "$OUT"
"$CF" --version >/dev/null # builds once, before anything is timed

SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
}
trap cleanup EXIT

# Starts a server with the given options and prints its URL once it is ready.
start_server() {
  local log="$1"; shift
  "$CF" serve --listen 127.0.0.1:0 --launcher threads --torch-threads "$THREADS" --steps "$STEPS" "$@" >"$log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 600); do
    local url
    url="$(sed -n 's/^ready on \(http:\/\/[^ ]*\).*/\1/p' "$log" | head -1)"
    if [ -n "$url" ]; then echo "$url"; return 0; fi
    kill -0 "$SERVER_PID" 2>/dev/null || { echo "serve-throughput: the server exited; see $log" >&2; return 1; }
    sleep 0.5
  done
  echo "serve-throughput: the server was not ready within 300 s; see $log" >&2
  return 1
}

stop_server() {
  kill "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
}

# One warm mode: a server, then the closed-loop load against it.
warm_mode() {
  local name="$1"; shift
  echo "load before $name: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/load.txt"
  local url
  url="$(start_server "$OUT/$name-server.log" "$@")"
  "$CF" bench throughput --server "$url" --clients "$C" --requests "$R" --steps "$STEPS" --prompt "$PROMPT" \
    --seed "$SEED" --out "$OUT/$name" >"$OUT/$name.log" 2>&1 || { cat "$OUT/$name.log" >&2; return 1; }
  stop_server
}

warm_mode data-parallel --pools "$N"
warm_mode parallel-inference --parallel "$PARALLEL" --workers "$N"

echo "load before cold: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/load.txt"
mkdir -p "$OUT/cold"
COLD_START="$(date +%s.%N)"
seq "$SEED" $(( SEED + R - 1 )) | xargs -P "$N" -I{} "$CF" generate --prompt "$PROMPT" --seed {} --steps "$STEPS" \
  --torch-threads "$THREADS" --out "$OUT/cold/s{}.png" >"$OUT/cold.log" 2>&1 || { echo "serve-throughput: a cold generate failed; see $OUT/cold.log" >&2; exit 1; }
COLD_END="$(date +%s.%N)"
COLD_IMAGES="$(find "$OUT/cold" -name 's*.png' | wc -l)"

json_field() { sed -n "s/^  \"$2\": \([0-9.eE+-]*\),*$/\1/p" "$OUT/$1/server-throughput.json"; }
p50() { sed -n '/"latency_seconds"/,/}/s/^ *"p50": \([0-9.eE+-]*\),*$/\1/p' "$OUT/$1/server-throughput.json"; }
DP_IPM="$(json_field data-parallel images_per_minute)" DP_OK="$(json_field data-parallel succeeded)"
PI_IPM="$(json_field parallel-inference images_per_minute)" PI_OK="$(json_field parallel-inference succeeded)"
COLD_IPM="$(awk -v n="$COLD_IMAGES" -v a="$COLD_START" -v b="$COLD_END" 'BEGIN { printf "%.2f", n * 60 / (b - a) }')"

{
  echo "# Throughput: warm pools against cold generate runs"
  echo
  echo "Machine: $(nproc) cores ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)); model shapes-image (default);"
  echo "$R requests \"$PROMPT\", seeds $SEED..$(( SEED + R - 1 )), $STEPS steps; $N workers in each mode, $THREADS PyTorch"
  echo "thread(s) each; warm modes: threads launcher, $C concurrent clients in a closed loop. $(date -u +%Y-%m-%dT%H:%MZ)."
  echo
  echo "| mode | what runs | answered | images per minute | p50 latency s | vs cold |"
  echo "|---|---|---|---|---|---|"
  awk -v ipm="$DP_IPM" -v ok="$DP_OK" -v r="$R" -v p="$(p50 data-parallel)" -v c="$COLD_IPM" -v n="$N" 'BEGIN {
    printf "| warm, data parallel | serve --pools %d (1 worker each) | %d/%d | %.2f | %.3f | %.2fx |\n", n, ok, r, ipm, p, ipm / c }'
  awk -v ipm="$PI_IPM" -v ok="$PI_OK" -v r="$R" -v p="$(p50 parallel-inference)" -v c="$COLD_IPM" -v n="$N" -v s="$PARALLEL" 'BEGIN {
    printf "| warm, parallel inference | serve --parallel %s --workers %d | %d/%d | %.2f | %.3f | %.2fx |\n", s, n, ok, r, ipm, p, ipm / c }'
  awk -v ipm="$COLD_IPM" -v ok="$COLD_IMAGES" -v r="$R" -v n="$N" 'BEGIN {
    printf "| cold | %d generate processes at a time, serial | %d/%d | %.2f | – | 1.00x |\n", n, ok, r, ipm }'
  echo
  echo "Load average before each mode:"
  echo
  sed 's/^/    /' "$OUT/load.txt"
} >"$OUT/serve-throughput.md"
cat "$OUT/serve-throughput.md"
[ "$DP_OK" = "$R" ] && [ "$PI_OK" = "$R" ] && [ "$COLD_IMAGES" = "$R" ]
