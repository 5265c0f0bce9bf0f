"""A small code location for the VS Code extension's end-to-end test."""
