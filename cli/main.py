"""Entry point of the `assetlens` command: one sub-command per module of this package.

Each sub-command module exposes `add_arguments(parser)` and `run(args) -> int`. Exit codes, for every
sub-command: 0 success / nothing found, 1 findings (or a failed run), 2 usage or internal error.
"""
from __future__ import annotations

import argparse
import importlib
import sys

SUBCOMMANDS: dict[str, str] = {
    "check": "Lint the asset graph (for CI and pre-commit).",
    "graph": "Print the asset graph as JSON, Mermaid or Graphviz dot.",
    "materialize": "Run assets (and their upstream) and record the materializations.",
    "status": "Show each asset's last materialization and whether it is stale.",
    "show": "Preview an asset's stored value (type, size, repr or table head).",
    "serve": "Start the language server (stdio, or --tcp HOST:PORT).",
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="assetlens", description="The asset graph of Dagster-style code, statically.")
    from assetlens.cli import __version__

    parser.add_argument("--version", action="version", version=f"assetlens {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, help_text in SUBCOMMANDS.items():
        module = importlib.import_module(f"assetlens.cli.{name}_command")
        sub_parser = sub.add_parser(name, help=help_text, description=help_text)
        module.add_arguments(sub_parser)
        sub_parser.set_defaults(_run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    if not getattr(args, "_run", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(args._run(args))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
