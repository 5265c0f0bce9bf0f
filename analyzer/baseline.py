"""The git baseline that AL004 (code_version not bumped) compares with.

A `Baseline` is one git revision of the workspace: which files differ from it now, their text at the
revision, and their facts there (`analyze_source` of that text, computed on demand and kept). "Now" is
the working tree, or with `staged=True` the index (what `git commit` would record: pre-commit's view).
Everything is read with a few read-only git plumbing commands (`rev-parse`, `ls-tree`, `ls-files -s`,
one `cat-file --batch` of blob ids for all texts) run through `analyzer/git.py`, so a repository's
configuration cannot run a program (fsmonitor, filters, hooks); git never reads the working tree's
content: working files are read (regular files, size-capped) and hashed here, as git hashes a blob.
"""
from __future__ import annotations

import hashlib
import subprocess
from collections.abc import Iterable
from pathlib import Path

from assetlens.analyzer.facts import ModuleFacts
from assetlens.analyzer.files import read_file
from assetlens.analyzer.git import GitError, run_git

REGULAR_MODES = (b"100644", b"100755")  # symlinks (120000) and submodules are not source files


class BaselineError(Exception):
    """The baseline cannot be read (not a git repository, unknown revision, git failed)."""


class UnknownRevision(BaselineError):
    """The repository has no such revision (a typo, or a branch a shallow clone did not fetch)."""


def _git(cwd: Path, *args: str, input_: bytes | None = None, check: bool = True) -> subprocess.CompletedProcess[bytes]:
    try:
        done = run_git(cwd, args, input_=input_)
    except GitError as error:
        raise BaselineError(f"{error} (needed for the AL004 baseline)") from None
    if check and done.returncode != 0:
        message = done.stderr.decode(errors="replace").strip().splitlines()
        raise BaselineError(f"git {args[0]} failed: {message[-1] if message else done.returncode}")
    return done


def blob_id(data: bytes) -> str:
    """git's object id of a blob with this content."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def _working_blob_id(path: Path) -> str | None:
    """The blob id of a working file as it is on disk (None: missing, not a regular file, too large)."""
    try:
        return blob_id(read_file(path))
    except OSError:
        return None


def _index_entries(root: Path) -> dict[str, str]:
    """Root-relative .py path -> blob id of the index's stage-0 regular-file entries under `root`."""
    listing = _git(root, "ls-files", "-s", "-z", "--", ".").stdout
    entries: dict[str, str] = {}
    for entry in listing.split(b"\0"):
        if not entry:
            continue
        meta, _, path = entry.partition(b"\t")
        mode, object_id, stage = meta.split(b" ")
        name = path.decode("utf-8", errors="surrogateescape")
        if stage == b"0" and mode in REGULAR_MODES and name.endswith(".py"):
            entries[name] = object_id.decode()
    return entries


def resolve_commit(root: Path, rev: str) -> str | None:
    """The commit `rev` names in the repository holding `root` (one git call), None when it names
    none or there is no repository: what identifies a baseline for the `check` result cache."""
    try:
        done = _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}", check=False)
    except BaselineError:
        return None
    commit = done.stdout.decode(errors="replace").strip()
    return commit if done.returncode == 0 and commit else None


class Baseline:
    """The workspace at git revision `rev` (`commit` is None when the repository has no commit yet:
    then every file is new and nothing needs a bump)."""

    def __init__(
        self,
        root: Path,
        rev: str,
        commit: str | None,
        tree: dict[str, str],
        changed: Iterable[str] | None,
        *,
        staged: bool = False,
        repo_root: Path | None = None,
    ) -> None:
        self.root = root
        self.rev = rev
        self.commit = commit
        self.staged = staged
        self.repo_root = repo_root or root
        self._tree = tree  # root-relative path -> blob id at `rev` (.py files only)
        self._changed = frozenset(changed) if changed is not None else None
        self._texts: dict[str, str | None] = {}
        self._facts: dict[str, ModuleFacts | None] = {}

    @classmethod
    def from_git(cls, root: str | Path, rev: str = "HEAD", *, staged: bool = False) -> Baseline:
        root = Path(root).resolve()
        inside = _git(root, "rev-parse", "--is-inside-work-tree", check=False)
        if inside.returncode != 0 or inside.stdout.strip() != b"true":
            raise BaselineError(f"{root} is not inside a git work tree (AL004 compares with a git revision)")
        repo_root = Path(_git(root, "rev-parse", "--show-toplevel").stdout.decode().strip())
        prefix = _git(root, "rev-parse", "--show-prefix").stdout.decode().strip()
        resolved = _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}", check=False)
        if resolved.returncode != 0:
            if rev == "HEAD" and _git(root, "rev-parse", "--verify", "--quiet", "HEAD", check=False).returncode != 0:
                return cls(root, rev, None, {}, (), staged=staged, repo_root=repo_root)  # no commit yet
            raise UnknownRevision(f"unknown git revision `{rev}`")
        commit = resolved.stdout.decode().strip()
        listing = _git(root, "ls-tree", "-r", "-z", "--full-tree", commit, "--", prefix or ".").stdout
        tree: dict[str, str] = {}
        for entry in listing.split(b"\0"):
            if not entry:
                continue
            meta, _, path = entry.partition(b"\t")
            mode, kind, object_id = meta.split(b" ")
            name = path.decode("utf-8", errors="surrogateescape")
            if kind == b"blob" and mode in REGULAR_MODES and name.endswith(".py") and name.startswith(prefix):
                tree[name[len(prefix) :]] = object_id.decode()
        changed: list[str] | None = None  # the working tree's: hashed on first use
        if staged:
            index = _index_entries(root)
            changed = sorted(f for f in tree.keys() | index.keys() if tree.get(f) != index.get(f))
        return cls(root, rev, commit, tree, changed, staged=staged, repo_root=repo_root)

    def changed_files(self) -> frozenset[str]:
        """Root-relative .py files of the revision that differ from it now (modified or deleted; in a
        staged baseline, also those added to the index). Working files are hashed here, never by git."""
        if self._changed is None:
            self._changed = frozenset(
                f for f, object_id in self._tree.items() if _working_blob_id(self.root / f) != object_id
            )
        return self._changed

    def existed(self, file: str) -> bool:
        """Whether the file was in the revision."""
        return file in self._tree

    def differs(self, file: str, text: str | None) -> bool:
        """Whether `text` (None: the file does not exist) differs from the file at the revision."""
        base = self._tree.get(file)
        if text is None or base is None:
            return (text is None) != (base is None)
        return blob_id(text.encode("utf-8", errors="surrogateescape")) != base

    def text(self, file: str) -> str | None:
        """The file's text at the revision (None: it did not exist there, or is not UTF-8)."""
        if file not in self._texts:
            self.prefetch([file])
        return self._texts.get(file)

    def prefetch(self, files: Iterable[str]) -> None:
        """Read the revision's texts of `files` with one git process."""
        wanted = [f for f in dict.fromkeys(files) if f not in self._texts]
        for file in wanted:
            self._texts[file] = None
        ids = {self._tree[f]: f for f in wanted if f in self._tree}
        if not ids:
            return
        out = _git(self.root, "cat-file", "--batch", input_="".join(f"{i}\n" for i in ids).encode()).stdout
        position = 0
        while position < len(out):
            header_end = out.index(b"\n", position)
            object_id, kind, size = out[position:header_end].decode().split(" ")
            body = out[header_end + 1 : header_end + 1 + int(size)]
            position = header_end + 1 + int(size) + 1
            try:
                self._texts[ids[object_id]] = body.decode("utf-8")
            except UnicodeDecodeError:
                self._texts[ids[object_id]] = None

    def facts(self, file: str, module: str = "") -> ModuleFacts | None:
        """The facts of the file at the revision, analysed on its own (None: no such file there)."""
        if file not in self._facts:
            from assetlens.analyzer.workspace import analyze_source

            text = self.text(file)
            self._facts[file] = analyze_source(text, file, module) if text is not None else None
        return self._facts[file]

    def index_overrides(self, files: Iterable[str] | None = None) -> dict[str, str]:
        """For a staged baseline: the index text of every .py file whose working-tree text differs from
        the index (pass them as `analyze_workspace(overrides=...)` to analyse what would be committed)."""
        if not self.staged:
            return {}
        allowed = set(files) if files is not None else set()
        index = _index_entries(self.root)
        unstaged = {
            name
            for name, object_id in index.items()
            if (files is None or name in allowed) and (working := _working_blob_id(self.root / name)) is not None
            and working != object_id
        }
        overrides: dict[str, str] = {}
        if not unstaged:
            return overrides
        ids: dict[str, list[str]] = {}
        for name in sorted(unstaged):
            ids.setdefault(index[name], []).append(name)
        out = _git(self.root, "cat-file", "--batch", input_="".join(f"{i}\n" for i in ids).encode()).stdout
        position = 0
        while position < len(out):
            header_end = out.index(b"\n", position)
            header = out[position:header_end].decode().split(" ")
            if len(header) != 3:  # "<object> missing"
                position = header_end + 1
                continue
            size = int(header[2])
            body = out[header_end + 1 : header_end + 1 + size]
            position = header_end + 1 + size + 1
            try:
                text = body.decode("utf-8")
            except UnicodeDecodeError:
                continue
            for name in ids.get(header[0], ()):
                overrides[name] = text
        return overrides
