"""`python -m assetlens.server`: the language server over stdio (same as `assetlens serve`)."""
import sys

from assetlens.server.launch import main

if __name__ == "__main__":
    sys.exit(main())
