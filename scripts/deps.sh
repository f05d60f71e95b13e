#!/usr/bin/env bash
# Installs everything costlab needs on a fresh Debian bookworm machine, idempotently.
# Called by scripts/serve and scripts/test; safe to run again (it skips what is present).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"

apt_pkgs=(cmake g++ make ninja-build pkg-config dpkg-dev clang libclang-rt-14-dev
          emscripten libglm-dev catch2 nlohmann-json3-dev libglfw3-dev
          chromium wabt gzip
          fonts-inter python3-fonttools tesseract-ocr imagemagick zopfli
          zlib1g-dev libgl1-mesa-dev libgl1-mesa-dri xvfb xauth)
missing=()
for p in "${apt_pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

# Dear ImGui 1.90.1 comes as *source* from trixie's deb-src archive (TOOLCHAIN.md): the
# entry is generated from the machine's own debian.sources so no mirror address is in git.
src_list=/etc/apt/sources.list.d/costlab-src.sources
need_update=0
if [ ! -f "$src_list" ]; then
  base=/etc/apt/sources.list.d/debian.sources
  uri=$(awk '/^URIs:/{print; exit}' "$base")
  key=$(awk '/^Signed-By:/{print; exit}' "$base")
  printf 'Types: deb-src\n%s\nSuites: bookworm trixie\nComponents: main\n%s\n' "$uri" "$key" | $SUDO tee "$src_list" >/dev/null
  need_update=1
fi
if [ ${#missing[@]} -gt 0 ] || [ $need_update = 1 ]; then
  $SUDO apt-get update -qq
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "deps: installing ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

imgui_dir="$root/build/_deps/imgui"
if [ ! -f "$imgui_dir/imgui.cpp" ]; then
  echo "deps: fetching Dear ImGui 1.90.1 source (apt-get source imgui/trixie)"
  tmp="$root/build/_deps/imgui-src"; rm -rf "$tmp"; mkdir -p "$tmp"
  (cd "$tmp" && apt-get source -qq --download-only imgui/trixie >/dev/null \
      && dpkg-source -x --no-check imgui_1.90.1*.dsc unpacked >/dev/null)
  rm -rf "$imgui_dir"; mv "$tmp/unpacked" "$imgui_dir"; rm -rf "$tmp"
fi

# npm packages pinned by the committed package-lock.json (esbuild for the web build, with its
# native binary as the optional @esbuild/linux-x64; playwright-core for the browser tests);
# reinstall only when it changed.
if [ -f "$root/package-lock.json" ]; then
  stamp="$root/node_modules/.costlab-lock"
  if ! cmp -s "$root/package-lock.json" "$stamp" 2>/dev/null; then
    (cd "$root" && npm ci --no-audit --no-fund --loglevel=error)
    cp "$root/package-lock.json" "$stamp"
  fi
fi
