#!/usr/bin/env bash
# The web page of `compactfusion serve` in a real headless browser: loads
# /?prompt=...&autorun=1 (the page submits itself, follows the job's events, and writes the
# image and its stats into the DOM), reads the DOM back, and saves a screenshot.
#
#   scripts/web-page-check.sh [--url http://HOST:PORT] [--out DIR] [--prompt "red circle"]
#
# Without --url it starts `./compactfusion serve` (threads launcher, embedded default model,
# port 0) and stops it at the end. Needs Debian's `chromium` (apt-get install -y chromium).
# Exit 0: the page showed a finished image with stats; 1: it did not (the reason is printed);
# 2: usage.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
URL="" OUT="$ROOT/target/web-page-check" PROMPT="red circle" STEPS=8
while [ $# -gt 0 ]; do
  case "$1" in
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
PROFILE="$(mktemp -d)"
SERVER_PID=""
cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
  rm -rf "$PROFILE"
}
trap cleanup EXIT

if [ -z "$URL" ]; then
  LOG="$OUT/server.log"
  "$ROOT/compactfusion" serve --listen 127.0.0.1:0 --launcher threads >"$LOG" 2>&1 &
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
PAGE="$URL/?$QUERY"
# Virtual time stands still while fetches are pending, so the budget is page time, not the job's.
BROWSER=("$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run
  --user-data-dir="$PROFILE" --virtual-time-budget=30000 --window-size=900,1000)
timeout 180 "${BROWSER[@]}" --dump-dom "$PAGE" >"$OUT/page.html" 2>"$OUT/chromium.log" || {
  echo "web-page-check: chromium failed or timed out; see $OUT/chromium.log" >&2; exit 1; }
STATE="$(sed -n 's/.*id="status" data-state="\([a-z]*\)".*/\1/p' "$OUT/page.html" | head -1)"
STATUS_TEXT="$(sed -n 's/.*id="status"[^>]*>\([^<]*\)<.*/\1/p' "$OUT/page.html" | head -1)"
if [ "$STATE" != "done" ]; then
  echo "web-page-check: the page ended in state '${STATE:-none}': $STATUS_TEXT (DOM in $OUT/page.html)" >&2
  exit 1
fi
grep -q '<img src="data:image/png;base64,' "$OUT/page.html" || {
  echo "web-page-check: no image in the page (DOM in $OUT/page.html)" >&2; exit 1; }
WALL="$(sed -n 's/.*id="stats" data-wall-seconds="\([0-9.eE+-]*\)".*/\1/p' "$OUT/page.html" | head -1)"
STATS="$(sed -n 's/.*<table id="stats"[^>]*>\(.*\)<\/table>.*/\1/p' "$OUT/page.html" | sed 's/<\/tr>/\n/g; s/<[^>]*>/ /g' \
  | sed 's/^ *//; s/  */ /g' | grep -v '^$' || true)"
timeout 180 "${BROWSER[@]}" --screenshot="$OUT/web-page.png" "$PAGE" >>"$OUT/chromium.log" 2>&1 || {
  echo "web-page-check: the screenshot failed; see $OUT/chromium.log" >&2; exit 1; }
[ -s "$OUT/web-page.png" ] || { echo "web-page-check: no screenshot written" >&2; exit 1; }
echo "web-page-check: $STATUS_TEXT"
echo "$STATS"
echo "web-page-check: ok (wall_seconds=$WALL), DOM $OUT/page.html, screenshot $OUT/web-page.png"
