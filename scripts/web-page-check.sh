#!/usr/bin/env bash
# The web page of `compactfusion serve` in a real headless browser: loads
# /?prompt=...&autorun=1 (the page submits itself, follows the job's events, and writes the
# image and its stats into the DOM), watches its status through chromium's DevTools protocol
# until the image is there, prints the progress it showed and the stats, and saves a screenshot.
#
#   scripts/web-page-check.sh [--url http://HOST:PORT] [--out DIR] [--prompt "red circle"] [--steps 8] \
#       [-- SERVE_OPTIONS...]
#
# Without --url it starts `./compactfusion serve` (threads launcher, embedded default model,
# port 0, plus SERVE_OPTIONS, e.g. `-- --parallel ring --workers 2`) and stops it at the end. Needs Debian's `chromium` (apt-get install -y chromium).
# Exit 0: the page showed a finished image with stats; 1: it did not (the reason is printed);
# 2: usage.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
URL="" OUT="$ROOT/target/web-page-check" PROMPT="red circle" STEPS=8
SERVE_OPTIONS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --) shift; SERVE_OPTIONS=("$@"); break ;;
    --url) URL="${2:?--url needs http://HOST:PORT}"; shift 2 ;;
    --out) OUT="${2:?--out needs a directory}"; shift 2 ;;
    --prompt) PROMPT="${2:?--prompt needs words}"; shift 2 ;;
    --steps) STEPS="${2:?--steps needs N}"; shift 2 ;;
    *) echo "web-page-check: unknown argument '$1'; use --url, --out, --prompt or --steps" >&2; exit 2 ;;
  esac
done
CHROMIUM="$(command -v chromium || command -v chromium-browser || true)"
if [ -z "$CHROMIUM" ]; then
  echo "web-page-check: chromium is not installed; apt-get install -y chromium" >&2
  exit 1
fi
mkdir -p "$OUT"
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
}
trap cleanup EXIT

if [ -z "$URL" ]; then
  LOG="$OUT/server.log"
  "$ROOT/compactfusion" serve --listen 127.0.0.1:0 --launcher threads "${SERVE_OPTIONS[@]}" >"$LOG" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 600); do
    URL="$(sed -n 's/^ready on \(http:\/\/[^ ]*\).*/\1/p' "$LOG" | head -1)"
    [ -n "$URL" ] && break
    kill -0 "$SERVER_PID" 2>/dev/null || { echo "web-page-check: the server exited; see $LOG" >&2; exit 1; }
    sleep 0.5
  done
  [ -n "$URL" ] || { echo "web-page-check: the server was not ready within 300 s; see $LOG" >&2; exit 1; }
fi

QUERY="prompt=$(printf '%s' "$PROMPT" | sed 's/ /+/g')&steps=$STEPS&seed=1&autorun=1"
# The DevTools driver is one JDK-only Java file (java.net.http's WebSocket), run from source.
timeout 300 java "$ROOT/scripts/WebPageCheck.java" "$CHROMIUM" "$URL/?$QUERY" "$OUT"
echo "web-page-check: ok, DOM $OUT/page.html, screenshot $OUT/web-page.png"
