# Shared install steps for the build and test scripts: each installs only what is missing.
# Sourced, not run.

ensure_rust_wasm() {
  rustup target list --installed | grep -q wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
}

# The wasm-bindgen CLI must match the wasm-bindgen crate in Cargo.lock exactly.
ensure_wasm_bindgen() {
  local want
  want=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock)
  if ! command -v wasm-bindgen >/dev/null || [ "$(wasm-bindgen --version | awk '{print $2}')" != "$want" ]; then
    echo "installing wasm-bindgen-cli $want (a few minutes)"
    # No --locked: the registry index here lags one transitive dependency (see shared/notes/toolchain.md).
    cargo install wasm-bindgen-cli --version "$want"
  fi
}

ensure_npm() {
  if [ ! -x node_modules/.bin/wasm-opt ] || [ package.json -nt node_modules/.package-lock.json ]; then
    npm install --no-audit --no-fund
  fi
}

ensure_apt() { # ensure_apt COMMAND PACKAGE...
  local cmd=$1; shift
  command -v "$cmd" >/dev/null && return 0
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"
}

ensure_chromium() {
  ensure_apt chromium chromium chromium-driver
  command -v chromedriver >/dev/null || ensure_apt chromedriver chromium-driver
}

# CJK and emoji fonts, so the screenshots show 简体中文 and the badges' signs instead of empty boxes.
ensure_fonts() {
  fc-list 2>/dev/null | grep -q 'Noto Sans CJK' && fc-list 2>/dev/null | grep -q 'Noto Color Emoji' && return 0
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk fonts-noto-color-emoji
}

ensure_firefox() {
  ensure_apt firefox-esr firefox-esr
  command -v geckodriver >/dev/null || cargo install geckodriver
}
