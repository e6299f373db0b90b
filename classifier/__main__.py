"""``python -m classifier``: the command line."""
from .cli import run

raise SystemExit(run())
