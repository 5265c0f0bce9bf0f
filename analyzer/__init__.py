"""assetlens.analyzer."""
