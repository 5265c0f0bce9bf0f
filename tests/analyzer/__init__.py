"""Unit tests of `assetlens.analyzer` (a package so its module names cannot clash with other test folders)."""
