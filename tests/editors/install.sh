#!/usr/bin/env bash
# Installs the editors the editor tests drive, from Debian's packages: Neovim (`nvim`) and Emacs without
# X (`emacs`) with eglot (built in from Emacs 29; Debian 12's Emacs 28 gets it from `elpa-eglot`).
# Idempotent: what is installed already is skipped. Needs root (as CI runs) or passwordless sudo.
# Usage: tests/editors/install.sh [nvim|emacs]...   (default: both)
set -euo pipefail

wanted=("$@")
[ ${#wanted[@]} -eq 0 ] && wanted=(nvim emacs)

has_eglot() {
  emacs --batch --eval '(progn (require (quote package)) (package-initialize) (require (quote eglot)))' >/dev/null 2>&1
}

packages=()
for editor in "${wanted[@]}"; do
  case "$editor" in
    nvim) command -v nvim >/dev/null 2>&1 || packages+=(neovim) ;;
    emacs)
      command -v emacs >/dev/null 2>&1 || packages+=(emacs-nox)
      if ! command -v emacs >/dev/null 2>&1 || ! has_eglot; then packages+=(elpa-eglot); fi
      ;;
    *) echo "install.sh: unknown editor $editor (nvim or emacs)" >&2; exit 2 ;;
  esac
done
[ ${#packages[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "install.sh: apt-get not found; install ${packages[*]} by hand" >&2
  exit 1
fi
sudo=()
[ "$(id -u)" -ne 0 ] && sudo=(sudo -n)
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
# elpa-eglot is missing where Emacs already has eglot (29+): install what exists
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
