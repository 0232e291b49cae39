#!/bin/sh
# Runs one fuzz target for $FUZZ_SECONDS (default 10) over its seed corpus.
# usage: run_target.sh BINARY WORK_CORPUS SEED_CORPUS ARTIFACT_PREFIX
set -eu
exec "$1" -max_total_time="${FUZZ_SECONDS:-10}" -timeout=10 -rss_limit_mb=2048 \
  -print_final_stats=1 -artifact_prefix="$4" "$2" "$3"
