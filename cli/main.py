"""Entry point of the `assetlens` command: one sub-command per module of this package.

Each sub-command module exposes `add_arguments(parser)` and `run(args) -> int`. Exit codes, for every
sub-command: 0 success / nothing found, 1 findings (or a failed run), 2 usage or internal error.
"""
from __future__ import annotations

import argparse
import gc
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


class _VersionAction(argparse.Action):
    """`--version`, with the version looked up only when asked for (importlib.metadata is slow to import)."""

    def __init__(self, option_strings, dest=argparse.SUPPRESS, default=argparse.SUPPRESS, help="show the version and exit"):
        super().__init__(option_strings=option_strings, dest=dest, default=default, nargs=0, help=help)

    def __call__(self, parser, namespace, values, option_string=None):
        from assetlens.cli import __version__

        parser._print_message(f"assetlens {__version__}\n", sys.stdout)
        parser.exit()


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The parser. Given the arguments, only the chosen sub-command's module is imported (each
    command's start-up stays its own); without them, every sub-command's options are defined."""
    parser = argparse.ArgumentParser(prog="assetlens", description="The asset graph of Dagster-style code, statically.")
    parser.add_argument("--version", action=_VersionAction)
    chosen = next((arg for arg in argv if not arg.startswith("-")), None) if argv is not None else None
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, help_text in SUBCOMMANDS.items():
        sub_parser = sub.add_parser(name, help=help_text, description=help_text)
        if argv is None or name == chosen:
            module = importlib.import_module(f"assetlens.cli.{name}_command")
            module.add_arguments(sub_parser)
            sub_parser.set_defaults(_run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command. As the program (`argv` None) the process ends with it; called in-process with
    arguments (tests, embedding), Python's cycle collector is left as it was found."""
    collecting = gc.isenabled()
    try:
        return _main(sys.argv[1:] if argv is None else list(argv))
    finally:
        if argv is not None and collecting:
            gc.enable()


def _main(argv: list[str]) -> int:
    parser = build_parser(argv)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    if not getattr(args, "_run", None):
        parser.print_help(sys.stderr)
        return 2
    if args.command != "serve":
        # a one-shot command: Python's cycle collector would walk the analysis's millions of objects
        # again and again (and once more at the end) to free next to nothing before the process exits
        gc.disable()
    try:
        return int(args._run(args))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
