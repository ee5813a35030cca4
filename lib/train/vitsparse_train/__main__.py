"""Command line: python3 -m vitsparse_train <command> (see lib/train/README.md)."""
from .cli import main

raise SystemExit(main())
