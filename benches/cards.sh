#!/usr/bin/env bash
# Share-card benchmark: `rally build` of a hub of 1,000 and of 10,000 updates (benches/gen_site.py),
# first without cards (`cards: { enabled: false }`), then with cards from an empty cache (every
# card drawn), then again with nothing changed (every card from the cache), and compares each with
# the same build without cards.
#
#   benches/cards.sh [UPDATES ...]        (default: 1000 10000)
#
# Each build runs RUNS times (default 1), from an empty `.rally-cache/` for the first builds; the
# best wall time is kept with its CPU time (user + system) from /usr/bin/time: the CPU time is the
# fairer figure on a shared machine. The ratios compare a build with cards to the same build (first
# or unchanged) without. Not a timed test: numbers depend on the machine.
#
# Environment: RALLY=path/to/rally (default target/release/rally, built with `cargo build --release`
# if missing), RUNS=1, KEEP=1 to keep the temporary folder.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUNS=${RUNS:-1}
if [ "$#" -gt 0 ]; then SIZES=("$@"); else SIZES=(1000 10000); fi
[ -x /usr/bin/time ] || { echo "cards.sh: needs /usr/bin/time (apt-get install time)" >&2; exit 1; }
log() { echo "cards.sh: $*" >&2; }

RALLY_BIN=${RALLY:-$REPO/target/release/rally}
if [ ! -x "$RALLY_BIN" ]; then
  log "building $RALLY_BIN (cargo build --release)"
  (cd "$REPO" && cargo build --release >&2)
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/rally-cards.XXXXXX")
cleanup() { if [ "${KEEP:-0}" = 1 ]; then log "kept $WORK"; else rm -rf "$WORK"; fi; }
trap cleanup EXIT
trap 'exit 130' INT TERM

# best_of FRESH SITE: builds SITE into SITE/../out $RUNS times (with an empty cache first when FRESH
# is 1); prints "wall_s cpu_s" of the fastest run.
best_of() {
  local fresh=$1 site=$2 best="" line
  for _ in $(seq "$RUNS"); do
    [ "$fresh" = 1 ] && rm -rf "$site/.rally-cache"
    rm -rf "$WORK/time"
    sync
    /usr/bin/time -o "$WORK/time" -f '%e %U %S' "$RALLY_BIN" --root "$site" build --output "$site/../out" \
      >"$WORK/log" 2>&1 || { log "rally build failed: $(head -c 300 "$WORK/log")"; exit 1; }
    line=$(tail -n 1 "$WORK/time" | awk '{ printf "%s %.2f", $1, $2 + $3 }')
    if [ -z "$best" ] || awk -v a="${line%% *}" -v b="${best%% *}" 'BEGIN { exit !(a < b) }'; then best=$line; fi
  done
  echo "$best"
}

echo "$("$RALLY_BIN" --version 2>/dev/null || echo rally); $(nproc) cores; best of $RUNS; $(date -u +%Y-%m-%d)"
echo
echo "| updates | build | without cards: wall s | CPU s | with cards: wall s | CPU s | wall ratio | CPU ratio | cards |"
echo "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
for n in "${SIZES[@]}"; do
  dir=$WORK/$n
  log "$n updates: generating"
  python3 "$REPO/benches/gen_site.py" --updates "$n" --rally-only --out "$dir" >&2
  site=$dir/rally
  cp "$site/site.yaml" "$WORK/site.yaml"
  printf '\ncards: { enabled: false }\n' >>"$site/site.yaml"
  log "$n updates: without cards"
  off_first=$(best_of 1 "$site")
  off_again=$(best_of 0 "$site")
  cp "$WORK/site.yaml" "$site/site.yaml"
  log "$n updates: with cards"
  first=$(best_of 1 "$site")
  cards=$(find "$dir/out" \( -name card.png -o -name '*.card.png' \) | wc -l)
  again=$(best_of 0 "$site")
  for row in "first:$off_first:$first" "unchanged:$off_again:$again"; do
    IFS=: read -r name o t <<<"$row"
    awk -v n="$n" -v name="$name" -v t="$t" -v o="$o" -v c="$cards" 'BEGIN {
      split(t, T, " "); split(o, O, " ")
      printf "| %d | %s | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %d |\n", n, name, O[1], O[2], T[1], T[2], T[1] / O[1], T[2] / O[2], c
    }'
  done
  [ "${KEEP:-0}" = 1 ] || rm -rf "$dir"
done
