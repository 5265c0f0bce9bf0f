"""`assetlens materialize` (not implemented yet)."""
from __future__ import annotations

import argparse
import sys


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*")


def run(args: argparse.Namespace) -> int:
    print("assetlens materialize: not implemented yet", file=sys.stderr)
    return 2
