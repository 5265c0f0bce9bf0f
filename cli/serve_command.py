"""`assetlens serve`: run the language server over stdio (the default) or TCP (`--tcp HOST:PORT`).

The launcher (options, transports, logging) is `assetlens.server.launch`, which `python -m
assetlens.server` uses too.
"""
from assetlens.server.launch import _protocol_channel, add_arguments, main, parse_address, run

__all__ = ["_protocol_channel", "add_arguments", "main", "parse_address", "run"]
