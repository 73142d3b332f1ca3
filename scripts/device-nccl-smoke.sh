#!/usr/bin/env bash
# World-size-1 NCCL smoke test for a GPU check machine (NCCL refuses two ranks on one GPU).
# Not run on the developer machines (no GPU). Needs: a Java 17 runtime ($JAVA, default java),
# CLASSPATH with the CLI (cli/target/compactfusion-cli.jar and cli/target/lib/*) AND the JavaCPP natives
# (org.bytedeco:cuda:13.1-9.19-1.5.13:linux-x86_64 and javacpp:1.5.13:linux-x86_64, which are
# NOT in the local Maven repository today), and libcudart.so.13 / libnccl.so.2, found on
# LD_LIBRARY_PATH or in a Python environment's nvidia/*/lib (searched below).
#
# Exit 0: "NCCL-SMOKE OK"; 1: failure or wrong result; 77: skipped (natives or device missing).
set -uo pipefail
JAVA="${JAVA:-java}"
: "${CLASSPATH:?set CLASSPATH to the CLI jar + cli/target/lib/* + JavaCPP linux-x86_64 natives}"
for lib in $(python3 -c 'import nvidia, os; p = nvidia.__path__[0]; print(" ".join(os.path.join(p, d, "lib") for d in os.listdir(p)))' 2>/dev/null); do
  [ -d "$lib" ] && LD_LIBRARY_PATH="$lib:${LD_LIBRARY_PATH:-}"
done
export LD_LIBRARY_PATH="${LD_LIBRARY_PATH:-}"
timeout 120 "$JAVA" -cp "$CLASSPATH" dev.compactfusion.cli.Main tools nccl-smoke
rc=$?
[ $rc = 77 ] && echo "SKIP: NCCL smoke test could not run here (see the line above)"
exit $rc
