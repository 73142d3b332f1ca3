#!/bin/bash
# The idle-machine timing pass behind this folder. Run from the repository root: perf/results/cpu-checks-2026-12-02/run.sh OUT_DIR
set -u
cd "$(dirname "$0")/../../.."
O="${1:?usage: run.sh OUT_DIR}"; mkdir -p "$O"
echo "start $(date -u) load $(cat /proc/loadavg)" | tee $O/meta.txt
./compactfusion tools link-model-check 4 262144 5 10mbit 2>&1 | grep -v NNPACK | tee $O/link-model.txt
./compactfusion tools vae-decode 256 3 1 2>&1 | grep -v NNPACK | tee $O/vae-decode.txt
for i in 1 2 3; do ./compactfusion tools dit-xl-step 256 3 2>&1 | grep -v NNPACK | tee -a $O/dit-xl-step.txt; done
# ring vs patch compute, shapes-video, 4 workers, threads, local comm, 20 steps; first run of each is warm-up
for s in patch ring distrifusion; do for i in 0 1 2 3; do
  ./compactfusion generate --model shapes-video --prompt "red circle moving left" --parallel $s --workers 4 --stats $O/compute-$s-$i.json --out /tmp/t-$s.gif >/dev/null 2>&1
done; done
# procs vs threads, same job over tcp, no link limit, and at 10 Mbit/s nic
for link in none 10mbit; do for l in threads procs; do for i in 0 1 2 3; do
  extra=""; [ $link != none ] && extra="--link-bandwidth $link"
  ./compactfusion generate --model shapes-video --prompt "red circle moving left" --parallel ring --compress 1bit --workers 4 --comm tcp --launcher $l $extra --stats $O/launcher-$link-$l-$i.json --out /tmp/t-l.gif >/dev/null 2>&1
done; done; done
./compactfusion tools codec-bench 2>&1 | grep -v NNPACK | tee $O/codec-bench.txt
echo "end $(date -u) load $(cat /proc/loadavg)" | tee -a $O/meta.txt
