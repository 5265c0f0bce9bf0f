"""Applying fixes to files: `assetlens check --fix` (and anything else that writes `Fix` edits).

Edits are `TextEdit`s over facts' ranges (1-based lines, 0-based code-point columns). The fixes of one
run are applied together: a fix whose edits overlap an edit already chosen is left for the next round
(the caller re-analyses and runs the rules again, like ruff's fix loop). Each changed file is parsed
with libcst before it is written; a fix that would leave a file unparsable is not written. Files keep
their newline style and encoding (UTF-8).
"""
from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from assetlens.analyzer.facts import Diagnostic, Fix, Range, TextEdit

_NEWLINE = re.compile(r"\r\n|\r|\n")


class SourceLines:
    """Converts between (line, code-point column) positions and offsets into one text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0, *(match.end() for match in _NEWLINE.finditer(text))]

    def offset(self, line: int, col: int) -> int:
        """The offset of a position; a column past the end of its line is clamped to the line end."""
        if line < 1:
            return 0
        if line > len(self.starts):
            return len(self.text)
        start = self.starts[line - 1]
        end = self.starts[line] if line < len(self.starts) else len(self.text)
        content_end = end
        while content_end > start and self.text[content_end - 1] in "\r\n":
            content_end -= 1
        return min(start + max(col, 0), content_end)

    def slice(self, range_: Range) -> str:
        return self.text[self.offset(range_.line, range_.col) : self.offset(range_.end_line, range_.end_col)]

    def position(self, offset: int) -> tuple[int, int]:
        """(line, col) of an offset."""
        import bisect

        index = bisect.bisect_right(self.starts, offset) - 1
        return index + 1, offset - self.starts[index]


def apply_edits(text: str, edits: Iterable[TextEdit]) -> str:
    """`text` with non-overlapping `edits` applied (they may come in any order). Linear in the text
    plus the edits (pieces joined once), so a file with thousands of fixes is written in one pass."""
    lines = SourceLines(text)
    spans = sorted(
        (lines.offset(e.range.line, e.range.col), lines.offset(e.range.end_line, e.range.end_col), e.new_text) for e in edits
    )
    pieces: list[str] = []
    position = 0
    for start, end, new_text in spans:
        if start < position:
            raise ValueError("overlapping edits")
        pieces.append(text[position:start])
        pieces.append(new_text)
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


@dataclass(slots=True)
class AppliedFix:
    diagnostic: Diagnostic
    fix: Fix


@dataclass(slots=True)
class FixResult:
    """What one round of `apply_fixes` did."""

    applied: list[AppliedFix] = field(default_factory=list)
    skipped: list[tuple[Diagnostic, str]] = field(default_factory=list)  # (diagnostic, why)
    new_texts: dict[str, str] = field(default_factory=dict)  # relpath -> text written


def choose_fixes(diagnostics: Sequence[Diagnostic], *, unsafe: bool = False) -> list[tuple[Diagnostic, Fix]]:
    """The first applicable fix of each diagnostic, without overlaps (earlier diagnostics win).
    O(n log n): each file's chosen edit ranges are kept sorted, an overlap is looked up by bisection."""
    chosen: list[tuple[Diagnostic, Fix]] = []
    seen: set[Fix] = set()
    taken: dict[str, _Taken] = {}
    for diagnostic in diagnostics:
        fix = next((f for f in diagnostic.fixes if f.edits and (f.safe or unsafe)), None)
        if fix is None or fix in seen:
            continue
        if any(taken.setdefault(edit.file, _Taken()).overlaps(edit.range) for edit in fix.edits):
            continue
        chosen.append((diagnostic, fix))
        seen.add(fix)
        for edit in fix.edits:
            taken[edit.file].add(edit.range)
    return chosen


class _Taken:
    """The edit ranges chosen in one file, sorted by start."""

    def __init__(self) -> None:
        self.starts: list[tuple[int, int]] = []
        self.ranges: list[Range] = []
        self.longest = 0  # lines spanned by the longest range: how far back an overlap can start

    def overlaps(self, range_: Range) -> bool:
        import bisect

        end = (range_.end_line, range_.end_col)
        # candidates: ranges starting at or before this one's end, and not too far before its start
        hi = bisect.bisect_right(self.starts, end)
        lo = bisect.bisect_left(self.starts, (range_.line - self.longest - 1, 0))
        return any(_overlaps(range_, self.ranges[i]) for i in range(lo, hi))

    def add(self, range_: Range) -> None:
        import bisect

        index = bisect.bisect_right(self.starts, (range_.line, range_.col))
        self.starts.insert(index, (range_.line, range_.col))
        self.ranges.insert(index, range_)
        self.longest = max(self.longest, range_.end_line - range_.line)


def _overlaps(a: Range, b: Range) -> bool:
    a_start, a_end = (a.line, a.col), (a.end_line, a.end_col)
    b_start, b_end = (b.line, b.col), (b.end_line, b.end_col)
    if a_start == a_end == b_start == b_end:
        return True  # two insertions at one point: their order would be arbitrary
    return a_start < b_end and b_start < a_end


def apply_fixes(
    root: Path, diagnostics: Sequence[Diagnostic], *, unsafe: bool = False, read_text=None
) -> FixResult:
    """Apply the chosen fixes of `diagnostics` to the files under `root` and write them.

    `read_text(relpath) -> str` gives the text the diagnostics were computed on (default: the disk).
    """
    import libcst

    result = FixResult()
    by_file: dict[str, list[tuple[Diagnostic, Fix]]] = {}
    chosen = choose_fixes(diagnostics, unsafe=unsafe)
    for diagnostic, fix in chosen:
        for file in dict.fromkeys(edit.file for edit in fix.edits):
            by_file.setdefault(file, []).append((diagnostic, fix))
    failed: set[int] = set()
    new_texts: dict[str, str] = {}
    for file, fixes in by_file.items():
        try:
            text = read_text(file) if read_text else _read(root / file)
            new_text = apply_edits(text, [e for _, f in fixes for e in f.edits if e.file == file])
            libcst.parse_module(new_text)
        except (OSError, UnicodeDecodeError, ValueError, libcst.ParserSyntaxError) as error:
            reason = error.message if isinstance(error, libcst.ParserSyntaxError) else str(error)
            failed.update(id(f) for _, f in fixes)
            result.skipped.extend((d, f"{file}: fix not applied: {reason}") for d, _ in fixes)
            continue
        new_texts[file] = new_text
    # a file is written only if none of its fixes failed (in this file or in another file they touch)
    writable = {file for file, fixes in by_file.items() if file in new_texts and not any(id(f) in failed for _, f in fixes)}
    for file in sorted(writable):
        _write(root / file, new_texts[file])
        result.new_texts[file] = new_texts[file]
    for diagnostic, fix in chosen:
        if all(edit.file in writable for edit in fix.edits):
            result.applied.append(AppliedFix(diagnostic, fix))
    return result


def _read(path: Path) -> str:
    from assetlens.analyzer.files import read_file

    return read_file(path).decode("utf-8")


def _write(path: Path, text: str) -> None:
    """Write the file a fix edits: through a symlink, the file it names (the link stays a link).
    Atomically (a temp file in the same folder, then rename, keeping the mode) unless the file has
    other hard links or its folder is not writable: then in place, so every name sees the edit."""
    target = Path(os.path.realpath(path))
    info = target.stat() if target.exists() else None
    if info is not None and info.st_nlink > 1:
        _write_in_place(target, text)
        return
    try:
        fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".assetlens")
    except PermissionError:
        _write_in_place(target, text)
        return
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        if info is not None:
            os.chmod(temp, info.st_mode)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _write_in_place(target: Path, text: str) -> None:
    with open(target, "r+", encoding="utf-8", newline="") as handle:
        handle.write(text)
        handle.truncate()
