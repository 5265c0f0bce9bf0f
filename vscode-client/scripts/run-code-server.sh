#!/usr/bin/env bash
# Starts code-server (CODE_SERVER; default DEST/cs/node_modules/.bin/code-server, where
# install-e2e-deps.sh DEST puts it) on 127.0.0.1:PORT with the extension VSIX installed into a fresh
# profile and USER_SETTINGS_JSON as the user's settings, runs COMMAND with CS_URL set, and stops the
# server afterwards. HOME, the XDG folders and the profiles are kept under DEST, so nothing is written to
# the real home. WORKSPACE_TRUST=on keeps Workspace Trust on, so that a folder opens in Restricted Mode
# (with "security.workspace.trust.startupPrompt": "never" in the settings); by default it is off and
# every folder is trusted. EXTRA_EXTENSIONS: more .vsix files to install beside VSIX.
# Usage: [PORT=N] [WORKSPACE_TRUST=on] [LOG=name] [EXTRA_EXTENSIONS=...] [CODE_SERVER=...]
#        run-code-server.sh DEST VSIX USER_SETTINGS_JSON COMMAND...
set -euo pipefail
DEST=$(cd "${1:?DEST}" && pwd); VSIX=$(realpath "${2:?VSIX}"); SETTINGS=$(realpath "${3:?settings.json}"); shift 3
export HOME=$DEST/home XDG_CONFIG_HOME=$DEST/home/.config XDG_DATA_HOME=$DEST/home/.local/share TMPDIR=$DEST/tmp
mkdir -p "$HOME" "$TMPDIR"
CS=${CODE_SERVER:-$DEST/cs/node_modules/.bin/code-server}
UD=$(mktemp -d "$TMPDIR/ud.XXXX"); EXT=$(mktemp -d "$TMPDIR/ext.XXXX"); PORT=${PORT:-8089}
mkdir -p "$UD/User"; cp "$SETTINGS" "$UD/User/settings.json"
"$CS" --user-data-dir "$UD" --extensions-dir "$EXT" --install-extension "$VSIX" >/dev/null
for extra in ${EXTRA_EXTENSIONS:-}; do
  "$CS" --user-data-dir "$UD" --extensions-dir "$EXT" --install-extension "$extra" >/dev/null
done
trust=(--disable-workspace-trust)
[ "${WORKSPACE_TRUST:-off}" = on ] && trust=()
"$CS" --auth none --bind-addr "127.0.0.1:$PORT" --user-data-dir "$UD" --extensions-dir "$EXT" \
      --disable-telemetry --disable-update-check "${trust[@]}" >"$TMPDIR/${LOG:-code-server}.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 150); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
CS_URL="http://127.0.0.1:$PORT" "$@"
