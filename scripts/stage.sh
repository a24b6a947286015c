#!/usr/bin/env bash
# Runs one stage of `make test`, printing how long it took and recording it for
# the summary at the end.
set -uo pipefail
name=$1; shift
times=${STAGE_TIMES:-target/stage-times.txt}
mkdir -p "$(dirname "$times")"
printf '\n==> %s\n' "$name"
start=$(date +%s)
"$@"
status=$?
took=$(( $(date +%s) - start ))
printf '%-28s %4ds%s\n' "$name" "$took" "$([ $status -eq 0 ] || echo "  FAILED ($status)")" >> "$times"
printf '<== %s: %ds%s\n' "$name" "$took" "$([ $status -eq 0 ] || echo ", FAILED")"
exit $status
