#!/usr/bin/env bash
# Installs what building, running and testing Tandem needs on a Debian/Ubuntu
# machine, and nothing that is already there: safe to run again and again
# (make run and make test call it every time).
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'bootstrap: %s\n' "$*"; }

# Root installs directly; anybody else goes through sudo.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# System packages: the Tauri/WebKitGTK build, a virtual display, the WebDriver
# for WebKitGTK, ImageMagick for screenshots, keyutils for the kernel keyring,
# libdbus-1-dev for the Secret Service backend of tandem-exact's token store.
APT_PACKAGES=(
  build-essential pkg-config curl wget file libssl-dev
  libwebkit2gtk-4.1-dev libsoup-3.0-dev libjavascriptcoregtk-4.1-dev librsvg2-dev
  libayatana-appindicator3-dev libxdo-dev libgtk-3-dev
  xvfb xauth webkit2gtk-driver imagemagick keyutils openssl python3-pip
  libdbus-1-dev
)
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "installing system packages: ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Rust tools. The toolchain itself comes with the machine (rustup).
export PATH="$HOME/.cargo/bin:$PATH"
command -v cargo >/dev/null || { say "cargo is missing: install Rust with rustup first"; exit 1; }
for component in rustfmt clippy; do
  rustup component list --installed 2>/dev/null | grep -q "^$component" || rustup component add "$component"
done
command -v cargo-nextest >/dev/null || cargo install cargo-nextest --locked
TAURI_DRIVER_VERSION=2.1.0
# tauri-driver has no --version; cargo's own record of installs says which.
if ! cargo install --list | grep -q "^tauri-driver v$TAURI_DRIVER_VERSION:"; then
  say "installing tauri-driver $TAURI_DRIVER_VERSION"
  cargo install tauri-driver --version "$TAURI_DRIVER_VERSION" --locked
fi

# A third-party Exact Online client (PyPI), pinned: the simulator's wire
# format is checked against it (make test, stage "third-party client").
EXACTONLINE_PY=0.4.0
if [ "$(python3 -c 'import importlib.metadata as m; print(m.version("exactonline"))' 2>/dev/null || true)" != "$EXACTONLINE_PY" ]; then
  say "installing the exactonline $EXACTONLINE_PY Python package"
  python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore "exactonline==$EXACTONLINE_PY" 2>/dev/null \
    || python3 -m pip install --quiet --disable-pip-version-check --break-system-packages --root-user-action=ignore "exactonline==$EXACTONLINE_PY"
fi

# Front-end packages, exactly as locked; skipped when the lock file has not
# changed since the last install.
command -v npm >/dev/null || { say "Node.js 20.19+ with npm is missing"; exit 1; }
stamp=ui/node_modules/.tandem-lock-sha
want=$(sha256sum ui/package-lock.json | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null || true)" != "$want" ]; then
  say "installing front-end packages (npm ci)"
  (cd ui && npm ci --no-audit --no-fund --loglevel=error)
  echo "$want" > "$stamp"
fi
