#!/usr/bin/env bash
# Times `rally build` against Hugo on the same generated brand hub, in one run, as ratios.
#
#   benches/compare.sh [N ...]        (default: 1000 10000)
#
# For each N, with and without code blocks, generates the hub (benches/gen_site.py), builds it
# three times with each tool into a fresh output folder, and prints the best wall time and the
# peak memory (max RSS) of each, and Rally's ratio to Hugo. RALLY=path/to/rally to choose a binary.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${*:-"1000 10000"}
RALLY=${RALLY:-target/release/rally}
RUNS=${RUNS:-3}

if [ ! -x "$RALLY" ]; then cargo build --release >&2; fi
need_apt=""
command -v hugo >/dev/null || need_apt="$need_apt hugo"
[ -x /usr/bin/time ] || need_apt="$need_apt time"
if [ -n "$need_apt" ]; then
  apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $need_apt >&2
fi

WORK=$(mktemp -d)
trap '[ "${KEEP:-0}" = 1 ] || rm -rf "$WORK"' EXIT

# best_of CMD...: runs CMD $RUNS times; prints "seconds max_rss_kb" of the fastest run
best_of() {
  local best="" line
  for _ in $(seq "$RUNS"); do
    rm -rf "$WORK/out" "$WORK/cache"
    sync  # the deletion's writeback must not land on the timed run
    /usr/bin/time -o "$WORK/time" -f '%e %M' "$@" >/dev/null 2>&1
    line=$(tail -n 1 "$WORK/time")
    if [ -z "$best" ] || awk -v a="${line%% *}" -v b="${best%% *}" 'BEGIN{exit !(a<b)}'; then best=$line; fi
  done
  echo "$best"
}

echo "Rally $("$RALLY" --version | awk '{print $2}') vs $(hugo version | awk '{print $1, $2}'), $(nproc) cores, best of $RUNS"
echo
echo "| updates | code | Rally s | Hugo s | time ratio | Rally MB | Hugo MB | memory ratio | Rally pages | Hugo pages |"
echo "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
for n in $SIZES; do
  for code in no yes; do
    site="$WORK/site-$n-$code"
    flag=""; [ "$code" = yes ] && flag="--code"
    python3 benches/gen_site.py --updates "$n" $flag --out "$site"
    r=$(best_of "$RALLY" --root "$site/rally" build --output "$WORK/out")
    "$RALLY" --root "$site/rally" build --output "$WORK/rally-out" >/dev/null 2>&1
    rp=$(find "$WORK/rally-out" -name '*.html' | wc -l)
    h=$(best_of hugo --source "$site/hugo" --destination "$WORK/out" --cacheDir "$WORK/cache" --quiet)
    hugo --source "$site/hugo" --destination "$WORK/hugo-out" --cacheDir "$WORK/cache" --quiet >/dev/null 2>&1
    hp=$(find "$WORK/hugo-out" -name '*.html' | wc -l)
    rm -rf "$WORK/rally-out" "$WORK/hugo-out" "$site"
    read -r rs rm <<<"$r"
    read -r hs hm <<<"$h"
    awk -v n="$n" -v c="$code" -v rs="$rs" -v hs="$hs" -v rm="$rm" -v hm="$hm" -v rp="$rp" -v hp="$hp" 'BEGIN{
      printf "| %d | %s | %.2f | %.2f | %.2f | %.0f | %.0f | %.2f | %d | %d |\n", n, c, rs, hs, rs/hs, rm/1024, hm/1024, rm/hm, rp, hp }'
  done
done
