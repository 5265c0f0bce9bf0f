"""assetlens.server: the language server (pygls 2 / lsprotocol) over the analyzer.

`create_server()` (in `assetlens.server.app`) builds a server; `assetlens serve` runs it over stdio or
TCP. Features live one per module in `assetlens.server.features`; every conversion between analyzer
values and LSP values is in `assetlens.server.convert`.
"""
