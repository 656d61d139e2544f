#!/usr/bin/env bash
# Scale benchmark: `rally check` and `rally build` on hubs with very many goals, metrics or tags.
#
#   benches/scale.sh [CASE ...]         CASE: goals, metrics, tags (default: all three)
#
# Each case is generated with benches/gen_site.py (1,000 updates of about 600 words) at half and at
# full size, so the table shows how time grows when the input doubles (linear work: about 2x):
#   goals    a mission with 10,000 goals, each with a value in each of 4 impact reports
#   metrics  4 impact reports with 10,000 extra labelled metrics each
#   tags     100,000 tags, about 100 on each update
# `rally check` runs first (in memory, nothing written), then `rally build` into a fresh folder.
# Each is run RUNS times (default 1); the best wall time is kept, with its CPU time (user + system)
# and peak memory (max RSS) from /usr/bin/time. Not a timed test: numbers depend on the machine.
#
# Environment: RALLY=path/to/rally (default target/release/rally, built with `cargo build --release`
# if missing), UPDATES=1000, RUNS=1, SCALE=1 (a factor on the goal, metric and tag counts, e.g. 0.01
# for a quick trial), KEEP=1 to keep the temporary folder.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUNS=${RUNS:-1}
UPDATES=${UPDATES:-1000}
SCALE=${SCALE:-1}
if [ "$#" -gt 0 ]; then CASES=("$@"); else CASES=(goals metrics tags); fi
for c in "${CASES[@]}"; do
  case $c in goals | metrics | tags) ;; *) echo "usage: $0 [goals|metrics|tags ...] (got '$c')" >&2; exit 2 ;; esac
done
[ -x /usr/bin/time ] || { echo "scale.sh: needs /usr/bin/time (apt-get install time)" >&2; exit 1; }

log() { echo "scale.sh: $*" >&2; }

RALLY_BIN=${RALLY:-$REPO/target/release/rally}
if [ ! -x "$RALLY_BIN" ]; then
  log "building $RALLY_BIN (cargo build --release)"
  (cd "$REPO" && cargo build --release >&2)
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/rally-scale.XXXXXX")
cleanup() {
  if [ "${KEEP:-0}" = 1 ]; then log "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# best_of OUT CMD...: runs CMD $RUNS times (OUT deleted before each run); prints
# "wall_s cpu_s max_rss_kb exit_status" of the fastest run.
best_of() {
  local out=$1 best="" line status
  shift
  for _ in $(seq "$RUNS"); do
    rm -rf "$out" "$WORK/time"
    sync
    status=0
    /usr/bin/time -o "$WORK/time" -f '%e %U %S %M' "$@" >"$WORK/log" 2>&1 || status=$?
    line=$(tail -n 1 "$WORK/time" | awk -v s="$status" '{ printf "%s %.2f %s %s", $1, $2 + $3, $4, s }')
    if [ -z "$best" ] || awk -v a="${line%% *}" -v b="${best%% *}" 'BEGIN { exit !(a < b) }'; then best=$line; fi
  done
  echo "$best"
}

# gen_args CASE SIZE: the gen_site.py options of a case at SIZE (a fraction of the full size, 1 or 0.5).
gen_args() {
  local f
  f=$(awk -v a="$2" -v b="$SCALE" 'BEGIN { print a * b }')
  case $1 in
    goals) awk -v f="$f" 'BEGIN { n = int(10000 * f); printf "--goals %d", (n < 3 ? 3 : n) }' ;;
    metrics) awk -v f="$f" 'BEGIN { printf "--metrics %d", 10000 * f }' ;;
    tags) awk -v f="$f" 'BEGIN { printf "--tags %d", 100000 * f }' ;;
  esac
}

echo "$("$RALLY_BIN" --version 2>/dev/null || echo rally); $(nproc) cores; $UPDATES updates; best of $RUNS; $(date -u +%Y-%m-%d)"
echo
echo "| case | size | check s | check CPU s | check MB | build s | build CPU s | build MB | check ÷ build | files |"
echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
for c in "${CASES[@]}"; do
  for f in 0.5 1; do
    site=$WORK/$c-$f
    read -r -a args <<<"$(gen_args "$c" "$f")"
    log "$c ${args[*]}: generating"
    python3 "$REPO/benches/gen_site.py" --updates "$UPDATES" "${args[@]}" --rally-only --out "$site" >&2
    log "$c ${args[*]}: rally check"
    chk=$(best_of "$site/none" "$RALLY_BIN" --root "$site/rally" check)
    # check exits 1 when it finds errors; the generated sites have none, so say so if it does
    [ "${chk##* }" = 0 ] || log "rally check exited ${chk##* }: $(head -c 300 "$WORK/log")"
    log "$c ${args[*]}: rally build"
    bld=$(best_of "$site/out" "$RALLY_BIN" --root "$site/rally" build --output "$site/out")
    [ "${bld##* }" = 0 ] || log "rally build exited ${bld##* }: $(head -c 300 "$WORK/log")"
    files=$(find "$site/out" -type f 2>/dev/null | wc -l)
    awk -v c="$c" -v a="${args[*]}" -v k="$chk" -v b="$bld" -v n="$files" 'BEGIN {
      split(k, K, " "); split(b, B, " ")
      ratio = (B[1] > 0) ? sprintf("%.2f", K[1] / B[1]) : "-"
      printf "| %s | %s | %.2f | %.2f | %.0f | %.2f | %.2f | %.0f | %s | %d |\n", c, a, K[1], K[2], K[3] / 1024, B[1], B[2], B[3] / 1024, ratio, n
    }'
    [ "${KEEP:-0}" = 1 ] || rm -rf "$site"
  done
done
