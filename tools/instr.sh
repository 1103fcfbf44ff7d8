#!/usr/bin/env bash
# Usage: tools/instr.sh AGORA — Riverside instructions per batch turn (callgrind, exact, load-independent):
# seeds 0..5 minus 0..1, 40 turns; for policies commons,exchange,aid (÷480 turns) and mixed (÷160).
set -u
A=$1; D=$(mktemp -d); cd $D
ir() { valgrind --tool=callgrind --callgrind-out-file=$D/cg.$RANDOM $A lab --jobs 1 --seeds $1 --policies $2 --turns 40 --out $D/x.csv 2>&1 | awk '/I   refs/ {gsub(",","",$4); print $4}'; }
a5=$(ir 0..5 commons,exchange,aid); a1=$(ir 0..1 commons,exchange,aid)
m5=$(ir 0..5 mixed); m1=$(ir 0..1 mixed)
echo "commons,exchange,aid: $(( (a5-a1)/480 )) instr/turn   mixed: $(( (m5-m1)/160 )) instr/turn"
rm -rf $D
