#!/usr/bin/env bash
# CUDA-vs-CPU agreement of the codec kernels and their throughput against the device's copy
# bandwidth, for a GPU machine without Java. Uses .device/ from perf/device-pack.sh (shipped with
# the repository); falls back to java on PATH with the built target/ folders. Finishes within
# 6 minutes (each step has its own timeout). Exit 0: passed, or skipped because there is no
# CUDA device (says so); 1: a check failed or timed out; 2: no Java runtime found.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
M2="${M2_REPO:-$HOME/.m2/repository}"

if [ -x "$ROOT/.device/jre/bin/java" ]; then
  JAVA="$ROOT/.device/jre/bin/java"
  CP="$ROOT/.device/lib/*"
elif command -v java >/dev/null; then
  JAVA=java
  CP="$ROOT/codec/target/classes:$ROOT/perf/target/classes:$M2/org/jcuda/jcuda/12.6.0/jcuda-12.6.0.jar:$M2/org/jcuda/jcuda-natives/12.6.0/jcuda-natives-12.6.0-linux-x86_64.jar"
else
  echo "device-check: no Java runtime: run perf/device-pack.sh on a build machine and ship .device/ with the repository" >&2
  exit 2
fi

echo "device-check: $(date -u +%FT%TZ) java: $("$JAVA" -version 2>&1 | head -1)"
command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader

status=0
run_step() {
  local limit=$1; shift
  timeout "$limit" "$JAVA" -Xmx8g -cp "$CP" "$@"
  local rc=$?
  if [ $rc -eq 124 ]; then echo "device-check: $* timed out after ${limit}s"; fi
  [ $rc -eq 0 ] || status=1
}
run_step 150 dev.compactfusion.perf.device.DeviceCheck agreement
run_step 180 dev.compactfusion.perf.device.DeviceCheck throughput
echo "device-check: $([ $status -eq 0 ] && echo done || echo FAILED)"
exit $status
