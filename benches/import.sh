#!/usr/bin/env bash
# Import benchmark: `rally import wordpress` of a generated export of POSTS posts (default 10,000,
# written by benches/gen_wxr.py), without --download, then `rally build` of the result. Prints the
# wall time, CPU time and peak memory (max RSS, from /usr/bin/time) of each.
#
# Environment: RALLY=path/to/rally (default target/release/rally, built with `cargo build --release`
# if missing), POSTS=10000, BUILD=0 to skip the build, KEEP=1 to keep the temporary folder.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
POSTS=${POSTS:-10000}
[ -x /usr/bin/time ] || { echo "import.sh: needs /usr/bin/time (apt-get install time)" >&2; exit 1; }
RALLY_BIN=${RALLY:-$REPO/target/release/rally}
if [ ! -x "$RALLY_BIN" ]; then
  (cd "$REPO" && cargo build --release >&2)
fi
WORK=$(mktemp -d "${TMPDIR:-/tmp}/rally-import.XXXXXX")
cleanup() { if [ "${KEEP:-0}" = 1 ]; then echo "import.sh: kept $WORK" >&2; else rm -rf "$WORK"; fi; }
trap cleanup EXIT

python3 "$REPO/benches/gen_wxr.py" "$POSTS" > "$WORK/export.xml"
echo "export: $POSTS posts, $(du -h "$WORK/export.xml" | cut -f1)"
measure() {
  local label=$1; shift
  /usr/bin/time -f "%e %U %S %M" -o "$WORK/time" "$@" > /dev/null 2> "$WORK/err" || { cat "$WORK/err" >&2; exit 1; }
  read -r wall user sys rss < "$WORK/time"
  printf '%-8s %7.2f s wall  %7.2f s CPU  %6d MB max RSS\n' "$label" "$wall" "$(echo "$user + $sys" | bc)" $((rss / 1024))
}
measure import "$RALLY_BIN" import wordpress "$WORK/export.xml" --into "$WORK/site"
if [ "${BUILD:-1}" = 1 ]; then
  measure build "$RALLY_BIN" --root "$WORK/site" build
fi
