"""Starting the language server: over stdio (the default) or TCP (`--tcp HOST:PORT`), with its options.

`assetlens serve` and `python -m assetlens.server` both come here. Only the standard library is imported
until the arguments are parsed; the server never imports or runs the user's code to analyse it.
"""
from __future__ import annotations

import argparse
import logging
import os
import sys


def add_arguments(parser: argparse.ArgumentParser) -> None:
    transport = parser.add_mutually_exclusive_group()
    transport.add_argument("--stdio", action="store_true", help="talk LSP over stdin/stdout (the default)")
    transport.add_argument("--tcp", metavar="HOST:PORT", help="listen for one client on HOST:PORT instead")
    parser.add_argument(
        "--log-file", metavar="PATH", help="write the server's own log here (stdout is the protocol channel)"
    )
    parser.add_argument(
        "--log-level", default="WARNING", choices=("DEBUG", "INFO", "WARNING", "ERROR"), help="log level (default WARNING)"
    )
    parser.add_argument("--no-cache", action="store_true", help="do not read or write the on-disk facts cache")
    parser.add_argument("--jobs", type=int, metavar="N", help="processes for the initial index (default: CPUs)")


def parse_address(value: str) -> tuple[str, int]:
    """"HOST:PORT" (IPv6 hosts in brackets: "[::1]:2087") -> (host, port)."""
    host, separator, port = value.rpartition(":")
    if not separator or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise ValueError(f"--tcp expects HOST:PORT (for example 127.0.0.1:2087), got {value!r}")
    return host.strip("[]"), int(port)


def run(args: argparse.Namespace) -> int:
    if args.jobs is not None and args.jobs < 1:
        print("assetlens serve: error: --jobs must be at least 1", file=sys.stderr)
        return 2
    address = None
    if args.tcp:
        try:
            address = parse_address(args.tcp)
        except ValueError as error:
            print(f"assetlens serve: error: {error}", file=sys.stderr)
            return 2
    handler: logging.Handler
    if args.log_file:
        try:
            handler = logging.FileHandler(args.log_file, encoding="utf-8")
        except OSError as error:
            print(f"assetlens serve: error: cannot write the log file: {error}", file=sys.stderr)
            return 2
    else:
        handler = logging.StreamHandler(sys.stderr)
    logging.basicConfig(level=args.log_level, handlers=[handler], format="%(asctime)s %(levelname)s %(name)s: %(message)s")

    from assetlens.server.app import ServerOptions, create_server

    server = create_server(ServerOptions(index_jobs=args.jobs, use_cache=not args.no_cache))
    if address is not None:
        try:
            server.start_tcp(*address)
        except OSError as error:
            print(f"assetlens serve: error: cannot listen on {args.tcp}: {error}", file=sys.stderr)
            return 2
    else:
        server.start_io(sys.stdin.buffer, _protocol_channel())
    return 0


def _protocol_channel():
    """Stdout, kept for the protocol alone: file descriptor 1 is pointed at stderr, so that a stray print
    (from any library, or a child process that inherits it) cannot corrupt the stream of messages."""
    sys.stdout.flush()
    channel = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    return channel


def main(argv: list[str] | None = None) -> int:
    """`python -m assetlens.server [options]`."""
    parser = argparse.ArgumentParser(prog="python -m assetlens.server", description="The assetlens language server.")
    add_arguments(parser)
    return run(parser.parse_args(argv))
