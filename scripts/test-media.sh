#!/usr/bin/env bash
# Prepares the photos and fake-camera videos the browser tests use, from
# Debian packages (never committed, never downloaded at test time from
# elsewhere): person A = skimage astronaut.png (Eileen Collins, public
# domain), person B = matplotlib grace_hopper.jpg, no face = skimage
# chelsea.png (a cat). Head-turn videos are synthesized from person A by
# packages/provider-local/scripts/head-turn-videos.ts (needs `pnpm install`).
# Output: .cache/test-media/ (git-ignored). Idempotent.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/.cache/test-media"
stamp="$out/.complete-v4"
[[ -f "$stamp" ]] && exit 0
mkdir -p "$out"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(
  cd "$work"
  apt-get download python3-skimage python-matplotlib-data >/dev/null 2>&1 || {
    sudo_cmd=""
    [[ "$(id -u)" != 0 ]] && sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq >/dev/null
    apt-get download python3-skimage python-matplotlib-data >/dev/null
  }
  for deb in ./*.deb; do dpkg -x "$deb" extracted; done
)
find "$work/extracted" -name astronaut.png -exec cp {} "$out/person-a.png" \;
find "$work/extracted" -name chelsea.png -exec cp {} "$out/no-face.png" \;
find "$work/extracted" -name grace_hopper.jpg -exec cp {} "$out/person-b.jpg" \;
for f in person-a.png no-face.png person-b.jpg; do [[ -s "$out/$f" ]] || { echo "missing $f" >&2; exit 1; }; done

# Fake-camera videos: 640x480, 30 fps, 1 s of a still, looped by Chromium.
video() { # name, ffmpeg input args…, filter
  local name="$1" filter="$2"; shift 2
  ffmpeg -loglevel error -y "$@" -t 1 -r 30 -filter_complex "$filter" -pix_fmt yuv420p -f yuv4mpegpipe "$out/$name.y4m"
}
# astronaut.png's face is the box (177,82)+95x95 of 512x512: crop around it so
# the face is ~35% of the frame width, centered where the oval is.
video face "[0:v]crop=271:203:89:39,scale=640:480,format=yuv420p" -loop 1 -i "$out/person-a.png"
video face-far "[0:v]scale=640:480:force_original_aspect_ratio=increase,crop=640:480,format=yuv420p" -loop 1 -i "$out/person-a.png"
video no-face "[0:v]scale=640:480:force_original_aspect_ratio=increase,crop=640:480,format=yuv420p" -loop 1 -i "$out/no-face.png"
video two-faces "[0:v]scale=320:480:force_original_aspect_ratio=increase,crop=320:480[a];[1:v]scale=320:480:force_original_aspect_ratio=increase,crop=320:480[b];[a][b]hstack=inputs=2,format=yuv420p" -loop 1 -i "$out/person-a.png" -loop 1 -i "$out/person-b.jpg"
video dark "[0:v]crop=271:203:89:39,scale=640:480,eq=brightness=-0.5,format=yuv420p" -loop 1 -i "$out/person-a.png"
# The presence tests' videos: a head turning both ways, one way only, and a photo turned.
"$root/node_modules/.bin/tsx" --conditions=@reverify/source \
  "$root/packages/provider-local/scripts/head-turn-videos.ts" "$out"
touch "$stamp"
echo "test media ready in $out"
