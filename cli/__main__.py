"""`python -m assetlens.cli`."""
import sys

from assetlens.cli.main import main

sys.exit(main())
