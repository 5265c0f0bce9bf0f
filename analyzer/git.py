"""Running git on a workspace nobody vouched for, so that the repository cannot run anything.

A repository's own `.git/config` (and its `.gitattributes`) can name commands git runs on its own:
`core.fsmonitor` (a hook run whenever the index is read), clean/smudge/process filter drivers and
`textconv` (run when git reads the working tree's content, e.g. `git diff`), external diff programs,
hooks, and transports (`ext::`, `core.sshCommand`) a partial clone's lazy fetch may start. assetlens runs
git on every workspace the editor opens, trusted or not, so every call goes through `run_git`, which:

- overrides, on the command line (the highest-priority configuration), `core.fsmonitor` (off),
  `core.hooksPath` (`/dev/null`), `protocol.allow` (`never`: no transport, so no lazy fetch either),
  `diff.external` (none) and the pager;
- sets `GIT_CONFIG_NOSYSTEM`, `GIT_NO_LAZY_FETCH`, `GIT_TERMINAL_PROMPT=0`, `GIT_OPTIONAL_LOCKS=0` (never
  writes the index) and drops `GIT_EXTERNAL_DIFF`;
- is only ever given plumbing commands that never read the working tree's content (`rev-parse`,
  `ls-files`, `ls-tree`, `cat-file --batch` of blob ids): filters and textconv apply only to working-tree
  content, which assetlens reads and hashes itself (`analyzer/files.py`, `baseline.blob_id`);
- has a timeout, so a repository that makes git wait (a FIFO as an excludes file) cannot hang the tool.
"""
from __future__ import annotations

import os
import subprocess
from collections.abc import Sequence
from pathlib import Path

# command-line configuration wins over every configuration file
SAFE_CONFIG: tuple[str, ...] = (
    "-c", "core.fsmonitor=",  # empty: off (git >= 2.36 reads it as a boolean, older git as "no hook")
    "-c", "core.hooksPath=/dev/null",
    "-c", "protocol.allow=never",
    "-c", "diff.external=",
    "-c", "core.pager=cat",
    "-c", "core.untrackedCache=false",
)
# commands run through `run_git`: none of them reads the working tree's content through a filter
ALLOWED_COMMANDS = frozenset({"rev-parse", "ls-files", "ls-tree", "cat-file"})
DEFAULT_TIMEOUT = 60.0


class GitError(Exception):
    """git is missing, timed out, or was asked to run a command that is not known to be safe."""


def git_environment() -> dict[str, str]:
    """The environment git runs in: the caller's, minus what can start a program, plus safe switches."""
    env = {key: value for key, value in os.environ.items() if key not in {"GIT_EXTERNAL_DIFF", "GIT_PAGER", "GIT_ASKPASS", "SSH_ASKPASS", "GIT_SSH", "GIT_SSH_COMMAND", "GIT_PROXY_COMMAND"}}
    env.update(
        GIT_CONFIG_NOSYSTEM="1",
        GIT_NO_LAZY_FETCH="1",
        GIT_TERMINAL_PROMPT="0",
        GIT_OPTIONAL_LOCKS="0",
        GIT_PAGER="cat",
        LC_ALL="C",
    )
    return env


def run_git(
    cwd: Path | str,
    args: Sequence[str],
    *,
    input_: bytes | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> subprocess.CompletedProcess[bytes]:
    """Run `git <args>` in `cwd` with the repository's ability to run programs taken away.

    Raises GitError when git is not installed, times out, or `args[0]` is not a read-only plumbing
    command (see ALLOWED_COMMANDS); a non-zero exit status is returned, not raised."""
    if not args or args[0] not in ALLOWED_COMMANDS:
        raise GitError(f"refusing to run `git {args[0] if args else ''}` on an untrusted repository")
    try:
        return subprocess.run(
            ["git", *SAFE_CONFIG, *args],
            cwd=cwd,
            input=input_,
            capture_output=True,
            env=git_environment(),
            timeout=timeout,
            stdin=None if input_ is not None else subprocess.DEVNULL,
        )
    except FileNotFoundError:
        raise GitError("git is not installed") from None
    except subprocess.TimeoutExpired:
        raise GitError(f"git {args[0]} did not finish within {timeout:.0f} s") from None
    except OSError as error:
        raise GitError(f"git {args[0]} could not run: {error}") from None
