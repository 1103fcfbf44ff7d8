#!/usr/bin/env bash
# A lab run on a Slurm cluster: a job array plays one shard per task, then a job that waits
# for all of them merges the shards into the whole run's summary and thesis tests
# (docs/LAB.md). Run it on the login node; it submits both jobs:
#
#   SHARDS=64 OUT=$PWD/runs LAB="--seeds 0..20000 --turns 40" examples/slurm-lab.sh
#
# SHARDS: tasks in the array (default 16); OUT: a folder every node can write (default
# ./lab-run); LAB: the `agora lab` options; AGORA: the binary (default: agora on the PATH).
# Each task uses the CPUs Slurm gives it (--cpus-per-task below).
#SBATCH --job-name=agora-lab
#SBATCH --cpus-per-task=4
#SBATCH --time=02:00:00
set -euo pipefail
AGORA=${AGORA:-agora}
SHARDS=${SHARDS:-16}
OUT=${OUT:-$PWD/lab-run}
LAB=${LAB:---seeds 0..2000}
export AGORA SHARDS OUT LAB

if [ -z "${SLURM_ARRAY_TASK_ID:-}" ]; then
  mkdir -p "$OUT"
  array=$(sbatch --parsable --array="0-$((SHARDS - 1))" --output="$OUT/shard-%a.log" "$0")
  merge=$(sbatch --parsable --dependency="afterok:${array%%;*}" --job-name=agora-merge \
    --output="$OUT/summary.txt" --wrap="\"$AGORA\" lab merge \"$OUT\"/part*.csv")
  echo "submitted shards (job $array) and their merge (job $merge): the summary goes to $OUT/summary.txt"
  exit 0
fi

# One task: shard SLURM_ARRAY_TASK_ID of SHARDS. LAB is split into words on purpose.
# shellcheck disable=SC2086
"$AGORA" lab $LAB --jobs "${SLURM_CPUS_PER_TASK:-1}" \
  --shard "$SLURM_ARRAY_TASK_ID/$SHARDS" --out "$OUT/part$SLURM_ARRAY_TASK_ID.csv"
