#!/usr/bin/env bash
# Multi-process tcp test across network namespaces joined by veth pairs through a bridge, with a
# tbf rate limit on every member's uplink (netem is not in this kernel, so no added delay here;
# the backend's own --link-latency covers latency). Needs root, ip and tc; skips otherwise.
# Uses only the namespaces and the 10.77.0.0/24 addresses it creates, and removes them on exit.
#
#   scripts/netns-link-test.sh [RATE] [WORLD]      default RATE=50mbit WORLD=3
#
# Prints each member's output; exit 0 when every member printed OK, 1 otherwise, 0 with SKIP.
set -euo pipefail
RATE="${1:-50mbit}"
WORLD="${2:-3}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

skip() { echo "SKIP: $*"; exit 0; }
[ "$(id -u)" = 0 ] || skip "needs root to create network namespaces"
command -v ip >/dev/null || skip "the 'ip' tool is missing"
command -v tc >/dev/null || skip "the 'tc' tool is missing"
[ "$WORLD" -ge 2 ] && [ "$WORLD" -le 8 ] || { echo "WORLD must be 2..8" >&2; exit 2; }

TAG="cf$$"
BR_NS="${TAG}br"
WORK="$(mktemp -d)"
PIDS=()
cleanup() {
  for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
  for i in $(seq 0 $((WORLD - 1))); do ip netns del "${TAG}n$i" 2>/dev/null || true; done
  ip netns del "$BR_NS" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

ip netns add "$BR_NS" || skip "cannot create network namespaces here"
ip -n "$BR_NS" link add br0 type bridge
ip -n "$BR_NS" link set br0 up
for i in $(seq 0 $((WORLD - 1))); do
  ns="${TAG}n$i"
  ip netns add "$ns"
  ip link add "${TAG}a$i" type veth peer name "${TAG}b$i"
  ip link set "${TAG}a$i" netns "$ns"
  ip link set "${TAG}b$i" netns "$BR_NS"
  ip -n "$ns" link set lo up
  ip -n "$ns" addr add "10.77.0.$((i + 1))/24" dev "${TAG}a$i"
  ip -n "$ns" link set "${TAG}a$i" up
  ip -n "$BR_NS" link set "${TAG}b$i" master br0
  ip -n "$BR_NS" link set "${TAG}b$i" up
  ip netns exec "$ns" tc qdisc add dev "${TAG}a$i" root tbf rate "$RATE" burst 64kb latency 400ms
done

# the launcher builds the CLI jar and its lib/ when sources changed; each member then runs it directly
"$ROOT/compactfusion" --version >/dev/null
CP="$ROOT/cli/target/compactfusion-cli.jar:$ROOT/cli/target/lib/*"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
TOKEN="$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
MAIN="dev.compactfusion.cli.Main tools tcp-self-test"
COMMON=(token="$TOKEN" bytes=$((2 * 1024 * 1024)) timeout-ms=30000)

ip netns exec "${TAG}n0" "$JAVA" -Xmx256m -cp "$CP" $MAIN role=coordinator listen=10.77.0.1:7077 \
  world="$WORLD" "${COMMON[@]}" >"$WORK/m0.log" 2>&1 &
PIDS+=($!)
for i in $(seq 1 $((WORLD - 1))); do
  ip netns exec "${TAG}n$i" "$JAVA" -Xmx256m -cp "$CP" $MAIN role=worker join=10.77.0.1:7077 \
    "${COMMON[@]}" >"$WORK/m$i.log" 2>&1 &
  PIDS+=($!)
done

status=0
for i in $(seq 0 $((WORLD - 1))); do
  wait "${PIDS[$i]}" || status=1
  echo "--- member in namespace ${TAG}n$i (10.77.0.$((i + 1))), uplink $RATE"
  cat "$WORK/m$i.log"
  grep -q '^OK$' "$WORK/m$i.log" || status=1
done
PIDS=()
echo "RESULT: $([ $status = 0 ] && echo PASS || echo FAIL) (world $WORLD, tbf $RATE per uplink)"
exit $status
