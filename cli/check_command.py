"""`assetlens check`: lint the asset graph, for CI and pre-commit.

    assetlens check [PATH...] [--base REV] [--staged] [--select CODES] [--ignore CODES]
                    [--format text|json|github|sarif] [--fix] [--unsafe-fixes] [--exit-zero]
                    [--no-cache] [--explain RULE]

PATHs are folders or files (default: the current folder). The whole workspace containing them is
analysed (through the on-disk cache), and only diagnostics located in the given PATHs are reported, so
pre-commit passing the changed files still gets cycles and duplicates that run through other files.
The workspace root is the nearest folder with a `[tool.assetlens]` table in pyproject.toml (see
`assetlens.analyzer.config.find_project_root`); its settings apply; options given here win.

AL004 compares with `--base` (else `$PRE_COMMIT_FROM_REF`, else the `base` setting, else HEAD). With
`--staged` (implied when run by pre-commit, which sets PRE_COMMIT=1), the index — what the commit will
record — is compared and analysed instead of the working tree.

Exit status: 0 no problems (or only info/hints, or --exit-zero); 1 errors or warnings reported;
2 usage error, invalid configuration, unreadable path or internal error.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
MAX_FIX_ROUNDS = 8
RESULTS = "check"  # this command's file in the result cache


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = (
        "exit status: 0 no errors or warnings, 1 errors or warnings found, 2 usage/configuration/internal error.\n"
        "settings: [tool.assetlens] in pyproject.toml (include, exclude, select, ignore, base,\n"
        "per-file-ignores, severity); inline: `# assetlens: ignore[AL003]` on the reported line."
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help="files or folders to report on (default: .)")
    parser.add_argument("--base", metavar="REV", help="git revision AL004 compares with (default: HEAD)")
    parser.add_argument(
        "--staged",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="compare the index (what will be committed) instead of the working tree (default under pre-commit)",
    )
    parser.add_argument("--select", action="append", metavar="CODES", help="comma-separated rule codes or prefixes to run")
    parser.add_argument("--ignore", action="append", metavar="CODES", help="comma-separated rule codes or prefixes to skip")
    parser.add_argument("--format", choices=("text", "json", "github", "sarif"), default="text", help="output format")
    parser.add_argument("--fix", action="store_true", help="apply safe fixes (and report what changed)")
    parser.add_argument("--unsafe-fixes", action="store_true", help="with --fix, apply unsafe fixes too")
    parser.add_argument("--exit-zero", action="store_true", help="exit 0 even when problems are found")
    parser.add_argument("--no-cache", action="store_true", help="do not read or write the caches (facts, and the last results)")
    parser.add_argument("--explain", metavar="RULE", help="print a rule's explanation and examples (`all`: every rule)")


class CheckError(Exception):
    """A usage or configuration problem: printed as one line, exit 2."""


def run(args: argparse.Namespace) -> int:
    if args.explain:
        return _explain(args.explain)
    from assetlens.analyzer.baseline import BaselineError
    from assetlens.analyzer.config import ConfigError

    try:
        return _check(args)
    except (CheckError, ConfigError, BaselineError) as error:
        print(f"assetlens check: error: {error}", file=sys.stderr)
        return EXIT_ERROR
    except OSError as error:  # an unreadable folder or file of the workspace
        print(f"assetlens check: error: {_os_error(error)}", file=sys.stderr)
        return EXIT_ERROR


def _os_error(error: OSError) -> str:
    if error.filename and error.strerror:
        return f"{error.filename}: {error.strerror}"
    return str(error)


def _split_codes(values: list[str] | None) -> list[str] | None:
    if values is None:
        return None
    return [code.strip() for value in values for code in value.split(",") if code.strip()]


def _group_by_root(paths: list[str]) -> dict[Path, list[Path]]:
    """PATHs grouped by workspace root, in the order given."""
    from assetlens.analyzer.config import find_project_root

    groups: dict[Path, list[Path]] = {}
    for raw in paths or ["."]:
        path = Path(raw)
        if not path.exists():
            raise CheckError(f"{raw}: no such file or folder")
        if not path.is_dir() and not is_python_file(path) and not _is_integration_file(path):
            raise CheckError(f"{raw}: not a Python file or folder (nor a YAML/.sql file)")
        path = path.resolve()
        groups.setdefault(find_project_root(path), []).append(path)
    return groups


def _is_integration_file(path: Path) -> bool:
    """A component `defs.yaml`, Sling replication or dbt model: checked like the folder's run reports it
    (its diagnostics; nothing when no integration reads it)."""
    return path.is_file() and path.suffix in (".yaml", ".yml", ".sql")


def is_python_file(path: Path) -> bool:
    """A regular `.py`/`.pyi` file, or one whose first line is a Python shebang (what pre-commit's
    `types: [python]` passes, so an extensionless script is accepted, and simply has no findings)."""
    from assetlens.analyzer.files import is_regular_file, read_file

    if not is_regular_file(path):
        return False
    if path.suffix in (".py", ".pyi"):
        return True
    try:
        head = read_file(path, limit=1 << 30)[:128] if path.stat().st_size < (1 << 30) else b""
    except OSError:
        return False
    first = head.split(b"\n", 1)[0]
    return first.startswith(b"#!") and b"python" in first


def _scope(root: Path, paths: list[Path], modules) -> set[str] | None:
    """Root-relative files to report on (None: the whole workspace)."""
    if any(path == root for path in paths):
        return None
    scope: set[str] = set()
    for path in paths:
        relative = path.relative_to(root).as_posix()
        if path.is_dir():
            scope.update(f for f in modules if f.startswith(relative + "/"))
        else:
            scope.add(relative)
    return scope


def _display(root: Path, file: str, cwd: Path) -> str:
    absolute = root / file
    try:
        return absolute.relative_to(cwd).as_posix()
    except ValueError:
        return os.path.relpath(absolute, cwd) if absolute.anchor == cwd.anchor else absolute.as_posix()


def _relocate(diagnostic, root: Path, cwd: Path):
    """The diagnostic with every path shown relative to the current folder."""
    from dataclasses import replace

    from assetlens.analyzer.facts import Fix

    message = diagnostic.message
    for related in diagnostic.related:  # a position a message names is shown like the line's own
        if related.range is not None:
            spelled = f"{related.file}:{related.range.line}:{related.range.col + 1}"
            message = message.replace(spelled, f"{_display(root, related.file, cwd)}:{related.range.line}:{related.range.col + 1}")
    return replace(
        diagnostic,
        message=message,
        file=_display(root, diagnostic.file, cwd),
        related=tuple(replace(r, file=_display(root, r.file, cwd)) for r in diagnostic.related),
        fixes=tuple(
            Fix(f.title, tuple(replace(e, file=_display(root, e.file, cwd)) for e in f.edits), f.safe)
            for f in diagnostic.fixes
        ),
    )


def _check(args: argparse.Namespace) -> int:
    from assetlens.analyzer.config import load_settings
    from assetlens.analyzer.diagnostics import fails, sort_key
    from assetlens.cli.output import Report, formatter
    from assetlens.cli.output.progress import progress_bar_if_terminal

    if args.unsafe_fixes and not args.fix:
        raise CheckError("--unsafe-fixes needs --fix")
    cwd = Path.cwd().resolve()
    report = Report(diagnostics=[], base_uri=cwd.as_uri() + "/")
    for root, paths in _group_by_root(args.paths).items():
        settings = load_settings(root).with_overrides(
            select=_split_codes(args.select), ignore=_split_codes(args.ignore), base=args.base
        )
        progress = progress_bar_if_terminal(args.format == "text")
        try:
            diagnostics, fixed, checked, notes, assets = _check_root(root, paths, settings, args, progress)
        finally:
            if progress is not None:
                progress.close()
        report.diagnostics.extend(_relocate(d, root, cwd) for d in diagnostics)
        report.fixed.extend(
            type(a)(_relocate(a.diagnostic, root, cwd), a.fix) for a in fixed
        )
        report.files_checked += checked
        report.assets_found = max(report.assets_found, 0) + assets
        report.notes.extend(notes)
    report.diagnostics.sort(key=sort_key)
    if args.format in ("text", "github"):  # machine-readable formats carry their notes inside
        for note in report.notes:
            print(f"assetlens check: note: {note}", file=sys.stderr)
        report.notes = []
    sys.stdout.write(formatter(args.format)(report))
    sys.stdout.flush()
    if args.exit_zero or not fails(report.diagnostics):
        return EXIT_OK
    return EXIT_FINDINGS


def _baseline_revision(settings, args: argparse.Namespace) -> tuple[str, bool]:
    """The revision AL004 compares with, and whether the index is compared instead of the working tree."""
    from_ref = os.environ.get("PRE_COMMIT_FROM_REF") or None
    rev = args.base or from_ref or settings.base
    staged = args.staged if args.staged is not None else (os.environ.get("PRE_COMMIT") == "1" and not from_ref)
    return rev, staged


def _result_key(root: Path, paths: list[Path], settings, args: argparse.Namespace) -> tuple | None:
    """What identifies this check's result in the result cache (analyzer/result_cache.py): the code,
    root, settings, PATHs (and whether each is a folder) and the commit AL004 compares with. None when
    it must not be reused: --fix, --no-cache, --staged, or a baseline that names no commit."""
    from assetlens.analyzer.result_cache import code_fingerprint

    if args.fix or args.no_cache:
        return None
    baseline = None
    if "AL004" in settings.enabled_codes():
        from assetlens.analyzer.baseline import resolve_commit

        rev, staged = _baseline_revision(settings, args)
        commit = None if staged else resolve_commit(root, rev)
        if commit is None:
            return None
        baseline = (rev, commit)
    reported = tuple((path.relative_to(root).as_posix(), path.is_dir()) for path in paths)
    return ("check", code_fingerprint(__file__), str(root), settings, reported, baseline)


def _baseline(root: Path, settings, args: argparse.Namespace, notes: list[str]):
    """The AL004 baseline, or None (with a note) when there is no git history to compare with."""
    from assetlens.analyzer.baseline import Baseline, BaselineError, UnknownRevision

    if "AL004" not in settings.enabled_codes():
        return None
    rev, staged = _baseline_revision(settings, args)
    try:
        return Baseline.from_git(root, rev, staged=staged)
    except UnknownRevision as error:
        if args.base:
            raise
        if rev == settings.base and settings.base != "HEAD":  # a configured `base` that names nothing
            raise BaselineError(f"{error} (the `base` setting in {settings.source})") from None
        notes.append(f"AL004 (code-version-not-bumped) skipped: {error}")
        return None
    except BaselineError as error:
        if args.base:
            raise
        notes.append(f"AL004 (code-version-not-bumped) skipped: {error}")
        return None


def _check_root(root: Path, paths: list[Path], settings, args: argparse.Namespace, progress):
    """(diagnostics, fixes applied, files checked, notes, assets found) for one workspace root: the
    last result when none of its inputs changed (analyzer/result_cache.py), else computed."""
    from assetlens.analyzer.result_cache import reuse_or_compute

    key = _result_key(root, paths, settings, args)
    if key is None:
        return _analyse_root(root, paths, settings, args, progress)
    return reuse_or_compute(
        RESULTS, key, root, lambda: _analyse_root(root, paths, settings, args, progress),
        include=settings.include, exclude=settings.exclude,
    )


def _analyse_root(root: Path, paths: list[Path], settings, args: argparse.Namespace, progress):
    from assetlens.analyzer.diagnostics import run_rules
    from assetlens.analyzer.fixes import apply_fixes
    from assetlens.analyzer.workspace import analyze_workspace

    notes: list[str] = []
    baseline = _baseline(root, settings, args, notes)
    overrides = baseline.index_overrides() if baseline is not None else {}
    workspace = analyze_workspace(
        root,
        include=settings.include,
        exclude=settings.exclude,
        use_cache=not args.no_cache,
        overrides=overrides,
        progress=progress,
    )
    from assetlens.analyzer.integrations.attach import analysed_files

    files = _scope(root, paths, analysed_files(workspace))  # .py modules, and defs.yaml/.sql with assets
    from assetlens.analyzer.locations import locations_note

    notes.extend(workspace.discovery.notes)  # code locations: said once, as information
    notes.extend(locations_note(workspace.discovery, len(workspace.unloaded_files())))
    diagnostics = run_rules(workspace, settings, files=files, baseline=baseline)
    fixed = []
    for _ in range(MAX_FIX_ROUNDS if args.fix else 0):
        # fixes are written to the working tree: not where it differs from the index being checked
        fixable = [d for d in diagnostics if not any(e.file in overrides for f in d.fixes for e in f.edits)]
        result = apply_fixes(root, fixable, unsafe=args.unsafe_fixes, read_text=workspace.file_text)
        if not result.applied:
            break
        fixed.extend(result.applied)
        for file, text in result.new_texts.items():
            workspace.update_file(file, text)
        diagnostics = run_rules(workspace, settings, files=files, baseline=baseline)
    checked = len(workspace.modules) if files is None else len(files & set(workspace.modules))
    return diagnostics, fixed, checked, notes, len(workspace.assets)


def _explain(name: str) -> int:
    from assetlens.analyzer.rules import ALL_RULES, rule_by_code_or_name

    rules = list(ALL_RULES) if name.lower() == "all" else [rule_by_code_or_name(name)]
    if rules == [None]:
        codes = ", ".join(r.CODE for r in ALL_RULES)
        print(f"assetlens check: error: unknown rule `{name}` (known: {codes})", file=sys.stderr)
        return EXIT_ERROR
    for rule in rules:
        print(f"{rule.CODE} {rule.NAME} (default severity: {rule.SEVERITY})\n")
        print(rule.EXPLANATION)
        for title, example in (("Wrong", rule.WRONG), ("Right", rule.RIGHT)):
            files = example if isinstance(example, dict) else {"assets.py": example}
            for file, text in files.items():
                print(f"{title} ({file}):\n")
                print("    " + text.replace("\n", "\n    ").rstrip() + "\n")
    return EXIT_OK
