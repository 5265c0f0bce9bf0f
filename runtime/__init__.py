"""assetlens.runtime."""
