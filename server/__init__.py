"""assetlens.server."""
