#!/usr/bin/env bash
# Builds .device/ at the repository root: a jlink Java runtime and the few jars the CUDA device
# check needs, to ship with perf/device-check.sh to a GPU machine that has no Java (at most
# 64 MiB may be sent there). Run here, offline: perf/device-pack.sh
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/.device"
M2="${M2_REPO:-$HOME/.m2/repository}"
JCUDA="$M2/org/jcuda/jcuda/12.6.0/jcuda-12.6.0.jar"
NATIVES="$M2/org/jcuda/jcuda-natives/12.6.0/jcuda-natives-12.6.0-linux-x86_64.jar"
LIMIT=$((64 * 1024 * 1024))

cd "$ROOT"
for f in "$JCUDA" "$NATIVES"; do
  [ -f "$f" ] || { echo "device-pack: missing $f (JCuda 12.6.0 must be in the local Maven repository)" >&2; exit 1; }
done
command -v nvcc >/dev/null || echo "device-pack: warning: no nvcc here, the pack will carry no PTX and the check will only report that" >&2

mvn -o -q -B -pl codec,perf -am -DskipTests package
ls codec/target/classes/dev/compactfusion/codec/cuda/codecs.ptx >/dev/null 2>&1 || echo "device-pack: warning: codecs.ptx not built" >&2

TMP="$(mktemp -d "$ROOT/.device-pack.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT
jlink --add-modules java.base,java.desktop,java.logging,jdk.unsupported,java.management,java.naming \
  --strip-debug --no-header-files --no-man-pages --compress=2 --output "$TMP/pack/jre"
mkdir -p "$TMP/pack/lib" "$TMP/natives"
cp codec/target/compactfusion-codec-*.jar perf/target/compactfusion-perf-*.jar "$JCUDA" "$TMP/pack/lib/"
# Only the driver binding: the full natives jar is 26 MB, mostly the PTX-compiler binding we do not use.
(cd "$TMP/natives" && unzip -q "$NATIVES" 'lib/libJCudaDriver-*' && jar cf "$TMP/pack/lib/jcuda-natives-driver.jar" lib)

SIZE=$(du -sb "$TMP/pack" | cut -f1)
if [ "$SIZE" -gt "$LIMIT" ]; then
  echo "device-pack: pack is $SIZE bytes, over the 64 MiB that can be sent" >&2
  exit 1
fi
rm -rf "$OUT"
mv "$TMP/pack" "$OUT"
echo "device-pack: $OUT is $((SIZE / 1024 / 1024)) MiB ($SIZE bytes): $(ls "$OUT/lib" | tr '\n' ' ')"
