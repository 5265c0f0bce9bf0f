"""The README is kept true: the commands it shows are run and compared, and its facts checked.

Blocks to run are marked in README.md with an HTML comment (invisible on GitHub) on the line right
before a fenced block:

    <!-- readme-test: output [exit=N] [cwd=DIR] -->
        The block is a terminal transcript: each `$ COMMAND` line is run with bash (from the repository
        root, or DIR; `assetlens` is this environment's) and its stdout must equal the lines that follow,
        up to the next `$` line. A line `...` stands for any number of lines. Every command's exit status
        must be N (default 0; a pipeline's is its last command's).

    <!-- readme-test: run [exit=N] [cwd=DIR] [copy] -->
        Each line of the block (blank lines and `#` comments skipped, a trailing `# ...` removed) is a
        command, run with bash and expected to exit N (default 0). With `copy`, DIR is first copied to a
        temporary folder (for commands that write, such as `materialize`).

    <!-- readme-test: keys path=DIR -->
        Each `assetlens materialize|status|show KEY ...` line of the block names keys that the project
        at DIR defines (as `assetlens graph DIR` lists them); selection expressions (`group:...`,
        `+key:...`) are left alone.

Sections being rewritten (the runtime's and the editors') get their markers when they settle; the
tests below also check facts that have no command: the rules table's default severities, that every
file path the README names exists, and that the pre-commit `rev:` names a real tag (or a placeholder).
"""
from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
BIN = Path(sys.executable).parent
MARKER = re.compile(r"^<!--\s*readme-test:\s*(?P<kind>\w+)(?P<attrs>[^>]*?)\s*-->\s*$")


@dataclass(frozen=True)
class Block:
    kind: str
    attrs: dict[str, str]
    lines: tuple[str, ...]
    line: int  # of the marker, 1-based

    @property
    def id(self) -> str:
        return f"{self.kind}@{self.line}"


def readme_blocks(text: str) -> list[Block]:
    lines = text.splitlines()
    blocks = []
    for index, line in enumerate(lines):
        match = MARKER.match(line.strip())
        if not match:
            continue
        assert index + 1 < len(lines) and lines[index + 1].startswith("```"), f"README.md:{index + 1}: a readme-test marker must precede a fenced block"
        end = next(i for i in range(index + 2, len(lines)) if lines[i].startswith("```"))
        attrs = {}
        for token in shlex.split(match["attrs"]):
            key, _, value = token.partition("=")
            attrs[key] = value
        blocks.append(Block(match["kind"], attrs, tuple(lines[index + 2 : end]), index + 1))
    return blocks


BLOCKS = readme_blocks(README.read_text(encoding="utf-8"))


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PRE_COMMIT", "GIT_"))}
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env["XDG_CACHE_HOME"] = str(tmp_path / "cache")  # a cold cache, like a new user's
    env["COLUMNS"] = "200"
    return env


def _bash(command: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["bash", "-o", "pipefail", "-c", command], cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


def _cwd(block: Block, tmp_path: Path) -> Path:
    folder = ROOT / block.attrs.get("cwd", ".")
    if "copy" in block.attrs:
        copy = tmp_path / "copy"
        shutil.copytree(folder, copy, ignore=shutil.ignore_patterns(".venv", "node_modules", ".assetlens", "__pycache__"))
        return copy
    return folder


def matches(expected: list[str], actual: list[str]) -> bool:
    """Whether `actual` lines equal `expected`, where a `...` line matches any run of lines."""
    if not expected:
        return not actual
    if expected[0] == "...":
        return any(matches(expected[1:], actual[i:]) for i in range(len(actual) + 1))
    return bool(actual) and actual[0] == expected[0] and matches(expected[1:], actual[1:])


def transcript(block: Block) -> list[tuple[str, list[str]]]:
    """[(command, expected stdout lines)] of an `output` block."""
    steps: list[tuple[str, list[str]]] = []
    for line in block.lines:
        if line.startswith("$ "):
            steps.append((line[2:], []))
        else:
            assert steps, f"README.md:{block.line}: an output block starts with a `$ command` line"
            steps[-1][1].append(line)
    return steps


def by_kind(kind: str) -> list[Block]:
    return [b for b in BLOCKS if b.kind == kind]


def test_the_readme_has_marked_blocks_and_only_known_kinds():
    assert {b.kind for b in BLOCKS} <= {"output", "run", "keys"}
    commands = [command for block in by_kind("output") for command, _ in transcript(block)]
    assert "assetlens check examples/mistakes" in commands
    assert any(c.startswith("assetlens graph ") for c in commands)


@pytest.mark.parametrize("block", by_kind("output"), ids=lambda b: b.id)
def test_shown_output_is_what_the_command_prints(block: Block, tmp_path: Path) -> None:
    env = _env(tmp_path)
    cwd = _cwd(block, tmp_path)
    for command, expected in transcript(block):
        done = _bash(command, cwd, env)
        actual = done.stdout.splitlines()
        assert matches(expected, actual), (
            f"README.md:{block.line}: `{command}` printed\n" + done.stdout + done.stderr + "\ninstead of\n" + "\n".join(expected)
        )
        assert done.returncode == int(block.attrs.get("exit") or 0), f"README.md:{block.line}: `{command}` exited {done.returncode}\n{done.stderr}"


@pytest.mark.parametrize("block", by_kind("run"), ids=lambda b: b.id)
def test_shown_commands_run(block: Block, tmp_path: Path) -> None:
    env = _env(tmp_path)
    cwd = _cwd(block, tmp_path)
    for line in block.lines:
        command = re.sub(r"\s+#.*$", "", line).strip()
        if not command or command.startswith("#"):
            continue
        done = _bash(command, cwd, env)
        assert done.returncode == int(block.attrs.get("exit") or 0), f"README.md:{block.line}: `{command}` exited {done.returncode}\n{done.stdout}{done.stderr}"


@pytest.mark.parametrize("block", by_kind("keys"), ids=lambda b: b.id)
def test_shown_keys_exist(block: Block, tmp_path: Path) -> None:
    import json

    project = ROOT / block.attrs["path"]
    graph = _bash(f"assetlens graph {shlex.quote(str(project))} --format json", ROOT, _env(tmp_path))
    assert graph.returncode == 0, graph.stderr
    defined = {"/".join(a["key"]) for a in json.loads(graph.stdout)["assets"] if a["key"]}
    for line in block.lines:
        words = shlex.split(re.sub(r"\s+#.*$", "", line))
        if len(words) < 3 or words[0] != "assetlens" or words[1] not in ("materialize", "status", "show"):
            continue
        for word in words[2:]:
            if word.startswith("-"):
                break
            if re.search(r"[:+*() ]", word):
                continue  # a selection expression
            assert word in defined, f"README.md:{block.line}: `{line.strip()}` names `{word}`, which {block.attrs['path']} does not define"


def test_the_rules_table_gives_each_rules_default_severity():
    from assetlens.analyzer.rules import ALL_RULES

    rows = {}
    for line in README.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 3 and re.fullmatch(r"AL\d{3}", cells[0]):
            rows[cells[0]] = (cells[1], cells[2])
    for rule in ALL_RULES:
        assert rule.CODE in rows, f"the README's rules table has no row for {rule.CODE}"
        name, default = rows[rule.CODE]
        assert name == rule.NAME
        if rule.CODE == "AL002":
            assert default == "error for inputs, warning for `deps`" and rule.SEVERITY == "warning"
        else:
            assert default == rule.SEVERITY, f"{rule.CODE}: the README says {default}, the rule says {rule.SEVERITY}"


PATH_PREFIXES = ("analyzer/", "server/", "runtime/", "cli/", "tests/", "docs/", "bench/", "examples/", "vscode-client/", ".pre-commit-hooks.yaml", "pyproject.toml", "test.sh")


def test_every_file_the_readme_names_exists():
    missing = []
    for match in re.finditer(r"`([^`\s]+)`", README.read_text(encoding="utf-8")):
        path = match.group(1).rstrip(".,:;")
        if not path.startswith(PATH_PREFIXES) or re.search(r"[*<>{}$]|NNN", path):
            continue
        path = path.split(":")[0]
        if not (ROOT / path).exists():
            missing.append(path)
    assert not missing, f"README.md names files that do not exist: {sorted(set(missing))}"


def test_the_pre_commit_rev_is_a_real_tag_or_a_placeholder():
    revs = re.findall(r"^\s*rev:\s*(\S+)", README.read_text(encoding="utf-8"), re.MULTILINE)
    assert revs
    tags = subprocess.run(["git", "tag", "--list"], cwd=ROOT, capture_output=True, text=True).stdout.split()
    for rev in revs:
        assert rev.startswith("<") or rev in tags, f"README pins pre-commit to `{rev}`, which is no tag of this repository"
