"""A support-desk code location with one deliberate mistake of each kind (see examples/README.md).
Every mistake is marked with a `# MISTAKE (ALxxx)` comment on the line that causes it."""
