#!/usr/bin/env bash
# A lab run in shards played by GNU parallel, then merged: prints the summary and thesis
# tests the whole run prints (docs/LAB.md). CI runs it and compares with the whole run.
#
#   examples/parallel-lab.sh SHARDS OUTDIR LAB-OPTIONS…
#   examples/parallel-lab.sh 8 runs --seeds 0..2000 --turns 40 --policies commons,exchange,aid,mixed
#
# Each shard runs with --jobs 1 and parallel runs one per core. AGORA names the binary
# (default: agora on the PATH). For many machines, see docs/LAB.md.
set -euo pipefail
if [ $# -lt 2 ]; then
  sed -n '2,8p' "$0" >&2
  exit 2
fi
agora=${AGORA:-agora}
shards=$1
out=$2
shift 2
mkdir -p "$out"
rm -f "$out"/part*.csv
# -q: the options reach agora as given (a policy may hold `>`); the shards' own summaries are
# not needed.
parallel -q --halt now,fail=1 "$agora" lab "$@" --jobs 1 --shard "{}/$shards" --out "$out/part{}.csv" \
  ::: $(seq 0 $((shards - 1))) >/dev/null
"$agora" lab merge "$out"/part*.csv
