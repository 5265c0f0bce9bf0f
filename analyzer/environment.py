"""The environment a code location loads with — never guessed.

`dagster dev` and `dg` load the `.env` file of the folder they run in (the location's root) before
importing the code. The analyzer does the same, statically: `os.environ["X"]`, `os.environ.get("X",
default)`, `os.getenv("X", default)` and `EnvVar("X").get_value()` are evaluated against

1. the location's `.env` (`KEY=value` lines, `export KEY=value`, quotes, `#` comments),
2. then `[tool.assetlens.env]` in the project's pyproject.toml (`X = "value"`),
3. else the variable is unset — Dagster's default when nothing sets it (so `os.getenv("X", "dev")`
   is "dev" and `os.environ["X"]` is an error Dagster would raise: unresolved, AL006).

The analyzing process's own environment is never read: the result must not depend on the shell the
command was started from. Every variable a module reads is recorded in its facts' `depends_on` as
`env:NAME` (with the value seen), so a cached module is re-analysed when its environment changes, and
the graph JSON and hover say which assets' definitions read the environment (`env_reads`).
"""
from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from assetlens.analyzer.files import file_size, is_file, read_file

UNSET = "\0unset"  # the recorded value of a variable nothing sets
_LINE = re.compile(r"^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.]*)\s*=\s*(.*?)\s*$")


def parse_dotenv(text: str) -> dict[str, str]:
    """`KEY=value` lines as python-dotenv reads them (the common subset: quotes, `export`, comments;
    no variable expansion)."""
    values: dict[str, str] = {}
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        match = _LINE.match(line)
        if not match:
            continue
        name, raw = match.groups()
        if raw[:1] in ("'", '"'):
            quote = raw[0]
            end = raw.find(quote, 1)
            value = raw[1:end] if end > 0 else raw[1:]
            if quote == '"':
                value = value.replace("\\n", "\n").replace('\\"', '"')
        else:
            value = re.split(r"\s+#", raw, maxsplit=1)[0].strip()
        values[name] = value
    return values


def read_dotenv(folder: Path) -> dict[str, str]:
    path = folder / ".env"
    try:
        if not is_file(path) or file_size(path) > 1_000_000:
            return {}
        return parse_dotenv(read_file(path).decode("utf-8", errors="replace"))
    except OSError:
        return {}


def configured_env(root: Path) -> dict[str, str]:
    """`[tool.assetlens.env]` of the project (string values only; anything else is ignored here and
    reported by the settings validation)."""
    path = root / "pyproject.toml"
    try:
        data = tomllib.loads(read_file(path).decode("utf-8", errors="replace")) if is_file(path) else {}
    except (OSError, tomllib.TOMLDecodeError):
        return {}
    tool = data.get("tool") if isinstance(data, dict) else None
    table = tool.get("assetlens") if isinstance(tool, dict) else None
    env = table.get("env") if isinstance(table, dict) else None
    if not isinstance(env, dict):
        return {}
    return {str(key): value for key, value in env.items() if isinstance(value, str)}


def location_env(root: Path, location_root: str) -> dict[str, str]:
    """The environment of a location whose folder is `location_root` (relative to the project root):
    its `.env` (else the project root's), then `[tool.assetlens.env]` for what `.env` does not set."""
    folder = root / location_root if location_root else root
    values = dict(configured_env(root))
    dotenv = read_dotenv(folder)
    if not dotenv and location_root:
        dotenv = read_dotenv(root)
    values.update(dotenv)
    return values


class Environment:
    """Which environment applies to which project file: the location whose folder holds it (the
    innermost), else the project's own."""

    def __init__(self, default: Mapping[str, str], by_folder: Mapping[str, Mapping[str, str]] | None = None) -> None:
        self.default = dict(default)
        self.by_folder = sorted(((folder, dict(env)) for folder, env in (by_folder or {}).items()), key=lambda item: -len(item[0]))

    def for_file(self, file: str) -> Mapping[str, str]:
        for folder, env in self.by_folder:
            if not folder or file.startswith(folder + "/"):
                return env
        return self.default

    def fingerprint(self, file: str, names: list[str]) -> dict[str, str]:
        env = self.for_file(file)
        return {name: env.get(name, UNSET) for name in names}


def lookup(project: Any, scope: Any, name: Any) -> str | None | Any:
    """The value of environment variable `name` for the module being interpreted (`scope` is the
    root module's scope: the read is recorded in its `depends_on`). Returns the string, or None when
    unset, or an `Unknown` when the name itself is not known."""
    from assetlens.analyzer.values import Unknown

    if not isinstance(name, str):
        return Unknown("the name of an environment variable is not known statically")
    environment = getattr(project, "environment", None)
    env = environment.for_file(scope.file) if isinstance(environment, Environment) else {}
    value = env.get(name)
    scope.depends_on[f"env:{name}"] = value if value is not None else UNSET
    return value


def env_reads(depends_on: tuple[tuple[str, str], ...]) -> list[str]:
    """The environment variables a module's facts were computed with."""
    return sorted(entry[4:] for entry, _ in depends_on if entry.startswith("env:"))


def still_valid(depends_on: tuple[tuple[str, str], ...], env: Mapping[str, str]) -> bool:
    """Whether every variable recorded in `depends_on` has the same value in `env` (cache check)."""
    for entry, value in depends_on:
        if entry.startswith("env:") and env.get(entry[4:], UNSET) != value:
            return False
    return True


NOT_ENVIRONMENT = object()  # the call or subscript is not an environment read


def _is_environ(value: Any) -> bool:
    from assetlens.analyzer.values import ExternalSymbol

    return isinstance(value, ExternalSymbol) and value.module == "os" and value.name == "environ"


def subscript(interp: Any, container: Any, key: Any) -> Any:
    """`os.environ[KEY]`: the value, or unresolved when unset (Python raises KeyError there, and the
    location fails to load)."""
    from assetlens.analyzer.values import Unknown

    if not _is_environ(container):
        return NOT_ENVIRONMENT
    value = lookup(interp.project, interp.root, key)
    if value is None:
        return Unknown(f"environment variable `{key}` is not set (not in the location's .env nor [tool.assetlens.env]): `os.environ[{key!r}]` raises KeyError")
    return value


def call(interp: Any, symbol: Any, args: list[Any], kwargs: dict[str, Any]) -> Any:
    """`os.getenv(NAME, default)` and `os.environ.get(NAME, default)`."""
    from assetlens.analyzer.values import ExternalSymbol

    if not (isinstance(symbol, ExternalSymbol) and symbol.module == "os" and symbol.name in ("getenv", "environ.get")):
        return NOT_ENVIRONMENT
    name = args[0] if args else kwargs.get("key")
    default = args[1] if len(args) > 1 else kwargs.get("default")
    value = lookup(interp.project, interp.root, name)
    if not isinstance(name, str):
        return value  # Unknown
    return value if value is not None else default


def env_var_value(interp: Any, env_var: Any, call_args: list[Any], call_kwargs: dict[str, Any]) -> Any:
    """`EnvVar("X").get_value(default=None)` (and `EnvVar.int("X").get_value()`)."""
    from assetlens.analyzer.values import Unknown

    args = getattr(env_var, "args", [])
    kwargs = getattr(env_var, "kwargs", {})
    name = args[0] if args else kwargs.get("env_var_name", kwargs.get("name"))
    value = lookup(interp.project, interp.root, name)
    if value is None:
        return call_args[0] if call_args else call_kwargs.get("default")
    if isinstance(value, Unknown):
        return value
    if getattr(env_var, "kind", "") == "EnvVar.int":
        try:
            return int(value)
        except ValueError:
            return Unknown(f"environment variable `{name}` is not an integer")
    return value
