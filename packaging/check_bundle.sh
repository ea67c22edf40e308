#!/usr/bin/env bash
# `make dist-check`: the bundle's --self-test as built; among decoy packages (in the working
# directory and on PYTHONPATH) that fail if imported; in an empty environment, checking that
# the Python it runs is its own; and, where a private mount namespace can be made (root),
# with the build's standard library, its venv and the source packages hidden.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
app=$(realpath "${1:-$root/dist/holdfast/holdfast}")
bundle=$(dirname "$app")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
packages=(charting models reports resources ui)

echo "== self-test as built"
QT_QPA_PLATFORM=offscreen "$app" --self-test

echo "== among decoy packages (working directory and PYTHONPATH)"
for package in "${packages[@]}"; do
  mkdir -p "$tmp/decoys/$package"
  echo "raise ImportError('the decoy $package was imported')" >"$tmp/decoys/$package/__init__.py"
done
(cd "$tmp/decoys" && PYTHONPATH="$tmp/decoys" QT_QPA_PLATFORM=offscreen "$app" --self-test)

echo "== in an empty environment: every library resolves, libpython is the bundle's"
if ldd "$app" | grep "not found"; then exit 1; fi
mkdir "$tmp/home"
env -i PATH=/usr/bin:/bin HOME="$tmp/home" LD_DEBUG=files LD_DEBUG_OUTPUT="$tmp/ld" \
  "$app" --self-test
loaded=$(sed -n 's/.*calling init: //p' "$tmp"/ld.* | sort -u)
own=$(grep -c "^$bundle/_internal/libpython3" <<<"$loaded" || true)
foreign=$(grep -Ei "python|site-packages|\.venv" <<<"$loaded" | grep -v "^$bundle/" || true)
if [ "$own" -lt 1 ] || [ -n "$foreign" ]; then
  echo "libpython loaded from the bundle: $own; from outside it: ${foreign:-none}"
  exit 1
fi
system=$(grep -v "^$bundle/" <<<"$loaded" | xargs -n1 basename | tr '\n' ' ')
echo "$(wc -l <<<"$loaded") shared libraries loaded; from outside the bundle only: $system"

echo "== with the build's Python library, its venv and the source packages hidden"
hidden=("$root/.venv" "$("$root/.venv/bin/python" -c 'import sysconfig; print(sysconfig.get_path("stdlib"))')")
hidden+=("${packages[@]/#/$root/}")
if unshare --mount true 2>/dev/null; then
  unshare --mount bash -c 'for dir in "${@:2}"; do mount -t tmpfs none "$dir"; done
    env -i PATH=/usr/bin:/bin HOME="$1" "$0" --self-test' "$app" "$tmp/home" "${hidden[@]}"
else
  echo "skipped: no private mount namespace here (it needs root)"
fi
echo "The bundle in $bundle passed every check."
