#!/usr/bin/env bash
# The idle timing pass of 2026-12-02 evening: the slow-network suite in its fixed setting (random
# DiT-XL/2-256, first 4 of 28 blocks; 28 steps; 4 worker processes; nic links at 10, 100 and
# 1000 Mbit/s; fp16 baselines; every case in warm workers, 3 timed runs), then one PixArt-α-512
# step. COMPACTFUSION names a frozen copy of the launcher so that nothing rebuilds under the run.
# Three fp16/fp32 gathers at 10 Mbit/s are skipped for time (each would take ~9-17 minutes; their
# bytes are distrifusion:fp16's, which runs).
set -euo pipefail
CF="${COMPACTFUSION:-./compactfusion}"
OUT="${1:-perf/results/slow-network-2026-12-02}"
"$CF" bench suite --blocks 4 --link 10mbit,100mbit,1gbit --warmup-runs 0 --runs 3 \
    --skip patch:fp16@10mbit,ring:fp16@10mbit,distrifusion@10mbit --out "$OUT/suite" 2>&1 | grep -v NNPACK \
    | tee "$OUT/suite.log"
"$CF" tools pixart-step 512 3 2>&1 | grep -v NNPACK | tee "$OUT/pixart-step-512.txt"
