#!/usr/bin/env bash
# Installs what the end-to-end test of the extension needs, from the package registries only (Debian and
# npm; nothing is downloaded from anywhere else), into DEST:
#   - Debian's chromium (the browser that drives VS Code), ripgrep, curl, and the build tools and
#     libkrb5-dev that code-server's native modules compile against (apt-get, skipped when present);
#   - code-server (VS Code's workbench served to a browser) in DEST/cs;
#   - playwright-core (drives Chromium) and @vscode/vsce (packages the .vsix) in DEST/tools.
# Versions are pinned below: code-server 4.100.3 is VS Code 1.100.3, the newest that runs on Node 20
# (vsce 4 and code-server >= 4.103 need Node 22). Idempotent: what is installed at the pinned version is
# kept. Cold: about 2 minutes (apt ~40 s, code-server ~70 s); warm: under a second. Run as root (apt-get).
# Usage: install-e2e-deps.sh DEST
set -euo pipefail
CODE_SERVER_VERSION=4.100.3
VSCE_VERSION=3.9.2
PLAYWRIGHT_CORE_VERSION=1.65.2
DEBIAN_PACKAGES=(chromium ripgrep curl build-essential pkg-config python3 libkrb5-dev)

DEST=${1:?usage: install-e2e-deps.sh DEST}
mkdir -p "$DEST/tmp" "$DEST/cs" "$DEST/tools" "$DEST/home"
DEST=$(cd "$DEST" && pwd)
export TMPDIR=$DEST/tmp
log() { printf '[install-e2e-deps] %s\n' "$*" >&2; }

# The version of an npm package installed under DIR/node_modules, or nothing.
installed_version() {
  node -e 'try { process.stdout.write(require(process.argv[1]).version) } catch { }' \
    "$1/node_modules/$2/package.json"
}

# 1. Debian packages.
missing=()
for package in "${DEBIAN_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ] && ! command -v sudo >/dev/null; then
    log "missing Debian packages (${missing[*]}) and not root: install them with apt-get, then run again"
    exit 1
  fi
  SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
  log "apt-get install ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# 2. code-server.
if [ "$(installed_version "$DEST/cs" code-server)" != "$CODE_SERVER_VERSION" ]; then
  log "npm install code-server@$CODE_SERVER_VERSION into $DEST/cs"
  # @vscode/ripgrep's postinstall downloads rg from GitHub: seed its cache with Debian's rg instead.
  cache=$TMPDIR/vscode-ripgrep-cache-1.15.11
  mkdir -p "$cache" "$TMPDIR/rgseed"
  cp "$(command -v rg)" "$TMPDIR/rgseed/rg"
  tar czf "$cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$TMPDIR/rgseed" rg
  # unsafe_perm: code-server's postinstall refuses root without it; yes: node-pty runs `npx node-gyp`;
  # nodedir: build native modules against /usr/include/node instead of downloading headers.
  (
    cd "$DEST/cs"
    [ -f package.json ] || printf '{"name": "e2e-code-server", "private": true}\n' >package.json
    npm_config_nodedir=/usr npm_config_unsafe_perm=true npm_config_yes=true \
      npm install --no-audit --no-fund --save-exact "code-server@$CODE_SERVER_VERSION" >/dev/null
  )
fi

# 3. playwright-core and vsce.
if [ "$(installed_version "$DEST/tools" @vscode/vsce)" != "$VSCE_VERSION" ] \
   || [ "$(installed_version "$DEST/tools" playwright-core)" != "$PLAYWRIGHT_CORE_VERSION" ]; then
  log "npm install @vscode/vsce@$VSCE_VERSION playwright-core@$PLAYWRIGHT_CORE_VERSION into $DEST/tools"
  (
    cd "$DEST/tools"
    [ -f package.json ] || printf '{"name": "e2e-tools", "private": true}\n' >package.json
    npm install --no-audit --no-fund --save-exact \
      "@vscode/vsce@$VSCE_VERSION" "playwright-core@$PLAYWRIGHT_CORE_VERSION" >/dev/null
  )
fi

# code-server writes config under HOME on first start: keep it inside DEST.
HOME=$DEST/home XDG_CONFIG_HOME=$DEST/home/.config XDG_DATA_HOME=$DEST/home/.local/share \
  "$DEST/cs/node_modules/.bin/code-server" --version 2>/dev/null | grep -E "^[0-9]+\." >&2 || true
