#!/usr/bin/env bash
# Compare `rally build` with Hugo on the same generated brand hub.
#
#   benches/compare.sh [N ...]          N = number of updates (default: 1000 10000)
#
# For each N, without and with code blocks, generates the hub twice (benches/gen_site.py: a Rally
# site and an equivalent Hugo site), builds each RUNS times (default 3) into a fresh output folder
# with a cold Hugo cache, and prints a Markdown table of the best wall time and peak memory (max RSS,
# from /usr/bin/time) of each tool, Rally's ratio to Hugo, and the number of .html files each wrote.
#
# Environment: RALLY=path/to/rally (default target/release/rally, built with `cargo build --release`
# if missing), RUNS=3, KEEP=1 to keep the temporary folder (sites, outputs, logs).
# Installs hugo and /usr/bin/time with apt-get when they are missing.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUNS=${RUNS:-3}
if [ "$#" -gt 0 ]; then SIZES=("$@"); else SIZES=(1000 10000); fi
for n in "${SIZES[@]}"; do
  [[ $n =~ ^[0-9]+$ ]] || { echo "usage: $0 [N ...]  (N: number of updates, got '$n')" >&2; exit 2; }
done

log() { echo "compare.sh: $*" >&2; }

# --- tools ------------------------------------------------------------------------------------
as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else return 1; fi
}
missing=()
command -v hugo >/dev/null || missing+=(hugo)
[ -x /usr/bin/time ] || missing+=(time)
if [ "${#missing[@]}" -gt 0 ]; then
  log "installing ${missing[*]} with apt-get"
  as_root apt-get update -qq >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
fi

# The Rally binary: $RALLY (a path, or a name on PATH), else target/release/rally, built if missing.
if [ -n "${RALLY:-}" ]; then
  if [[ $RALLY == */* ]]; then RALLY_BIN=$(realpath -m -- "$RALLY"); else RALLY_BIN=$(command -v "$RALLY" || echo "$RALLY"); fi
else
  RALLY_BIN=$REPO/target/release/rally
  if [ ! -x "$RALLY_BIN" ]; then
    log "building $RALLY_BIN (cargo build --release)"
    (cd "$REPO" && cargo build --release >&2) || log "cargo build failed; Rally rows will say so"
  fi
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/rally-bench.XXXXXX")
cleanup() {
  if [ "${KEEP:-0}" = 1 ]; then log "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM  # run the EXIT trap on Ctrl-C too

# --- measuring --------------------------------------------------------------------------------
# best_of LOG OUT CMD...: runs CMD $RUNS times, each into an empty OUT (and, for Hugo, an empty
# cache). Prints "seconds max_rss_kb" of the fastest run. On a failed run, returns its exit status
# with CMD's output in LOG.
best_of() {
  local logf=$1 out=$2 best="" line status
  shift 2
  for _ in $(seq "$RUNS"); do
    rm -rf "$out" "$WORK/hugo-cache" "$WORK/time"
    mkdir -p "$WORK/hugo-cache"
    sync # let the deletions reach the disk before the clock starts
    status=0
    HUGO_CACHEDIR=$WORK/hugo-cache /usr/bin/time -o "$WORK/time" -f '%e %M' "$@" >"$logf" 2>&1 || status=$?
    if [ "$status" -ne 0 ]; then return "$status"; fi
    line=$(tail -n 1 "$WORK/time")
    if [ -z "$best" ] || awk -v a="${line%% *}" -v b="${best%% *}" 'BEGIN { exit !(a < b) }'; then best=$line; fi
  done
  echo "$best"
}

html_count() { find "$1" -name '*.html' -type f | wc -l; }
first_lines() { { grep -v '^[[:space:]]*$' "$1" | head -n 3 | tr '\n' ' '; } || true; }

# --- the table --------------------------------------------------------------------------------
if [ -x "$RALLY_BIN" ]; then rally_version=$("$RALLY_BIN" --version 2>/dev/null || echo "rally (unknown version)"); else rally_version="rally: not found at $RALLY_BIN"; fi
echo "$rally_version vs $(hugo version | awk '{print "hugo", $2}'); $(nproc) cores; best of $RUNS; $(date -u +%Y-%m-%d)"
echo
echo "| updates | code | rally s | hugo s | time ratio | rally MB | hugo MB | memory ratio | rally pages | hugo pages |"
echo "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
notes=()
for n in "${SIZES[@]}"; do
  for code in no yes; do
    site=$WORK/site-$n-$code
    flag=(); [ "$code" = yes ] && flag=(--code)
    log "N=$n code=$code: generating"
    python3 "$REPO/benches/gen_site.py" --updates "$n" "${flag[@]}" --out "$site" >&2

    # Rally: failures are reported in the row and below the table; Hugo still runs.
    r="" rp="-" rerr=""
    if [ ! -x "$RALLY_BIN" ]; then
      rerr="no rally binary at $RALLY_BIN"
    else
      log "N=$n code=$code: rally"
      status=0
      r=$(best_of "$WORK/rally.log" "$site/out-rally" \
        "$RALLY_BIN" build --root "$site/rally" --output "$site/out-rally") || status=$?
      if [ "$status" -eq 0 ]; then
        rp=$(html_count "$site/out-rally")
      else
        r="" rerr="rally build failed (exit $status): $(first_lines "$WORK/rally.log")"
      fi
    fi

    # Hugo: a fresh cache every run (HUGO_CACHEDIR and --cacheDir), no --gc, no leftovers in the source.
    log "N=$n code=$code: hugo"
    h="" hp="-" herr="" status=0
    rm -rf "$site/hugo/resources" "$site/hugo/.hugo_build.lock"
    h=$(best_of "$WORK/hugo.log" "$site/out-hugo" \
      hugo --source "$site/hugo" --destination "$site/out-hugo" --cacheDir "$WORK/hugo-cache" --quiet) || status=$?
    if [ "$status" -eq 0 ]; then
      hp=$(html_count "$site/out-hugo")
    else
      h="" herr="hugo failed (exit $status): $(first_lines "$WORK/hugo.log")"
    fi

    [ -z "$rerr" ] || { notes+=("N=$n code=$code: $rerr"); log "$rerr"; }
    [ -z "$herr" ] || { notes+=("N=$n code=$code: $herr"); log "$herr"; }
    awk -v n="$n" -v c="$code" -v r="$r" -v h="$h" -v rp="$rp" -v hp="$hp" 'BEGIN {
      split(r, R, " "); split(h, H, " ")
      rs = (r == "") ? "failed" : sprintf("%.2f", R[1]); rm = (r == "") ? "failed" : sprintf("%.0f", R[2] / 1024)
      hs = (h == "") ? "failed" : sprintf("%.2f", H[1]); hm = (h == "") ? "failed" : sprintf("%.0f", H[2] / 1024)
      tr = (r == "" || h == "") ? "-" : (H[1] > 0 ? sprintf("%.2f", R[1] / H[1]) : "-")
      mr = (r == "" || h == "") ? "-" : (H[2] > 0 ? sprintf("%.2f", R[2] / H[2]) : "-")
      printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", n, c, rs, hs, tr, rm, hm, mr, rp, hp
    }'
    [ "${KEEP:-0}" = 1 ] || rm -rf "$site" # outputs of 10000 updates take a few hundred MB
  done
done

if [ "${#notes[@]}" -gt 0 ]; then
  echo
  for note in "${notes[@]}"; do echo "- $note"; done
fi
