#!/usr/bin/env bash
# The slow-network suite with kernel link shaping (the "namespace + tbf" variant of issue 7).
#
# For each rate, creates a fresh network namespace, brings its loopback up, limits it with a tbf
# qdisc, and runs `compactfusion bench suite --shaping external` inside it: all
# worker processes then talk tcp over that one shaped loopback, so they share a single link, as in
# the published setting (NCCL over sockets on loopback, rate-limited with tc). The engine's own
# shaper stays off. Only the namespace's own loopback is used; the namespace is deleted on exit.
#
# Needs root and the ip/tc tools; otherwise it says why and exits 0 without running anything.
#
# Usage: scripts/slow-network-suite.sh [--out DIR] [--rates "10mbit 100mbit 1gbit"] [-- BENCH OPTIONS...]
#   e.g. scripts/slow-network-suite.sh --out perf/results/slow-network-tbf -- --runs 1 --warmup-runs 0
# Writes DIR/<rate>/ (the suite's files) for each rate. COMPACTFUSION=/path/to/launcher overrides
# ./compactfusion (e.g. a copy of the built jar, so rebuilding the tree cannot disturb a long run).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CF="${COMPACTFUSION:-$ROOT/compactfusion}"
OUT="bench-slow-network-tbf-$(date +%Y%m%d-%H%M%S)"
RATES="10mbit 100mbit 1gbit"
while [ $# -gt 0 ]; do
  case "$1" in
    --out) OUT="$2"; shift 2 ;;
    --rates) RATES="$2"; shift 2 ;;
    --) shift; break ;;
    -h|--help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "slow-network-suite.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done

if [ "$(id -u)" != 0 ]; then
  echo "slow-network-suite.sh: skipped: the namespace + tbf variant needs root (run the in-process variant: ./compactfusion bench suite)"
  exit 0
fi
for tool in ip tc; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "slow-network-suite.sh: skipped: '$tool' is not installed (package iproute2)"
    exit 0
  fi
done

# tbf needs a bucket of at least one packet (loopback sends up to 64 KiB segments) and about one
# timer tick of traffic at the rate; 256 KiB covers both up to 1 Gbit/s.
BURST=256kb
NS="cf-slownet-$$"
cleanup() { ip netns del "$NS" 2>/dev/null || true; }
trap cleanup EXIT INT TERM

# Build once outside the namespace so the first suite run is not charged for it.
"$CF" --version >/dev/null

mkdir -p "$OUT"
for rate in $RATES; do
  cleanup
  ip netns add "$NS"
  ip netns exec "$NS" ip link set lo up
  if ! ip netns exec "$NS" tc qdisc add dev lo root tbf rate "$rate" burst "$BURST" latency 400ms; then
    echo "slow-network-suite.sh: skipped: this kernel refused a tbf qdisc at $rate" >&2
    exit 0
  fi
  echo "== $rate: namespace $NS, loopback limited by tbf ($(ip netns exec "$NS" tc qdisc show dev lo | head -1))"
  ip netns exec "$NS" "$CF" bench suite --shaping external --link "$rate" \
      --out "$OUT/$rate" "$@"
done
cleanup
echo "wrote $OUT/{${RATES// /,}}"
