"""The shop's assets, one module per layer."""
