#!/usr/bin/env bash
# Usage: tools/same.sh AGORA OUTDIR — writes lab CSVs (every figure and each game's final state
# hash) for every shipped scenario × 4 policies × seeds 0..40, Riverside on easy and hard (seeds
# 0..20) and a 1,000-member synthetic run, into OUTDIR. Compare two OUTDIRs with `diff -r`: a
# change meant only to make the engine faster must leave them identical (docs/PERFORMANCE.md).
set -u
A=$1; O=$2; mkdir -p $O; D=$(mktemp -d); cd $D
for s in riverside clinic dry-year mill press; do
  $A lab --scenario $s --seeds 0..40 --policies commons,exchange,aid,mixed --jobs 2 --out $O/$s.csv >/dev/null 2>&1 || echo "FAIL $s"
done
for d in easy hard; do $A lab --difficulty $d --seeds 0..20 --policies commons,exchange,aid,mixed --jobs 2 --out $O/riverside-$d.csv >/dev/null 2>&1 || echo "FAIL $d"; done
$A lab --synthetic 1000 --seeds 0..2 --policies commons,exchange,aid,mixed --turns 6 --jobs 2 --out $O/synth.csv >/dev/null 2>&1 || echo "FAIL synth"
rm -rf $D; echo "$(ls $O | wc -l) CSVs in $O"
