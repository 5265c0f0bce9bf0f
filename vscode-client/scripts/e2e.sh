#!/usr/bin/env bash
# End-to-end test of the VS Code extension in a real VS Code (code-server 4.100.3 = VS Code 1.100.3) in
# headless Chromium. Installs what it needs (install-e2e-deps.sh, into E2E_CACHE: everything comes from the
# package registries), builds and packages the .vsix, copies the test workspace, starts code-server with
# the extension installed (run-code-server.sh), and runs test/e2e/*.e2e.test.js with node --test.
# Screenshots of every state go to E2E_ARTIFACTS. Needs nothing outside this repository.
#
# Env: E2E_CACHE (the installed tools, shared by clones and runs: default ~/.cache/assetlens-e2e, or
#      $XDG_CACHE_HOME/assetlens-e2e), E2E_DIR (this run's files, default <repo>/.e2e),
#      E2E_ARTIFACTS (default $E2E_DIR/artifacts),
#      E2E_SCENARIO (a file of test/e2e/scenarios/, default: examples.json when examples/ has one, else
#      fixture.json), ASSETLENS_PYTHON (the interpreter with assetlens; default <repo>/.venv/bin/python,
#      else a venv made in E2E_DIR), PORT.
set -euo pipefail
CLIENT=$(cd "$(dirname "$0")/.." && pwd)
REPO=$(cd "$CLIENT/.." && pwd)
E2E_DIR=${E2E_DIR:-$REPO/.e2e}
mkdir -p "$E2E_DIR"
E2E_DIR=$(cd "$E2E_DIR" && pwd)
ARTIFACTS=${E2E_ARTIFACTS:-$E2E_DIR/artifacts}
if [ -z "${E2E_CACHE:-}" ]; then
  if [ -n "${XDG_CACHE_HOME:-}" ]; then E2E_CACHE=$XDG_CACHE_HOME/assetlens-e2e
  elif [ -n "${HOME:-}" ]; then E2E_CACHE=$HOME/.cache/assetlens-e2e
  else E2E_CACHE=$E2E_DIR/cache; fi
fi
mkdir -p "$E2E_CACHE"
E2E_CACHE=$(cd "$E2E_CACHE" && pwd)
log() { printf '[e2e] %s\n' "$*" >&2; }

# 1. code-server, Chromium, playwright-core and vsce (about 2 minutes the first time, then cached).
bash "$CLIENT/scripts/install-e2e-deps.sh" "$E2E_CACHE" >&2
VSCE=$E2E_CACHE/tools/node_modules/.bin/vsce

# 2. A Python with assetlens installed: the repo's dev venv, else a fresh venv with a real install.
PYTHON=${ASSETLENS_PYTHON:-}
if [ -z "$PYTHON" ] && [ -x "$REPO/.venv/bin/python" ] && "$REPO/.venv/bin/python" -c 'import assetlens.cli' 2>/dev/null; then
  PYTHON=$REPO/.venv/bin/python
fi
if [ -z "$PYTHON" ]; then
  PYTHON=$E2E_DIR/venv/bin/python
  if [ ! -x "$PYTHON" ]; then
    log "creating $E2E_DIR/venv"
    python3 -m venv "$E2E_DIR/venv"
  fi
  log "installing assetlens from $REPO into $E2E_DIR/venv"
  "$PYTHON" -m pip install --quiet --upgrade "$REPO" >&2
fi
log "python: $PYTHON"

# 3. Build and package the extension.
VSIX=$E2E_DIR/assetlens.vsix
(
  cd "$CLIENT"
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    npm ci --no-audit --no-fund >&2
  fi
  "$VSCE" package --no-dependencies --allow-missing-repository --skip-license \
    --out "$VSIX" >&2
)
# The Python extension's stand-in (test/e2e/python-extension: the real one is not on the registries).
PYTHON_EXTENSION_VSIX=$E2E_DIR/python-extension-standin.vsix
(cd "$CLIENT/test/e2e/python-extension" && "$VSCE" package --no-dependencies \
  --allow-missing-repository --skip-license --out "$PYTHON_EXTENSION_VSIX" >/dev/null)

# 4. Fresh copies of the workspace (runs write .assetlens/ into it), each a git repository.
SCENARIO=${E2E_SCENARIO:-}
if [ -z "$SCENARIO" ]; then
  if [ -f "$CLIENT/test/e2e/scenarios/examples.json" ] && [ -d "$REPO/examples" ] && [ -n "$(ls -A "$REPO/examples")" ]; then
    SCENARIO=$CLIENT/test/e2e/scenarios/examples.json
  else
    SCENARIO=$CLIENT/test/e2e/scenarios/fixture.json
  fi
fi
SOURCE=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["workspace"])' "$SCENARIO")
case "$SOURCE" in /*) ;; *) SOURCE=$CLIENT/$SOURCE ;; esac
RUN=$E2E_DIR/run
rm -rf "$RUN" "$E2E_DIR"/tmp/ud.* "$E2E_DIR"/tmp/ext.* && mkdir -p "$RUN"
MULTI_ROOT=$(python3 -c 'import json,sys; print(str(json.load(open(sys.argv[1])).get("multiRoot", False)).lower())' "$SCENARIO")
# Copies the workspace to $1 and prints what to open: the folder, or (multiRoot) a .code-workspace
# file with one folder per project (each sub-folder with a pyproject.toml).
copy_workspace() {
  cp -R "$SOURCE" "$1"
  find "$1" -name .assetlens -prune -exec rm -rf {} +
  git -C "$1" init -q
  git -C "$1" add -A
  git -C "$1" -c user.name=e2e -c user.email=e2e@localhost commit -q -m "workspace under test"
  if [ "$MULTI_ROOT" = true ]; then
    python3 - "$1" <<'PY'
import json, pathlib, sys
root = pathlib.Path(sys.argv[1])
folders = [{"path": p.parent.name} for p in sorted(root.glob("*/pyproject.toml"))]
target = root / "e2e.code-workspace"
target.write_text(json.dumps({"folders": folders, "settings": {}}, indent=2))
print(target)
PY
  else
    printf '%s\n' "$1"
  fi
}
WS_TRUSTED=$(copy_workspace "$RUN/workspace")
WS_UNTRUSTED=$(copy_workspace "$RUN/workspace-untrusted")
log "workspace: $SOURCE, scenario: $SCENARIO"

# 5. User settings: the interpreter, a quiet workbench; the untrusted run keeps Workspace Trust on.
write_settings() {
  python3 - "$PYTHON" "$2" >"$1" <<'PY'
import json, sys
settings = {
    "assetlens.interpreter": sys.argv[1],  # removed below for the Python extension's interpreter
    "assetlens.trace.server": "messages",
    "workbench.startupEditor": "none",
    "workbench.tips.enabled": False,
    "workbench.enableExperiments": False,
    "extensions.autoUpdate": False,
    "extensions.autoCheckUpdates": False,
    "extensions.ignoreRecommendations": True,
    "telemetry.telemetryLevel": "off",
    "update.mode": "none",
    "git.enabled": False,
    "files.autoSave": "off",
    "editor.codeLens": True,
    "workbench.colorTheme": "Default Dark Modern",
}
if sys.argv[2] == "python-extension":
    del settings["assetlens.interpreter"]
    settings["python.defaultInterpreterPath"] = sys.argv[1]
if sys.argv[2] == "untrusted":
    settings.update({
        "security.workspace.trust.enabled": True,
        "security.workspace.trust.startupPrompt": "never",
        "security.workspace.trust.emptyWindow": False,
    })
print(json.dumps(settings, indent=2))
PY
}
write_settings "$RUN/settings.json" trusted
write_settings "$RUN/settings-untrusted.json" untrusted
# An interpreter without assetlens, chosen in the Python extension, for the "not installed" notification.
[ -x "$E2E_CACHE/bare-venv/bin/python" ] || python3 -m venv --without-pip "$E2E_CACHE/bare-venv"
BARE_PYTHON=$E2E_CACHE/bare-venv/bin/python
PYTHON=$BARE_PYTHON write_settings "$RUN/settings-not-installed.json" python-extension

# 6. Run code-server with the extension and the tests: trusted, untrusted, then without assetlens.
rm -rf "$ARTIFACTS" && mkdir -p "$ARTIFACTS"
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
export SCENARIO ARTIFACTS PYTHON BARE_PYTHON
export NODE_PATH=$E2E_CACHE/tools/node_modules
export CODE_SERVER=$E2E_CACHE/cs/node_modules/.bin/code-server
status=0
PORT=${PORT:-$(free_port)} WS=$WS_TRUSTED \
  bash "$CLIENT/scripts/run-code-server.sh" "$E2E_DIR" "$VSIX" "$RUN/settings.json" \
  node --test --test-concurrency=1 "$CLIENT/test/e2e/extension.e2e.test.js" || status=$?
PORT=$(free_port) WS=$WS_UNTRUSTED WORKSPACE_TRUST=on LOG=code-server-untrusted \
  bash "$CLIENT/scripts/run-code-server.sh" "$E2E_DIR" "$VSIX" "$RUN/settings-untrusted.json" \
  node --test --test-concurrency=1 "$CLIENT/test/e2e/untrusted.e2e.test.js" || status=$?
PORT=$(free_port) WS=$WS_TRUSTED EXTRA_EXTENSIONS=$PYTHON_EXTENSION_VSIX \
  bash "$CLIENT/scripts/run-code-server.sh" "$E2E_DIR" "$VSIX" "$RUN/settings-not-installed.json" \
  node --test --test-concurrency=1 "$CLIENT/test/e2e/notinstalled.e2e.test.js" || status=$?
cp "$E2E_DIR"/tmp/code-server*.log "$ARTIFACTS/" 2>/dev/null || true
# The extension host's logs, with the assetlens output channel, for when a check fails.
for log_file in $(find "$E2E_DIR/tmp" -path '*/logs/*' -name '*assetlens*.log' -newer "$RUN/settings.json" 2>/dev/null); do
  profile=$(printf '%s' "$log_file" | sed -E 's#.*/(ud\.[^/]+)/.*#\1#')
  cp "$log_file" "$ARTIFACTS/output-$profile-$(basename "$log_file")"
done
log "screenshots and logs: $ARTIFACTS"
exit $status
