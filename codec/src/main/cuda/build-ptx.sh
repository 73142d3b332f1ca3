#!/usr/bin/env bash
# Compiles the codec kernels to PTX with nvcc from CUDA_HOME/bin or PATH; without nvcc, says that the
# kernels are not built and succeeds (the Java twins still run, the CUDA tests skip with that reason).
# -fmad=false keeps every float operation rounded like Java's, so kernels and twins agree bit for bit.
set -euo pipefail
src="$1"; out="$2"
nvcc=""
if [ -n "${CUDA_HOME:-}" ] && [ -x "$CUDA_HOME/bin/nvcc" ]; then
  nvcc="$CUDA_HOME/bin/nvcc"
elif command -v nvcc >/dev/null 2>&1; then
  nvcc="$(command -v nvcc)"
fi
if [ -z "$nvcc" ]; then
  echo "[codec] nvcc not found on PATH or under CUDA_HOME: CUDA codec kernels NOT built (Java codecs only)"
  exit 0
fi
mkdir -p "$(dirname "$out")"
"$nvcc" -ptx -arch=compute_75 -fmad=false -o "$out" "$src"
echo "[codec] CUDA codec kernels built with $nvcc -> $(basename "$out")"
