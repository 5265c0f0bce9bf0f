#!/usr/bin/env bash
# The editor-clients kit's run-code-server.sh with Workspace Trust left on, so that a folder opens in
# Restricted Mode (with "security.workspace.trust.startupPrompt": "never" in the settings): installs the
# VSIX into a fresh profile, starts code-server on 127.0.0.1:PORT, runs COMMAND with CS_URL set, stops it.
# Usage: run-code-server-untrusted.sh DEST VSIX USER_SETTINGS_JSON COMMAND...
set -euo pipefail
DEST=$(cd "${1:?DEST}" && pwd); VSIX=$(realpath "${2:?VSIX}"); SETTINGS=$(realpath "${3:?settings.json}"); shift 3
export HOME=$DEST/home XDG_CONFIG_HOME=$DEST/home/.config XDG_DATA_HOME=$DEST/home/.local/share TMPDIR=$DEST/tmp
mkdir -p "$HOME" "$TMPDIR"
CS=$DEST/cs/node_modules/.bin/code-server
UD=$(mktemp -d "$TMPDIR/ud.XXXX"); EXT=$(mktemp -d "$TMPDIR/ext.XXXX"); PORT=${PORT:-8089}
mkdir -p "$UD/User"; cp "$SETTINGS" "$UD/User/settings.json"
"$CS" --user-data-dir "$UD" --extensions-dir "$EXT" --install-extension "$VSIX" >/dev/null
"$CS" --auth none --bind-addr "127.0.0.1:$PORT" --user-data-dir "$UD" --extensions-dir "$EXT" \
      --disable-telemetry --disable-update-check >"$TMPDIR/code-server-untrusted.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 150); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
CS_URL="http://127.0.0.1:$PORT" "$@"
